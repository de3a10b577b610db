import { Command } from '@commander-js/extra-typings';
import { candidateModels, type Candidate } from '../core/candidate.js';
import { parseUsd } from '../core/budget-check.js';
import type { Catalog } from '../core/catalog.js';
import { catalogDefaults, catalogInfo } from '../core/catalog.js';
import { forecast, type CreditExpiry, type Forecast } from '../core/forecast.js';
import { monthlyTokens, parseGrowth } from '../core/growth.js';
import { parseTokens } from '../core/quantity.js';
import { ModelIndex } from '../core/resolve-model.js';
import { GacostError } from '../errors.js';
import type { CommandContext, CommandHost } from './context.js';
import { withOutputFlags } from './output-flags.js';
import { accountingOf, candidatesOf, withPricingFlags } from './pricing-flags.js';

const declaration = () =>
  withOutputFlags(
    withPricingFlags(
      new Command('forecast')
        .description('month-by-month spend as traffic grows, with the month a budget is crossed and the credit runway')
        .requiredOption('--start <quantity>', "month 1's tokens")
        .requiredOption('--growth <rate>', 'growth such as 25%/mo, 0%/mo, -10%/mo or 10x/yr')
        .option('--months <n>', 'how many months', '12')
        .option('--budget <usd>', 'monthly budget: name the first month whose spend exceeds it')
        .option('--credits <usd>', 'prepaid credits: name the month they run out, and what expires unspent'),
    ),
  );

type ForecastOptions = ReturnType<ReturnType<typeof declaration>['opts']>;

export const forecastCommand = (host: CommandHost) => declaration().action(async (flags) => host.emit(await runForecast(flags, host.context()), flags));

const MAX_MONTHS = 600;

async function runForecast(options: ForecastOptions, context: CommandContext): Promise<Forecast> {
  const start = parseTokens(options.start, '--start');
  const growth = parseGrowth(options.growth, '--growth');
  const months = Number(options.months);
  if (!/^\d+$/.test(options.months.trim()) || months < 1 || months > MAX_MONTHS) {
    throw new GacostError('invalid-option', `invalid --months ${JSON.stringify(options.months)}: expected a whole number from 1 to ${MAX_MONTHS}`);
  }
  const tokensByMonth = monthlyTokens(start, growth, months);
  const accounting = accountingOf(options);
  const budget = options.budget === undefined ? null : parseUsd(options.budget, '--budget');
  const credits = options.credits === undefined ? null : parseUsd(options.credits, '--credits');
  const catalog = await context.catalog();
  const candidates = candidatesOf(options, new ModelIndex(catalog, context.prices), () => catalogDefaults(catalog).candidates);
  return forecast(catalogInfo(catalog, context.prices), candidates, tokensByMonth, growth, {
    accounting,
    budget,
    credits,
    creditExpiry: (candidate) => creditExpiry(catalog, candidate),
  });
}

/** From the catalog's provider facts; a mix across providers, or a provider that says nothing, is unknown. */
function creditExpiry(catalog: Catalog, candidate: Candidate): CreditExpiry {
  const providers = new Set(candidateModels(candidate).map((model) => model.model.provider as string));
  const [only] = providers;
  if (providers.size !== 1 || only === undefined) return 'unknown';
  return catalog.providers[only]?.credits?.expire_after_days ?? 'unknown';
}
