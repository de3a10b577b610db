import { divideRounded, formatDecimal } from './decimal.js';
import { floorRoot } from './growth.js';
import type { UsageRecord } from './usage.js';

/** Shares and rates are exact decimals to this many places, rounded half away from zero. */
export const PROFILE_SCALE = 6;
const ONE = 10n ** BigInt(PROFILE_SCALE);

/** A figure the data supports, or null with the reason it does not. */
export type Measured<T> = { readonly value: T; readonly reason?: undefined } | { readonly value: null; readonly reason: string };

export interface UsageProfile {
  readonly records: number;
  readonly requests: number;
  /** The first and last day of the records with a time. */
  readonly first: string | null;
  readonly last: string | null;
  /** Each calendar month seen, oldest first: whether the records cover all of it, its tokens in total and per log model. */
  readonly months: readonly {
    readonly month: string;
    readonly full: boolean;
    readonly tokens: bigint;
    readonly models: ReadonlyMap<string, bigint>;
  }[];
  /** All input over all tokens; cache reads over input; cache writes over input: scaled by 10^6. */
  readonly inputShare: Measured<bigint>;
  readonly cachedShare: Measured<bigint>;
  readonly cacheWriteShare: Measured<bigint>;
  /** Tokens (input and output) per request, where the source is per request. */
  readonly tokensPerRequest: Measured<{ readonly mean: bigint; readonly p50: bigint; readonly p95: bigint }>;
  /** Requests per minute over the span of the times of single-request records, and in the busiest clock minute; scaled by 10^6. */
  readonly requestsPerMinute: Measured<{ readonly average: bigint; readonly peak: bigint }>;
  /** Compound monthly growth of the tokens between the first and last full months, in percent scaled by 10^6. */
  readonly growth: Measured<{ readonly monthlyPct: bigint; readonly months: readonly string[] }>;
}

/** Collects what a profile needs from each record: bounded by distinct months, minutes and request sizes, not records. */
export class ProfileCollector {
  private records = 0;
  private requests = 0;
  private input = 0n;
  private output = 0n;
  private cached = 0n;
  private written = 0n;
  private first: string | undefined;
  private last: string | undefined;
  private readonly months = new Map<string, Map<string, bigint>>();
  private readonly sizes = new Map<number, number>();
  private readonly minutes = new Map<string, number>();
  private timedRequests = 0;

  add(record: UsageRecord): void {
    this.records += 1;
    this.requests += record.requests;
    this.input += BigInt(record.inputTokens);
    this.output += BigInt(record.outputTokens);
    this.cached += BigInt(record.cachedInputTokens);
    this.written += BigInt(record.cacheWriteTokens + record.cacheWrite1hTokens);
    const tokens = record.inputTokens + record.outputTokens;
    if (record.perRequest) this.sizes.set(tokens, (this.sizes.get(tokens) ?? 0) + 1);
    if (record.time === undefined) return;
    const day = record.time.slice(0, 10);
    if (this.first === undefined || day < this.first) this.first = day;
    if (this.last === undefined || day > this.last) this.last = day;
    const month = this.months.get(day.slice(0, 7)) ?? new Map<string, bigint>();
    month.set(record.model, (month.get(record.model) ?? 0n) + BigInt(tokens));
    this.months.set(day.slice(0, 7), month);
    // A sum over a period (a daily row), or a record dated without a time of day, says nothing of its minutes.
    if (!record.perRequest || record.time.length <= 10) return;
    const minute = record.time.slice(0, 16);
    this.minutes.set(minute, (this.minutes.get(minute) ?? 0) + record.requests);
    this.timedRequests += record.requests;
  }

