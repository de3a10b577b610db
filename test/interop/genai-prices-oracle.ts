/**
 * genai-prices' own lookup, reimplemented over its raw provider files as an oracle for gacost's: how it
 * finds a provider and a model for a name (pydantic/genai-prices packages/python/genai_prices/
 * data_snapshot.py find_provider_model, find_provider, find_provider_by_id; types.py Provider.find_model
 * and the Clause* classes) and which prices apply on a date (types.py ModelInfo.get_prices).
 *
 * - Names are lower-cased; each clause compares them to its text as written (so a clause with capitals
 *   never matches); `regex` is Python's re.search: unanchored, case-sensitive. The regexes of the lists
 *   use no syntax where JavaScript and Python differ (checked by the interop test).
 * - Providers are in the files' alphabetical order (genai-prices' bundled list has its own order: it
 *   matters only where two providers' provider_match or model_match claim one name, which the interop
 *   test lists).
 * - Prices are kept as the numbers' source text, never as floats; a price field the oracle does not
 *   know fails the test rather than being left out.
 * - A time-of-day window (constraint start_time/end_time, UTC) applies at its hours on every date, as
 *   genai-prices reads it; gacost's reading (a window refines the all-day price before it in the list,
 *   on the days that price is in force: src/core/catalog.ts lookupPrices) differs only where a window
 *   follows a dated price, which the test counts as its own kind.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isScalar, isSeq, type Node, parseDocument } from 'yaml';
import type { PriceSet } from '../../src/core/catalog.js';
import { formatDecimal, parseDecimal } from '../../src/core/decimal.js';

export type Clause =
  | { equals: string }
  | { starts_with: string }
  | { ends_with: string }
  | { contains: string }
  | { regex: string }
  | { or: Clause[] }
  | { and: Clause[] };

/** genai-prices' price fields, and gacost's names for them (by the token, then by the unit: UNIT_PRICES). */
const PRICE_FIELDS = {
  input_mtok: 'input',
  cache_read_mtok: 'cached_input',
  cache_write_mtok: 'cache_write',
  cache_write_1h_mtok: 'cache_write_1h',
  output_mtok: 'output',
  input_audio_mtok: 'input_audio',
  cache_audio_read_mtok: 'cached_input_audio',
  input_image_mtok: 'input_image',
  cache_image_read_mtok: 'cached_input_image',
  input_video_mtok: 'input_video',
  output_audio_mtok: 'output_audio',
  output_image_mtok: 'output_image',
  output_video_mtok: 'output_video',
  output_reasoning_mtok: 'output_reasoning',
  output_citation_mtok: 'output_citation',
  web_searches_kcount: 'web_searches_per_1k',
  storage_searches_kcount: 'file_searches_per_1k',
  requests_kcount: 'requests_per_1k',
  input_document_kpages: 'document_pages_per_1k',
  input_annotated_document_kpages: 'annotated_document_pages_per_1k',
  input_text_messages_kcount: 'text_messages_per_1k',
  audio_hours: 'audio_per_hour',
  input_audio_hours: 'input_audio_per_hour',
} as const;
type GacostPriceKey = (typeof PRICE_FIELDS)[keyof typeof PRICE_FIELDS];
/** Normalised decimal text by gacost's price name. */
export type Prices = Partial<Record<GacostPriceKey | keyof PriceSet, string>>;
export interface Tier extends Prices {
  above: string;
}

export interface PriceEntry {
  /** null: no constraint (applies from the beginning). */
  readonly startDate: string | null;
  /** A constraint neither a date nor a time of day. */
  readonly conditional: boolean;
  /** A time-of-day window (DeepSeek's standard hours) as gacost writes it, "HH:MM:SS-HH:MM:SS" UTC. */
  readonly hours: string | undefined;
  readonly prices: Prices;
  /** Whether the entry has any price at all (the importer's test for "no token price"). */
  readonly tokenPriced: boolean;
  /** Context tiers of the entry, grouped by their start. */
  readonly tiers: Tier[];
  /** Output prices (base and tiers) written as 0. */
  readonly zeroOutput: boolean;
}

export interface GenaiModel {
  readonly id: string;
  readonly match: Clause | undefined;
  readonly entries: readonly PriceEntry[];
}

export interface GenaiProvider {
  readonly file: string;
  readonly id: string;
  /** gacost's key for the provider: the id lower-cased, non-alphanumerics as `-`. */
  readonly key: string;
  readonly providerMatch: Clause | undefined;
  readonly modelMatch: Clause | undefined;
  readonly fallbacks: readonly string[];
  readonly models: readonly GenaiModel[];
}

