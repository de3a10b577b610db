import { divideRounded, formatDecimal, groupThousands, parseDecimal, roundToScale } from './decimal.js';

/** Prices are USD per 1M tokens, kept to 9 decimal places (nano-USD per 1M tokens). */
export const PRICE_SCALE = 9;
/**
 * Costs are USD to 15 decimal places (femto-USD). A price unit (1e-9 USD per 1M tokens) is
 * exactly 1e-15 USD per token, so tokens × price is exact with no division at all.
 */
export const MONEY_SCALE = 15;
/** Percentages are rounded half away from zero to 4 decimal places. */
export const PERCENT_SCALE = 4;

declare const unit: unique symbol;
export type PricePerMtok = bigint & { readonly [unit]: 'nano-USD per 1M tokens' };
export type Usd = bigint & { readonly [unit]: 'femto-USD' };
export type Percent = bigint & { readonly [unit]: 'percent × 10^4' };

/**
 * The highest price a catalog may give: $1,000,000 per 1M tokens ($1 a token), far above any
 * list price, so that a typo such as 1e100 is refused and 10^15 tokens cost at most $10^15.
 */
export const MAX_PRICE = (10n ** 6n * 10n ** BigInt(PRICE_SCALE)) as PricePerMtok;

/** The highest budget or credit amount: $10^12, far above any LLM bill. */
export const MAX_USD = (10n ** 12n * 10n ** BigInt(MONEY_SCALE)) as Usd;

export function parsePrice(text: string): PricePerMtok | undefined {
  return parseDecimal(text, PRICE_SCALE) as PricePerMtok | undefined;
}

export function costOf(tokens: bigint, price: PricePerMtok): Usd {
  return (tokens * price) as Usd;
}

/**
 * The cost of `count` units at `price` USD per `per` units (a price at PRICE_SCALE, as parsePrice reads
 * it): a price per 1M tokens is one per 10^6 units, so a price per 1,000 searches costs 10^3 times
 * more a unit, exactly.
 */
export function unitCostOf(count: bigint, price: bigint, per: bigint): Usd {
  const perMillion = 10n ** 6n;
  if (perMillion % per !== 0n) throw new Error(`a price per ${per} units is not a whole multiple of one per 1M`);
  return (count * price * (perMillion / per)) as Usd;
}

export function sumUsd(values: Iterable<Usd>): Usd {
  let total = 0n;
  for (const value of values) total += value;
  return total as Usd;
}

export function subtractUsd(a: Usd, b: Usd): Usd {
  return (a - b) as Usd;
}

/** 100 − 100·cost/baseline; null when the baseline costs nothing (no percentage exists). */
export function savingsPercent(cost: Usd, baseline: Usd): Percent | null {
  if (baseline === 0n) return null;
  return divideRounded((baseline - cost) * 100n * 10n ** BigInt(PERCENT_SCALE), baseline) as Percent;
}

/** part as a percentage of whole (4 decimal places); whole must be positive. */
export function percentOf(part: Usd, whole: Usd): Percent {
  return divideRounded(part * 100n * 10n ** BigInt(PERCENT_SCALE), whole) as Percent;
}

/** Exact decimal text for JSON and CSV: 1.25, 12.5, 1250. */
export function usdText(value: Usd): string {
  return formatDecimal(value, MONEY_SCALE);
}

export function priceText(price: PricePerMtok): string {
  return formatDecimal(price, PRICE_SCALE);
}

export function percentText(percent: Percent): string {
  return formatDecimal(percent, PERCENT_SCALE);
}

/**
 * Money for people: "$1,250.00", rounded half away from zero to cents. A non-zero amount that
 * would round to $0.00 prints as "<$0.01" so that a real cost never reads as free.
 */
export function usdDisplay(value: Usd): string {
  const cents = roundToScale(value, MONEY_SCALE, 2);
  if (cents === 0n && value !== 0n) return value > 0n ? '<$0.01' : '>-$0.01';
  const negative = cents < 0n;
  const digits = (negative ? -cents : cents).toString().padStart(3, '0');
  const whole = groupThousands(digits.slice(0, -2));
  return `${negative ? '-' : ''}$${whole}.${digits.slice(-2)}`;
}

/** Exact decimal USD text for people in full, never rounded, at least cents: "$1,250.00", "$1.5144095", "-$0.50". */
export function usdExact(text: string): string {
  const negative = text.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? text.slice(1) : text).split('.');
  return `${negative ? '-' : ''}$${groupThousands(whole)}.${fraction.padEnd(2, '0')}`;
}

/** A per-1M-token price for people: "$0.25", "$10.00", "$0.0028". */
export function priceDisplay(price: PricePerMtok): string {
  return usdExact(priceText(price));
}

/** "97.5%" */
export function percentDisplay(percent: Percent): string {
  const rounded = roundToScale(percent, PERCENT_SCALE, 1);
  return `${formatDecimal(rounded, 1)}%`;
}
