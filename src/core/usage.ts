import { GacostError } from '../errors.js';
import { allContextTiers, windowSeconds, type Catalog } from './catalog.js';
import { parseDecimal } from './decimal.js';
import { MONEY_SCALE } from './money.js';

/**
 * One usage record as every reader gives it, whatever the source's own shape: genai-prices' canonical
 * record. `inputTokens` is all input, cache reads and cache writes included; `outputTokens` includes
 * reasoning. Token counts are whole numbers; a source's own cost is kept as its exact decimal text.
 */
export interface UsageRecord {
  /** The model as the source names it. */
  readonly model: string;
  /** The provider as the source names it (a catalog key or a name a provider's match rule claims). */
  readonly provider?: string;
  /** When, in UTC: YYYY-MM-DDTHH:MM:SS.sssZ, or YYYY-MM-DD for a date without a time of day; absent for a bare response body. */
  readonly time?: string;
  readonly requests: number;
  readonly inputTokens: number;
  readonly cachedInputTokens: number;
  /** Cache writes of 5 minutes, or of no stated duration. */
  readonly cacheWriteTokens: number;
  readonly cacheWrite1hTokens: number;
  readonly outputTokens: number;
  /** Audio, image and video tokens among the input, cache reads and output above, where the source tells them. */
  readonly media?: Partial<MediaTokens>;
  /** Reasoning tokens among the text output, where the source tells them (some models price them apart). */
  readonly reasoningTokens?: number;
  /**
   * Web searches the provider ran for the record (billed per search, not by the token): absent where
   * the source cannot carry them, which is not the same as none.
   */
  readonly webSearches?: number;
  /** The service tier the source names: batch, flex, priority; standard and default are none. */
  readonly serviceTier?: string;
  /** What the source says the record cost, in USD, as exact decimal text. */
  readonly reportedCost?: string;
  /** Whether the record is one request (its input is one prompt, for context tiers) or a sum of several. */
  readonly perRequest: boolean;
  /** Fields to group by that the source carries. */
  readonly project?: string;
  readonly key?: string;
  readonly user?: string;
  readonly session?: string;
}

/** Tokens of audio, images and video, which some models price apart from text. */
export interface MediaTokens {
  /** All audio input, its cache reads included. */
  inputAudioTokens: number;
  cachedAudioTokens: number;
  /** All image input, its cache reads included. */
  inputImageTokens: number;
  cachedImageTokens: number;
  inputVideoTokens: number;
  outputAudioTokens: number;
  outputImageTokens: number;
  outputVideoTokens: number;
}

export const MEDIA_KEYS = ['inputAudioTokens', 'cachedAudioTokens', 'inputImageTokens', 'cachedImageTokens', 'inputVideoTokens', 'outputAudioTokens', 'outputImageTokens', 'outputVideoTokens'] as const;

export const GROUP_FIELDS = ['model', 'provider', 'day', 'week', 'month', 'project', 'key', 'user', 'session'] as const;
export type GroupField = (typeof GROUP_FIELDS)[number];

/** Token counts of a bucket of records, summed exactly (each sum is checked to stay a safe integer). */
export interface TokenTotals extends MediaTokens {
  records: number;
  requests: number;
  inputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  cacheWrite1hTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  webSearches: number;
  /** Records whose source cannot carry their web searches: charges for any are not in the cost. */
  searchesNotCarried: number;
}

export const emptyTotals = (): TokenTotals => ({
  records: 0,
  requests: 0,
  inputTokens: 0,
  cachedInputTokens: 0,
  cacheWriteTokens: 0,
  cacheWrite1hTokens: 0,
  outputTokens: 0,
  reasoningTokens: 0,
  webSearches: 0,
  searchesNotCarried: 0,
  inputAudioTokens: 0,
  cachedAudioTokens: 0,
  inputImageTokens: 0,
  cachedImageTokens: 0,
  inputVideoTokens: 0,
  outputAudioTokens: 0,
  outputImageTokens: 0,
  outputVideoTokens: 0,
});

const TOKEN_KEYS = ['records', 'requests', 'inputTokens', 'cachedInputTokens', 'cacheWriteTokens', 'cacheWrite1hTokens', 'outputTokens', 'reasoningTokens', 'webSearches', 'searchesNotCarried', ...MEDIA_KEYS] as const;

export function addTotals(into: TokenTotals, from: Readonly<TokenTotals>): void {
  for (const key of TOKEN_KEYS) {
    const sum = into[key] + from[key];
    if (sum > Number.MAX_SAFE_INTEGER) throw new GacostError('invalid-usage', `more than ${Number.MAX_SAFE_INTEGER} ${key} in one group: too many to count exactly`);
    into[key] = sum;
  }
}

/**
 * Records that price alike, summed: the same log model and provider, day, service tier and prompt
 * size class (which context tiers apply), and the same group fields. Prices are linear in tokens, so
 * a bucket prices as exactly as its records one by one.
 */
