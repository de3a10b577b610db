import { GacostError } from '../errors.js';
import { formatDecimal, pow10 } from './decimal.js';

/** Largest token quantity accepted: 10^15 (1,000T) stays exact as a JSON number. */
export const MAX_TOKENS = 10n ** 15n;

const SUFFIXES = ['', 'K', 'M', 'B', 'T'] as const;
const QUANTITY = /^(\d+(?:_\d+)*)?(?:\.(\d+(?:_\d+)*))?(?:e([+-]?\d+))?([kmbt])?$/i;
const EXPECTED =
  'expected a whole number of tokens such as 5000000, 5_000_000, 750K, 1.5B, 2T or 5e9 (K, M, B, T are powers of 1000)';

/** Parses "5M", "1.5B", "750k", "5_000_000", "5e9" into a whole number of tokens. */
export function parseTokens(text: string, what = 'token quantity'): bigint {
  const invalid = (reason: string) =>
    new GacostError('invalid-quantity', `invalid ${what} ${JSON.stringify(text)}: ${reason}`);
  const match = QUANTITY.exec(text.trim());
  const [, whole = '', fraction = '', exponentText = '0', suffix = ''] = match ?? [];
  if (!match || (whole === '' && fraction === '')) throw invalid(EXPECTED);
  const exponent = Number(exponentText);
  const suffixPower = SUFFIXES.indexOf(suffix.toUpperCase() as (typeof SUFFIXES)[number]) * 3;
  const digits = BigInt((whole + fraction).replaceAll('_', '') || '0');
  const shift = exponent + suffixPower - fraction.replaceAll('_', '').length;
  if (digits === 0n) return 0n;
  // Anything shifted past 10^20 is far over the maximum, whatever its digits: refuse before computing.
  if (shift > 20) throw invalid(`more than the maximum of ${formatTokens(MAX_TOKENS)} tokens`);
  let tokens: bigint;
  if (shift >= 0) {
    tokens = digits * pow10(shift);
  } else {
    const divisor = -shift > 400 ? undefined : pow10(-shift);
    if (divisor === undefined || digits % divisor !== 0n) throw invalid('a fraction of a token; ' + EXPECTED);
    tokens = digits / divisor;
  }
  if (tokens > MAX_TOKENS) throw invalid(`more than the maximum of ${formatTokens(MAX_TOKENS)} tokens`);
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
