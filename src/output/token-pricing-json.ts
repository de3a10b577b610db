import type { Assumption } from '../core/assumptions.js';
import { type Candidate, MIX_PERCENT_SCALE, type Mix } from '../core/candidate.js';
import { formatDecimal } from '../core/decimal.js';
import { type Accounting, SHARE_SCALE } from '../core/pricing.js';
import type { MixJson, PricingJson } from './contract.js';
import { describeAssumption } from './describe-assumption.js';
import { type ExactJson, exact } from './exact.js';

/** How tokens were priced, the same in every result that prices tokens. */
export function tokenPricingJson(
  accounting: Accounting,
  candidates: readonly Candidate[],
  assumptions: readonly Assumption[],
): ExactJson<PricingJson> {
  const share = (value: bigint | null) => (value === null ? null : exact(formatDecimal(value, SHARE_SCALE)));
  return {
    token_pricing: accounting.inputShare === null ? 'output' : 'input_output',
    input_share: share(accounting.inputShare),
    cached_share: share(accounting.inputShare === null ? null : (accounting.cachedShare ?? 0n)),
    cache_write_share: share(accounting.inputShare === null ? null : (accounting.cacheWriteShare ?? 0n)),
    mix: mixOf(candidates),
    notes: assumptions.map(describeAssumption),
  };
}

/** The routing mix's parts, or null without one. */
function mixOf(candidates: readonly Candidate[]): ExactJson<PricingJson['mix']> {
  const mix = candidates.find((candidate) => candidate.kind === 'mix');
  return mix === undefined || mix.kind !== 'mix' ? null : mixJson(mix);
}

/** A routing mix in every JSON that has one: [{model, percent}]. */
export function mixJson(mix: Mix): ExactJson<MixJson> {
  return mix.parts.map((part) => ({ model: part.model.model.id, percent: exact(formatDecimal(part.percent, MIX_PERCENT_SCALE)) }));
}
