import { GacostError } from '../errors.js';
import type { Candidate } from './candidate.js';
import { candidateTraffic } from './candidate.js';
import { decimalReason, divideRounded, readDecimal } from './decimal.js';

/** A month is 30 days for request rates. */
const MINUTES_PER_MONTH = 30n * 24n * 60n;
/** Request rates are kept to 4 decimal places. */
export const RATE_SCALE = 4;
const RATE = 10n ** BigInt(RATE_SCALE);

export const DEFAULT_PEAK_FACTOR = 3n * RATE;

export interface Capacity {
  /** Requests per minute, scaled by 10^RATE_SCALE. */
  readonly averageRpm: bigint;
  readonly peakRpm: bigint;
  /** By the peak against each provider's free tier; null where no provider in play has one. */
  readonly freeTier: 'ok' | 'exceeded' | null;
}

/** "3", "2.5" → the factor scaled by 10^RATE_SCALE; at least 1, as a peak is never below the average. */
export function parsePeakFactor(text: string, what: string): bigint {
  const invalid = (reason: string) => new GacostError('invalid-option', `invalid ${what} ${JSON.stringify(text)}: ${reason}`);
  const expected = 'expected a number of 1 or more such as 3';
  const factor = readDecimal(text.trim().replace(/x$/i, ''), RATE_SCALE);
  if (typeof factor !== 'bigint') throw invalid(decimalReason(factor, RATE_SCALE, expected));
  if (factor < RATE) throw invalid(`a peak below the average; ${expected}`);
  return factor;
}

export function capacityOf(candidate: Candidate, tokens: bigint, tokensPerRequest: bigint, peakFactor: bigint): Capacity {
  const perMonth = tokensPerRequest * MINUTES_PER_MONTH;
  const averageRpm = divideRounded(tokens * RATE, perMonth);
  const peakRpm = divideRounded(tokens * peakFactor, perMonth);
  // The free tier is per provider: add up each provider's traffic and compare its exact peak.
  const byLimit = new Map<string, { limit: number; tokens: bigint }>();
  for (const part of candidateTraffic(candidate, tokens)) {
    const limit = part.model.freeTierRpm;
    if (limit === undefined) continue;
    const entry = byLimit.get(part.model.model.provider) ?? { limit, tokens: 0n };
    byLimit.set(part.model.model.provider, { limit, tokens: entry.tokens + part.tokens });
  }
  if (byLimit.size === 0) return { averageRpm, peakRpm, freeTier: null };
  const exceeded = [...byLimit.values()].some((entry) => entry.tokens * peakFactor > BigInt(entry.limit) * perMonth * RATE);
  return { averageRpm, peakRpm, freeTier: exceeded ? 'exceeded' : 'ok' };
}
