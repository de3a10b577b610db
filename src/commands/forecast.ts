import { Command } from '@commander-js/extra-typings';
import { candidateProviders, type Candidate } from '../core/candidate.js';
import { parseUsd } from '../core/budget-check.js';
import type { Catalog } from '../core/catalog.js';
import { catalogDefaults, catalogInfo } from '../core/catalog.js';
import { forecast, LOOKAHEAD_MONTHS, type CreditExpiry, type Forecast } from '../core/forecast.js';
import { monthlyTokens, monthlyTokensUpTo, parseGrowth, type Growth } from '../core/growth.js';
import { parseTokens } from '../core/quantity.js';
import { ModelIndex } from '../core/resolve-model.js';
import { GacostError } from '../errors.js';
import type { CommandContext, CommandHost } from './context.js';
import { withOutputFlags } from './output-flags.js';
import { observedUsage, refuseMixFlags, whatIfsAsked } from './from-usage.js';
import { accountingOf, candidatesOf, withPricingFlags } from './pricing-flags.js';

const declaration = () =>
  withOutputFlags(
    withPricingFlags(
      new Command('forecast')
        .description('month-by-month spend as traffic grows, with the month a budget is crossed and the credit runway')
        .option('--start <quantity>', "month 1's tokens (with --from-usage: the last observed month)")
        .option('--growth <rate>', 'growth such as 25%/mo, 0%/mo, -10%/mo or 10x/yr (with --from-usage: the measured growth)')
        .option('--months <n>', 'how many months', '12')
        .option('--budget <usd>', 'monthly budget: name the first month whose spend exceeds it')
        .option('--credits <usd>', 'prepaid credits: name the month they run out, and what expires unspent'),
    ),
  );

type ForecastOptions = ReturnType<ReturnType<typeof declaration>['opts']>;

export const forecastCommand = (host: CommandHost) => declaration().action(async (flags) => host.emit(await runForecast(flags, host.context(), host), flags));

const MAX_MONTHS = 600;

async function runForecast(options: ForecastOptions, context: CommandContext, host: CommandHost): Promise<Forecast> {
  const observed = options.fromUsage === undefined ? undefined : (refuseMixFlags(options), await observedUsage(options.fromUsage, context, host));
  const required = (flag: string, what: string) => new GacostError('invalid-option', `required option '${flag}' not specified${observed === undefined ? ` (or --from-usage, for ${what})` : ''}`);
  const start = options.start === undefined ? observed?.monthlyTokens : parseTokens(options.start, '--start');
  if (start === undefined) throw required('--start <quantity>', 'the last observed month');
  const measured = observed?.growth;
  if (options.growth === undefined && measured !== undefined && 'reason' in measured) {
    throw new GacostError('invalid-option', `--from-usage measures no growth (${measured.reason}): give --growth`);
  }
  const growth = options.growth === undefined ? (measured as Growth | undefined) : parseGrowth(options.growth, '--growth');
  if (growth === undefined) throw required('--growth <rate>', 'the measured growth');
  const months = Number(options.months);
  if (!/^\d+$/.test(options.months.trim()) || months < 1 || months > MAX_MONTHS) {
    throw new GacostError('invalid-option', `invalid --months ${JSON.stringify(options.months)}: expected a whole number from 1 to ${MAX_MONTHS}`);
  }
  const tokensByMonth = monthlyTokens(start, growth, months);
  const accounting = observed?.accounting ?? accountingOf(options);
  const budget = options.budget === undefined ? null : parseUsd(options.budget, '--budget');
  const credits = options.credits === undefined ? null : parseUsd(options.credits, '--credits');
  const catalog = await context.catalog();
  const whatIfs = (): Candidate[] => candidatesOf(options, new ModelIndex(catalog, context.prices), () => catalogDefaults(catalog).candidates);
  // From usage, the logs' own spend first; other models only where asked for, beside it.
  const candidates = observed === undefined ? whatIfs() : [observed.candidate, ...(whatIfsAsked(options) ? whatIfs() : [])];
  const result = forecast(catalogInfo(catalog, context.prices), candidates, tokensByMonth, growth, {
    accounting,
    budget,
    credits,
    creditExpiry: (candidate) => creditExpiry(catalog, candidate),
    tokensLater: budget === null ? [] : monthlyTokensUpTo(start, growth, LOOKAHEAD_MONTHS).slice(months),
  });
  return observed === undefined ? result : { ...result, assumptions: [...observed.assumptions, ...result.assumptions] };
}

/** From the catalog's provider facts; a mix across providers, or a provider that says nothing, is unknown. */
function creditExpiry(catalog: Catalog, candidate: Candidate): CreditExpiry {
  const providers = candidateProviders(candidate);
  const [only] = providers;
  if (providers.size !== 1 || only === undefined) return 'unknown';
  return catalog.providers[only]?.credits?.expire_after_days ?? 'unknown';
}
