import { parseUsd } from '../core/budget-check.js';
import { type Candidate, candidateProviders } from '../core/candidate.js';
import { type Catalog, catalogDefaults, catalogInfo } from '../core/catalog.js';
import { type CreditExpiry, type Forecast, forecast as forecastMonths, LOOKAHEAD_MONTHS } from '../core/forecast.js';
import { type Growth, monthlyTokens, monthlyTokensUpTo, parseGrowth } from '../core/growth.js';
import { ModelIndex } from '../core/resolve-model.js';
import { GacostError } from '../errors.js';
import type { ObservedUsage } from './from-usage.js';
import {
  accountingOf,
  candidatesOf,
  type Dollars,
  OPTION_KEYS,
  type OptionNames,
  type PricingOptions,
  pricesOf,
  refuseMixOptions,
  type Tokens,
  tokensOf,
  whatIfsAsked,
} from './options.js';

const MAX_MONTHS = 600;

export interface ForecastOptions extends PricingOptions {
  /** Month 1's tokens (with fromUsage: default the last observed month's). */
  readonly start?: Tokens;
  /** Such as "25%/mo", "0%/mo", "-10%/mo" or "10x/yr" (with fromUsage: default the measured growth). */
  readonly growth?: string;
  /** 1 to 600; default 12. */
  readonly months?: number | string;
  /** Monthly budget: the first month whose spend exceeds it. */
  readonly budget?: Dollars;
  /** Prepaid credits: the month they run out, and what expires unspent. */
  readonly credits?: Dollars;
  /** Usage logs read by fromUsage: their spend first, their token mix, last month and growth. */
  readonly fromUsage?: ObservedUsage;
}

/** Month-by-month spend as traffic grows, as `gacost forecast`: the month a budget is crossed, the credit runway. */
export function forecast(catalog: Catalog, options: ForecastOptions, names: OptionNames = OPTION_KEYS): Forecast {
  const observed = options.fromUsage;
  if (observed !== undefined) refuseMixOptions(options, names);
  const required = (option: string, what: string) =>
    new GacostError(
      'invalid-option',
      `required option '${names(option)}' not specified${observed === undefined ? ` (or ${names('fromUsage')}, for ${what})` : ''}`,
    );
  const start = options.start === undefined ? observed?.monthlyTokens : tokensOf(options.start, names('start'));
  if (start === undefined) throw required('start', 'the last observed month');
  const measured = observed?.growth;
  if (options.growth === undefined && measured !== undefined && 'reason' in measured) {
    throw new GacostError('invalid-option', `${names('fromUsage')} measures no growth (${measured.reason}): give ${names('growth')}`);
  }
  const growth = options.growth === undefined ? (measured as Growth | undefined) : parseGrowth(options.growth, names('growth'));
  if (growth === undefined) throw required('growth', 'the measured growth');
  const months = monthsOf(options.months ?? 12, names);
  const tokensByMonth = monthlyTokens(start, growth, months);
  const accounting = observed?.accounting ?? accountingOf(options, names);
  const budget = options.budget === undefined ? null : parseUsd(String(options.budget), names('budget'));
  const credits = options.credits === undefined ? null : parseUsd(String(options.credits), names('credits'));
  const prices = pricesOf(catalog, options);
  const whatIfs = (): Candidate[] =>
    candidatesOf(options, new ModelIndex(catalog, prices), () => catalogDefaults(catalog).candidates, names);
  // From usage, the logs' own spend first; other models only where asked for, beside it.
  const candidates = observed === undefined ? whatIfs() : [observed.candidate, ...(whatIfsAsked(options) ? whatIfs() : [])];
  const result = forecastMonths(catalogInfo(catalog, prices), candidates, tokensByMonth, growth, {
    accounting,
    budget,
    credits,
    creditExpiry: (candidate) => creditExpiry(catalog, candidate),
    tokensLater: budget === null ? [] : monthlyTokensUpTo(start, growth, LOOKAHEAD_MONTHS).slice(months),
  });
  return observed === undefined ? result : { ...result, assumptions: [...observed.assumptions, ...result.assumptions] };
}

function monthsOf(given: number | string, names: OptionNames): number {
  const months = Number(given);
  if ((typeof given === 'string' && !/^\d+$/.test(given.trim())) || !Number.isSafeInteger(months) || months < 1 || months > MAX_MONTHS) {
    throw new GacostError(
      'invalid-option',
      `invalid ${names('months')} ${JSON.stringify(given)}: expected a whole number from 1 to ${MAX_MONTHS}`,
    );
  }
  return months;
}

/** From the catalog's provider facts; a mix across providers, or a provider that says nothing, is unknown. */
function creditExpiry(catalog: Catalog, candidate: Candidate): CreditExpiry {
  const providers = candidateProviders(candidate);
  const [only] = providers;
  if (providers.size !== 1 || only === undefined) return 'unknown';
  return catalog.providers[only]?.credits?.expire_after_days ?? 'unknown';
}
