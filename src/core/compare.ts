import type { Assumption } from './assumptions.js';
import { type Candidate, candidateId, priceCandidate } from './candidate.js';
import type { CatalogInfo } from './catalog.js';
import { divideRounded } from './decimal.js';
import { type Percent, type PricePerMtok, savingsPercent, subtractUsd, type Usd } from './money.js';
import type { Accounting } from './pricing.js';
import { notePrice, type PriceNotes, pricingAssumptions } from './pricing-assumptions.js';

/** "N× cheaper" is kept to 2 decimal places. */
export const TIMES_SCALE = 2;

interface RankedRow {
  readonly rank: number;
  readonly candidate: Candidate;
  readonly price: PricePerMtok;
  readonly cost: Usd;
  readonly savings: Usd;
  readonly savingsPct: Percent | null;
  /** baseline cost ÷ cost, scaled by 10^TIMES_SCALE; null when the candidate costs nothing. */
  readonly timesCheaper: bigint | null;
}

export type Selection = 'named' | 'provider' | 'curated' | 'catalog';

export interface Ranking {
  readonly kind: 'compare';
  readonly catalog: CatalogInfo;
  readonly tokens: bigint;
  readonly accounting: Accounting;
  readonly candidates: readonly Candidate[];
  /** A catalog model, or with --from-usage the logs' own spend. */
  readonly baseline: Candidate;
  readonly baselineCost: Usd;
  readonly assumptions: readonly Assumption[];
  /** Rows before --top cut the list. */
  readonly ranked: number;
  /** What was ranked: the models named, one provider's, the catalog's comparison set, or every priced model. */
  readonly selection: Selection;
  readonly rows: readonly RankedRow[];
}

/** Every candidate priced for one monthly workload, cheapest first (ties by id), optionally the top N. */
export function rank(
  catalog: CatalogInfo,
  candidates: readonly Candidate[],
  baseline: Candidate,
  tokens: bigint,
  accounting: Accounting,
  options: { readonly top?: number | undefined; readonly unpublished?: readonly string[]; readonly selection?: Selection } = {},
): Ranking {
  const { top, unpublished = [], selection = 'named' } = options;
  const notes: PriceNotes = { fallbacks: new Map(), rounded: false, contextTiers: new Map() };
  const price = (candidate: Candidate) => {
    const priced = priceCandidate(candidate, tokens, accounting);
    notePrice(notes, priced);
    return priced;
  };
  const baselineCost = price(baseline).cost;
  const priced = candidates
    .map((candidate) => ({ candidate, ...price(candidate) }))
    .sort((a, b) => (a.cost < b.cost ? -1 : a.cost > b.cost ? 1 : byId(candidateId(a.candidate), candidateId(b.candidate))));
  const rows = priced.slice(0, top ?? priced.length).map(
    (entry, index): RankedRow => ({
      rank: index + 1,
      candidate: entry.candidate,
      price: entry.price,
      cost: entry.cost,
      savings: subtractUsd(baselineCost, entry.cost),
      savingsPct: savingsPercent(entry.cost, baselineCost),
      timesCheaper: entry.cost === 0n ? null : divideRounded(baselineCost * 10n ** BigInt(TIMES_SCALE), entry.cost),
    }),
  );
  return {
    kind: 'compare',
    catalog,
    tokens,
    accounting,
    candidates,
    baseline,
    baselineCost,
    assumptions: [
      ...pricingAssumptions(accounting, candidates, notes, baseline),
      ...(unpublished.length > 0 ? [{ code: 'unpublished-left-out', models: unpublished } as const] : []),
    ],
    ranked: priced.length,
    selection,
    rows,
  };
}

/**
 * Ties in cost by id, case-insensitive then by code unit: the same order on every machine, without
 * the ICU collator, whose loading costs more than ranking a whole catalog.
 */
function byId(a: string, b: string): number {
  const [lowerA, lowerB] = [a.toLowerCase(), b.toLowerCase()];
  if (lowerA !== lowerB) return lowerA < lowerB ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
