import { GacostError } from '../errors.js';
import { compileRule } from './match-rules.js';

/**
 * The validated catalog as the core sees it. Prices are exact decimal strings (USD per 1M tokens)
 * so that a catalog survives JSON round-trips (the built-in one is compiled to JSON at build time).
 */

declare const brand: unique symbol;
export type ModelId = string & { readonly [brand]: 'ModelId' };
export type ProviderKey = string & { readonly [brand]: 'ProviderKey' };

/** Exact decimal strings, USD per 1M tokens. */
export interface PriceSet {
  /** Absent for a model billed by input alone (embeddings), which nothing that prices output tokens can price. */
  readonly output?: string;
  readonly input?: string;
  readonly cached_input?: string;
  /** Prompt-cache writes: Anthropic's 5-minute writes, or the only kind a provider has. */
  readonly cache_write?: string;
  /** Anthropic's 1-hour prompt-cache writes. */
  readonly cache_write_1h?: string;
  /** Audio, image and video tokens where they have prices of their own (else they are priced as text). */
  readonly input_audio?: string;
  readonly cached_input_audio?: string;
  readonly input_image?: string;
  readonly cached_input_image?: string;
  readonly input_video?: string;
  readonly output_audio?: string;
  readonly output_image?: string;
  readonly output_video?: string;
  /** Reasoning and citation tokens where they have prices of their own (else they are output tokens). */
  readonly output_reasoning?: string;
  readonly output_citation?: string;
  /** Charges that are not by the token: USD per 1,000 calls, pages or messages, or per hour of audio. */
  readonly web_searches_per_1k?: string;
  readonly file_searches_per_1k?: string;
  readonly requests_per_1k?: string;
  readonly document_pages_per_1k?: string;
  readonly annotated_document_pages_per_1k?: string;
  readonly text_messages_per_1k?: string;
  readonly audio_per_hour?: string;
  readonly input_audio_per_hour?: string;
}

export type PriceKey = keyof PriceSet;
/** The prices of audio, image and video tokens. */
export const MEDIA_PRICE_KEYS = [
  'input_audio',
  'cached_input_audio',
  'input_image',
  'cached_input_image',
  'input_video',
  'output_audio',
  'output_image',
  'output_video',
] as const;
/** The prices of charges that are not by the token, with the unit each is per. */
export const UNIT_PRICES = {
  web_searches_per_1k: { per: 1000n, unit: 'web searches' },
  file_searches_per_1k: { per: 1000n, unit: 'file searches' },
  requests_per_1k: { per: 1000n, unit: 'requests' },
  document_pages_per_1k: { per: 1000n, unit: 'document pages' },
  annotated_document_pages_per_1k: { per: 1000n, unit: 'annotated document pages' },
  text_messages_per_1k: { per: 1000n, unit: 'text messages' },
  audio_per_hour: { per: 1n, unit: 'hours of audio' },
  input_audio_per_hour: { per: 1n, unit: 'hours of input audio' },
} as const satisfies Partial<Record<PriceKey, { per: bigint; unit: string }>>;
export type UnitPriceKey = keyof typeof UNIT_PRICES;
export const UNIT_PRICE_KEYS = Object.keys(UNIT_PRICES) as UnitPriceKey[];
/** Every price, input to output, as a price list (and a catalog gacost writes) reads. */
export const PRICE_LIST_ORDER: readonly PriceKey[] = [
  'input',
  'cached_input',
  'cache_write',
  'cache_write_1h',
  'output',
  ...MEDIA_PRICE_KEYS,
  'output_reasoning',
  'output_citation',
  ...UNIT_PRICE_KEYS,
];
export const PRICE_KEYS: readonly PriceKey[] = [
  'output',
  'input',
  'cached_input',
  'cache_write',
  'cache_write_1h',
  ...MEDIA_PRICE_KEYS,
  'output_reasoning',
  'output_citation',
  ...UNIT_PRICE_KEYS,
];

/**
 * One entry of a price history; `from` is null for a price with no start date. An entry with `hours`
 * applies only within that window of the day (UTC), as DeepSeek's peak and off-peak prices do; an entry
 * may have context tiers of its own, which replace the model's.
 */
