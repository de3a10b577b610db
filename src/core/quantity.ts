import { GacostError } from '../errors.js';
import { divideRounded, formatDecimal, MAX_EXPONENT, pow10 } from './decimal.js';

/** Largest token quantity accepted: 10^15 (1,000T) stays exact as a JSON number. */
export const MAX_TOKENS = 10n ** 15n;

const SUFFIXES = ['', 'K', 'M', 'B', 'T'] as const;
const QUANTITY = /^(\d+(?:_\d+)*)?(?:\.(\d+(?:_\d+)*))?(?:e([+-]?\d+))?([kmbt])?$/i;

interface Counted {
  readonly one: string;
  readonly many: string;
  readonly examples: string;
}

const TOKENS: Counted = { one: 'token', many: 'tokens', examples: '5000000, 5_000_000, 750K, 1.5B, 2T or 5e9' };
const REQUESTS: Counted = { one: 'request', many: 'requests', examples: '2000, 2_000, 2K or 1.5M' };

/** Parses "5M", "1.5B", "750k", "5_000_000", "5e9" into a whole number of tokens. */
export function parseTokens(text: string, what = 'token quantity'): bigint {
  return parseCount(text, what, TOKENS);
}

/** The same notation for a number of requests, so that a fraction is named as a fraction of a request. */
export function parseRequests(text: string, what = 'request count'): bigint {
  return parseCount(text, what, REQUESTS);
}

function parseCount(text: string, what: string, counted: Counted): bigint {
  const expected = `expected a whole number of ${counted.many} such as ${counted.examples} (K, M, B, T are powers of 1000)`;
  const invalid = (reason: string) => new GacostError('invalid-quantity', `invalid ${what} ${JSON.stringify(text)}: ${reason}`);
  const tooMany = () => invalid(`more than the maximum of ${formatTokens(MAX_TOKENS)} ${counted.many}`);
  const match = QUANTITY.exec(text.trim());
  const [, whole = '', fraction = '', exponentText = '0', suffix = ''] = match ?? [];
  if (!match || (whole === '' && fraction === '')) throw invalid(expected);
  const exponent = Number(exponentText);
  if (Math.abs(exponent) > MAX_EXPONENT) throw invalid(`an exponent beyond ±${MAX_EXPONENT} is not supported`);
  const suffixPower = SUFFIXES.indexOf(suffix.toUpperCase() as (typeof SUFFIXES)[number]) * 3;
  // Trailing zeros only scale the number: dropping them keeps 1000…0e-500 from needing a 10^500 divisor.
  const allDigits = (whole + fraction).replaceAll('_', '');
  const significant = allDigits.replace(/0+$/, '');
  if (significant === '') return 0n;
  const shift = exponent + suffixPower - fraction.replaceAll('_', '').length + (allDigits.length - significant.length);
  // The last digit is not 0, so any negative shift leaves a fraction.
  if (shift < 0) throw invalid(`a fraction of a ${counted.one}; ${expected}`);
  // Anything shifted past 10^20 is far over the maximum, whatever its digits: refuse before computing.
  if (shift > 20) throw tooMany();
  const count = BigInt(significant) * pow10(shift);
  if (count > MAX_TOKENS) throw tooMany();
  return count;
}

/**
 * Tokens that are a product of quantities (users × tokens per user, requests × tokens per
 * request), refused over MAX_TOKENS; `product` says how they were made, for the message.
 */
export function tokensWithinLimit(tokens: bigint, product: string): bigint {
  if (tokens > MAX_TOKENS) {
    throw new GacostError(
      'invalid-quantity',
      `${product} is ${formatTokens(tokens)} tokens a month, more than the maximum of ${formatTokens(MAX_TOKENS)}`,
    );
  }
  return tokens;
}

/** Shortest exact form with the largest fitting suffix: 5000000000n → "5B", 1500000n → "1.5M". */
export function formatTokens(tokens: bigint): string {
  for (let index = SUFFIXES.length - 1; index > 0; index--) {
    const power = index * 3;
    if (tokens >= pow10(power)) return formatDecimal(tokens, power) + SUFFIXES[index];
  }
  return tokens.toString();
}

/** Significant digits of a token quantity in a table: enough to read, and a column no wider than `999K`. */
const SHORT_DIGITS = 3;

/**
 * A quantity for a table: 3 significant digits under the largest fitting suffix, rounded half away
 * from zero (9765625n → "9.77M", 58207661n → "58.2M"); a quantity below 1,000 whole. JSON and CSV keep
 * the exact count (formatTokens's form is exact too).
 */
export function formatTokensShort(tokens: bigint): string {
  let index = SUFFIXES.length - 1;
  while (index > 0 && tokens < pow10(index * 3)) index -= 1;
  if (index === 0) return tokens.toString();
  const digits = tokens.toString().length - index * 3;
  const scale = Math.max(0, SHORT_DIGITS - digits);
  const rounded = divideRounded(tokens, pow10(index * 3 - scale));
  // 999,999 rounds to 1000K, which is 1M.
  if (rounded === pow10(3 + scale) && index < SUFFIXES.length - 1) return `1${SUFFIXES[index + 1]}`;
  return formatDecimal(rounded, scale) + SUFFIXES[index];
}
