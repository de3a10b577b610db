import { divideRounded, parseDecimal } from './decimal.js';
import type { Candidate } from './candidate.js';
import { candidateTraffic } from './candidate.js';

/** A month is 30 days for request rates. */
export const MINUTES_PER_MONTH = 30n * 24n * 60n;
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

/** "3", "2.5" → the factor scaled by 10^RATE_SCALE; undefined unless positive. */
export function parsePeakFactor(text: string): bigint | undefined {
  const factor = parseDecimal(text.trim().replace(/x$/i, ''), RATE_SCALE);
  return factor === undefined || factor === 0n ? undefined : factor;
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