export interface DatedPriceSet extends PriceSet {
  readonly from: string | null;
  /** "HH:MM:SS-HH:MM:SS", UTC; a window whose end is before its start runs past midnight. */
  readonly hours?: string;
  readonly context_tiers?: readonly ContextTier[];
}

export interface ContextTier extends Partial<PriceSet> {
  /** Prompt tokens (whole number, as text) above which the tier's prices apply to the whole request. */
  readonly above: string;
}

/**
 * A rule for the names a model answers to, as genai-prices writes them: each test is case-insensitive,
 * `or` matches when any of its rules does, `and` when all do. Kept as data (the built-in catalog is
 * JSON); core/match-rules.ts compiles it.
 */
export type MatchRule =
  | { readonly equals: string }
  | { readonly starts_with: string }
  | { readonly ends_with: string }
  | { readonly contains: string }
  | { readonly regex: string }
  | { readonly or: readonly MatchRule[] }
  | { readonly and: readonly MatchRule[] };

export interface Model {
  readonly id: ModelId;
  readonly name: string;
  readonly provider: ProviderKey;
  readonly channel?: string;
  readonly aliases: readonly string[];
  /** Oldest first; never empty. */
  readonly prices: readonly DatedPriceSet[] | 'unpublished';
  readonly retired?: string;
  readonly tiers?: Readonly<Record<string, Partial<PriceSet>>>;
  readonly context_tiers?: readonly ContextTier[];
  /** Names the model also answers to, beyond its id and aliases (see core/match-rules.ts). */
  readonly match?: MatchRule;
  readonly source: string;
  readonly checked: string;
  readonly notes?: string;
}

/**
 * A model's name for people: the catalog's, unless it has no capital letter, which is the price data's
 * id in other words ("gpt 4o mini", "gemini 1.5 flash" for gemini-flash-1.5-8b): then the id after its
 * provider's key, the name its provider's API knows it by ("gpt-4o-mini"). The id itself is in --wide,
 * JSON and CSV.
 */
export function modelName(model: Pick<Model, 'id' | 'name' | 'provider'>): string {
  if (/\p{Lu}/u.test(model.name)) return model.name;
  return model.id.startsWith(`${model.provider}/`) ? model.id.slice(model.provider.length + 1) : model.id;
}

interface Channel {
  readonly name: string;
  readonly key_prefix?: string;
  readonly uptime_sla_pct?: number;
  readonly dedicated_capacity?: boolean;
  readonly dpa?: boolean;
  readonly invoicing?: string;
}

interface RateLimit {
  readonly plan: string;
  readonly requests_per_minute: number;
}

export interface Provider {
  readonly name: string;
  /** Other names of the provider (in a `provider/` prefix, `--provider`, a log's provider field). */
  readonly match?: MatchRule;
  /** Model names this provider is taken to serve when a name's provider is not known (see resolve-model.ts). */
  readonly model_match?: MatchRule;
  /** Providers whose models a name of this provider falls back to when this one has none of that name. */
  readonly fallback_providers?: readonly string[];
  readonly kind?: 'aggregator' | 'direct' | 'host';
  readonly endpoint?: string;
  readonly models_available?: number;
  readonly source?: string;
  readonly credits?: { readonly expire_after_days: number | 'never' };
  readonly rate_limits?: readonly RateLimit[];
  readonly channels?: Readonly<Record<string, Channel>>;
}

/** A curated correction of a model's prices, with where it was written (file:line:col) and why. */
export interface Correction {
  readonly model: string;
  readonly note: string;
  readonly source: string;
  readonly tiers?: Readonly<Record<string, Partial<PriceSet>>>;
  readonly context_tiers?: readonly ContextTier[];
  readonly at: string;
}