/** Decimal text in one form: "0.30" and "0.3", "3e-1" the same. */
export function decimal(text: string): string {
  const units = parseDecimal(text, 40);
  if (units === undefined) throw new Error(`not a decimal: ${text}`);
  return formatDecimal(units, 40);
}

function providerKeyOf(id: string): string {
  return id
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The node as plain data, numbers as their source text. */
function plain(node: unknown): unknown {
  if (isMap(node))
    return Object.fromEntries(node.items.map((pair) => [String(isScalar(pair.key) ? pair.key.value : pair.key), plain(pair.value)]));
  if (isSeq(node)) return node.items.map(plain);
  if (isScalar(node)) return typeof node.value === 'number' ? (node.source ?? String(node.value)) : node.value;
  return node;
}

function priceEntry(raw: Record<string, unknown>, constraint: Record<string, unknown> | undefined): PriceEntry {
  const prices: Prices = {};
  const byStart = new Map<string, Tier>();
  let zeroOutput = false;
  const unknown = Object.keys(raw).filter((field) => !Object.hasOwn(PRICE_FIELDS, field));
  if (unknown.length > 0) throw new Error(`the oracle does not know the price field ${unknown.join(', ')}`);
  for (const [field, key] of Object.entries(PRICE_FIELDS)) {
    const value = raw[field];
    if (value === undefined || value === null) continue;
    if (typeof value === 'object') {
      const tiered = value as { base: string; tiers?: { start: string; price: string }[] };
      prices[key] = decimal(tiered.base);
      for (const tier of tiered.tiers ?? []) {
        const start = decimal(String(tier.start));
        const entry = byStart.get(start) ?? { above: start };
        entry[key] = decimal(tier.price);
        byStart.set(start, entry);
        if (key === 'output' && entry.output === '0') zeroOutput = true;
      }
    } else {
      prices[key] = decimal(String(value));
    }
    if (key === 'output' && prices.output === '0') zeroOutput = true;
  }
  const startDate = constraint?.start_date;
  const time = (key: string) => String(constraint?.[key]).replace(/Z$/, '');
  return {
    startDate: typeof startDate === 'string' ? startDate : null,
    conditional:
      constraint !== undefined && Object.keys(constraint).some((key) => !['start_date', 'start_time', 'end_time', 'type'].includes(key)),
    hours: constraint?.start_time === undefined ? undefined : `${time('start_time')}-${time('end_time')}`,
    prices,
    tokenPriced: Object.keys(prices).length > 0,
    tiers: [...byStart.values()],
    zeroOutput,
  };
}

/** Every provider file of the folder, in the files' alphabetical order. */
export function loadGenaiPrices(folder: string): GenaiProvider[] {
  return readdirSync(folder)
    .filter((name) => name.endsWith('.yml'))
    .sort()
    .map((file) => {
      const document = parseDocument(readFileSync(join(folder, file), 'utf8'));
      const data = plain(document.contents as Node) as Record<string, unknown>;
      const models = (data.models as Record<string, unknown>[]).map((model): GenaiModel => {
        const prices = model.prices;
        const entries = Array.isArray(prices)
          ? (prices as Record<string, unknown>[]).map((entry) =>
              priceEntry((entry.prices ?? {}) as Record<string, unknown>, entry.constraint as Record<string, unknown> | undefined),
            )
          : [priceEntry((prices ?? {}) as Record<string, unknown>, undefined)];
        return { id: String(model.id), match: model.match as Clause | undefined, entries };
      });
      const id = String(data.id);
      return {
        file,
        id,
        key: providerKeyOf(id),
        providerMatch: data.provider_match as Clause | undefined,
        modelMatch: data.model_match as Clause | undefined,
        fallbacks: ((data.fallback_model_providers ?? []) as string[]).map(String),
        models,
      };
    });
}

/** A clause as genai-prices tests it: the name lower-cased by the caller, the clause's text as written. */
export function clauseMatches(clause: Clause, name: string): boolean {
  if ('equals' in clause) return name === clause.equals;
  if ('starts_with' in clause) return name.startsWith(clause.starts_with);
  if ('ends_with' in clause) return name.endsWith(clause.ends_with);
  if ('contains' in clause) return name.includes(clause.contains);
  if ('regex' in clause) return regexOf(clause.regex).test(name);
  if ('or' in clause) return clause.or.some((part) => clauseMatches(part, name));
  return clause.and.every((part) => clauseMatches(part, name));
}

const regexes = new Map<string, RegExp>();
/** Python's re.search of the pattern: unanchored, case-sensitive (JavaScript reads these patterns alike). */
function regexOf(pattern: string): RegExp {
  let regex = regexes.get(pattern);
  if (regex === undefined) regexes.set(pattern, (regex = new RegExp(pattern)));
  return regex;
}

/** Every clause text of a rule, with its test. */
export function clauseTexts(clause: Clause | undefined): { test: string; text: string }[] {
  if (clause === undefined) return [];
  if ('or' in clause) return clause.or.flatMap(clauseTexts);
  if ('and' in clause) return clause.and.flatMap(clauseTexts);
  const [[test, text]] = Object.entries(clause) as [[string, string]];
  return [{ test, text: String(text) }];
}

export interface Pick {
  readonly provider: GenaiProvider;
  readonly model: GenaiModel;
}

export class GenaiPrices {
  constructor(readonly providers: readonly GenaiProvider[]) {}

  /** find_provider_by_id: the provider of that id, else the first whose provider_match claims it. */
  providerById(providerId: string): GenaiProvider | undefined {
    const wanted = providerId.toLowerCase().trim();
    return (
      this.providers.find((provider) => provider.id === wanted) ??
      this.providers.find((provider) => provider.providerMatch !== undefined && clauseMatches(provider.providerMatch, wanted))
    );
  }

  /** find_provider without a provider id: the first provider whose model_match claims the name. */
  providerByModel(lowerName: string): GenaiProvider | undefined {
    return this.providers.find((provider) => provider.modelMatch !== undefined && clauseMatches(provider.modelMatch, lowerName));
  }

  /** Every provider whose model_match claims the name: where there are several, the providers' order decides. */
  providersByModel(lowerName: string): GenaiProvider[] {
    return this.providers.filter((provider) => provider.modelMatch !== undefined && clauseMatches(provider.modelMatch, lowerName));
  }

  /** Provider.find_model: the first model whose rule matches, else that of each fallback provider (one step). */
  findModel(provider: GenaiProvider, lowerName: string): Pick | undefined {
    const own = provider.models.find((model) => model.match !== undefined && clauseMatches(model.match, lowerName));
    if (own !== undefined) return { provider, model: own };
    for (const fallbackId of provider.fallbacks) {
      const fallback = this.providers.find((candidate) => candidate.id === fallbackId);
      const model = fallback?.models.find((candidate) => candidate.match !== undefined && clauseMatches(candidate.match, lowerName));
      if (fallback !== undefined && model !== undefined) return { provider: fallback, model };
    }
    return undefined;
  }

  /** find_provider_model: undefined where genai-prices raises a LookupError. */
  find(name: string, providerId?: string): Pick | undefined {
    let lowerName = name.toLowerCase();
    let id = providerId;
    // LiteLLM's provider id: the provider is the name's prefix.
    if (id !== undefined && id.toLowerCase() === 'litellm' && lowerName.includes('/')) {
      const slash = lowerName.indexOf('/');
      if (slash > 0) [id, lowerName] = [lowerName.slice(0, slash), lowerName.slice(slash + 1)];
    }
    let provider = id === undefined ? undefined : this.providerById(id);
    if (id !== undefined && provider === undefined && id.toLowerCase() !== 'litellm') return undefined;
    provider ??= this.providerByModel(lowerName);
    return provider === undefined ? undefined : this.findModel(provider, lowerName);
  }
}

/** gacost's id of a genai-prices model: `<provider key>/<id>`. */
export function gacostId(pick: Pick): string {
  return `${pick.provider.key}/${pick.model.id}`;
}

/** Seconds of the UTC day of "HH:MM:SS". */
export function secondOfDay(time: string): number {
  const [h = 0, m = 0, sec = 0] = time.split(':').map(Number);
  return h * 3600 + m * 60 + sec;
}

function inHours(hours: string, second: number): boolean {
  const [start = 0, end = 0] = hours.split('-').map(secondOfDay);
  return end < start ? second >= start || second < end : second >= start && second < end;
}

/**
 * The entry genai-prices prices a moment with (get_prices): the last entry whose constraint holds (a
 * start_date on or before the date, a window holding the second), or that has none; where none holds
 * (before every start date), the first entry (`byFallback`). `second` null: a moment outside every
 * window, the all-day price. Entries with constraints of other kinds are left out.
 */
export function entryAt(model: GenaiModel, date: string, second: number | null): { entry: PriceEntry; byFallback: boolean } | undefined {
  const entries = model.entries.filter((entry) => !entry.conditional);
  for (let at = entries.length - 1; at >= 0; at--) {
    const entry = entries[at];
    if (entry === undefined || (entry.startDate !== null && entry.startDate > date)) continue;
    if (entry.hours === undefined || (second !== null && inHours(entry.hours, second))) return { entry, byFallback: false };
  }
  return entries[0] === undefined ? undefined : { entry: entries[0], byFallback: true };
}
