import { candidateId } from '../core/candidate.js';
import { percentText, priceText, usdText } from '../core/money.js';
import type { ProjectionRow } from '../core/projection.js';
import { type Cell, exact } from './exact.js';
import { pricedOn } from './observed.js';

/** A candidate's price and cost against the baseline: the fields `project` and `compare` rows share. */
export const COMPARISON_FIELDS = [
  'model',
  'price_per_mtok_usd',
  'cost_usd',
  'baseline',
  'baseline_cost_usd',
  'savings_usd',
  'savings_pct',
] as const;

type Compared = Pick<ProjectionRow, 'candidate' | 'price' | 'cost' | 'baseline' | 'baselineCost' | 'savings' | 'savingsPct'>;

export function comparisonCells(row: Compared) {
  return {
    model: candidateId(row.candidate),
    price_per_mtok_usd: exact(priceText(row.price)),
    cost_usd: exact(usdText(row.cost)),
    baseline: candidateId(row.baseline),
    baseline_cost_usd: exact(usdText(row.baselineCost)),
    savings_usd: exact(usdText(row.savings)),
    savings_pct: row.savingsPct === null ? null : exact(percentText(row.savingsPct)),
  } satisfies Record<(typeof COMPARISON_FIELDS)[number], Cell>;
}

/** With --from-usage, what a row and its baseline priced: the observed mix's models, which `model` and `baseline` only call observed. */
export const PRICED_ON_FIELDS = ['priced_on', 'baseline_priced_on'] as const;

export function pricedOnCells(row: Pick<Compared, 'candidate' | 'baseline'>) {
  return { priced_on: pricedOn(row.candidate), baseline_priced_on: pricedOn(row.baseline) } satisfies Record<
    (typeof PRICED_ON_FIELDS)[number],
    Cell
  >;
}
