import { GacostError } from '../errors.js';
import {
  type Catalog,
  contextTiersOf,
  hasTimeOfDayPrices,
  type MatchRule,
  type Model,
  type PriceSet,
  TOKEN_PRICE_KEYS,
} from './catalog.js';
import { formatDecimal, parseDecimal } from './decimal.js';
import { PRICE_SCALE } from './money.js';
import { ownNames } from './resolve-model.js';

/**
 * The catalog as tables for a warehouse: a dated price table (one row per model, price period,
 * service tier and context tier, each row's prices complete: a tier's own over the period's) and the
 * match rules flattened into rows (an `or` of `and`s: each `alternative` claims a name when every row
 * of it does), with the order resolution needs. `gacost catalog export` writes them as CSV, JSON lines
 * or a SQL script (src/output/catalog-export/); the script's view prices a `usage` table as `gacost usage`
 * does (see docs/warehouse.md for what it does and does not do).
 */

/** The price columns, in the tables' order: text first, then audio, image and video. */
export const EXPORT_PRICE_KEYS = TOKEN_PRICE_KEYS;
type ExportPriceKey = (typeof EXPORT_PRICE_KEYS)[number];

export interface PriceRow {
  readonly model_id: string;
  readonly provider: string;
  /** First day the row applies (null: since ever). */
  readonly valid_from: string | null;
  /** First day it no longer applies, exclusive (null: open). */
  readonly valid_to: string | null;
  /** Service tier (null: standard). */
  readonly tier: string | null;
  /** The row applies to a request whose prompt is over this many tokens (null: any prompt). */
  readonly context_above: string | null;
  /** USD per 1M tokens, exact decimal text; null where the model publishes none. */
  readonly prices: Readonly<Record<ExportPriceKey, string | null>>;
}

type RuleScope = 'model' | 'provider' | 'model_match' | 'fallback';
type RuleKind =
  | 'id'
  | 'alias'
  | 'provider_id'
  | 'aggregator_id'
  | 'equals'
  | 'starts_with'
  | 'ends_with'
  | 'contains'
  | 'regex'
  | 'not_regex'
  | 'provider';

export interface RuleRow {
  readonly provider: string;
  /** The provider's place in the catalog (0 first). */
  readonly provider_order: number;
  /** Null for a provider's own rules (scope provider, model_match, fallback). */
  readonly model_id: string | null;
  /** The model's place in the catalog (0 first): within a provider, the first claimant wins. */
  readonly model_order: number | null;
  /**
   * model: names of the model (id, alias, `provider_id`: its own names at its provider, which claim a
   * logged name before any provider's rule, see ModelIndex.matchLogged; `aggregator_id`: those of an
   * aggregator's model, which are other vendors' names and claim only a row the aggregator served;
   * its match rule); provider: the provider's names (its key, as
   * kind `id`, and its match rule); model_match: the model names the provider claims when a name's
   * provider is not known; fallback: a provider whose models this one falls back to (kind `provider`,
   * pattern its key, alternative its place).
   */
  readonly scope: RuleScope;
  /** Rows of one model (or provider) and scope with the same alternative must all match. */
  readonly alternative: number;
  readonly kind: RuleKind;
  /** Lower case, except a regex (matched case-insensitively). */
  readonly pattern: string;
}

export interface CatalogTables {
  readonly prices: readonly PriceRow[];
  readonly rules: readonly RuleRow[];
  /** Models whose time-of-day prices the price table leaves out (its rows are all-day prices): said, never dropped silently. */
  readonly timeOfDayLeftOut: readonly string[];
}

/** More `and`/`or` alternatives than this in one rule are refused rather than expanded. */
const MAX_ALTERNATIVES = 10_000;

export function catalogTables(catalog: Catalog): CatalogTables {
  const prices: PriceRow[] = [];
  for (const model of catalog.models) prices.push(...priceRows(model));
  const rules: RuleRow[] = [];
  const providerOrder = new Map(Object.keys(catalog.providers).map((key, index) => [key, index]));
  for (const [key, provider] of Object.entries(catalog.providers)) {
    const base = { provider: key, provider_order: providerOrder.get(key) ?? 0, model_id: null, model_order: null };
    rules.push({ ...base, scope: 'provider', alternative: 0, kind: 'id', pattern: key.toLowerCase() });
    if (provider.match !== undefined)
      rules.push(...ruleRows(provider.match, 1, (row) => ({ ...base, scope: 'provider' as const, ...row }), `provider ${key}`));
    if (provider.model_match !== undefined)
      rules.push(...ruleRows(provider.model_match, 0, (row) => ({ ...base, scope: 'model_match' as const, ...row }), `provider ${key}`));
    for (const [index, fallback] of (provider.fallback_providers ?? []).entries()) {
      rules.push({ ...base, scope: 'fallback', alternative: index, kind: 'provider', pattern: fallback.toLowerCase() });
    }
  }
  for (const [order, model] of catalog.models.entries()) {
    const base = {
      provider: model.provider,
      provider_order: providerOrder.get(model.provider) ?? 0,
      model_id: model.id,
      model_order: order,
      scope: 'model' as const,
    };
    rules.push({ ...base, alternative: 0, kind: 'id', pattern: model.id.toLowerCase() });
    for (const [index, alias] of model.aliases.entries())
      rules.push({ ...base, alternative: index + 1, kind: 'alias', pattern: alias.toLowerCase() });
    const own = ownNames(model);
    const ownKind = catalog.providers[model.provider]?.kind === 'aggregator' ? 'aggregator_id' : 'provider_id';
    for (const [index, name] of own.entries())
      rules.push({ ...base, alternative: model.aliases.length + 1 + index, kind: ownKind, pattern: name });
    if (model.match !== undefined)
      rules.push(...ruleRows(model.match, model.aliases.length + own.length + 1, (row) => ({ ...base, ...row }), `model ${model.id}`));
  }
  return { prices, rules, timeOfDayLeftOut: catalog.models.filter(hasTimeOfDayPrices).map((model) => model.id) };
}

