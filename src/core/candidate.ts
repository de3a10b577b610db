import { GacostError } from '../errors.js';
import { decimalReason, divideRounded, formatDecimal, readDecimal } from './decimal.js';
import type { PricePerMtok, Usd } from './money.js';
import { type ObservedSpend, observedCostOf } from './observed-spend.js';
import { type Accounting, type PriceKey, priceSplit, promptTokens, splitTokens } from './pricing.js';
import type { ModelIndex, PricedModel } from './resolve-model.js';

/** Traffic percentages of a routing mix, to 4 decimal places. */
export const MIX_PERCENT_SCALE = 4;
const HUNDRED = 100n * 10n ** BigInt(MIX_PERCENT_SCALE);

interface MixPart {
  readonly model: PricedModel;
  /** Its share of the traffic, at MIX_PERCENT_SCALE. */
  readonly percent: bigint;
}

/**
 * A routing mix (--mix, a budget workload's mix): shares of the traffic that add up to 100%, the same
 * for compare, project, forecast, check and usage's re-pricing; its cost is mixCost's.
 */
export interface Mix {
  readonly kind: 'mix';
  readonly parts: readonly MixPart[];
}

/**
 * What a row prices: one model, a routing mix, or the traffic the usage logs hold on their own models
 * (--from-usage), whose cost is in proportion to its tokens.
 */
export type Candidate =
  | { readonly kind: 'model'; readonly model: PricedModel }
  | Mix
  | { readonly kind: 'observed'; readonly observed: ObservedSpend };

/**
 * What traffic costs on a mix: each part's cost of the whole traffic, weighted by its share, summed and
 * rounded once, half away from zero, to money's scale (femto-USD). Exact shares, not whole tokens
 * apportioned to each part: prices are linear in traffic, so the cost of a sum of traffic is the sum
 * of its costs, and a mix costs the same however its traffic is grouped (usage's records by day or by
 * session, a projection's stages), but for each group's rounding at 10^-15 USD; and a share applies to every charge of the traffic alike (media
 * tokens, requests, web searches, long-prompt prices), which a split of tokens alone would not. A
 * router sends whole requests, not whole tokens, so a split into whole tokens is no truer to it.
 */
export function mixCost<Part extends { readonly percent: bigint }, Amount extends bigint>(
  parts: readonly Part[],
  costOf: (part: Part) => Amount,
): Amount {
  return divideRounded(
    parts.reduce((sum, part) => sum + costOf(part) * part.percent, 0n),
    HUNDRED,
  ) as Amount;
}

export function candidateId(candidate: Candidate): string {
  return candidate.kind === 'model' ? candidate.model.model.id : candidate.kind;
}

/** The catalog models a candidate prices on, where they are priced from the token mix (an observed spend's are not). */
export function candidateModels(candidate: Candidate): readonly PricedModel[] {
  return candidate.kind === 'model' ? [candidate.model] : candidate.kind === 'mix' ? candidate.parts.map((part) => part.model) : [];
}

/** The providers a candidate's traffic goes to. */
export function candidateProviders(candidate: Candidate): ReadonlySet<string> {
  if (candidate.kind === 'observed') return new Set(candidate.observed.models.map((entry) => entry.model.provider as string));
  return new Set(candidateModels(candidate).map((model) => model.model.provider as string));
}

export interface CandidatePrice {
  readonly cost: Usd;
  /** cost per 1M tokens, rounded to 9 decimal places (the list output price when all tokens are output). */
  readonly price: PricePerMtok;
  readonly fallbacks: readonly { readonly model: PricedModel; readonly keys: readonly PriceKey[] }[];
  readonly rounded: boolean;
  /** Models whose long-prompt (context tier) prices applied, with the tier's threshold. */
  readonly contextTiers: readonly { readonly model: PricedModel; readonly above: bigint }[];
}