export interface Catalog {
  readonly schema: 1;
  readonly version: string;
  readonly effective: string;
  readonly currency: 'USD';
  /** What commands price without --model / --baseline; an imported catalog may have none. */
  readonly defaults?: {
    readonly candidates: readonly string[];
    readonly baseline: string;
    /** The models `compare` ranks when none are named (else it ranks every priced model). */
    readonly compare?: readonly string[];
    /** The paths `usage --plan` mixes: default, fallback, premium and failover (on another provider). */
    readonly router?: {
      readonly default: string;
      readonly fallback?: string;
      readonly premium: readonly string[];
      readonly failover: readonly string[];
    };
  };
  readonly providers: Readonly<Record<string, Provider>>;
  readonly models: readonly Model[];
  /**
   * Where `models` are read only when first needed (the built-in catalog): some of them, each found
   * by its id or alias without reading the rest, which gives the same model (ids and aliases are
   * unique in a catalog and resolve before rules).
   */
  readonly eagerModels?: readonly Model[];
  /**
   * Corrections a catalog that another includes leaves to that one, which applies them to every model
   * it has (a loaded catalog that includes no other has none: it applied its own).
   */
  readonly corrections?: readonly Correction[];
  /** sha256 of the catalog's normalised content (key order and layout do not change it). */
  readonly hash: string;
  /** The catalog this one extends, for overlays. */
  readonly base?: { readonly version: string; readonly hash: string };
  /**
   * The newest `checked` date of its models, kept beside them by the catalogs gacost ships or fetches
   * (the built-in and the updated one), which are said to be stale when it is long past.
   */
  readonly checked?: string;
  /** The user's updated catalog (`gacost catalog update`): where its data came from and when. */
  readonly updated?: CatalogUpdate;
}

/** Where the data of an updated catalog was fetched from, and when (an ISO timestamp). */
export interface CatalogUpdate {
  readonly from: string;
  readonly fetched: string;
}

/** Which prices apply: the date they are looked up for, and a service tier. */
export interface PriceContext {
  readonly asOf: string;
  readonly tier: string | null;
}

export interface CatalogInfo {
  readonly version: string;
  readonly effective: string;
  readonly hash: string;
  readonly asOf: string;
  readonly tier: string | null;
  readonly base: { readonly version: string; readonly hash: string } | null;
  /** The newest date a price of the catalog was checked. */
  readonly checked: string;
  /** Days the as-of date is past `checked`, where that is more than STALE_AFTER_DAYS; else null. */
  readonly staleDays: number | null;
  readonly updated: CatalogUpdate | null;
}

/** Prices checked longer ago than this before the as-of date may have changed: outputs say so. */
const STALE_AFTER_DAYS = 45;

export function catalogInfo(catalog: Catalog, context: PriceContext): CatalogInfo {
  const checked = catalog.checked ?? newestChecked(catalog.models);
  // Only the catalogs gacost ships or fetches (which know their newest date) are called stale: gacost
  // catalog update renews them; a catalog file of the user's own is theirs to keep current.
  const days = catalog.checked === undefined ? 0 : daysBetween(checked, context.asOf);
  return {
    version: catalog.version,
    effective: catalog.effective,
    hash: catalog.hash,
    asOf: context.asOf,
    tier: context.tier,
    base: catalog.base ?? null,
    checked,
    staleDays: days > STALE_AFTER_DAYS ? days : null,
    updated: catalog.updated ?? null,
  };
}

/** The newest `checked` date of the models (ISO dates compare as text). */
export function newestChecked(models: readonly Model[]): string {
  let newest = '';
  for (const model of models) if (model.checked > newest) newest = model.checked;
  return newest;
}

/** Whole days from one ISO date to a later one (negative when it is earlier). */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export type PriceLookup =
  | {
      readonly kind: 'priced';
      readonly prices: DatedPriceSet;
      /** The time-of-day prices in force on the date that did not apply: with no time given, all of them. */
      readonly windows: readonly DatedPriceSet[];
    }
  | { readonly kind: 'unpublished' }
  | { readonly kind: 'not-yet'; readonly first: string }
  | { readonly kind: 'retired'; readonly retired: string };

/** A window's start and end, in seconds of the UTC day. */
export function windowSeconds(hours: string): readonly [number, number] {
  const [start = 0, end = 0] = hours.split('-').map((time) => {
    const [h = 0, m = 0, s = 0] = time.split(':').map(Number);
    return h * 3600 + m * 60 + s;
  });
  return [start, end];
}

