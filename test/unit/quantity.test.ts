import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatTokens, formatTokensShort, MAX_TOKENS, parseTokens } from '../../src/core/quantity.js';
import { GacostError } from '../../src/errors.js';

describe('parseTokens', () => {
  it.each([
    ['5M', 5_000_000n],
    ['50M', 50_000_000n],
    ['500M', 500_000_000n],
    ['5B', 5_000_000_000n],
    ['1.5B', 1_500_000_000n],
    ['750k', 750_000n],
    ['750K', 750_000n],
    ['2T', 2_000_000_000_000n],
    ['2t', 2_000_000_000_000n],
    ['5000000', 5_000_000n],
    ['5_000_000', 5_000_000n],
    ['5e9', 5_000_000_000n],
    ['5E9', 5_000_000_000n],
    ['1.25e3', 1_250n],
    ['2.5e-1k', 250n],
    ['0', 0n],
    [' 5M ', 5_000_000n],
  ])('%s is %s tokens', (text, tokens) => {
    expect(parseTokens(text)).toBe(tokens);
  });

  it.each([
    '5X',
    '-5M',
    'NaN',
    'Infinity',
    '',
    '   ',
    '1.5.5M',
    '1.5',
    `${'0.5k'.replace('k', '')}e0`,
    'M',
    '5MM',
    '5 M',
    '_5',
    '5__0',
    '1e400',
    '1001T',
    '0x10',
    '+5M',
  ])('refuses %j with a message saying what was expected', (text) => {
    let caught: unknown;
    try {
      parseTokens(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(GacostError);
    expect((caught as GacostError).code).toBe('invalid-quantity');
    expect((caught as GacostError).message).toMatch(/expected a whole number of tokens|maximum/);
  });

  it('names a fraction of a token as such', () => {
    expect(() => parseTokens('1.5')).toThrow(/a fraction of a token/);
    expect(() => parseTokens('1.0005K')).toThrow(/a fraction of a token/);
  });

  it('accepts the maximum and refuses one more', () => {
    expect(parseTokens('1000T')).toBe(MAX_TOKENS);
    expect(() => parseTokens('1000000000000001')).toThrow(/maximum/);
  });
});

describe('formatTokens', () => {
  it.each([
    [5_000_000_000n, '5B'],
    [20_000_000n, '20M'],
    [1_500_000n, '1.5M'],
    [750_000n, '750K'],
    [1_234_567n, '1.234567M'],
    [999n, '999'],
    [0n, '0'],
  ])('%s → %s', (tokens, text) => {
    expect(formatTokens(tokens)).toBe(text);
  });

  it('round-trips through parseTokens for every quantity', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: MAX_TOKENS }), (tokens) => {
        expect(parseTokens(formatTokens(tokens))).toBe(tokens);
      }),
    );
  });
});

describe('formatTokensShort', () => {
  it.each([
    [999n, '999'],
    [1_500n, '1.5K'],
    [123_456n, '123K'],
    [999_999n, '1M'],
    [6_250_000n, '6.25M'],
    [9_765_625n, '9.77M'],
    [58_207_661n, '58.2M'],
    [5_000_000_000n, '5B'],
  ])('%s tokens read %s in a table: 3 significant digits at most', (tokens, text) => {
    expect(formatTokensShort(tokens)).toBe(text);
  });
});