/** A price as exact decimal text without trailing zeros (the catalog validated it). */
function priceText(text: string | undefined): string | null {
  if (text === undefined) return null;
  const units = parseDecimal(text, PRICE_SCALE);
  if (units === undefined) throw new Error(`catalog price ${text} was not validated`);
  return formatDecimal(units, PRICE_SCALE);
}

/** The day after an ISO date. */
function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

function priceRows(model: Model): PriceRow[] {
  if (model.prices === 'unpublished') return [];
  // `retired: DATE` is the last day priced.
  const end = model.retired === undefined ? null : nextDay(model.retired);
  const rows: PriceRow[] = [];
  const tiers: [string | null, Partial<PriceSet>][] = [[null, {}], ...Object.entries(model.tiers ?? {})];
  // The all-day prices make the timeline; a time-of-day price is no period of it.
  const periods = model.prices.filter((entry) => entry.hours === undefined);
  for (const [index, period] of periods.entries()) {
    const contexts = [...contextTiersOf(model, period)].sort((a, b) =>
      BigInt(a.above) < BigInt(b.above) ? -1 : BigInt(a.above) > BigInt(b.above) ? 1 : 0,
    );
    const from = period.from;
    let to = periods[index + 1]?.from ?? null;
    if (end !== null && (to === null || end < to)) to = end;
    if (from !== null && to !== null && to <= from) continue;
    for (const [tier, tierPrices] of tiers) {
      const withTier: Partial<PriceSet> = { ...period, ...tierPrices };
      for (const context of [null, ...contexts]) {
        const merged: Record<string, string | undefined> = { ...withTier };
        if (context !== null) for (const key of EXPORT_PRICE_KEYS) if (context[key] !== undefined) merged[key] = context[key];
        const prices = Object.fromEntries(EXPORT_PRICE_KEYS.map((key) => [key, priceText(merged[key])])) as Record<
          ExportPriceKey,
          string | null
        >;
        rows.push({
          model_id: model.id,
          provider: model.provider,
          valid_from: from,
          valid_to: to,
          tier,
          context_above: context?.above ?? null,
          prices,
        });
      }
    }
  }
  return rows;
}

type Leaf = { kind: Exclude<RuleKind, 'id' | 'alias' | 'provider'>; pattern: string };

/** A rule as an `or` of `and`s of tests (it has no negation but a regex's own, so this is exact). */
function alternativesOf(rule: MatchRule, owner: string): Leaf[][] {
  if ('or' in rule) {
    const all = rule.or.flatMap((part) => alternativesOf(part, owner));
    if (all.length > MAX_ALTERNATIVES) throw tooMany(owner);
    return all;
  }
  if ('and' in rule) {
    let product: Leaf[][] = [[]];
    for (const part of rule.and) {
      const alternatives = alternativesOf(part, owner);
      if (product.length * alternatives.length > MAX_ALTERNATIVES) throw tooMany(owner);
      product = product.flatMap((left) => alternatives.map((right) => [...left, ...right]));
    }
    return product;
  }
  if ('regex' in rule) return [regexTests(rule.regex)];
  const [kind, text] = Object.entries(rule)[0] as [Leaf['kind'], string];
  return [[{ kind, pattern: text.toLowerCase() }]];
}

/**
 * A regex as tests RE2 (DuckDB, BigQuery) can run: `^(?!A)B`, a leading negative lookahead as the data
 * writes "not a TTS model", is `not_regex ^(?:A)` and `regex ^(?:B)` (the same, at the one position `^`
 * allows). Any other lookaround stays as it is, and the export warns of it.
 */
function regexTests(pattern: string): Leaf[] {
  const end = pattern.startsWith('^(?!') ? groupEnd(pattern, 1) : undefined;
  if (end === undefined) return [{ kind: 'regex', pattern }];
  const rest = pattern.slice(end + 1);
  return [
    { kind: 'not_regex', pattern: `^(?:${pattern.slice(4, end)})` },
    ...(rest === '' ? [] : [{ kind: 'regex' as const, pattern: `^(?:${rest})` }]),
  ];
}

/** The index of the `)` that closes the group opened at `open`, past escapes and character classes. */
function groupEnd(pattern: string, open: number): number | undefined {
  let depth = 0;
  let inClass = false;
  for (let at = open; at < pattern.length; at++) {
    const char = pattern[at];
    if (char === '\\') at++;
    else if (inClass) inClass = char !== ']';
    else if (char === '[') inClass = true;
    else if (char === '(') depth++;
    else if (char === ')' && --depth === 0) return at;
  }
  return undefined;
}

function tooMany(owner: string): GacostError {
  return new GacostError(
    'invalid-option',
    `the match rule of ${owner} has more than ${MAX_ALTERNATIVES} alternatives once its and/or are flattened: it cannot be exported as rows`,
  );
}

function ruleRows<Row>(
  rule: MatchRule,
  first: number,
  make: (row: { alternative: number; kind: RuleKind; pattern: string }) => Row,
  owner: string,
): Row[] {
  return alternativesOf(rule, owner).flatMap((tests, index) => tests.map((test) => make({ alternative: first + index, ...test })));
}
