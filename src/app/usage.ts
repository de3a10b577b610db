import { loadBuiltinCatalog } from '../catalog/builtin-catalog.js';
import { parseMix } from '../core/candidate.js';
import { type Catalog, catalogDefaults, type Model } from '../core/catalog.js';
import { isIsoDate } from '../core/dates.js';
import { parseDecimal } from '../core/decimal.js';
import { providerKey } from '../core/model-list.js';
import type { Usd } from '../core/money.js';
import { ModelIndex } from '../core/resolve-model.js';
import { contextThresholds, dayBoundaries, GROUP_FIELDS, type GroupField, type UsageAggregate, UsageTally } from '../core/usage.js';
import { type PlanPath, planRoutes, type RoutingPlan } from '../core/usage-plan.js';
import {
  type UsageOptions as PricingUsageOptions,
  priceUsage,
  type Repricing,
  type UsageReport,
  type UsageRow,
} from '../core/usage-pricing.js';
import { ProfileCollector, type UsageProfile } from '../core/usage-profile.js';
import { defaultSort, sortRows, type UsageSort } from '../core/usage-sort.js';
import { GacostError } from '../errors.js';
import { agree } from '../output/words.js';
import type { UsageFormatName } from '../usage/format-names.js';
import type { CatalogSource } from './check.js';
import { type OptionNames, type PriceOptions, pricesOf, type ReadIo, readIoOf, readUsageInto, type ShareInput } from './options.js';

const DEFAULT_PREMIUM_SHARE = '10%';
const DEFAULT_FAILOVER_SHARE = '5%';

/** The priced usage, as the usage spec renders it. */
export interface UsageResult extends Omit<UsageReport, 'rows'> {
  /** The rows in their order, made as they are read (usage --by session on a million sessions has a row each). */
  readonly rows: Iterable<UsageRow>;
  /**
   * Set when the re-pricings are the catalog's default candidates, which no option asked for: a
   * what-if, said as one, via these providers (their names). on, mix or map ask; on ['none'] leaves it out.
   */
  readonly unaskedVia?: readonly string[];
}

export interface UsageReportOptions extends PriceOptions {
  /** Default the built-in catalog. */
  readonly catalog?: CatalogSource;
  /** The format of every source (default: told by each file). */
  readonly from?: UsageFormatName;
  /** The provider of records that name none. */
  readonly provider?: string;
  /** Group by these fields (default model). */
  readonly by?: readonly GroupField[];
  /** The rows' order: cost (largest first) by default, key (time order) when `by` starts with day, week or month. */
  readonly sort?: UsageSort;
  /** Only records on or after this day (YYYY-MM-DD, UTC). */
  readonly since?: string;
  /** Only records on or before this day. */
  readonly until?: string;
  /** What the same traffic would cost on each of these models (default: the catalog's candidates, as a what-if; ['none']: no re-pricing). */
  readonly on?: readonly string[];
  /** What it would cost on a routing mix, "model=percent,…". */
  readonly mix?: string;
  /** What it would cost with these models replaced, the rest kept: "from=to" each. */
  readonly map?: readonly string[];
  /** Add the traffic's profile: token mix, request sizes and rates, months and growth. */
  readonly profile?: boolean;
  /** Rank routing mixes of the catalog's router paths for this traffic. */
  readonly plan?: boolean;
  /** With plan: least traffic on the premium paths (default 10%). */
  readonly premiumShare?: ShareInput;
  /** With plan: least traffic on another provider than the default path's (default 5%). */
  readonly failoverShare?: ShareInput;
  /** With plan: availability of paths the catalog states none for, "model=percent" each. */
  readonly availability?: readonly string[];
  /** Skip and count records gacost cannot read, rather than refusing them. */
  readonly skipBad?: boolean;
}

/**
 * Usage logs priced, as `gacost usage`: files or folders (searched for .jsonl, .json, .csv, .log, and
 * their .gz) in any format gacost reads, grouped by `by`, and the same traffic re-priced on other
 * models (on, mix, map). Records gacost cannot read throw `invalid-usage`, unless skipBad; models it
 * cannot price are listed in `unpriced`, never counted as $0.
 */
