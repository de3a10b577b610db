import { GacostError } from '../errors.js';
import { allContextTiers, type Catalog, windowSeconds } from './catalog.js';
import { type Columns, makeRoom, newColumns, setValue, valueAt } from './columns.js';
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

const MEDIA_KEYS = [
  'inputAudioTokens',
  'cachedAudioTokens',
  'inputImageTokens',
  'cachedImageTokens',
  'inputVideoTokens',
  'outputAudioTokens',
  'outputImageTokens',
  'outputVideoTokens',
] as const;

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

const TOKEN_KEYS = [
  'records',
  'requests',
  'inputTokens',
  'cachedInputTokens',
  'cacheWriteTokens',
  'cacheWrite1hTokens',
  'outputTokens',
  'reasoningTokens',
  'webSearches',
  'searchesNotCarried',
  ...MEDIA_KEYS,
] as const;
export type TokenKey = (typeof TOKEN_KEYS)[number];

/** Adds `value` to a count of one group, checked to stay a safe integer. */
function checkedSum(into: number, value: number, key: TokenKey): number {
  const sum = into + value;
  if (sum > Number.MAX_SAFE_INTEGER)
    throw new GacostError('invalid-usage', `more than ${Number.MAX_SAFE_INTEGER} ${key} in one group: too many to count exactly`);
  return sum;
}

export function addTotals(into: TokenTotals, from: Readonly<TokenTotals>): void {
  for (const key of TOKEN_KEYS) into[key] = checkedSum(into[key], from[key], key);
}

/** Token totals of entry `at` of columns of them. */
export function totalsAt(columns: Columns<TokenKey>, at: number): TokenTotals {
  const totals = emptyTotals();
  for (const key of TOKEN_KEYS) totals[key] = valueAt(columns, key, at);
  return totals;
}

/** Adds token totals to entry `at` of columns of them, each sum checked to stay a safe integer. */
export function addTotalsAt(columns: Columns<TokenKey>, at: number, from: Readonly<TokenTotals>): void {
  for (const key of TOKEN_KEYS) if (from[key] !== 0) setValue(columns, key, at, checkedSum(valueAt(columns, key, at), from[key], key));
}

/**
 * Records that price alike, summed: the same log model and provider, day, service tier and prompt
 * size class (which context tiers apply), and the same group fields. Prices are linear in tokens, so
 * a bucket prices as exactly as its records one by one.
 */
export interface UsageBucket extends BucketKind {
  readonly project: string | undefined;
  readonly key: string | undefined;
  readonly user: string | undefined;
  readonly session: string | undefined;
  readonly totals: TokenTotals;
  /** The source's own cost summed, femto-USD as decimal text parts summed exactly; null where no record reported one. */
  readonly reportedCost: bigint | null;
  /** Records of the bucket that reported no cost, when others did. */
  readonly unreported: number;
}

/** What every bucket of a kind shares: few kinds, however many groups (--by session), each held once. */
export interface BucketKind {
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
}

/** The group fields a record carries, which a bucket keeps where a report groups by them. */
const RECORD_GROUPS = ['project', 'key', 'user', 'session'] as const;
type RecordGroup = (typeof RECORD_GROUPS)[number];

/** A bucket's numbers beyond its token counts: its kind, the records that reported a cost. */
type BucketNumber = TokenKey | 'kind' | 'reportedRecords';

/**
 * An aggregate's buckets, a column a field (what a worker thread posts): bucket `at` is of kind
 * `kinds[number kind at]`, its group values are `groups[field][at]`, its numbers in `numbers`.
 */
export interface BucketTable {
  size: number;
  readonly kinds: BucketKind[];
  readonly groups: Partial<Record<RecordGroup, (string | undefined)[]>>;
  readonly numbers: Columns<BucketNumber>;
  /** The source's own cost summed, femto-USD, of the buckets where any record reported one (sparse). */
  readonly reportedCost: (bigint | undefined)[];
}

/** Reported costs past 10^±40 are refused: too large or small to sum as femto-USD. */
const REPORTED_MAX_EXPONENT = 40;

