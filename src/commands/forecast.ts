import { candidateModels, type Candidate } from '../core/candidate.js';
import { parseUsd } from '../core/budget-check.js';
import type { Catalog } from '../core/catalog.js';
import { catalogDefaults, catalogInfo } from '../core/catalog.js';
import { forecast, type CreditExpiry, type Forecast } from '../core/forecast.js';
import { monthlyTokens, parseGrowth } from '../core/growth.js';
import { parseTokens } from '../core/quantity.js';
import { ModelIndex } from '../core/resolve-model.js';
import { GacostError } from '../errors.js';
import type { CommandContext } from './context.js';
import { accountingOf, candidatesOf, type PricingFlags } from './pricing-flags.js';

export interface ForecastOptions extends PricingFlags {
  readonly start: string;
  readonly growth: string;
  readonly months: string;
  readonly budget?: string;
  readonly credits?: string;
}

const MAX_MONTHS = 600;

export async function runForecast(options: ForecastOptions, context: CommandContext): Promise<Forecast> {
  const start = parseTokens(options.start, '--start');
  const growth = parseGrowth(options.growth);
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
