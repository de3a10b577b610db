import { candidateId } from '../core/candidate.js';
import { percentText, priceText, usdText } from '../core/money.js';
import type { ProjectionRow } from '../core/projection.js';
import { exact, type Cell } from './exact.js';

/** A candidate's price and cost against the baseline: the fields `project` and `compare` rows share. */
export const COMPARISON_FIELDS = ['model', 'price_per_mtok_usd', 'cost_usd', 'baseline', 'baseline_cost_usd', 'savings_usd', 'savings_pct'] as const;

type Compared = Pick<ProjectionRow, 'candidate' | 'price' | 'cost' | 'baseline' | 'baselineCost' | 'savings' | 'savingsPct'>;

export function comparisonCells(row: Compared) {
  return {
    model: candidateId(row.candidate),
    price_per_mtok_usd: exact(priceText(row.price)),
    cost_usd: exact(usdText(row.cost)),
    baseline: row.baseline.model.id,
    baseline_cost_usd: exact(usdText(row.baselineCost)),
    savings_usd: exact(usdText(row.savings)),
    savings_pct: row.savingsPct === null ? null : exact(percentText(row.savingsPct)),
  } satisfies Record<(typeof COMPARISON_FIELDS)[number], Cell>;
}