export async function usageReport(
  sources: readonly string[],
  options: UsageReportOptions = {},
  readIo: ReadIo = {},
  /** What reconcile asks beyond the report: the unpriced records by day (the library's usage never does). */
  internal: { readonly unpricedByDay?: boolean } = {},
): Promise<UsageResult> {
  const io = readIoOf(readIo);
  const { names } = io;
  const since = dayOf(options.since, names('since'));
  const until = dayOf(options.until, names('until'));
  if (since !== undefined && until !== undefined && since > until)
    throw new GacostError('conflicting-options', `${names('since')} ${since} is after ${names('until')} ${until}: no day is in between`);
  const by = groupFields(options.by, names);
  refusePlanOptionsWithoutPlan(options, names);
  const catalog = typeof options.catalog === 'function' ? await options.catalog() : (options.catalog ?? loadBuiltinCatalog());
  const prices = pricesOf(catalog, options);
  const index = new ModelIndex(catalog, prices);
  const provider = providerKey(catalog, options.provider);
  const { repricings, unaskedVia } = repricingsOf(options, index, catalog, names);
  const thresholds = contextThresholds(catalog);
  const profile = options.profile === true ? new ProfileCollector() : undefined;
  const { asOf } = prices;
  const tally = new UsageTally(
    { thresholds: thresholds.map(Number), boundaries: dayBoundaries(catalog), groups: by, since, until, asOf },
    profile === undefined ? undefined : (record) => profile.add(record),
  );
  const read = await readUsageInto(sources, options, io, tally, {
    ...(io.onProgress === undefined ? {} : { onProgress: io.onProgress }),
    ...(io.threads === undefined ? {} : { threads: io.threads }),
  });
  const report = priceUsage(tally.aggregate, index, thresholds, {
    provider,
    asOf,
    by,
    repricings,
    release: options.plan !== true,
    ...(internal.unpricedByDay === true ? { unpricedByDay: true } : {}),
  });
  const plan =
    options.plan === true
      ? routingPlan(tally.aggregate, index, thresholds, { provider, asOf, by, repricings: [] }, report.totals.cost, options, names)
      : undefined;
  const sort: UsageSort = options.sort ?? defaultSort(by);
  return {
    ...report,
    rows: sortRows(report.rows, sort),
    ...(unaskedVia === undefined ? {} : { unaskedVia }),
    ...(plan === undefined ? {} : { plan }),
    read: { sources: read.sources, bad: read.bad, otherFiles: read.otherFiles, notes: read.notes, outside: tally.outside },
    ...(profile === undefined ? {} : { profile: withCatalogIds(profile.profile(), index, provider) }),
  };
}

/** The plan's companions shape the plan: without plan they would be silently ignored. */
function refusePlanOptionsWithoutPlan(options: UsageReportOptions, names: OptionNames): void {
  if (options.plan === true) return;
  const given = (['premiumShare', 'failoverShare', 'availability'] as const).filter((option) => options[option] !== undefined).map(names);
  if (given.length > 0)
    throw new GacostError(
      'conflicting-options',
      `${given.join(' and ')} ${agree(given, 'goes', 'go')} with ${names('plan')}: give ${names('plan')}, or leave ${agree(given, 'it', 'them')} out`,
    );
}

/** Whole percent from a value such as 10% or 10. */
function wholePercent(given: ShareInput, option: string): number {
  const match = /^(\d{1,3})%?$/.exec(String(given).trim());
  const value = match === null ? Number.NaN : Number(match[1]);
  if (!(value >= 0 && value <= 100))
    throw new GacostError(
      'invalid-option',
      `invalid ${option} ${JSON.stringify(String(given))}: expected a whole percentage from 0% to 100%`,
    );
  return value;
}

/**
 * The catalog's router paths (default, fallback, premium, failover), each priced on the observed
 * traffic alone, and the cheapest mixes of them (in steps of 5%) that keep the shares asked for.
 */
function routingPlan(
  aggregate: UsageAggregate,
  index: ModelIndex,
  thresholds: readonly bigint[],
  usage: PricingUsageOptions,
  observedCost: Usd,
  options: UsageReportOptions,
  names: OptionNames,
): RoutingPlan {
  const router = index.catalog.defaults?.router;
  if (router === undefined)
    throw new GacostError(
      'invalid-option',
      `catalog ${index.catalog.version} names no router (defaults.router): ${names('plan')} has no paths to mix`,
    );
  const named: [string, PlanPath['role']][] = [
    [router.default, 'default'],
    ...(router.fallback === undefined ? [] : [[router.fallback, 'fallback'] as [string, PlanPath['role']]]),
    ...router.premium.map((name): [string, PlanPath['role']] => [name, 'premium']),
    ...router.failover.map((name): [string, PlanPath['role']] => [name, 'failover']),
  ];
  const stated = new Map<string, bigint>();
  for (const entry of options.availability ?? []) {
    const [name = '', pct = ''] = entry.split('=');
    const value = /^\d{1,3}(\.\d{1,6})?%?$/.test(pct.trim()) ? parseDecimal(pct.trim().replace(/%$/, ''), 6) : undefined;
    if (value === undefined || value > 100_000_000n)
      throw new GacostError(
        'invalid-option',
        `invalid ${names('availability')} ${JSON.stringify(entry)}: expected model=percent, such as deepseek-r1=99.5%`,
      );
    stated.set(index.resolve(name.trim()).id, value);
  }
  const models = named.map(([name]) => index.resolvePriced(name).model);
  const costs = priceUsage(aggregate, index, thresholds, {
    ...usage,
    repricings: models.map((model) => ({ kind: 'model', model })),
  }).repriced.map((line) => line.cost);
  const paths = named.map(([, role], at): PlanPath => {
    const model = models[at] as Model;
    const sla =
      model.channel === undefined ? undefined : index.catalog.providers[model.provider]?.channels?.[model.channel]?.uptime_sla_pct;
    const availability = stated.get(model.id) ?? (sla === undefined ? null : (parseDecimal(String(sla), 6) ?? null));
    return { model, role, cost: costs[at] as Usd, availability };
  });
  const premiumPct = wholePercent(options.premiumShare ?? DEFAULT_PREMIUM_SHARE, names('premiumShare'));
  const failoverPct = wholePercent(options.failoverShare ?? DEFAULT_FAILOVER_SHARE, names('failoverShare'));
  const plan = planRoutes(paths, observedCost, { premiumPct, failoverPct, stepPct: 5, top: 5 });
  // Shares no mix can keep (together over 100%, or asked of paths the router lacks) are asked in contradiction: an empty plan would not say so.
  if (plan.mixes.length === 0) {
    throw new GacostError(
      'conflicting-options',
      `no mix of the router's paths keeps ${names('premiumShare')} ${premiumPct}% on premium paths and ${names('failoverShare')} ${failoverPct}% on another provider than the default path's`,
    );
  }
  return plan;
}

