import { GacostError, isGacostError } from '../errors.js';
import { type Mix, mixCost } from './candidate.js';
import {
  type Catalog,
  type CatalogInfo,
  type ContextTier,
  catalogInfo,
  contextTiersOf,
  hasTimeOfDayPrices,
  lookupPrices,
  MEDIA_PRICE_KEYS,
  type Model,
  modelName,
  type PriceSet,
  providerNamed,
  UNIT_PRICE_KEYS,
  UNIT_PRICES,
  type UnitPriceKey,
} from './catalog.js';
import { AmountColumn, type Columns, makeRoom, newColumns, setValue, valueAt } from './columns.js';
import { costOf, type Percent, type PricePerMtok, parsePrice, savingsPercent, subtractUsd, type Usd, unitCostOf } from './money.js';
import type { ModelIndex, Resolution } from './resolve-model.js';
import {
  addTotals,
  addTotalsAt,
  emptyTotals,
  type GroupField,
  type TokenKey,
  type TokenTotals,
  totalsAt,
  type UsageAggregate,
  type UsageBucket,
} from './usage.js';
import type { RoutingPlan } from './usage-plan.js';
import type { UsageProfile } from './usage-profile.js';

/** What `gacost usage` re-prices the observed traffic on: a model, a routing mix (each record's cost by mixCost), or models replaced one by one. */
export type Repricing =
  | { readonly kind: 'model'; readonly model: Model }
  | Mix
  | { readonly kind: 'map'; readonly pairs: readonly { readonly from: Model; readonly to: Model }[] };

export interface UsageOptions {
  /** Drop the aggregate's buckets once priced (nothing reads them afterwards): a large --by then holds its rows alone. */
  readonly release?: boolean;
  /** The provider of records that name none (--provider), as a catalog key. */
  readonly provider: string | undefined;
  /** The date of records without a time. */
  readonly asOf: string;
  readonly by: readonly GroupField[];
  readonly repricings: readonly Repricing[];
  /** Also list the unpriced records by day and provider (reconcile holds them against the bill's lines). */
  readonly unpricedByDay?: boolean;
}

/** Unpriced records of one log name on one day (UNDATED without a time), of one provider (null where none is named). */
export interface UnpricedDay {
  readonly day: string;
  readonly provider: string | null;
  readonly name: string;
  /** Their records and tokens: consumed, though not priced. */
  readonly totals: TokenTotals;
}

export interface UsageRow {
  /** The group's values, one per --by field (model: the catalog id; provider: its key). */
  readonly keys: Readonly<Partial<Record<GroupField, string>>>;
  readonly logModels: readonly string[];
  readonly totals: TokenTotals;
  readonly cost: Usd;
  /** The source's own cost, where every record of the row reported one. */
  readonly reportedCost: Usd | null;
  /** How the row's records were resolved and priced: records, tokens and cost add up to the row's. */
  readonly provenance: readonly ProvenanceShare[];
}

/**
 * How a price was found beyond the model's list price of the day: a context tier (exact, for long
 * prompts), or a price the model does not publish filled in from another (assumed).
 */
type PricingBasis =
  | 'context-tier'
  | 'standard-price-for-tier'
  | 'output-price-for-input'
  | 'input-price-for-cache-reads'
  | 'input-price-for-cache-writes'
  | 'write-price-for-1h-writes'
  | 'time-of-day'
  | 'highest-price-time-of-day-unknown';

/** Bases that fill in a price the catalog does not have for the records: they make a figure assumed. */
const ASSUMED_BASES: ReadonlySet<PricingBasis> = new Set([
  'standard-price-for-tier',
  'output-price-for-input',
  'input-price-for-cache-reads',
  'input-price-for-cache-writes',
  'write-price-for-1h-writes',
  'highest-price-time-of-day-unknown',
]);

/**
 * How far a figure can be trusted, best first: `exact`, a model found by its id, an alias or a dated
 * form of one, at its list prices; `rule`, a model a broader match rule found, at its list prices;
 * `assumed`, a price filled in from another, or a provider the catalog does not know.
 */
export type ProvenanceLevel = 'exact' | 'rule' | 'assumed';
export const PROVENANCE_LEVELS: readonly ProvenanceLevel[] = ['exact', 'rule', 'assumed'];

/**
 * What falls short of `required` (`exact`: every priced record exact; `rule`: exact or by a match
 * rule): the provenance of each such log name, costliest first; empty when all of it holds.
 */
export function belowRequired(
  report: Pick<UsageReport, 'provenance'>,
  required: Exclude<ProvenanceLevel, 'assumed'>,
): readonly ProvenanceShare[] {
  const allowed = PROVENANCE_LEVELS.indexOf(required);
  return report.provenance.entries
    .filter((entry) => PROVENANCE_LEVELS.indexOf(entry.level) > allowed)
    .sort((a, b) => (a.cost === b.cost ? 0 : a.cost > b.cost ? -1 : 1));
}

/** How records of one log name were resolved to a catalog model and priced. */
export interface Provenance {
  /** The model as the log names it. */
  readonly logModel: string;
  /** The catalog model it resolved to. */
  readonly model: string;
  readonly resolution: Resolution;
  /** With resolution `rule`: the part of the match rule that claimed the name. */
  readonly rule: string | null;
  /** The provider the records name where the catalog knows none such (the model was found without it). */
  readonly unknownProvider: string | null;
  /** Empty: the list prices of the records' day. */
  readonly pricing: readonly PricingBasis[];
  readonly level: ProvenanceLevel;
}

export interface ProvenanceShare extends Provenance {
  readonly records: number;
  /** Input and output tokens. */
  readonly tokens: number;
  readonly cost: Usd;
}

/** Records, tokens and cost at one level of trust. */
interface LevelShare {
  readonly level: ProvenanceLevel;
  readonly records: number;
  readonly tokens: number;
  readonly cost: Usd;
}

export interface UnpricedName {
  readonly name: string;
  readonly totals: TokenTotals;
  /** Why: unknown-model, ambiguous-model, no-published-price, no-price-on-date. */
  readonly code: string;
  readonly reason: string;
}

interface RepricedLine {
  readonly repricing: Repricing;
  readonly cost: Usd;
  readonly observedCost: Usd;
  readonly savings: Usd;
  readonly savingsPct: Percent | null;
}

