import { GacostError } from '../errors.js';
import { parseDecimal, pow10 } from './decimal.js';
import { formatTokens, MAX_TOKENS } from './quantity.js';

/** Growth factors are fixed-point numbers to 40 decimal places, far finer than a token. */
const SCALE = 40;
const ONE = pow10(SCALE);

export interface Growth {
  readonly text: string;
  /** Factor per step, scaled by 10^40. */
  readonly factor: bigint;
  /** Months per step: 1 for "/mo", 12 for "/yr" (growth within a year follows the 12th root). */
  readonly monthsPerStep: 1 | 12;
}

const GROWTH = /^([+-]?\d+(?:\.\d+)?)(%|x)\/(mo|yr)$/i;
const EXPECTED = 'expected a growth rate such as 25%/mo, 0%/mo, -10%/mo, 10x/yr or 150%/yr';

/** "25%/mo" → ×1.25 a month; "10x/yr" → ×10 a year (×10^(1/12) a month); "-10%/mo" shrinks. */
export function parseGrowth(text: string, what: string): Growth {
  const invalid = (reason: string) => new GacostError('invalid-option', `invalid ${what} ${JSON.stringify(text)}: ${reason}`);
  const match = GROWTH.exec(text.trim().replaceAll(' ', ''));
  if (!match) throw invalid(EXPECTED);
  const [, number = '', kind = '', period = ''] = match;
  // A percentage is read two places coarser, so that dividing it by 100 is exact.
  const value = parseDecimal(number, kind === '%' ? SCALE - 2 : SCALE, { signed: true });
  if (value === undefined) throw invalid(EXPECTED);
  const factor = kind === '%' ? ONE + value : value;
  if (factor <= 0n) throw invalid('a factor must stay above zero: a rate at or below -100% (or 0x) empties the forecast');
  return { text, factor, monthsPerStep: period.toLowerCase() === 'yr' ? 12 : 1 };
}

/**
 * Whole tokens in each of `months` months, starting from `start` in month 1, each the exact value
 * rounded half away from zero. Yearly growth follows the 12th root of the factor between years.
 * A month over MAX_TOKENS is refused, which also stops the exact powers from growing without end.
 */
export function monthlyTokens(start: bigint, growth: Growth, months: number): bigint[] {
  const tokens = monthlyTokensUpTo(start, growth, months);
  if (tokens.length < months) {
    throw new GacostError(
      'invalid-option',
      `the forecast passes ${formatTokens(MAX_TOKENS)} tokens a month in month ${tokens.length + 1}; forecast fewer months`,
    );
  }
  return tokens;
}

/** monthlyTokens, ending before the first month over MAX_TOKENS instead of refusing it. */
export function monthlyTokensUpTo(start: bigint, growth: Growth, months: number): bigint[] {
  const common = gcd(growth.factor, ONE);
  const numerator = growth.factor / common;
  const denominator = ONE / common;
  const steps = BigInt(growth.monthsPerStep);
  // Month m + 1 holds x = start × (numerator / denominator)^(m / steps) tokens. Rounded half up,
  // that is n = ⌊(⌊2x⌋ + 1) / 2⌋, and ⌊2x⌋ is the integer steps-th root of
  // ⌊(2·start)^steps × numerator^m / denominator^m⌋: exact integers throughout, so a tie such as
  // 1.5 is seen as one and rounds up.
  const startPower = (2n * start) ** steps;
  let numeratorPower = 1n;
  let denominatorPower = 1n;
  const tokens: bigint[] = [];
  for (let month = 0; month < months; month++) {
    const rounded = (floorRoot((startPower * numeratorPower) / denominatorPower, steps) + 1n) / 2n;
    if (rounded > MAX_TOKENS) break;
    tokens.push(rounded);
    numeratorPower *= numerator;
    denominatorPower *= denominator;
  }
  return tokens;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** ⌊value^(1/n)⌋, by Newton's method on integers. */
export function floorRoot(value: bigint, n: bigint): bigint {
  if (n === 1n || value < 2n) return value;
  // 2^⌈bits/n⌉ is at or above the root; from above, Newton's steps descend to it and stop there.
  let guess = 1n << ((BigInt(value.toString(2).length) + n - 1n) / n);
  for (;;) {
    const next = ((n - 1n) * guess + value / guess ** (n - 1n)) / n;
    if (next >= guess) return guess;
    guess = next;
  }
}