/** A profile's months with each log name as the catalog model it resolves to (where it does). */
function withCatalogIds(profile: UsageProfile, index: ModelIndex, provider: string | undefined): UsageProfile {
  const idOf = (name: string) => {
    try {
      return index.matchLogged(name, provider).model.id as string;
    } catch {
      return name;
    }
  };
  const months = profile.months.map((month) => {
    const models = new Map<string, bigint>();
    for (const [name, tokens] of month.models) models.set(idOf(name), (models.get(idOf(name)) ?? 0n) + tokens);
    return { ...month, models };
  });
  return { ...profile, months };
}

function dayOf(value: string | undefined, option: string): string | undefined {
  if (value === undefined) return undefined;
  if (!isIsoDate(value))
    throw new GacostError('invalid-option', `invalid ${option} ${JSON.stringify(value)}: expected a day written as YYYY-MM-DD`);
  return value;
}

function groupFields(given: readonly string[] | undefined, names: OptionNames): GroupField[] {
  const fields = given ?? ['model'];
  for (const field of fields) {
    if (!(GROUP_FIELDS as readonly string[]).includes(field)) {
      throw new GacostError('invalid-option', `invalid ${names('by')} ${JSON.stringify(field)}: expected ${GROUP_FIELDS.join(', ')}`);
    }
  }
  return [...new Set(fields)] as GroupField[];
}

/**
 * on, mix and map; with none of them, the catalog's default candidates, a what-if nobody asked for
 * (unaskedVia names their providers); on ['none'], none.
 */
function repricingsOf(
  options: UsageReportOptions,
  index: ModelIndex,
  catalog: Catalog,
  names: OptionNames,
): { repricings: Repricing[]; unaskedVia?: string[] } {
  const repricings: Repricing[] = [];
  if (options.on?.includes('none') === true) {
    if (options.on.length > 1 || options.mix !== undefined || options.map !== undefined)
      throw new GacostError(
        'invalid-option',
        `${names('on')} none re-prices on nothing: it goes with no other ${names('on')} model, ${names('mix')} or ${names('map')}`,
      );
    return { repricings };
  }
  if (options.on === undefined && options.mix === undefined && options.map === undefined) {
    const candidates = catalogDefaults(catalog).candidates.map((name) => index.resolvePriced(name));
    if (candidates.length === 0) return { repricings };
    return {
      repricings: candidates.map((priced) => ({ kind: 'model', model: priced.model })),
      unaskedVia: [...new Set(candidates.map((priced) => priced.providerName))],
    };
  }
  for (const name of options.on ?? []) repricings.push({ kind: 'model', model: index.resolvePriced(name).model });
  if (options.mix !== undefined) repricings.push(parseMix(options.mix, index, names('mix')));
  if (options.map !== undefined) {
    const pairs = options.map.map((pair) => {
      const [from, to, ...rest] = pair.split('=');
      if (from === undefined || to === undefined || rest.length > 0 || from.trim() === '' || to.trim() === '') {
        throw new GacostError(
          'invalid-option',
          `invalid ${names('map')} ${JSON.stringify(pair)}: expected FROM=TO, such as gpt-4o=deepseek-v4-flash`,
        );
      }
      return { from: index.resolve(from.trim()), to: index.resolvePriced(to.trim()).model };
    });
    repricings.push({ kind: 'map', pairs });
  }
  return { repricings };
}