/** An assumption of the observed spend, or (whatIf) of the re-pricings only. */
export type UsageAssumption = UsageAssumptionOf & { readonly whatIf?: true };

type UsageAssumptionOf =
  | { readonly code: 'undated-records'; readonly records: number; readonly asOf: string }
  | { readonly code: 'unknown-provider'; readonly providers: readonly { readonly name: string; readonly records: number }[] }
  | { readonly code: 'input-price-for-cache' | 'write-price-for-1h-writes'; readonly kind: CacheKind; readonly models: readonly string[] }
  | { readonly code: 'output-price-for-input'; readonly models: readonly string[] }
  | { readonly code: 'standard-price-for-tier'; readonly tier: string; readonly models: readonly string[]; readonly records: number }
  | { readonly code: 'first-price-before-release'; readonly models: readonly string[] }
  | { readonly code: 'highest-price-time-of-day-unknown'; readonly models: readonly string[]; readonly records: number }
  | { readonly code: 'charges-not-carried'; readonly price: UnitPriceKey; readonly models: readonly string[] }
  | { readonly code: 'web-searches-unpriced'; readonly models: readonly string[]; readonly searches: number };

/**
 * What one source gave, as its reader counts it (src/usage fills it in as it reads; declared here,
 * where the reports that carry it are, as UsageRecord is).
 */
export interface SourceSummary {
  /** The source as named in messages and the report. */
  readonly path: string;
  /** Its usage format, as --from names it. */
  readonly format: string;
  /** Records it gave (those counted once in the run and given again are duplicates, not records). */
  records: number;
  /** Lines (rows, parts of a document) that hold no usage record, bad records apart. */
  skipped: number;
  duplicates: number;
  /** The lines skipped, by reason. */
  readonly skippedReasons: Map<string, number>;
  /** Bad records skipped with --skip-bad, by reason (their sum over the sources is UsageSources.bad's). */
  readonly bad: Map<string, number>;
}

/** What the sources gave, as the readers counted it. */
export interface UsageSources {
  readonly sources: readonly SourceSummary[];
  /** Bad records skipped with --skip-bad, by reason: how many and where the first few are. */
  readonly bad: ReadonlyMap<string, { readonly count: number; readonly positions: readonly string[] }>;
  /** Files not read (of the folders given, holding no usage gacost reads; or read already), by why: how many and the first few. */
  readonly otherFiles: ReadonlyMap<string, { readonly count: number; readonly positions: readonly string[] }>;
  readonly notes: readonly string[];
  /** Records left out by --since / --until. */
  readonly outside: number;
}

/** Observed spend of dated records per day (per month where their first and last days are SPEND_DAYS_MAX or more apart) and model: what a chart stacks. */
interface SpendOverTime {
  readonly period: 'day' | 'month';
  readonly rows: readonly { readonly period: string; readonly model: string; readonly cost: Usd }[];
}

/** Days between the first and last record from which spend is shown month by month rather than day by day. */
const SPEND_DAYS_MAX = 62;

export interface UsageReport {
  readonly kind: 'usage';
  readonly spendOverTime: SpendOverTime;
  readonly read: UsageSources;
  /** With --profile: what the records say of the traffic's mix, sizes, rates and growth. */
  readonly profile?: UsageProfile;
  /** With --plan: the cheapest routing mixes for the observed traffic. */
  readonly plan?: RoutingPlan;
  readonly catalog: CatalogInfo;
  readonly by: readonly GroupField[];
  /** The catalog's providers' names by their keys (a row's provider key is one): what --format focus writes as ProviderName. */
  readonly providerNames: Readonly<Record<string, string>>;
  readonly rows: readonly UsageRow[];
  readonly unpriced: readonly UnpricedName[];
  /** With unpricedByDay: the unpriced records by day, provider and log name. */
  readonly unpricedDays?: readonly UnpricedDay[];
  readonly repriced: readonly RepricedLine[];
  readonly totals: TokenTotals & {
    readonly cost: Usd;
    readonly reportedCost: Usd | null;
    readonly unpricedRecords: number;
    readonly unpricedTokens: number;
  };
  /** The priced records by how far they can be trusted (every level, in PROVENANCE_LEVELS order), and in detail. */
  readonly provenance: { readonly levels: readonly LevelShare[]; readonly entries: readonly ProvenanceShare[] };
  readonly assumptions: readonly UsageAssumption[];
  /** The catalog's name and provider name of each model of the rows and re-pricings, by id, for the tables. */
  readonly names: ReadonlyMap<string, ModelNames>;
}

/** A model's name for people (modelName) and its provider's, as the catalog gives them ("DeepSeek V4 Flash", "Global API"). */
export interface ModelNames {
  readonly name: string;
  readonly provider: string;
}

/** A report as priceUsage makes it: its rows a table whose rows are made as they are read (see UsageRows). */
export type PricedUsage = Omit<UsageReport, 'read' | 'rows'> & { readonly rows: UsageRows };

/** Prices per 1M tokens of one model on one day, as usage needs them: any may be absent. */
interface DayPrices {
  readonly input?: PricePerMtok;
  readonly cachedInput?: PricePerMtok;
  readonly cacheWrite?: PricePerMtok;
  readonly cacheWrite1h?: PricePerMtok;
  readonly output?: PricePerMtok;
  /** Reasoning tokens' own price, where the model has one (else they are output). */
  readonly reasoning?: PricePerMtok;
  /** Audio, image and video prices, by the catalog's keys. */
  readonly media: Partial<Record<(typeof MEDIA_PRICE_KEYS)[number], PricePerMtok>>;
  /** The context tiers of these prices (their entry's own, else the model's). */
  readonly contextTiers: readonly ContextTier[];
  /** Prices not by the token, USD per UNIT_PRICES[key].per units at the price scale. */
  readonly units: Partial<Record<UnitPriceKey, bigint>>;
}

/** Cache tokens a model may have no price of its own for. */
type CacheKind = 'cache reads' | 'cache writes' | '1-hour cache writes';

/** Why a name or a bucket has no price: an error code and its one-line message. */
interface Refusal {
  readonly code: string;
  readonly reason: string;
}

