import { GacostError } from '../errors.js';
import { divideRounded, parseDecimal, pow10 } from './decimal.js';

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
export function parseGrowth(text: string): Growth {
  const invalid = (reason: string) => new GacostError('invalid-option', `invalid --growth ${JSON.stringify(text)}: ${reason}`);
  const match = GROWTH.exec(text.trim().replaceAll(' ', ''));
  if (!match) throw invalid(EXPECTED);
  const [, number = '', kind = '', period = ''] = match;
  const negative = number.startsWith('-');
  const magnitude = parseDecimal(number.replace(/^[+-]/, ''), SCALE);
  if (magnitude === undefined) throw invalid(EXPECTED);
  const value = negative ? -magnitude : magnitude;
  const factor = kind === '%' ? ONE + value / 100n : value;
  if (factor <= 0n) throw invalid('a factor must stay above zero: a rate at or below -100% (or 0x) empties the forecast');
  return { text, factor, monthsPerStep: period.toLowerCase() === 'yr' ? 12 : 1 };
}

/**
 * Whole tokens in each of `months` months, starting from `start` in month 1. Yearly growth is
 * exact at every 12th month and follows the 12th root in between.
 */
export function monthlyTokens(start: bigint, growth: Growth, months: number): bigint[] {
  const root = growth.monthsPerStep === 12 ? nthRoot(growth.factor, 12) : growth.factor;
  const rootPowers = [ONE];
  for (let step = 1; step < growth.monthsPerStep; step++) rootPowers.push(multiply(rootPowers[step - 1] ?? ONE, root));
  const tokens: bigint[] = [];
  let whole = ONE; // growth.factor to the number of whole steps so far
  for (let month = 0; month < months; month++) {
    const within = month % growth.monthsPerStep;
    if (month > 0 && within === 0) whole = multiply(whole, growth.monthsPerStep === 12 ? growth.factor : root);
    const factor = growth.monthsPerStep === 12 ? multiply(whole, rootPowers[within] ?? ONE) : whole;
    tokens.push(divideRounded(start * factor, ONE));
  }
  return tokens;
}

function multiply(a: bigint, b: bigint): bigint {
  return divideRounded(a * b, ONE);
}

/** The n-th root of a fixed-point number, by Newton's method on integers (floor of the exact root). */
function nthRoot(value: bigint, n: number): bigint {
  const target = value * pow10(SCALE * (n - 1)); // root(value·10^(40(n-1))) = root(value)·10^40
  const big = BigInt(n);
  let guess = value > ONE ? value : ONE; // at or above the root, so Newton descends to it
  for (;;) {
    const next = ((big - 1n) * guess + target / guess ** (big - 1n)) / big;
    if (next >= guess) return guess;
    guess = next;
  }
}
