import type { Assumption } from './assumptions.js';
import type { Candidate, CandidatePrice } from './candidate.js';
import type { Accounting } from './pricing.js';

/** What pricing the rows learned along the way: fallbacks to output prices, rounding of token splits. */
export interface PriceNotes {
  readonly fallbacks: Map<string, CandidatePrice['fallbacks'][number]>;
  rounded: boolean;
}

/** The assumptions of how tokens were priced, shared by every command that prices tokens. */
export function pricingAssumptions(accounting: Accounting, candidates: readonly Candidate[], notes: PriceNotes): Assumption[] {
  const assumptions: Assumption[] = [
    accounting.inputShare === null
      ? { code: 'all-tokens-at-output-price' }
      : { code: 'token-mix', inputShare: accounting.inputShare, cachedShare: accounting.cachedShare },
  ];
  for (const fallback of notes.fallbacks.values()) {
    assumptions.push({ code: 'output-price-for-unpublished', model: fallback.model.model.name, keys: fallback.keys });
  }
  if (notes.rounded) assumptions.push({ code: 'token-split-rounded' });
  for (const candidate of candidates) {
    if (candidate.kind === 'mix') {
      assumptions.push({
        code: 'routing-mix',
        parts: candidate.parts.map((part) => ({ name: part.model.model.name, percent: part.percent })),
      });
    }
  }
  return assumptions;
}