/** A decimal USD text as femto-USD; undefined when it is not a plain decimal (rounded half away past 15 places). */
export function reportedFemto(text: string): bigint | undefined {
  return parseDecimal(text, MONEY_SCALE, { signed: true, round: true, maxExponent: REPORTED_MAX_EXPONENT });
}

/**
 * Sums records into buckets; memory grows with the number of distinct buckets, not of records. The
 * buckets are held column-wise (BucketTable): a bucket of --by session costs its session's text, a
 * place in a map and a few numbers.
 * `thresholds` are the catalog's context-tier thresholds in tokens, ascending, which size each request's prompt.
 */
export class UsageAggregate {
  private table: BucketTable;
  /** The buckets by kind, then by their group values (the one kept field's text itself, or their JSON). */
  private readonly found: Map<string | undefined, number>[] = [];
  private readonly kindIds = new Map<string, number>();

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
    this.kept = RECORD_GROUPS.filter((field) => groups.includes(field));
    this.table = emptyTable(this.kept);
  }

  private readonly kept: readonly RecordGroup[];

  get size(): number {
    return this.table.size;
  }

  add(record: UsageRecord): void {
    const day = record.time === undefined ? undefined : record.time.slice(0, 10);
    const promptOver = record.perRequest ? this.promptClass(record.inputTokens) : null;
    // A sum over a period (a daily row) has no one time of day, as a record dated without one has none.
    const timeSlot =
      this.boundaries.length === 0 || !record.perRequest || record.time === undefined || record.time.length <= 10
        ? null
        : this.slotOf(secondOfDay(record.time));
    const at = this.bucketOf(
      { model: record.model, provider: record.provider, day, serviceTier: record.serviceTier, promptOver, timeSlot },
      record,
    );
    const { numbers } = this.table;
    const media = record.media;
    addTotalsAt(numbers, at, {
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
    if (reported !== undefined) {
      setValue(numbers, 'reportedRecords', at, valueAt(numbers, 'reportedRecords', at) + 1);
      this.table.reportedCost[at] = (this.table.reportedCost[at] ?? 0n) + reported;
    }
  }

  /** The buckets, in the order of their first records, each made afresh as it is read. */
  *buckets(): Generator<UsageBucket, void, undefined> {
    for (let at = 0; at < this.table.size; at++) yield bucketAt(this.table, at);
  }

  /**
   * The buckets as buckets() gives them, each let go once given, for a caller that reads them once and
   * adds nothing after: the map that finds a bucket goes first, the columns after the last bucket, so
   * that a large --by never holds that map and its rows' at once.
   */
  *drain(): Generator<UsageBucket, void, undefined> {
    this.found.length = 0;
    this.kindIds.clear();
    yield* this.buckets();
    this.clear();
  }

  /** What a worker thread posts of its aggregate, for the main thread's to merge. */
  columns(): BucketTable {
    return this.table;
  }

  /** Empties the aggregate. */
  private clear(): void {
    this.table = emptyTable(this.kept);
    this.found.length = 0;
    this.kindIds.clear();
  }

  /**
   * Adds the buckets of other aggregates of the same kind (records read apart, by another thread):
   * each summed into this one's of the same key, or else taken after this one's, in its order.
   */
  merge(others: Iterable<BucketTable>): void {
    for (const table of others) for (let at = 0; at < table.size; at++) this.absorb(bucketAt(table, at));
  }

  /**
   * Holds afresh the buckets of these stretches of tables (this aggregate's own among them, or not),
   * summed, in the order given: each bucket where its first stretch puts it. The reader orders the
   * stretches as the records were read (src/usage/bucket-order.ts).
   */
  rebuild(stretches: Iterable<{ readonly table: BucketTable; readonly from: number; readonly to: number }>): void {
    this.clear();
    for (const { table, from, to } of stretches) for (let at = from; at < to; at++) this.absorb(bucketAt(table, at));
  }

  /** The buckets `keep` keeps, as an aggregate of their own. */
  filter(keep: (bucket: UsageBucket) => boolean): UsageAggregate {
    const kept = new UsageAggregate(this.thresholds, this.kept, this.boundaries);
    for (const bucket of this.buckets()) if (keep(bucket)) kept.absorb(bucket);
    return kept;
  }

  /** Adds a bucket's sums to this aggregate's bucket of its kind and group values (made if new). */
  private absorb(bucket: UsageBucket): void {
    const at = this.bucketOf(bucket, bucket);
    const { numbers, reportedCost } = this.table;
    addTotalsAt(numbers, at, bucket.totals);
    setValue(numbers, 'reportedRecords', at, valueAt(numbers, 'reportedRecords', at) + bucket.totals.records - bucket.unreported);
    if (bucket.reportedCost !== null) reportedCost[at] = (reportedCost[at] ?? 0n) + bucket.reportedCost;
  }

  /** The place of the bucket of this kind and these group values, made if new (the next place). */
  private bucketOf(kind: BucketKind, groups: Readonly<Partial<Record<RecordGroup, string>>>): number {
    const { kept, table } = this;
    // JSON keeps every field apart whatever it holds: an absent field (null) is no text "undefined", and a NUL no separator.
    const kindId = JSON.stringify([kind.model, kind.provider, kind.day, kind.serviceTier, kind.promptOver, kind.timeSlot]);
    let kindAt = this.kindIds.get(kindId);
    if (kindAt === undefined) {
      kindAt = table.kinds.length;
      table.kinds.push({
        model: kind.model,
        provider: kind.provider,
        day: kind.day,
        serviceTier: kind.serviceTier,
        promptOver: kind.promptOver,
        timeSlot: kind.timeSlot,
      });
      this.kindIds.set(kindId, kindAt);
    }
    const [only] = kept;
    const groupId =
      kept.length === 0
        ? undefined
        : kept.length === 1 && only !== undefined
          ? groups[only]
          : JSON.stringify(kept.map((field) => groups[field]));
    const ofKind = (this.found[kindAt] ??= new Map());
    const known = ofKind.get(groupId);
    if (known !== undefined) return known;
    const at = table.size++;
    ofKind.set(groupId, at);
    makeRoom(table.numbers, table.size);
    setValue(table.numbers, 'kind', at, kindAt);
    for (const field of kept) (table.groups[field] as (string | undefined)[]).push(groups[field]);
    return at;
  }

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

function emptyTable(kept: readonly RecordGroup[]): BucketTable {
  return { size: 0, kinds: [], groups: Object.fromEntries(kept.map((field) => [field, []])), numbers: newColumns(), reportedCost: [] };
}

function bucketAt(table: BucketTable, at: number): UsageBucket {
  const { numbers, groups } = table;
  const totals = totalsAt(numbers, at);
  const reportedCost = table.reportedCost[at];
  const kind = table.kinds[valueAt(numbers, 'kind', at)] as BucketKind;
  // Field by field: a spread would make each bucket's object slower to build and to read.
  return {
    model: kind.model,
    provider: kind.provider,
    day: kind.day,
    serviceTier: kind.serviceTier,
    promptOver: kind.promptOver,
    timeSlot: kind.timeSlot,
    project: groups.project?.[at],
    key: groups.key?.[at],
    user: groups.user?.[at],
    session: groups.session?.[at],
    totals,
    reportedCost: reportedCost ?? null,
    unreported: totals.records - valueAt(numbers, 'reportedRecords', at),
  };
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
    for (const entry of model.prices)
      if (entry.hours !== undefined) for (const edge of windowSeconds(entry.hours)) if (edge > 0) edges.add(edge);
  }
  return [...edges].sort((a, b) => a - b);
}

/** The second of its UTC day of an ISO time with a time of day (2026-11-03T17:00:05.000Z). */
function secondOfDay(time: string): number {
  return Number(time.slice(11, 13)) * 3600 + Number(time.slice(14, 16)) * 60 + Number(time.slice(17, 19));
}