export function priceCandidate(candidate: Candidate, tokens: bigint, accounting: Accounting): CandidatePrice {
  if (candidate.kind === 'observed') {
    // The logs' own token mix and prices: the accounting of the what-ifs does not apply.
    const cost = observedCostOf(candidate.observed, tokens);
    return { cost, price: effectivePrice(candidate, cost, tokens), fallbacks: [], rounded: false, contextTiers: [] };
  }
  const split = splitTokens(tokens, accounting);
  const prompt = promptTokens(accounting);
  const fallbacks: { model: PricedModel; keys: PriceKey[] }[] = [];
  const contextTiers: { model: PricedModel; above: bigint }[] = [];
  const costOn = (model: PricedModel): Usd => {
    const priced = priceSplit(model, split, prompt);
    if (priced.fallbacks.length > 0) fallbacks.push({ model, keys: [...priced.fallbacks] });
    if (priced.contextTierAbove !== null) contextTiers.push({ model, above: priced.contextTierAbove });
    return priced.cost;
  };
  const cost = candidate.kind === 'model' ? costOn(candidate.model) : mixCost(candidate.parts, (part) => costOn(part.model));
  return { cost, price: effectivePrice(candidate, cost, tokens), fallbacks, rounded: split.rounded, contextTiers };
}

/**
 * Whole tokens per model, for rate limits (a free tier's requests a minute), not for cost (mixCost).
 * A mix is apportioned by largest remainder: each part gets the whole tokens of its exact share, and
 * the tokens left over go one each to the parts with the largest remainders (the earlier part on a
 * tie). So no part is negative, each is within one token of its exact share, and the parts add up to
 * the total.
 */
export function candidateTraffic(candidate: Candidate, tokens: bigint): { model: PricedModel; tokens: bigint }[] {
  if (candidate.kind === 'model') return [{ model: candidate.model, tokens }];
  if (candidate.kind === 'observed') return [];
  const exact = candidate.parts.map((part) => tokens * part.percent);
  const floors = exact.map((share) => share / HUNDRED);
  let leftover = tokens - floors.reduce((sum, floor) => sum + floor, 0n);
  const byRemainder = exact
    .map((share, index) => ({ index, remainder: share % HUNDRED }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of byRemainder) {
    if (leftover === 0n) break;
    floors[index] = (floors[index] ?? 0n) + 1n;
    leftover -= 1n;
  }
  return candidate.parts.map((part, index) => ({ model: part.model, tokens: floors[index] ?? 0n }));
}

function effectivePrice(candidate: Candidate, cost: Usd, tokens: bigint): PricePerMtok {
  if (tokens > 0n) return divideRounded(cost, tokens) as PricePerMtok;
  if (candidate.kind === 'model') return candidate.model.output;
  if (candidate.kind === 'observed') {
    const { observed } = candidate;
    return (observed.tokens === 0n ? 0n : divideRounded(observed.cost, observed.tokens)) as PricePerMtok;
  }
  return mixCost(candidate.parts, (part) => part.model.output);
}

/** "deepseek-v4-flash=90,qwen3-32b=5,deepseek-r1=5": percentages of traffic that add up to 100. */
export function parseMix(text: string, index: ModelIndex, what: string): Mix {
  const invalid = (reason: string) => new GacostError('invalid-option', `invalid ${what} ${JSON.stringify(text)}: ${reason}`);
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) throw invalid('expected model=percent pairs such as deepseek-v4-flash=90,qwen3-32b=10');
  // Every name is looked up and the shares checked before any model is priced: one side of a catalog
  // diff that cannot price a part must not hide a name that neither side knows.
  const named = entries.map((entry) => {
    const at = entry.lastIndexOf('=');
    const percent = at > 0 ? readDecimal(entry.slice(at + 1).replace(/%$/, ''), MIX_PERCENT_SCALE) : 'not-a-decimal';
    const notAPart = 'is not model=percent with a percent above 0';
    if (typeof percent !== 'bigint') throw invalid(`${JSON.stringify(entry)}: ${decimalReason(percent, MIX_PERCENT_SCALE, notAPart)}`);
    if (percent === 0n) throw invalid(`${JSON.stringify(entry)}: ${notAPart}`);
    return { model: index.resolve(entry.slice(0, at)), percent };
  });
  const ids = new Set<string>();
  for (const { model } of named) {
    if (ids.has(model.id)) throw invalid(`${model.id} appears more than once`);
    ids.add(model.id);
  }
  const total = named.reduce((sum, part) => sum + part.percent, 0n);
  if (total !== HUNDRED) throw invalid(`the shares add up to ${formatDecimal(total, MIX_PERCENT_SCALE)}%, not 100%`);
  return { kind: 'mix', parts: named.map(({ model, percent }): MixPart => ({ model: index.priced(model), percent })) };
}
