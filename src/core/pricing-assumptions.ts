import type { Assumption } from './assumptions.js';
import { type Candidate, type CandidatePrice, candidateModels } from './candidate.js';
import { modelName, UNIT_PRICE_KEYS } from './catalog.js';
import type { Accounting } from './pricing.js';

/** What pricing the rows learned along the way: fallbacks to output prices, rounding of token splits. */
export interface PriceNotes {
  readonly fallbacks: Map<string, CandidatePrice['fallbacks'][number]>;
  rounded: boolean;
  /** Model name → threshold of the context tier that applied. */
  readonly contextTiers: Map<string, bigint>;
}

/** Folds what pricing one candidate learned into the notes. */
export function notePrice(notes: PriceNotes, priced: CandidatePrice): void {
  for (const fallback of priced.fallbacks) notes.fallbacks.set(fallback.model.model.id, fallback);
  for (const tier of priced.contextTiers) notes.contextTiers.set(modelName(tier.model.model), tier.above);
  notes.rounded ||= priced.rounded;
}

/** The assumptions of how tokens were priced, shared by every command that prices tokens (the baseline's prices too, where there is one). */
export function pricingAssumptions(
  accounting: Accounting,
  candidates: readonly Candidate[],
  notes: PriceNotes,
  baseline?: Candidate,
): Assumption[] {
  const assumptions: Assumption[] = [
    accounting.inputShare === null
      ? { code: 'all-tokens-at-output-price' }
      : {
          code: 'token-mix',
          inputShare: accounting.inputShare,
          cachedShare: accounting.cachedShare,
          cacheWriteShare: accounting.cacheWriteShare ?? null,
        },
  ];
  for (const fallback of notes.fallbacks.values()) {
    assumptions.push({ code: 'output-price-for-unpublished', model: modelName(fallback.model.model), keys: fallback.keys });
  }
  if (notes.rounded) assumptions.push({ code: 'token-split-rounded' });
  for (const [model, above] of notes.contextTiers) assumptions.push({ code: 'context-tier', model, above });
  const timed = new Map(
    [...candidates, ...(baseline === undefined ? [] : [baseline])]
      .flatMap((candidate) => candidateModels(candidate))
      .flatMap((priced) => (priced.timeOfDay === undefined ? [] : [[modelName(priced.model), priced.timeOfDay] as const])),
  );
  for (const [model, { hours, took }] of timed) assumptions.push({ code: 'highest-time-of-day-price', model, hours, took });
  const charges = nonTokenCharges(candidates);
  if (charges.length > 0) assumptions.push({ code: 'non-token-charges', charges });
  for (const candidate of candidates) {
    if (candidate.kind === 'mix') {
      assumptions.push({
        code: 'routing-mix',
        parts: candidate.parts.map((part) => ({ name: modelName(part.model.model), percent: part.percent })),
      });
    }
  }
  return assumptions;
}

/** The prices not by the token of the models priced, each with its models (by name): what tokens alone cannot price. */
function nonTokenCharges(candidates: readonly Candidate[]): { price: (typeof UNIT_PRICE_KEYS)[number]; models: string[] }[] {
  const models = candidates.flatMap(candidateModels);
  return UNIT_PRICE_KEYS.flatMap((price) => {
    const names = [...new Set(models.filter((model) => model.unitPrices.includes(price)).map((model) => modelName(model.model)))];
    return names.length === 0 ? [] : [{ price, models: names }];
  });
}
