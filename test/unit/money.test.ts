import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDecimal, parseDecimal, readDecimal } from '../../src/core/decimal.js';
import {
  costOf,
  type PricePerMtok,
  parsePrice,
  percentDisplay,
  percentText,
  priceDisplay,
  savingsPercent,
  sumUsd,
  type Usd,
  unitCostOf,
  usdDisplay,
  usdText,
} from '../../src/core/money.js';
import { downtimeHoursPerYear, downtimeMinutesPerMonth } from '../../src/core/sla.js';

const price = (text: string) => parsePrice(text) as PricePerMtok;

describe('prices not by the token', () => {
  it('charges a price per 1,000 or per hour exactly, in femto-USD', () => {
    // 3 searches at $10 per 1,000: $0.03; 7 requests at $0.000000001 per 1,000 (the finest price); 3 hours at $0.111.
    expect(usdText(unitCostOf(3n, price('10'), 1000n))).toBe('0.03');
    expect(unitCostOf(7n, price('0.000000001'), 1000n)).toBe(7_000n);
    expect(usdText(unitCostOf(3n, price('0.111'), 1n))).toBe('0.333');
  });
});

describe('decimals', () => {
  it('parses decimal text exactly, exponents included', () => {
    expect(parseDecimal('2.5e-06', 9)).toBe(2_500n);
    expect(parseDecimal('0.0028', 9)).toBe(2_800_000n);
    expect(parseDecimal('10', 2)).toBe(1_000n);
    expect(parseDecimal('0.001', 2)).toBeUndefined();
    expect(parseDecimal('-1', 2)).toBeUndefined();
    expect(parseDecimal('1e401', 2)).toBeUndefined();
  });

  it('reads a sign, rounds half away from zero and bounds the exponent only when asked', () => {
    expect(['-1.5', '+1.5', '-+1.5', '- 1'].map((text) => readDecimal(text, 1, { signed: true }))).toEqual([
      -15n,
      15n,
      'not-a-decimal',
      'not-a-decimal',
    ]);
    expect(['0.25', '-0.25', '0.24999', '-0.35'].map((text) => readDecimal(text, 1, { signed: true, round: true }))).toEqual([
      3n,
      -3n,
      2n,
      -4n,
    ]);
    expect(readDecimal('0.25', 1, { signed: true })).toBe('too-precise');
    expect([readDecimal('1e41', 0, { maxExponent: 40 }), readDecimal('1e40', 0, { maxExponent: 40 })]).toEqual([
      'exponent-out-of-range',
      10n ** 40n,
    ]);
  });

  it('decimal text says why it is refused, and reads what YAML reads as a number', () => {
    expect(['.25', '0.25', '+0.25', '2.5e-1', '25e-2', '0.250000000000'].map((text) => readDecimal(text, 2))).toEqual([
      25n,
      25n,
      25n,
      25n,
      25n,
      25n,
    ]);
    expect(readDecimal('5.', 0)).toBe(5n);
    expect(readDecimal('0.125', 2)).toBe('too-precise');
    expect(readDecimal('1e401', 2)).toBe('exponent-out-of-range');
    expect(['0x10', '-1', '.', '1,5', 'NaN', '.inf', ''].map((text) => readDecimal(text, 2))).toEqual(Array(7).fill('not-a-decimal'));
  });

  it('prints decimal text exactly, without trailing zeros', () => {
    expect(formatDecimal(1_250_000n, 3)).toBe('1250');
    expect(formatDecimal(125n, 1)).toBe('12.5');
    expect(formatDecimal(5n, 3)).toBe('0.005');
    expect(formatDecimal(-5n, 3)).toBe('-0.005');
  });
});

describe('money', () => {
  it("reproduces the seed's monthly costs", () => {
    const flash = price('0.25');
    const gpt4o = price('10');
    expect(usdText(costOf(5_000_000n, flash))).toBe('1.25');
    expect(usdText(costOf(50_000_000n, flash))).toBe('12.5');
    expect(usdText(costOf(500_000_000n, flash))).toBe('125');
    expect(usdText(costOf(5_000_000_000n, flash))).toBe('1250');
    expect(usdText(costOf(5_000_000_000n, gpt4o))).toBe('50000');
    expect(percentText(savingsPercent(costOf(5_000_000n, flash), costOf(5_000_000n, gpt4o)) ?? (0n as never))).toBe('97.5');
  });

  it('sums 1,000 stages to the exact total', () => {
    // 0.1 + 0.2 style sums drift in floating point; here 1,000 × $0.000001 must be exactly $0.001.
    const oneToken = costOf(1n, price('1'));
    expect(usdText(sumUsd(Array.from({ length: 1_000 }, () => oneToken)))).toBe('0.001');
    const mixed = Array.from({ length: 1_000 }, (_, index) => costOf(BigInt(index + 1) * 1_000n, price('0.1')));
    expect(usdText(sumUsd(mixed))).toBe('50.05');
  });

  it('is additive and scales exactly (properties)', () => {
    const tokens = fc.bigInt({ min: 0n, max: 10n ** 15n });
    const prices = fc.bigInt({ min: 0n, max: 10n ** 15n }).map((units) => units as PricePerMtok);
    fc.assert(
      fc.property(tokens, tokens, prices, (a, b, p) => {
        expect(costOf(a, p) + costOf(b, p)).toBe(costOf(a + b, p));
      }),
    );
    fc.assert(
      fc.property(tokens, fc.bigInt({ min: 0n, max: 1000n }), prices, (a, k, p) => {
        expect(costOf(a * k, p)).toBe(costOf(a, p) * k);
      }),
    );
  });

  it('keeps savings percentages at or below 100', () => {
    const usd = fc.bigInt({ min: 0n, max: 10n ** 30n }).map((units) => units as Usd);
    fc.assert(
      fc.property(usd, usd, (cost, baseline) => {
        const percent = savingsPercent(cost, baseline);
        if (baseline === 0n) expect(percent).toBeNull();
        else expect(percent ?? 0n).toBeLessThanOrEqual(100n * 10_000n);
      }),
    );
  });

  it('formats money for people', () => {
    expect(usdDisplay(costOf(5_000_000_000n, price('10')))).toBe('$50,000.00');
    expect(usdDisplay(costOf(50_000_000n, price('0.25')))).toBe('$12.50');
    expect(usdDisplay(costOf(1n, price('0.25')))).toBe('<$0.01');
    expect(usdDisplay(0n as Usd)).toBe('$0.00');
    expect(usdDisplay(-costOf(5_000_000n, price('1.5')) as Usd)).toBe('-$7.50');
    expect(priceDisplay(price('0.25'))).toBe('$0.25');
    expect(priceDisplay(price('10'))).toBe('$10.00');
    expect(priceDisplay(price('0.0028'))).toBe('$0.0028');
    expect(percentDisplay(975_000n as never)).toBe('97.5%');
  });

  it('turns an uptime SLA into allowed downtime', () => {
    expect(formatDecimal(downtimeHoursPerYear(99.9), 2)).toBe('8.77');
    expect(formatDecimal(downtimeHoursPerYear(99.99), 2)).toBe('0.88');
    expect(formatDecimal(downtimeMinutesPerMonth(99.9), 1)).toBe('43.2');
    expect(formatDecimal(downtimeMinutesPerMonth(99.99), 1)).toBe('4.3');
  });
});