const emptyNotes = (): Notes => ({
  inputForCache: new Map(),
  outputForInput: new Set(),
  standardForTier: new Map(),
  firstPrice: new Set(),
  timeUnknown: { models: new Set(), records: 0 },
  notCarried: new Map(),
  searchesUnpriced: { models: new Set(), searches: 0 },
});

/** How a model's prices were found for a bucket, to say so in the assumptions. */
interface Notes {
  /** Models, by the kinds of cache tokens they have no price for. */
  inputForCache: Map<CacheKind, Set<string>>;
  outputForInput: Set<string>;
  standardForTier: Map<string, { models: Set<string>; records: number }>;
  firstPrice: Set<string>;
  /** Models with time-of-day prices whose records carry no time of day: priced at the day's highest. */
  timeUnknown: { models: Set<string>; records: number };
  /** Models, by their prices not by the token whose counts the records do not carry. */
  notCarried: Map<UnitPriceKey, Set<string>>;
  /** Models the records ran web searches on that have no web-search price: those searches are not in the cost. */
  searchesUnpriced: { models: Set<string>; searches: number };
}

/**
 * Prices observed usage: each bucket on its log model (resolved through the catalog, with the
 * record's own provider or the default one) at the prices of its day, its service tier and its
 * prompt's context tier; then the same buckets on each re-pricing. Nothing unpriceable is priced at
 * $0: it is listed by log name with its tokens and the reason.
 */
