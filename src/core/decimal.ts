/**
 * Exact fixed-point decimals as BigInt "units" at a given scale (units × 10^-scale).
 * Money never passes through binary floating point: it is parsed from decimal text
 * and printed back as decimal text.
 */

const DECIMAL_TEXT = /^(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

export function pow10(exponent: number): bigint {
  return 10n ** BigInt(exponent);
}

/**
 * Parses non-negative decimal text ("0.25", "10", "2.5e-06") into units at `scale`.
 * Returns undefined when the text is not a decimal or needs more than `scale` decimal places.
 */
export function parseDecimal(text: string, scale: number): bigint | undefined {
  const match = DECIMAL_TEXT.exec(text.trim());
  if (!match) return undefined;
  const [, whole = '', fraction = '', exponentText = '0'] = match;
  const exponent = Number(exponentText);
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > 100) return undefined;
  const digits = BigInt(whole + fraction);
  const shift = scale + exponent - fraction.length;
  if (shift >= 0) return digits * pow10(shift);
  const divisor = pow10(-shift);
  return digits % divisor === 0n ? digits / divisor : undefined;
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
