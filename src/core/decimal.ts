/**
 * Exact fixed-point decimals as BigInt "units" at a given scale (units × 10^-scale).
 * Money never passes through binary floating point: it is parsed from decimal text
 * and printed back as decimal text.
 */

/** Decimal text as YAML 1.2 writes a number: "0.25", ".25", "5.", "+100", "2.5e-06"; a leading "-" is read apart (signed). */
const DECIMAL_TEXT = /^\+?(?:(\d+)(?:\.(\d*))?|\.(\d+))(?:[eE]([+-]?\d+))?$/;

/** Larger exponents are refused rather than expanded: 1e400 is already far beyond anything gacost keeps. */
export const MAX_EXPONENT = 400;

export type DecimalProblem = 'not-a-decimal' | 'too-precise' | 'exponent-out-of-range';

export interface ReadDecimalOptions {
  /** Reads a leading "-" as a value below 0 (else it is not a decimal). */
  readonly signed?: boolean;
  /** Rounds digits past `scale` half away from zero (else they are too precise). */
  readonly round?: boolean;
  /** Refuses an exponent beyond ±this; MAX_EXPONENT unless said. */
  readonly maxExponent?: number;
}

export function pow10(exponent: number): bigint {
  return 10n ** BigInt(exponent);
}

/**
 * Reads decimal text ("0.25", "10", "2.5e-06"; "-1.5" when signed) into units at `scale`, or says why
 * it cannot: not a decimal, more than `scale` decimal places (unless round), or an exponent beyond
 * maxExponent. The one decimal parser: prices, shares, budgets, reported costs and chart values.
 */
export function readDecimal(text: string, scale: number, options: ReadDecimalOptions = {}): bigint | DecimalProblem {
  const trimmed = text.trim();
  const negative = options.signed === true && trimmed.startsWith('-');
  const unsigned = negative ? trimmed.slice(1) : trimmed;
  const match = negative && unsigned.startsWith('+') ? null : DECIMAL_TEXT.exec(unsigned);
  if (!match) return 'not-a-decimal';
  const [, whole = '', wholeFraction, bareFraction, exponentText = '0'] = match;
  const fraction = wholeFraction ?? bareFraction ?? '';
  const exponent = Number(exponentText);
  if (Math.abs(exponent) > (options.maxExponent ?? MAX_EXPONENT)) return 'exponent-out-of-range';
  const digits = BigInt(whole + fraction);
  const shift = scale + exponent - fraction.length;
  let units: bigint;
  if (shift >= 0) units = digits * pow10(shift);
  else if (options.round === true) units = divideRounded(digits, pow10(-shift));
  else if (digits % pow10(-shift) === 0n) units = digits / pow10(-shift);
  else return 'too-precise';
  return negative ? -units : units;
}

/** readDecimal without the reason: undefined for anything it refuses. */
export function parseDecimal(text: string, scale: number, options?: ReadDecimalOptions): bigint | undefined {
  const units = readDecimal(text, scale, options);
  return typeof units === 'bigint' ? units : undefined;
}

/** The reason for an error message; `expected` says what a valid input looks like. */
export function decimalReason(problem: DecimalProblem, scale: number, expected: string): string {
  if (problem === 'too-precise') return `too precise: at most ${scale} decimal places`;
  if (problem === 'exponent-out-of-range') return `an exponent beyond ±${MAX_EXPONENT} is not supported`;
  return expected;
}

/** Exact decimal text, trailing zeros trimmed: (1250000n, 3) → "1250", (125n, 1) → "12.5". */
export function formatDecimal(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** Rounds units from one scale to a smaller one, half away from zero. */
export function roundToScale(units: bigint, fromScale: number, toScale: number): bigint {
  if (toScale >= fromScale) return units * pow10(toScale - fromScale);
  return divideRounded(units, pow10(fromScale - toScale));
}

/** numerator / denominator rounded half away from zero; denominator must be positive. */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  const quotient = (magnitude * 2n + denominator) / (denominator * 2n);
  return negative ? -quotient : quotient;
}

/** Groups the whole part in threes: "1250000" → "1,250,000". Locale-independent on purpose. */
export function groupThousands(wholeDigits: string): string {
  return wholeDigits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * Whether a number's decimal text is not the value a parser reading it into a double keeps
 * (0.99999999999999999 is read as 1, 1e-400 as 0, 1e400 as Infinity, 2^63 − 1 as 2^63): such a
 * number is to be judged, and quoted, by its text.
 */
export function roundsAway(text: string): boolean {
  const value = Number(text);
  if (!Number.isFinite(value)) return true;
  const written = significand(text);
  return written !== undefined && written !== significand(String(value));
}

/** A decimal's digits without leading and trailing zeros, and its exponent: equal for equal values. */
function significand(text: string): string | undefined {
  const match = /^[-+]?(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/.exec(text.trim());
  if (match === null) return undefined;
  const [, whole = '', fraction = '', exponentText = '0'] = match;
  const digits = (whole + fraction).replace(/^0+/, '');
  if (digits === '') return '0';
  const kept = digits.replace(/0+$/, '');
  const exponent = BigInt(exponentText) - BigInt(fraction.length) + BigInt(digits.length - kept.length);
  return `${text.trim().startsWith('-') ? '-' : ''}${kept}e${exponent}`;
}