export function priceUsage(
  aggregate: UsageAggregate,
  index: ModelIndex,
  thresholds: readonly bigint[],
  options: UsageOptions,
): PricedUsage {
  const { catalog } = index;
  const notes = emptyNotes();
  // What the re-pricings assumed is said apart: it is no assumption of the observed spend.
  const whatIfNotes = emptyNotes();
  const resolved = new Map<string, ResolvedModel | Refusal>();
  const resolve = (bucket: UsageBucket): ResolvedModel | Refusal => {
    const provider = providerOf(catalog, bucket.provider) ?? options.provider;
    const id = JSON.stringify([provider, bucket.model]);
    let found = resolved.get(id);
    if (found === undefined) {
      try {
        const name = index.matchLogged(bucket.model, provider);
        found = { model: name.model, resolution: name.resolution, rule: name.rule ?? null };
      } catch (error) {
        if (!isGacostError(error)) throw error;
        found = { code: error.code, reason: error.message };
      }
      resolved.set(id, found);
    }
    return found;
  };
  // A provider the records name that the catalog does not know, unless --provider settles it.
  const unknownProviders = new Map<string, number>();
  const unknownProviderOf = (bucket: UsageBucket): string | null =>
    bucket.provider === undefined || options.provider !== undefined || providerOf(catalog, bucket.provider) !== undefined
      ? null
      : bucket.provider;

  // Each provenance once: the rows' shares copy the fields of the same object, not of one made a bucket.
  const provenances = new Map<ResolvedModel, Map<string, Provenance>>();
  const provenanceFor = (logModel: string, found: ResolvedModel, unknownProvider: string | null, pricing: ReadonlySet<PricingBasis>) => {
    const ofModel = provenances.get(found) ?? new Map<string, Provenance>();
    provenances.set(found, ofModel);
    const id = JSON.stringify([unknownProvider, [...pricing].sort()]);
    let provenance = ofModel.get(id);
    if (provenance === undefined) {
      provenance = provenanceOf(logModel, found, unknownProvider, pricing);
      ofModel.set(id, provenance);
    }
    return provenance;
  };
  const rows = new RowBuilder(options.by, aggregate.size);
  const names = new Map<string, ModelNames>();
  const named = (model: Model) => {
    if (!names.has(model.id))
      names.set(model.id, { name: modelName(model), provider: catalog.providers[model.provider]?.name ?? model.provider });
  };
  const unpriced = new Map<string, { totals: TokenTotals } & Refusal>();
  const unpricedDays = new Map<string, UnpricedDay>();
  // Kept for the re-pricings alone: a large --by priced on none holds no list of its buckets.
  const priced: { bucket: UsageBucket; model: Model }[] = [];
  const totals = emptyTotals();
  let observedCost = 0n as Usd;
  // Undated records have no place in time: they are in the totals (priced as of --as-of, and said), not here.
  const spendByDay = new Map<string, { day: string; model: string; cost: Usd }>();
  let undated = 0;
  for (const bucket of options.release === true ? aggregate.drain() : aggregate.buckets()) {
    const found = resolve(bucket);
    const day = bucket.day ?? options.asOf;
    if (bucket.day === undefined) undated += bucket.totals.records;
    const pricing = new Set<PricingBasis>();
    const cost =
      'code' in found
        ? found
        : bucketCost(bucket, found.model, { day, second: aggregate.secondOfSlot(bucket.timeSlot) }, thresholds, notes, false, pricing);
    if (typeof cost !== 'bigint' || 'code' in found) {
      const refusal = 'code' in found ? found : (cost as Refusal);
      const entry = unpriced.get(bucket.model) ?? { totals: emptyTotals(), ...refusal };
      addTotals(entry.totals, bucket.totals);
      unpriced.set(bucket.model, entry);
      if (options.unpricedByDay === true) {
        const provider = providerOf(catalog, bucket.provider) ?? options.provider ?? null;
        const at = JSON.stringify([bucket.day ?? UNDATED, provider, bucket.model]);
        const known = unpricedDays.get(at) ?? { day: bucket.day ?? UNDATED, provider, name: bucket.model, totals: emptyTotals() };
        addTotals(known.totals, bucket.totals);
        unpricedDays.set(at, known);
      }
      continue;
    }
    const { model } = found;
    named(model);
    if (options.repricings.length > 0) priced.push({ bucket, model });
    addTotals(totals, bucket.totals);
    observedCost = (observedCost + cost) as Usd;
    if (bucket.day !== undefined) {
      const at = `${bucket.day}\u0000${model.id}`;
      const spent = spendByDay.get(at) ?? { day: bucket.day, model: model.id, cost: 0n as Usd };
      spent.cost = (spent.cost + cost) as Usd;
      spendByDay.set(at, spent);
    }
    const unknownProvider = unknownProviderOf(bucket);
    if (unknownProvider !== null)
      unknownProviders.set(unknownProvider, (unknownProviders.get(unknownProvider) ?? 0) + bucket.totals.records);
    rows.add(bucket, groupKeys(bucket, model, options.by), cost, provenanceFor(bucket.model, found, unknownProvider, pricing));
  }

  const spendOverTime = spendByPeriod([...spendByDay.values()]);
  const repriced = options.repricings.map((repricing): RepricedLine => {
    if (repricing.kind === 'model') named(repricing.model);
    const cost = priced.reduce(
      (sum, { bucket, model }) =>
        sum +
        repricedCost(
          repricing,
          bucket,
          model,
          { day: bucket.day ?? options.asOf, second: aggregate.secondOfSlot(bucket.timeSlot) },
          thresholds,
          whatIfNotes,
        ),
      0n,
    ) as Usd;
    return { repricing, cost, observedCost, savings: subtractUsd(observedCost, cost), savingsPct: savingsPercent(cost, observedCost) };
  });

  const unpricedTotals = emptyTotals();
  for (const entry of unpriced.values()) addTotals(unpricedTotals, entry.totals);
  const usageRows = rows.done();
  return {
    kind: 'usage',
    catalog: catalogInfo(catalog, { asOf: options.asOf, tier: null }),
    by: options.by,
    providerNames: Object.fromEntries(Object.entries(catalog.providers).map(([key, provider]) => [key, provider.name])),
    spendOverTime,
    rows: usageRows,
    unpriced: [...unpriced]
      .map(([name, entry]) => ({ name, totals: entry.totals, code: entry.code, reason: entry.reason }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    repriced,
    ...(options.unpricedByDay === true ? { unpricedDays: [...unpricedDays.values()] } : {}),
    totals: {
      ...totals,
      cost: observedCost,
      reportedCost: usageRows.reportedTotal(),
      unpricedRecords: unpricedTotals.records,
      unpricedTokens: unpricedTotals.inputTokens + unpricedTotals.outputTokens,
    },
    provenance: provenanceSummary(usageRows),
    names,
    assumptions: [
      ...assumptionsOf(notes, undated, options.asOf, unknownProviders),
      ...assumptionsOf(whatIfNotes, 0, options.asOf, new Map()).map((assumption) => ({ ...assumption, whatIf: true as const })),
    ],
  };
}

/**
 * The rows of a report, built as its buckets are priced, and held column-wise: what a row costs is
 * what a large --by costs (--by session: a row a session, nearly all of one bucket). A row of one
 * bucket holds its keys' texts (shared with the bucket) and a few numbers: its counts, its cost, and
 * the places of its list of log names and of its provenance among the few distinct ones; a second
 * bucket gives it a list of its own and its provenance shares. Rows are made as they are read (UsageRows).
 */
class RowBuilder {
  private readonly table: RowTable;
  /** Each row's place by its keys (its one key's own text, when grouped by one field). */
  private readonly places = new Map<string, number>();
  /** The places of the lists of one log name, and of the provenances, in the table. */
  private readonly nameLists = new Map<string, number>();
  private readonly provenances = new Map<Provenance, number>();

  /** @param buckets how many buckets are priced: the most rows there can be, which the columns are made for. */
  constructor(
    private readonly by: readonly GroupField[],
    buckets: number,
  ) {
    this.table = {
      by,
      size: 0,
      keys: Object.fromEntries(by.map((field) => [field, new Array<string>(buckets)])),
      numbers: newColumns(buckets),
      costs: new AmountColumn(buckets),
      reported: new AmountColumn(0),
      nameLists: [],
      provenances: [],
      shares: new Map(),
    };
  }

  add(bucket: UsageBucket, keys: Partial<Record<GroupField, string>>, cost: Usd, provenance: Provenance): void {
    const { table, by } = this;
    const { numbers } = table;
    const [only] = by;
    const id = by.length === 1 && only !== undefined ? (keys[only] ?? '') : JSON.stringify(keys);
    const { totals } = bucket;
    const reported = bucket.reportedCost === null || bucket.unreported > 0 ? null : (bucket.reportedCost as Usd);
    const at = this.places.get(id);
    if (at === undefined) {
      const place = table.size++;
      this.places.set(id, place);
      makeRoom(numbers, table.size);
      for (const field of by) (table.keys[field] as string[])[place] = keys[field] ?? '';
      addTotalsAt(numbers, place, totals);
      table.costs.set(place, cost);
      if (reported !== null) {
        setValue(numbers, 'reported', place, 1);
        table.reported.set(place, reported);
      }
      setValue(numbers, 'names', place, this.oneName(bucket.model));
      setValue(numbers, 'provenance', place, this.placeOf(provenance));
      return;
    }
    const shares = this.sharesOf(at);
    const tokens = totals.inputTokens + totals.outputTokens;
    addTotalsAt(numbers, at, totals);
    const names = valueAt(numbers, 'names', at);
    const logModels = table.nameLists[names] as readonly string[];
    if (!logModels.includes(bucket.model)) table.nameLists[names] = [...logModels, bucket.model];
    table.costs.set(at, table.costs.get(at) + cost);
    if (valueAt(numbers, 'reported', at) === 1 && reported !== null) table.reported.set(at, table.reported.get(at) + reported);
    else setValue(numbers, 'reported', at, 0);
    const share = shares.findIndex((entry) => sameProvenance(entry, provenance));
    const found = shares[share];
    if (found === undefined) shares.push(provenanceShare(provenance, totals.records, tokens, cost));
    else shares[share] = provenanceShare(found, found.records + totals.records, found.tokens + tokens, (found.cost + cost) as Usd);
  }

  /** The rows in the order of their keys, each one's log names in order and its provenance best-trusted first. */
  done(): UsageRows {
    const { table } = this;
    this.places.clear();
    for (const [at, shares] of table.shares) {
      const names = valueAt(table.numbers, 'names', at);
      table.nameLists[names] = [...(table.nameLists[names] as readonly string[])].sort();
      shares.sort(byLevelThenCost);
    }
    const order = new Uint32Array(table.size);
    for (let at = 0; at < order.length; at++) order[at] = at;
    const rows = new UsageRows(table, order);
    return rows.sortedBy((a, b) => rows.compareKeys(a, b));
  }

  /** The shares of a row of several buckets, made from its one provenance when its second bucket joins; and a place of its own for its log names. */
  private sharesOf(at: number): ProvenanceShare[] {
    const { table } = this;
    const known = table.shares.get(at);
    if (known !== undefined) return known;
    const totals = totalsAt(table.numbers, at);
    const provenance = table.provenances[valueAt(table.numbers, 'provenance', at)] as Provenance;
    const shares = [provenanceShare(provenance, totals.records, totals.inputTokens + totals.outputTokens, table.costs.get(at) as Usd)];
    table.shares.set(at, shares);
    setValue(
      table.numbers,
      'names',
      at,
      table.nameLists.push(table.nameLists[valueAt(table.numbers, 'names', at)] as readonly string[]) - 1,
    );
    return shares;
  }

  /** The place of the one list for every row of one bucket of that log name. */
  private oneName(name: string): number {
    let place = this.nameLists.get(name);
    if (place === undefined) {
      place = this.table.nameLists.push([name]) - 1;
      this.nameLists.set(name, place);
    }
    return place;
  }

  private placeOf(provenance: Provenance): number {
    let place = this.provenances.get(provenance);
    if (place === undefined) {
      place = this.table.provenances.push(provenance) - 1;
      this.provenances.set(provenance, place);
    }
    return place;
  }
}

/** A report's rows, a column a field (see RowBuilder): row `at` is the at-th of each. */
interface RowTable {
  readonly by: readonly GroupField[];
  size: number;
  /** A column of texts a --by field. */
  readonly keys: Partial<Record<GroupField, string[]>>;
  /**
   * Token counts; `reported`, 1 where every record of the row reported a cost; `names`, the place of
   * its log names in nameLists; `provenance`, of its provenance in provenances (a row of one bucket).
   */
  readonly numbers: Columns<TokenKey | 'reported' | 'names' | 'provenance'>;
  readonly costs: AmountColumn;
  /** The source's own cost, where `reported` is 1. */
  readonly reported: AmountColumn;
  readonly nameLists: (readonly string[])[];
  readonly provenances: Provenance[];
  /** The provenance of each row of several buckets, by share. */
  readonly shares: Map<number, ProvenanceShare[]>;
}

/**
 * A report's rows in an order, each row made as it is read: --by session on a million sessions is
 * written out a row at a time, never held as a million objects.
 */
export class UsageRows implements Iterable<UsageRow> {
  constructor(
    private readonly table: RowTable,
    /** The places of the rows in the table, in their order. */
    private readonly order: Uint32Array,
  ) {}

  get length(): number {
    return this.order.length;
  }

  *[Symbol.iterator](): Generator<UsageRow, void, undefined> {
    for (const at of this.order) yield this.rowAt(at);
  }

  /** The same rows in another order: `compare` is given two rows' places in the table (read by costAt, countAt, compareKeys). */
  sortedBy(compare: (a: number, b: number) => number): UsageRows {
    return new UsageRows(this.table, this.order.slice().sort(compare));
  }

  costAt(at: number): Usd {
    return this.table.costs.get(at) as Usd;
  }

  countAt(at: number, key: TokenKey): number {
    return valueAt(this.table.numbers, key, at);
  }

  /** The rows at two places in the order of their keys, field by field ("undated" after every date, as its letters sort after digits). */
  compareKeys(a: number, b: number): number {
    for (const field of this.table.by) {
      const column = this.table.keys[field] as string[];
      const [x, y] = [column[a] as string, column[b] as string];
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  }

  /** What every row's source reported, where every record of every row reported a cost; else null. */
  reportedTotal(): Usd | null {
    const { table } = this;
    let sum = 0n;
    for (let at = 0; at < table.size; at++) {
      if (valueAt(table.numbers, 'reported', at) !== 1) return null;
      sum += table.reported.get(at);
    }
    return table.size === 0 ? null : (sum as Usd);
  }

  private rowAt(at: number): UsageRow {
    const { table } = this;
    const keys: Partial<Record<GroupField, string>> = {};
    for (const field of table.by) keys[field] = table.keys[field]?.[at] ?? '';
    const totals = totalsAt(table.numbers, at);
    const cost = table.costs.get(at) as Usd;
    const provenance = table.provenances[valueAt(table.numbers, 'provenance', at)] as Provenance;
    return {
      keys,
      logModels: table.nameLists[valueAt(table.numbers, 'names', at)] as readonly string[],
      totals,
      cost,
      reportedCost: valueAt(table.numbers, 'reported', at) === 1 ? (table.reported.get(at) as Usd) : null,
      provenance: table.shares.get(at) ?? [provenanceShare(provenance, totals.records, totals.inputTokens + totals.outputTokens, cost)],
    };
  }
}

/** Whether a share is of that provenance: the same fields (as the report's summary keys them). */
function sameProvenance(share: ProvenanceShare, provenance: Provenance): boolean {
  return (
    share.logModel === provenance.logModel &&
    share.model === provenance.model &&
    share.resolution === provenance.resolution &&
    share.rule === provenance.rule &&
    share.unknownProvider === provenance.unknownProvider &&
    share.level === provenance.level &&
    share.pricing.join() === provenance.pricing.join()
  );
}

/** A log name's model as priceUsage resolved it. */
interface ResolvedModel {
  readonly model: Model;
  readonly resolution: Resolution;
  readonly rule: string | null;
}

function provenanceOf(
  logModel: string,
  found: ResolvedModel,
  unknownProvider: string | null,
  pricing: ReadonlySet<PricingBasis>,
): Provenance {
  const bases = [...pricing].sort();
  const level: ProvenanceLevel =
    unknownProvider !== null || bases.some((basis) => ASSUMED_BASES.has(basis))
      ? 'assumed'
      : found.resolution === 'rule'
        ? 'rule'
        : 'exact';
  return { logModel, model: found.model.id, resolution: found.resolution, rule: found.rule, unknownProvider, pricing: bases, level };
}

/** Adds a bucket's records, tokens and cost to the share of its provenance. */
function addProvenance(into: Map<string, ProvenanceShare>, provenance: Provenance, totals: TokenTotals, cost: Usd): void {
  const key = JSON.stringify(provenance);
  const share = into.get(key);
  const tokens = totals.inputTokens + totals.outputTokens;
  into.set(
    key,
    share === undefined
      ? provenanceShare(provenance, totals.records, tokens, cost)
      : provenanceShare(share, share.records + totals.records, share.tokens + tokens, (share.cost + cost) as Usd),
  );
}

/**
 * A share written field by field: a spread makes V8 give each object a dictionary of its own, about
 * 500 bytes, and --by session has a share a session.
 */
function provenanceShare(of: Provenance, records: number, tokens: number, cost: Usd): ProvenanceShare {
  const { logModel, model, resolution, rule, unknownProvider, pricing, level } = of;
  return { logModel, model, resolution, rule, unknownProvider, pricing, level, records, tokens, cost };
}

const LEVEL_ORDER = (level: ProvenanceLevel) => PROVENANCE_LEVELS.indexOf(level);

/** Best-trusted first, then the costliest, then by log name and model for a stable order. */
function byLevelThenCost(a: ProvenanceShare, b: ProvenanceShare): number {
  if (a.level !== b.level) return LEVEL_ORDER(a.level) - LEVEL_ORDER(b.level);
  if (a.cost !== b.cost) return a.cost > b.cost ? -1 : 1;
  const x = JSON.stringify([a.logModel, a.model, a.pricing]);
  const y = JSON.stringify([b.logModel, b.model, b.pricing]);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Every row's provenance merged, and summed by level (each level present, zero where none). */
function provenanceSummary(rows: Iterable<UsageRow>): UsageReport['provenance'] {
  const entries = new Map<string, ProvenanceShare>();
  for (const row of rows) {
    for (const share of row.provenance) {
      const { records, tokens, cost, ...provenance } = share;
      addProvenance(entries, provenance, { ...emptyTotals(), records, inputTokens: tokens }, cost);
    }
  }
  const levels = PROVENANCE_LEVELS.map((level): LevelShare => {
    const at = [...entries.values()].filter((entry) => entry.level === level);
    return {
      level,
      records: at.reduce((sum, entry) => sum + entry.records, 0),
      tokens: at.reduce((sum, entry) => sum + entry.tokens, 0),
      cost: at.reduce((sum, entry) => sum + entry.cost, 0n) as Usd,
    };
  });
  return { levels, entries: [...entries.values()].sort(byLevelThenCost) };
}

function spendByPeriod(priced: readonly { readonly day: string; readonly model: string; readonly cost: Usd }[]): SpendOverTime {
  const days = priced.map((entry) => entry.day).sort();
  const first = days[0];
  const last = days.at(-1);
  const span = first === undefined || last === undefined ? 0 : (Date.parse(last) - Date.parse(first)) / 86_400_000;
  const period = span < SPEND_DAYS_MAX ? 'day' : 'month';
  const costs = new Map<string, { period: string; model: string; cost: Usd }>();
  for (const { day, model, cost } of priced) {
    const at = period === 'day' ? day : day.slice(0, 7);
    const key = `${at}\u0000${model}`;
    const entry = costs.get(key) ?? { period: at, model, cost: 0n as Usd };
    entry.cost = (entry.cost + cost) as Usd;
    costs.set(key, entry);
  }
  const rows = [...costs.values()].sort((a, b) =>
    a.period === b.period ? (a.model < b.model ? -1 : a.model > b.model ? 1 : 0) : a.period < b.period ? -1 : 1,
  );
  return { period, rows };
}

/** A record's provider as a catalog key, or undefined where the catalog has no such provider. */
function providerOf(catalog: Catalog, provider: string | undefined): string | undefined {
  return provider === undefined ? undefined : providerNamed(catalog, provider);
}

/** The day, week and month of records without a time: priced as of --as-of, never filed under a date. */
const UNDATED = 'undated';

function groupKeys(bucket: UsageBucket, model: Model, by: readonly GroupField[]): Partial<Record<GroupField, string>> {
  const keys: Partial<Record<GroupField, string>> = {};
  const { day } = bucket;
  for (const field of by) {
    const value =
      field === 'model'
        ? model.id
        : field === 'provider'
          ? model.provider
          : field === 'day'
            ? (day ?? UNDATED)
            : field === 'week'
              ? day === undefined
                ? UNDATED
                : isoWeek(day)
              : field === 'month'
                ? (day?.slice(0, 7) ?? UNDATED)
                : bucket[field];
    keys[field] = value ?? '';
  }
  return keys;
}

/** The ISO week of a day, as 2026-W05: the week of its Thursday, in the year of that Thursday. */
export function isoWeek(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 4 - (date.getUTCDay() || 7));
  const year = date.getUTCFullYear();
  const week = Math.ceil(((date.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** When a bucket's records are: their day, and a second of the UTC day in their part of it (null: no time of day). */
interface When {
  readonly day: string;
  readonly second: number | null;
}

/**
 * A model's prices on a day at a service tier (the tier's where the model has it, else the standard
 * ones, noted), or why it has none. Before its first dated price, a re-pricing takes the first (noted).
 * With time-of-day prices and no time of day, every price the day has (the caller takes the highest).
 */
function dayPrices(
  model: Model,
  when: When,
  serviceTier: string | undefined,
  records: number,
  notes: Notes,
  beforeReleaseTakesFirst: boolean,
  pricing: Set<PricingBasis>,
): DayPrices[] | Refusal {
  const { day } = when;
  let lookup = lookupPrices(model, day, when.second);
  if (lookup.kind === 'not-yet' && beforeReleaseTakesFirst) {
    notes.firstPrice.add(model.id);
    lookup = lookupPrices(model, lookup.first, when.second);
  }
  switch (lookup.kind) {
    case 'unpublished':
      return { code: 'no-published-price', reason: `model ${model.id} has no published price in the catalog` };
    case 'retired':
      return { code: 'no-price-on-date', reason: `model ${model.id} was retired on ${lookup.retired}, before ${day}` };
    case 'not-yet':
      return { code: 'no-price-on-date', reason: `model ${model.id} has no price before ${lookup.first}, so none on ${day}` };
  }
  if (when.second !== null && hasTimeOfDayPrices(model)) pricing.add('time-of-day');
  const candidates = when.second === null ? [lookup.prices, ...lookup.windows] : [lookup.prices];
  let tier: Partial<PriceSet> | undefined;
  if (serviceTier !== undefined) {
    tier = model.tiers?.[serviceTier];
    if (tier === undefined) {
      const entry = notes.standardForTier.get(serviceTier) ?? { models: new Set<string>(), records: 0 };
      entry.models.add(model.id);
      // The records of the traffic observed: a re-pricing prices the same records again.
      if (!beforeReleaseTakesFirst) entry.records += records;
      notes.standardForTier.set(serviceTier, entry);
      pricing.add('standard-price-for-tier');
    }
  }
  return candidates.map((prices) => ({ ...exactPrices({ ...prices, ...tier }), contextTiers: contextTiersOf(model, prices) }));
}

function exactPrices(prices: Partial<PriceSet>): Omit<DayPrices, 'contextTiers'> {
  const read = (text: string | undefined) => (text === undefined ? undefined : parsePrice(text));
  const media: DayPrices['media'] = {};
  for (const key of MEDIA_PRICE_KEYS) {
    const price = read(prices[key]);
    if (price !== undefined) media[key] = price;
  }
  const units: DayPrices['units'] = {};
  for (const key of UNIT_PRICE_KEYS) {
    const price = read(prices[key]);
    if (price !== undefined) units[key] = price;
  }
  const reasoning = read(prices.output_reasoning);
  return {
    input: read(prices.input),
    cachedInput: read(prices.cached_input),
    cacheWrite: read(prices.cache_write),
    cacheWrite1h: read(prices.cache_write_1h),
    output: read(prices.output),
    ...(reasoning === undefined ? {} : { reasoning }),
    media,
    units,
  };
}

/** The context tier's prices over the day's, where the bucket's prompts are over one of the model's thresholds. */
function withContextTier(prices: DayPrices, bucket: UsageBucket, thresholds: readonly bigint[], pricing: Set<PricingBasis>): DayPrices {
  if (bucket.promptOver === null || bucket.promptOver < 0) return prices;
  const over = thresholds[bucket.promptOver] ?? -1n;
  const tier = prices.contextTiers
    .filter((candidate) => BigInt(candidate.above) <= over)
    .sort((a, b) => (BigInt(a.above) < BigInt(b.above) ? -1 : 1))
    .at(-1);
  if (tier === undefined) return prices;
  pricing.add('context-tier');
  const tierPrices = exactPrices(tier);
  const reasoning = tierPrices.reasoning ?? prices.reasoning;
  return {
    input: tierPrices.input ?? prices.input,
    cachedInput: tierPrices.cachedInput ?? prices.cachedInput,
    cacheWrite: tierPrices.cacheWrite ?? prices.cacheWrite,
    cacheWrite1h: tierPrices.cacheWrite1h ?? prices.cacheWrite1h,
    output: tierPrices.output ?? prices.output,
    ...(reasoning === undefined ? {} : { reasoning }),
    media: { ...prices.media, ...tierPrices.media },
    contextTiers: prices.contextTiers,
    units: { ...prices.units, ...tierPrices.units },
  };
}

/**
 * A bucket's cost on a model, or why it cannot be priced. Input that is neither a cache read nor a
 * cache write is priced at the input price; a price the model does not publish falls back to the input
 * price (cache reads and writes; a 1-hour write first to the 5-minute price), and the input price to
 * the output price (the seed's conservative rule for a list that publishes output prices only).
 */
function bucketCost(
  bucket: UsageBucket,
  model: Model,
  when: When,
  thresholds: readonly bigint[],
  notes: Notes,
  beforeReleaseTakesFirst: boolean,
  pricing: Set<PricingBasis> = new Set(),
): Usd | Refusal {
  const found = dayPrices(model, when, bucket.serviceTier, bucket.totals.records, notes, beforeReleaseTakesFirst, pricing);
  if ('code' in found) return found;
  const observed = !beforeReleaseTakesFirst;
  if (found.length === 1) return costAt(found[0] as DayPrices, bucket, model, thresholds, notes, pricing, observed);
  // Time-of-day prices and no time of day: the highest the day's prices give, an upper bound (said).
  let highest: Usd | undefined;
  for (const prices of found) {
    const cost = costAt(prices, bucket, model, thresholds, notes, pricing, observed);
    if (typeof cost !== 'bigint') return cost;
    if (highest === undefined || cost > highest) highest = cost;
  }
  notes.timeUnknown.models.add(model.id);
  if (!beforeReleaseTakesFirst) notes.timeUnknown.records += bucket.totals.records;
  pricing.add('highest-price-time-of-day-unknown');
  return highest ?? (0n as Usd);
}

/** A bucket's cost at one set of prices; `observed`: of the traffic observed (a re-pricing prices the same records again, and counts none). */
function costAt(
  found: DayPrices,
  bucket: UsageBucket,
  model: Model,
  thresholds: readonly bigint[],
  notes: Notes,
  pricing: Set<PricingBasis>,
  observed: boolean,
): Usd | Refusal {
  const prices = withContextTier(found, bucket, thresholds, pricing);
  const { inputTokens, cachedInputTokens, cacheWriteTokens, cacheWrite1hTokens, outputTokens } = bucket.totals;
  if (prices.output === undefined && outputTokens > 0)
    return { code: 'no-published-price', reason: `model ${model.id} publishes no output price, and these records have output tokens` };
  const anyInput = inputTokens > 0;
  const input = prices.input ?? prices.output;
  if (anyInput && prices.input === undefined) {
    notes.outputForInput.add(model.id);
    pricing.add('output-price-for-input');
  }
  if (input === undefined)
    return anyInput ? { code: 'no-published-price', reason: `model ${model.id} publishes no input price` } : (0n as Usd);
  const cachedPrice = prices.cachedInput ?? input;
  const writePrice = prices.cacheWrite ?? input;
  const write1hPrice = prices.cacheWrite1h ?? prices.cacheWrite ?? input;
  if (prices.input !== undefined) {
    const noPrice = (kind: CacheKind) => {
      notes.inputForCache.set(kind, (notes.inputForCache.get(kind) ?? new Set()).add(model.id));
      pricing.add(
        kind === 'cache reads'
          ? 'input-price-for-cache-reads'
          : kind === 'cache writes'
            ? 'input-price-for-cache-writes'
            : 'write-price-for-1h-writes',
      );
    };
    if (cachedInputTokens > 0 && prices.cachedInput === undefined) noPrice('cache reads');
    if (cacheWriteTokens > 0 && prices.cacheWrite === undefined) noPrice('cache writes');
    if (cacheWrite1hTokens > 0 && prices.cacheWrite1h === undefined)
      noPrice(prices.cacheWrite === undefined ? 'cache writes' : '1-hour cache writes');
  }
  // Audio, image and video at their own prices where the model has them, else as text (as genai-prices does).
  // A cached audio or image token is both a cache read and an audio or image token: without a price of
  // its own, the cache read price where the model has one, else the audio or image price.
  const t = bucket.totals;
  const output = prices.output ?? (0n as PricePerMtok);
  const media = prices.media;
  const audioIn = t.inputAudioTokens - t.cachedAudioTokens;
  const imageIn = t.inputImageTokens - t.cachedImageTokens;
  const textUncached = inputTokens - cachedInputTokens - cacheWriteTokens - cacheWrite1hTokens - audioIn - imageIn - t.inputVideoTokens;
  const textCached = cachedInputTokens - t.cachedAudioTokens - t.cachedImageTokens;
  // Reasoning at its own price where the model has one, else as the text output it is part of.
  const reasoning = prices.reasoning === undefined ? 0 : t.reasoningTokens;
  const textOutput = outputTokens - t.outputAudioTokens - t.outputImageTokens - t.outputVideoTokens - reasoning;
  const parts: [number, PricePerMtok][] = [
    [textUncached, input],
    [textCached, cachedPrice],
    [cacheWriteTokens, writePrice],
    [cacheWrite1hTokens, write1hPrice],
    [textOutput, output],
    [audioIn, media.input_audio ?? input],
    [t.cachedAudioTokens, media.cached_input_audio ?? prices.cachedInput ?? media.input_audio ?? input],
    [imageIn, media.input_image ?? input],
    [t.cachedImageTokens, media.cached_input_image ?? prices.cachedInput ?? media.input_image ?? input],
    [t.inputVideoTokens, media.input_video ?? input],
    [t.outputAudioTokens, media.output_audio ?? output],
    [t.outputImageTokens, media.output_image ?? output],
    [t.outputVideoTokens, media.output_video ?? output],
    [reasoning, prices.reasoning ?? output],
  ];
  const tokenCost = parts.reduce((sum, [tokens, price]) => (tokens === 0 ? sum : sum + costOf(BigInt(tokens), price)), 0n);
  return (tokenCost + unitCharges(prices.units, t, model, notes, observed)) as Usd;
}

/**
 * What a bucket costs at its model's prices not by the token: web searches and requests where the
 * records count them. A price whose count the records do not carry (a source without web searches;
 * pages, messages and hours of audio, which no log gacost reads counts) charges nothing, and is noted.
 */
function unitCharges(prices: DayPrices['units'], totals: TokenTotals, model: Model, notes: Notes, observed: boolean): bigint {
  let cost = 0n;
  if (totals.webSearches > 0 && prices.web_searches_per_1k === undefined) {
    notes.searchesUnpriced.models.add(model.id);
    if (observed) notes.searchesUnpriced.searches += totals.webSearches;
  }
  for (const key of UNIT_PRICE_KEYS) {
    const price = prices[key];
    if (price === undefined) continue;
    const counted = key === 'web_searches_per_1k' ? totals.webSearches : key === 'requests_per_1k' ? totals.requests : 0;
    // Anthropic's usage report counts no requests: its records have 0.
    const carried =
      key === 'web_searches_per_1k' ? totals.searchesNotCarried === 0 : key === 'requests_per_1k' ? totals.requests > 0 : false;
    if (!carried) notes.notCarried.set(key, (notes.notCarried.get(key) ?? new Set()).add(model.id));
    if (counted > 0) cost += unitCostOf(BigInt(counted), price, UNIT_PRICES[key].per);
  }
  return cost;
}

/** A priced bucket's cost on a re-pricing, at the prices of the bucket's day (a model's first price before it had one). */
function repricedCost(
  repricing: Repricing,
  bucket: UsageBucket,
  observed: Model,
  when: When,
  thresholds: readonly bigint[],
  notes: Notes,
): bigint {
  const on = (model: Model): bigint => {
    const cost = bucketCost(bucket, model, when, thresholds, notes, true);
    if (typeof cost !== 'bigint') throw new GacostError('no-published-price', `cannot re-price on ${model.id}: ${cost.reason}`);
    return cost;
  };
  switch (repricing.kind) {
    case 'model':
      return on(repricing.model);
    case 'mix':
      return mixCost(repricing.parts, (part) => on(part.model.model));
    case 'map':
      return on(repricing.pairs.find((pair) => pair.from === observed)?.to ?? observed);
  }
}

function assumptionsOf(notes: Notes, undated: number, asOf: string, unknownProviders: ReadonlyMap<string, number>): UsageAssumption[] {
  const sorted = (set: Set<string>) => [...set].sort();
  const assumptions: UsageAssumption[] = [];
  if (undated > 0) assumptions.push({ code: 'undated-records', records: undated, asOf });
  if (unknownProviders.size > 0) {
    assumptions.push({
      code: 'unknown-provider',
      providers: [...unknownProviders].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, records]) => ({ name, records })),
    });
  }
  if (notes.outputForInput.size > 0) assumptions.push({ code: 'output-price-for-input', models: sorted(notes.outputForInput) });
  for (const [kind, models] of notes.inputForCache)
    assumptions.push({
      code: kind === '1-hour cache writes' ? 'write-price-for-1h-writes' : 'input-price-for-cache',
      kind,
      models: sorted(models),
    });
  for (const [tier, entry] of notes.standardForTier)
    assumptions.push({ code: 'standard-price-for-tier', tier, models: sorted(entry.models), records: entry.records });
  if (notes.firstPrice.size > 0) assumptions.push({ code: 'first-price-before-release', models: sorted(notes.firstPrice) });
  if (notes.timeUnknown.models.size > 0)
    assumptions.push({
      code: 'highest-price-time-of-day-unknown',
      models: sorted(notes.timeUnknown.models),
      records: notes.timeUnknown.records,
    });
  for (const key of UNIT_PRICE_KEYS) {
    const models = notes.notCarried.get(key);
    if (models !== undefined) assumptions.push({ code: 'charges-not-carried', price: key, models: sorted(models) });
  }
  if (notes.searchesUnpriced.models.size > 0) {
    assumptions.push({
      code: 'web-searches-unpriced',
      models: sorted(notes.searchesUnpriced.models),
      searches: notes.searchesUnpriced.searches,
    });
  }
  return assumptions;
}
