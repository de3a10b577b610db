import type { Candidate } from '../core/candidate.js';
import { type Catalog, catalogDefaults, catalogInfo } from '../core/catalog.js';
import { type Ranking, rank } from '../core/compare.js';
import { listModels } from '../core/model-list.js';
import { ModelIndex } from '../core/resolve-model.js';
import { GacostError } from '../errors.js';
import type { ObservedUsage } from './from-usage.js';
import {
  accountingOf,
  candidatesOf,
  OPTION_KEYS,
  type OptionNames,
  type PricingOptions,
  pricesOf,
  refuseMixOptions,
  type Tokens,
  tokensOf,
} from './options.js';

/** Ranking a whole catalog of hundreds of models shows this many, unless top says otherwise. */
const DEFAULT_TOP = 10;

export interface CompareOptions extends PricingOptions {
  /** Monthly tokens of the workload (with fromUsage: default the observed month's). */
  readonly tokens?: Tokens;
  /** Only the models of this provider (instead of models). */
  readonly provider?: string;
  readonly baseline?: string;
  /** Rank the whole catalog and keep the N cheapest, or all. */
  readonly top?: number | string;
  /** Usage logs read by fromUsage: their token mix and month, and their spend as the baseline. */
  readonly fromUsage?: ObservedUsage;
}

/**
 * Models ranked for one monthly workload, cheapest first, as `gacost compare`: those named (models,
 * mix), one provider's, or with neither, the catalog's comparison set (defaults.compare) unless top
 * asks for the whole catalog, which is ranked in full and cut to the cheapest few.
 */
export function compare(catalog: Catalog, options: CompareOptions, names: OptionNames = OPTION_KEYS): Ranking {
  if (options.provider !== undefined && options.models !== undefined) {
    throw new GacostError(
      'conflicting-options',
      `${names('provider')} and ${names('models')} are two ways to pick the models to rank: give one`,
    );
  }
  const observed = options.fromUsage;
  if (observed !== undefined) refuseMixOptions(options, names);
  if (options.tokens === undefined && observed === undefined)
    throw new GacostError(
      'invalid-option',
      `required option '${names('tokens')}' not specified (or ${names('fromUsage')}, for the observed month)`,
    );
  const tokens = options.tokens === undefined ? (observed?.monthlyTokens as bigint) : tokensOf(options.tokens, names('tokens'));
  const accounting = observed?.accounting ?? accountingOf(options, names);
  const withObserved = (ranking: Ranking): Ranking =>
    observed === undefined ? ranking : { ...ranking, assumptions: [...observed.assumptions, ...ranking.assumptions] };
  const top = topOf(options, names);
  const prices = pricesOf(catalog, options);
  const index = new ModelIndex(catalog, prices);
  // From usage, the models ranked are what-ifs against what the logs' own models cost.
  const baseline: Candidate = observed?.candidate ?? {
    kind: 'model',
    model: index.resolvePriced(options.baseline ?? catalogDefaults(catalog).baseline),
  };
  const curated =
    options.models === undefined && options.provider === undefined && options.top === undefined ? catalog.defaults?.compare : undefined;
  if (curated !== undefined) {
    const candidates = candidatesOf({ ...options, models: curated }, index, () => curated, names);
    return withObserved(rank(catalogInfo(catalog, prices), candidates, baseline, tokens, accounting, { selection: 'curated' }));
  }
  const listed = listModels(catalog, prices, { provider: options.provider }).models;
  const everyPriced = listed.filter((entry) => entry.prices?.output !== undefined).map((entry) => entry.model.id as string);
  if (options.models === undefined && options.mix === undefined && everyPriced.length === 0) {
    const scope = options.provider === undefined ? 'the catalog' : `provider ${JSON.stringify(options.provider)}`;
    throw new GacostError(
      'no-published-price',
      `${scope} has no model with a price on ${prices.asOf}${prices.tier === null ? '' : ` on the ${prices.tier} tier`}`,
    );
  }
  const candidates: Candidate[] = candidatesOf({ ...options, models: options.models ?? everyPriced }, index, () => everyPriced, names);
  const unpublished =
    options.models === undefined ? listed.filter((entry) => entry.prices?.output === undefined).map((entry) => entry.model.name) : [];
  const selection = options.models !== undefined ? 'named' : options.provider !== undefined ? 'provider' : 'catalog';
  return withObserved(rank(catalogInfo(catalog, prices), candidates, baseline, tokens, accounting, { top, unpublished, selection }));
}

/** How many rows top keeps (undefined: all); without it, the cheapest few of a whole catalog. */
function topOf(options: CompareOptions, names: OptionNames): number | undefined {
  if (options.top === 'all') return undefined;
  if (options.top === undefined) {
    return options.models === undefined && options.provider === undefined && options.mix === undefined ? DEFAULT_TOP : undefined;
  }
  const top = Number(options.top);
  if (!Number.isSafeInteger(top) || top < 1 || (typeof options.top === 'string' && !/^\d+$/.test(options.top))) {
    throw new GacostError(
      'invalid-option',
      `invalid ${names('top')} ${JSON.stringify(options.top)}: expected a whole number of 1 or more, or all`,
    );
  }
  return top;
}
