import type { Model } from './catalog.js';
import { divideRounded } from './decimal.js';
import type { Usd } from './money.js';
import { type Accounting, SHARE_SCALE, type Share } from './pricing.js';
import type { TokenTotals } from './usage.js';
import type { UsageReport, UsageRow } from './usage-pricing.js';

/** One model of the logs in the month measured: its records, tokens (input and output) and cost at its own prices. */
interface ObservedModel {
  readonly model: Model;
  readonly records: number;
  readonly tokens: bigint;
  readonly cost: Usd;
  /** Its own token mix: input of all its tokens, cache reads and writes of its input (null: no input token). */
  readonly accounting: Accounting;
}

/**
 * What the logs' own models cost for a month of their traffic, each record at its own model's prices
 * on its day: the baseline of a projection from usage. Other months cost in proportion to their tokens.
 */
export interface ObservedSpend {
  /** The last full calendar month, or the days the records span (their tokens and cost scaled to 30 days). */
  readonly basis: { readonly month: string } | { readonly days: number };
  /** The priced records of the period. */
  readonly records: number;
  readonly tokens: bigint;
  readonly cost: Usd;
  /** Costliest first. */
  readonly models: readonly ObservedModel[];
  /** Records of the period that could not be priced (an unknown model, no price on the day): in neither tokens nor cost. */
  readonly leftOut: { readonly records: number; readonly tokens: bigint; readonly names: readonly string[] };
}

/**
 * The observed spend of a period from its usage priced by model (`priceUsage` grouped by model), over
 * a month, or over `days` scaled to 30.
 */
export function observedSpend(
  priced: Pick<UsageReport, 'unpriced' | 'totals'> & { readonly rows: Iterable<UsageRow> },
  models: (id: string) => Model,
  basis: ObservedSpend['basis'],
): ObservedSpend {
  const scale = (value: bigint) => ('days' in basis ? divideRounded(value * 30n, BigInt(basis.days)) : value);
  const byModel = Array.from(
    priced.rows,
    (row): ObservedModel => ({
      model: models(row.keys.model ?? ''),
      records: row.totals.records,
      tokens: scale(BigInt(row.totals.inputTokens + row.totals.outputTokens)),
      cost: scale(row.cost) as Usd,
      accounting: tokenMix(row.totals),
    }),
  ).sort((a, b) => (a.cost === b.cost ? (a.model.id < b.model.id ? -1 : 1) : a.cost > b.cost ? -1 : 1));
  const { totals } = priced;
  // The sums of the models as scaled, so that they add up to the whole (each is rounded on its own).
  return {
    basis,
    records: totals.records,
    tokens: byModel.reduce((sum, model) => sum + model.tokens, 0n),
    cost: byModel.reduce((sum, model) => sum + model.cost, 0n) as Usd,
    models: byModel,
    leftOut: { records: totals.unpricedRecords, tokens: BigInt(totals.unpricedTokens), names: priced.unpriced.map((entry) => entry.name) },
  };
}

/** The observed spend of a month of `tokens`: its cost in proportion, to the femto-dollar (exact at the month measured). */
export function observedCostOf(observed: ObservedSpend, tokens: bigint): Usd {
  if (tokens === observed.tokens) return observed.cost;
  return (observed.tokens === 0n ? 0n : divideRounded(observed.cost * tokens, observed.tokens)) as Usd;
}

/** The token mix of records, as a budget file's shares give it (millionths, rounded to the nearest). */
function tokenMix(totals: TokenTotals): Accounting {
  const input = BigInt(totals.inputTokens);
  const share = (part: bigint, whole: bigint) => (whole === 0n ? null : (divideRounded(part * 10n ** BigInt(SHARE_SCALE), whole) as Share));
  return {
    inputShare: share(input, input + BigInt(totals.outputTokens)),
    cachedShare: share(BigInt(totals.cachedInputTokens), input),
    cacheWriteShare: share(BigInt(totals.cacheWriteTokens + totals.cacheWrite1hTokens), input),
  };
}