export interface UsageBucket {
  readonly model: string;
  readonly provider: string | undefined;
  /** The day (YYYY-MM-DD, UTC) whose prices apply; undefined for records without a time. */
  readonly day: string | undefined;
  readonly serviceTier: string | undefined;
  /** The largest context-tier threshold of the catalog that each request's prompt is over (−1: none; null: not per request). */
  readonly promptOver: number | null;
  /**
   * Which part of the UTC day the records are in, between the catalog's time-of-day window edges
   * (0: before the first edge); null for records without a time of day, or a catalog without windows.
   */
  readonly timeSlot: number | null;
  readonly project: string | undefined;
  readonly key: string | undefined;
  readonly user: string | undefined;
  readonly session: string | undefined;
  readonly totals: TokenTotals;
  /** The source's own cost summed, femto-USD as decimal text parts summed exactly; null where no record reported one. */
  reportedCost: bigint | null;
  /** Records of the bucket that reported no cost, when others did. */
  unreported: number;
}

/** Reported costs past 10^±40 are refused: too large or small to sum as femto-USD. */
const REPORTED_MAX_EXPONENT = 40;

/** A decimal USD text as femto-USD; undefined when it is not a plain decimal (rounded half away past 15 places). */
export function reportedFemto(text: string): bigint | undefined {
  return parseDecimal(text, MONEY_SCALE, { signed: true, round: true, maxExponent: REPORTED_MAX_EXPONENT });
}

/**
 * Sums records into buckets; memory grows with the number of distinct buckets, not of records.
 * `thresholds` are the catalog's context-tier thresholds in tokens, ascending, which size each request's prompt.
 */
export class UsageAggregate {
  readonly buckets = new Map<string, UsageBucket>();

  /**
   * @param groups the group fields a report asks for: the others are not kept, so that a log with a
   *   user a request does not make a bucket a request.
   */
  /**
   * @param boundaries the catalog's time-of-day window edges, seconds of the UTC day, ascending: the
   *   records between two edges price alike.
   */
  constructor(
    private readonly thresholds: readonly number[],
    groups: readonly GroupField[] = GROUP_FIELDS,
    readonly boundaries: readonly number[] = [],
  ) {
    this.kept = { project: groups.includes('project'), key: groups.includes('key'), user: groups.includes('user'), session: groups.includes('session') };
  }

  private readonly kept: Readonly<Record<'project' | 'key' | 'user' | 'session', boolean>>;

  add(record: UsageRecord): void {
    const day = record.time === undefined ? undefined : record.time.slice(0, 10);
    const promptOver = record.perRequest ? this.promptClass(record.inputTokens) : null;
    // A sum over a period (a daily row) has no one time of day, as a record dated without one has none.
    const timeSlot = this.boundaries.length === 0 || !record.perRequest || record.time === undefined || record.time.length <= 10 ? null : this.slotOf(secondOfDay(record.time));
    const tier = record.serviceTier;
    const { kept } = this;
    const project = kept.project ? record.project : undefined;
    const key = kept.key ? record.key : undefined;
    const user = kept.user ? record.user : undefined;
    const session = kept.session ? record.session : undefined;
    // JSON keeps every field apart whatever it holds: an absent field (null) is no text "undefined", and a NUL no separator.
    const id = JSON.stringify([record.model, record.provider, day, tier, promptOver, timeSlot, project, key, user, session]);
    let bucket = this.buckets.get(id);
    if (bucket === undefined) {
      bucket = {
        model: this.shared(record.model),
        provider: this.shared(record.provider),
        day: this.shared(day),
        serviceTier: this.shared(tier),
        promptOver,
        timeSlot,
        project,
        key,
        user,
        session,
        totals: emptyTotals(),
        reportedCost: null,
        unreported: 0,
      };
      this.buckets.set(id, bucket);
    }
    const media = record.media;
    addTotals(bucket.totals, {
      records: 1,
      requests: record.requests,
      inputTokens: record.inputTokens,
      cachedInputTokens: record.cachedInputTokens,
      cacheWriteTokens: record.cacheWriteTokens,
      cacheWrite1hTokens: record.cacheWrite1hTokens,
      outputTokens: record.outputTokens,
      reasoningTokens: record.reasoningTokens ?? 0,
      webSearches: record.webSearches ?? 0,
      searchesNotCarried: record.webSearches === undefined ? 1 : 0,
      inputAudioTokens: media?.inputAudioTokens ?? 0,
      cachedAudioTokens: media?.cachedAudioTokens ?? 0,
      inputImageTokens: media?.inputImageTokens ?? 0,
      cachedImageTokens: media?.cachedImageTokens ?? 0,
      inputVideoTokens: media?.inputVideoTokens ?? 0,
      outputAudioTokens: media?.outputAudioTokens ?? 0,
      outputImageTokens: media?.outputImageTokens ?? 0,
      outputVideoTokens: media?.outputVideoTokens ?? 0,
    });
    const reported = record.reportedCost === undefined ? undefined : reportedFemto(record.reportedCost);
    if (reported === undefined) bucket.unreported += 1;
    else bucket.reportedCost = (bucket.reportedCost ?? 0n) + reported;
  }

