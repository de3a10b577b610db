import { GacostError } from '../errors.js';
import { decimalReason, divideRounded, readDecimal } from './decimal.js';
import { costOf, type PricePerMtok, sumUsd, type Usd } from './money.js';
import type { PricedModel } from './resolve-model.js';

/** A share of a whole, in millionths: 75% → 750000. */
export type Share = bigint & { readonly __share: 'ppm' };
export const SHARE_SCALE = 6;
const WHOLE = 10n ** BigInt(SHARE_SCALE);

/**
 * How tokens are priced. Without an input share every token is priced at the output price (the
 * seed's conservative upper bound); with one, input tokens at the input price and the cached part
 * of them at the cached-input price.
 */
export interface Accounting {
  readonly inputShare: Share | null;
  readonly cachedShare: Share | null;
  /** Tokens per request, when known: with an input share it sizes the prompt for context tiers. */
  readonly tokensPerRequest?: bigint;
  /** Share of input tokens written to the prompt cache (as observed in usage logs). */
  readonly cacheWriteShare?: Share | null;
}

export const ALL_OUTPUT: Accounting = { inputShare: null, cachedShare: null };

/** Prompt tokens of one request, when both the request size and the input share are known. */
export function promptTokens(accounting: Accounting): bigint | null {
  if (accounting.tokensPerRequest === undefined || accounting.inputShare === null) return null;
  return divideRounded(accounting.tokensPerRequest * accounting.inputShare, WHOLE);
}

/** "75%" or "0.75" → 750000 ppm; refuses anything outside 0–100% or finer than 0.0001%. */
export function parseShare(text: string, what: string): Share {
  const invalid = (reason: string) => new GacostError('invalid-option', `invalid ${what} ${JSON.stringify(text)}: ${reason}`);
  const expected = 'expected a share from 0 to 1 or 0% to 100%, such as 0.75 or 75%';
  const trimmed = text.trim();
  const share = trimmed.endsWith('%') ? readDecimal(trimmed.slice(0, -1), SHARE_SCALE - 2) : readDecimal(trimmed, SHARE_SCALE);
  if (share === 'too-precise') {
    throw invalid(
      `too precise: at most ${SHARE_SCALE} decimal places as a fraction (0.000001) or ${SHARE_SCALE - 2} as a percentage (0.0001%)`,
    );
  }
  if (typeof share !== 'bigint') throw invalid(decimalReason(share, SHARE_SCALE, expected));
  if (share > WHOLE) throw invalid(expected);
  return share as Share;
}

/** Whole tokens of each price class. */
export interface TokenSplit {
  readonly output: bigint;
  readonly input: bigint;
  readonly cachedInput: bigint;
  readonly cacheWrite: bigint;
  /** true when a share did not divide the tokens evenly and a class was rounded to whole tokens. */
  readonly rounded: boolean;
}

export function splitTokens(tokens: bigint, accounting: Accounting): TokenSplit {
  if (accounting.inputShare === null) return { output: tokens, input: 0n, cachedInput: 0n, cacheWrite: 0n, rounded: false };
  const inputAll = tokens * accounting.inputShare;
  const input = divideRounded(inputAll, WHOLE);
  const cachedAll = input * (accounting.cachedShare ?? 0n);
  const cachedInput = divideRounded(cachedAll, WHOLE);
  const writtenAll = input * (accounting.cacheWriteShare ?? 0n);
  const cacheWrite = divideRounded(writtenAll, WHOLE);
  const rounded = inputAll % WHOLE !== 0n || cachedAll % WHOLE !== 0n || writtenAll % WHOLE !== 0n;
  return { output: tokens - input, input: input - cachedInput - cacheWrite, cachedInput, cacheWrite, rounded };
}

export type PriceKey = 'input' | 'cached_input' | 'cache_write';

export interface Priced {
  readonly cost: Usd;
  /** Price classes the model does not publish, priced at its output price instead. */
  readonly fallbacks: readonly PriceKey[];
  /** The threshold of the context tier that priced the tokens, if one did. */
  readonly contextTierAbove: bigint | null;
}

/**
 * Prices a split; when a request's prompt is over a context tier's threshold, that tier's prices
 * apply to the whole request (each class it names; the others keep the base price).
 */
export function priceSplit(model: PricedModel, split: TokenSplit, prompt: bigint | null = null): Priced {
  const tier = prompt === null ? undefined : model.contextTiers.filter((candidate) => prompt > candidate.above).at(-1);
  const prices = {
    output: tier?.output ?? model.output,
    input: tier?.input ?? model.input,
    cachedInput: tier?.cachedInput ?? model.cachedInput,
    cacheWrite: model.cacheWrite,
  };
  const fallbacks: PriceKey[] = [];
  const priceFor = (price: PricePerMtok | undefined, key: PriceKey, tokens: bigint) => {
    if (tokens > 0n && price === undefined) fallbacks.push(key);
    return price ?? prices.output;
  };
  const cost = sumUsd([
    costOf(split.output, prices.output),
    costOf(split.input, priceFor(prices.input, 'input', split.input)),
    costOf(split.cachedInput, priceFor(prices.cachedInput, 'cached_input', split.cachedInput)),
    costOf(split.cacheWrite, priceFor(prices.cacheWrite, 'cache_write', split.cacheWrite)),
  ]);
  return { cost, fallbacks, contextTierAbove: tier?.above ?? null };
}