function inWindow(hours: string, second: number): boolean {
  const [start, end] = windowSeconds(hours);
  return end < start ? second >= start || second < end : second >= start && second < end;
}

/**
 * The prices in force on `asOf` (ISO dates compare as text) at `second` of its UTC day. The all-day
 * prices make the history (the newest on or before the date applies); a price with hours refines the
 * all-day price before it in the list, within those hours, on the days that price is in force (a
 * window listed after a later dated price does not reach back before that date). With no time given,
 * no window applies, and the lookup lists the windows in force that day for the caller to say which it took.
 */
export function lookupPrices(model: Model, asOf: string, second: number | null = null): PriceLookup {
  if (model.retired !== undefined && asOf > model.retired) return { kind: 'retired', retired: model.retired };
  if (model.prices === 'unpublished') return { kind: 'unpublished' };
  let allDay: DatedPriceSet | undefined;
  let current: DatedPriceSet | undefined;
  let windows: DatedPriceSet[] = [];
  // Whether the all-day price a window follows in the list is the one in force.
  let refinesCurrent = false;
  for (const entry of model.prices) {
    if (entry.hours === undefined) {
      refinesCurrent = entry.from === null || entry.from <= asOf;
      if (!refinesCurrent) continue;
      allDay = entry;
      current = entry;
      windows = [];
    } else if (refinesCurrent && allDay !== undefined && (entry.from === null || entry.from <= asOf)) {
      // A window sets the prices it names; the all-day price it refines gives the rest.
      const refined: DatedPriceSet = { ...allDay, ...entry };
      if (second !== null && inWindow(entry.hours, second)) current = refined;
      else windows.push(refined);
    }
  }
  if (allDay === undefined || current === undefined) {
    const first = model.prices.find((entry) => entry.hours === undefined && entry.from !== null)?.from;
    return { kind: 'not-yet', first: first ?? asOf };
  }
  return { kind: 'priced', prices: current, windows };
}

/** The context tiers of the prices in force: the entry's own, else the model's. */
export function contextTiersOf(model: Model, prices: DatedPriceSet): readonly ContextTier[] {
  return prices.context_tiers ?? model.context_tiers ?? [];
}

/** Every context tier a model has, in any of its prices. */
export function allContextTiers(model: Model): readonly ContextTier[] {
  const own = model.prices === 'unpublished' ? [] : model.prices.flatMap((entry) => entry.context_tiers ?? []);
  return [...(model.context_tiers ?? []), ...own];
}

/** Whether any price of the model applies only at some hours of the day. */
export function hasTimeOfDayPrices(model: Model): boolean {
  return model.prices !== 'unpublished' && model.prices.some((entry) => entry.hours !== undefined);
}

/** The catalog's default candidates and baseline, or a one-line reason to name them with flags. */
export function catalogDefaults(catalog: Catalog): NonNullable<Catalog['defaults']> {
  if (catalog.defaults !== undefined) return catalog.defaults;
  throw new GacostError('invalid-option', `catalog ${catalog.version} names no default models: name the models to price and the baseline`);
}

/** A provider id as a catalog key, as the importers write it: lower case, `-` for anything but letters and digits. */
export function providerKeyOf(id: string): string {
  return id
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * The key of the provider a name means, any case: a provider key of the catalog (as given, or as the
 * importers make a key of a provider id), else the first provider (in catalog order) whose match rule
 * claims the name, as genai-prices reads a provider id such as "bedrock" or "together_ai".
 */
export function providerNamed(catalog: Catalog, name: string): string | undefined {
  const wanted = name.trim().toLowerCase();
  if (Object.hasOwn(catalog.providers, wanted)) return wanted;
  // genai-prices' own id (`huggingface_cerebras`) names its provider before any provider's match rule
  // (Cerebras' `contains: cerebras`) claims it, as genai-prices reads an id.
  const key = providerKeyOf(wanted);
  if (Object.hasOwn(catalog.providers, key)) return key;
  return Object.entries(catalog.providers).find(([, provider]) => provider.match !== undefined && compileRule(provider.match)(wanted))?.[0];
}