  /**
   * Adds the buckets of another aggregate of the same kind (records read apart, by another thread):
   * each summed into this one's of the same key, or else taken after this one's, in its order. Merged
   * in the order their records were read, aggregates make the buckets, and the order, of one.
   */
  merge(buckets: ReadonlyMap<string, UsageBucket>): void {
    for (const [id, from] of buckets) {
      const into = this.buckets.get(id);
      if (into === undefined) {
        this.buckets.set(id, from);
        continue;
      }
      addTotals(into.totals, from.totals);
      if (from.reportedCost !== null) into.reportedCost = (into.reportedCost ?? 0n) + from.reportedCost;
      into.unreported += from.unreported;
    }
  }

  /**
   * One copy of a text many buckets hold (a model, a provider, a day, a tier: few values, each read
   * afresh from every record), so that a bucket of --by session costs its session and its sums alone.
   */
  private shared<T extends string | undefined>(text: T): T {
    if (text === undefined) return text;
    const known = this.texts.get(text);
    if (known !== undefined) return known as T;
    this.texts.set(text, text);
    return text;
  }

  private readonly texts = new Map<string, string>();

  private slotOf(second: number): number {
    let slot = 0;
    while (slot < this.boundaries.length && second >= (this.boundaries[slot] ?? Infinity)) slot++;
    return slot;
  }

  /** A second of the UTC day in a slot (its start), which every window prices as the whole slot; null for none. */
  secondOfSlot(slot: number | null): number | null {
    if (slot === null) return null;
    return slot === 0 ? 0 : (this.boundaries[slot - 1] ?? 0);
  }

  private promptClass(prompt: number): number {
    let over = -1;
    for (const [index, threshold] of this.thresholds.entries()) if (prompt > threshold) over = index;
    return over;
  }
}

/** What a tally keeps and leaves out, as plain data (a worker thread is given it). */
export interface TallySpec {
  /** The catalog's context-tier thresholds in tokens, ascending. */
  readonly thresholds: readonly number[];
  /** The catalog's time-of-day window edges, seconds of the UTC day, ascending (dayBoundaries). */
  readonly boundaries: readonly number[];
  readonly groups: readonly GroupField[];
  /** Days (YYYY-MM-DD, UTC) records must be on or after, on or before; a record without a time is on asOf. */
  readonly since: string | undefined;
  readonly until: string | undefined;
  readonly asOf: string;
}

/** The records of a run: summed into an aggregate, but those outside --since and --until, which are only counted. */
export class UsageTally {
  readonly aggregate: UsageAggregate;
  records = 0;
  outside = 0;

  /**
   * @param observe told each record summed (a usage profile, a budget's selectors): it runs in this
   *   thread, so a tally with one is read by this thread alone.
   */
  constructor(
    readonly spec: TallySpec,
    readonly observe?: (record: UsageRecord) => void,
  ) {
    this.aggregate = new UsageAggregate(spec.thresholds, spec.groups, spec.boundaries);
  }

  add(record: UsageRecord): void {
    this.records += 1;
    const { since, until } = this.spec;
    const day = record.time?.slice(0, 10) ?? this.spec.asOf;
    if ((since !== undefined && day < since) || (until !== undefined && day > until)) this.outside += 1;
    else {
      this.aggregate.add(record);
      this.observe?.(record);
    }
  }
}

/** The catalog's context-tier thresholds in tokens, each once, ascending: what sizes a request's prompt. */
export function contextThresholds(catalog: Catalog): bigint[] {
  const thresholds = new Set(catalog.models.flatMap((model) => allContextTiers(model).map((tier) => BigInt(tier.above))));
  return [...thresholds].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The edges of the catalog's time-of-day windows, seconds of the UTC day, each once, ascending (midnight is no edge). */
export function dayBoundaries(catalog: Catalog): number[] {
  const edges = new Set<number>();
  for (const model of catalog.models) {
    if (model.prices === 'unpublished') continue;
    for (const entry of model.prices) if (entry.hours !== undefined) for (const edge of windowSeconds(entry.hours)) if (edge > 0) edges.add(edge);
  }
  return [...edges].sort((a, b) => a - b);
}

/** The second of its UTC day of an ISO time with a time of day (2026-11-03T17:00:05.000Z). */
function secondOfDay(time: string): number {
  return Number(time.slice(11, 13)) * 3600 + Number(time.slice(14, 16)) * 60 + Number(time.slice(17, 19));
}