  profile(): UsageProfile {
    const months = [...this.months.keys()].sort().map((month) => {
      const models = this.months.get(month) as Map<string, bigint>;
      const tokens = [...models.values()].reduce((sum, value) => sum + value, 0n);
      const last = lastDay(month);
      const full =
        this.first !== undefined && this.last !== undefined && last !== undefined && this.first <= `${month}-01` && this.last >= last;
      return { month, full, tokens, models };
    });
    return {
      records: this.records,
      requests: this.requests,
      first: this.first ?? null,
      last: this.last ?? null,
      months,
      inputShare: share(this.input, this.input + this.output, 'no tokens'),
      cachedShare: share(this.cached, this.input, 'no input tokens'),
      cacheWriteShare: share(this.written, this.input, 'no input tokens'),
      tokensPerRequest: this.tokensPerRequest(),
      requestsPerMinute: this.requestsPerMinute(),
      growth: growthOf(months.filter((month) => month.full)),
    };
  }

  private tokensPerRequest(): UsageProfile['tokensPerRequest'] {
    const requests = [...this.sizes.values()].reduce((sum, count) => sum + count, 0);
    if (requests === 0) return { value: null, reason: 'no source gives usage per request' };
    const sorted = [...this.sizes].sort(([a], [b]) => a - b);
    const total = sorted.reduce((sum, [size, count]) => sum + BigInt(size) * BigInt(count), 0n);
    // The nearest-rank percentile: the smallest size with at least p% of the requests at or below it.
    const percentile = (p: number): bigint => {
      const rank = Math.ceil((p / 100) * requests);
      let seen = 0;
      for (const [size, count] of sorted) {
        seen += count;
        if (seen >= rank) return BigInt(size);
      }
      return BigInt(sorted.at(-1)?.[0] ?? 0);
    };
    return { value: { mean: divideRounded(total, BigInt(requests)), p50: percentile(50), p95: percentile(95) } };
  }

  private requestsPerMinute(): UsageProfile['requestsPerMinute'] {
    if (this.minutes.size === 0) return { value: null, reason: 'no record of a single request carries a time' };
    const minutes = [...this.minutes.keys()].sort();
    const span = (Date.parse(`${minutes.at(-1)}:00Z`) - Date.parse(`${minutes[0]}:00Z`)) / 60_000 + 1;
    // Times the readers give are ISO minutes; a library caller's records may not be.
    if (!Number.isSafeInteger(span) || span < 1) return { value: null, reason: 'record times that are not ISO dates and times' };
    let peak = 0;
    for (const requests of this.minutes.values()) if (requests > peak) peak = requests;
    return { value: { average: divideRounded(BigInt(this.timedRequests) * ONE, BigInt(span)), peak: BigInt(peak) * ONE } };
  }
}

/** The last day of a month written YYYY-MM, or undefined for text that is not one (never a full month). */
function lastDay(month: string): string | undefined {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) return undefined;
  const [year, number] = month.split('-').map(Number) as [number, number];
  return `${month}-${new Date(Date.UTC(year, number, 0)).getUTCDate()}`;
}

function share(part: bigint, whole: bigint, none: string): Measured<bigint> {
  return whole === 0n ? { value: null, reason: none } : { value: divideRounded(part * ONE, whole) };
}

/**
 * (last / first)^(1 / (n − 1)) − 1 over the n full months, exact to the 6th decimal place of a
 * percent: the root is taken on integers at 10^12 and then rounded.
 */
function growthOf(full: readonly { readonly month: string; readonly tokens: bigint }[]): UsageProfile['growth'] {
  if (full.length < 2)
    return { value: null, reason: `${full.length === 0 ? 'no' : 'one'} full calendar month of records: growth needs two` };
  const first = full[0] as { tokens: bigint };
  const last = full.at(-1) as { tokens: bigint };
  if (first.tokens === 0n) return { value: null, reason: 'no tokens in the first full month' };
  const steps = BigInt(full.length - 1);
  const scale = 10n ** 12n;
  const root = floorRoot((last.tokens * scale ** steps) / first.tokens, steps);
  return { value: { monthlyPct: divideRounded((root - scale) * 100n * ONE, scale), months: full.map((month) => month.month) } };
}

/** A measured share or rate as decimal text. */
export const profileText = (value: bigint): string => formatDecimal(value, PROFILE_SCALE);
