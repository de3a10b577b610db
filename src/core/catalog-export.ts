import { GacostError } from '../errors.js';
import { CONTROL_CHARACTER } from './control-characters.js';
import { contextTiersOf, hasTimeOfDayPrices, MEDIA_PRICE_KEYS, type Catalog, type MatchRule, type Model, type PriceSet } from './catalog.js';
import { formatDecimal, parseDecimal } from './decimal.js';
import { PRICE_SCALE } from './money.js';
import { ownNames } from './resolve-model.js';

/**
 * The catalog as tables for a warehouse: a dated price table (one row per model, price period,
 * service tier and context tier, each row's prices complete: a tier's own over the period's) and the
 * match rules flattened into rows (an `or` of `and`s: each `alternative` claims a name when every row
 * of it does), with the order resolution needs. `gacost catalog export` writes them as CSV, JSON lines
 * or a SQL script; the script's view prices a `usage` table as `gacost usage` does (see
 * docs/warehouse.md for what it does and does not do).
 */

/** The price columns, in the tables' order: text first, then audio, image and video. */
export const EXPORT_PRICE_KEYS = ['input', 'cached_input', 'cache_write', 'cache_write_1h', 'output', ...MEDIA_PRICE_KEYS] as const satisfies readonly (keyof PriceSet)[];
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

export type RuleScope = 'model' | 'provider' | 'model_match' | 'fallback';
export type RuleKind = 'id' | 'alias' | 'provider_id' | 'aggregator_id' | 'equals' | 'starts_with' | 'ends_with' | 'contains' | 'regex' | 'not_regex' | 'provider';

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
    if (provider.match !== undefined) rules.push(...ruleRows(provider.match, 1, (row) => ({ ...base, scope: 'provider' as const, ...row }), `provider ${key}`));
    if (provider.model_match !== undefined) rules.push(...ruleRows(provider.model_match, 0, (row) => ({ ...base, scope: 'model_match' as const, ...row }), `provider ${key}`));
    for (const [index, fallback] of (provider.fallback_providers ?? []).entries()) {
      rules.push({ ...base, scope: 'fallback', alternative: index, kind: 'provider', pattern: fallback.toLowerCase() });
    }
  }
  for (const [order, model] of catalog.models.entries()) {
    const base = { provider: model.provider, provider_order: providerOrder.get(model.provider) ?? 0, model_id: model.id, model_order: order, scope: 'model' as const };
    rules.push({ ...base, alternative: 0, kind: 'id', pattern: model.id.toLowerCase() });
    for (const [index, alias] of model.aliases.entries()) rules.push({ ...base, alternative: index + 1, kind: 'alias', pattern: alias.toLowerCase() });
    const own = ownNames(model);
    const ownKind = catalog.providers[model.provider]?.kind === 'aggregator' ? 'aggregator_id' : 'provider_id';
    for (const [index, name] of own.entries()) rules.push({ ...base, alternative: model.aliases.length + 1 + index, kind: ownKind, pattern: name });
    if (model.match !== undefined) rules.push(...ruleRows(model.match, model.aliases.length + own.length + 1, (row) => ({ ...base, ...row }), `model ${model.id}`));
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
export function nextDay(day: string): string {
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
    const contexts = [...contextTiersOf(model, period)].sort((a, b) => (BigInt(a.above) < BigInt(b.above) ? -1 : BigInt(a.above) > BigInt(b.above) ? 1 : 0));
    const from = period.from;
    let to = periods[index + 1]?.from ?? null;
    if (end !== null && (to === null || end < to)) to = end;
    if (from !== null && to !== null && to <= from) continue;
    for (const [tier, tierPrices] of tiers) {
      const withTier: Partial<PriceSet> = { ...period, ...tierPrices };
      for (const context of [null, ...contexts]) {
        const merged: Record<string, string | undefined> = { ...withTier };
        if (context !== null) for (const key of EXPORT_PRICE_KEYS) if (context[key] !== undefined) merged[key] = context[key];
        const prices = Object.fromEntries(EXPORT_PRICE_KEYS.map((key) => [key, priceText(merged[key])])) as Record<ExportPriceKey, string | null>;
        rows.push({ model_id: model.id, provider: model.provider, valid_from: from, valid_to: to, tier, context_above: context?.above ?? null, prices });
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
  return [{ kind: 'not_regex', pattern: `^(?:${pattern.slice(4, end)})` }, ...(rest === '' ? [] : [{ kind: 'regex' as const, pattern: `^(?:${rest})` }])];
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
  return new GacostError('invalid-option', `the match rule of ${owner} has more than ${MAX_ALTERNATIVES} alternatives once its and/or are flattened: it cannot be exported as rows`);
}

function ruleRows<Row>(rule: MatchRule, first: number, make: (row: { alternative: number; kind: RuleKind; pattern: string }) => Row, owner: string): Row[] {
  return alternativesOf(rule, owner).flatMap((tests, index) => tests.map((test) => make({ alternative: first + index, ...test })));
}

/** Regex features a SQL dialect's regex engine reads differently or not at all, for a warning. */
export function regexConcerns(pattern: string, dialect: Dialect): string | undefined {
  if (/\(\?<?[=!]/.test(pattern) && dialect !== 'postgres') return 'lookaround, which RE2 does not support';
  if (/\(\?<[a-z]/i.test(pattern)) return 'a named group';
  if (/\\[1-9]/.test(pattern) && dialect !== 'postgres') return 'a back-reference, which RE2 does not support';
  if (/\\[pP]\{/.test(pattern)) return 'a Unicode property class';
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// CSV and JSON lines

export const PRICE_COLUMNS = ['model_id', 'provider', 'valid_from', 'valid_to', 'tier', 'context_above', ...EXPORT_PRICE_KEYS] as const;
export const RULE_COLUMNS = ['model_id', 'provider', 'provider_order', 'model_order', 'scope', 'alternative', 'kind', 'pattern'] as const;

function priceRecord(row: PriceRow): Record<string, string | null> {
  return { model_id: row.model_id, provider: row.provider, valid_from: row.valid_from, valid_to: row.valid_to, tier: row.tier, context_above: row.context_above, ...row.prices };
}

function ruleRecord(row: RuleRow): Record<string, string | number | null> {
  return { model_id: row.model_id, provider: row.provider, provider_order: row.provider_order, model_order: row.model_order, scope: row.scope, alternative: row.alternative, kind: row.kind, pattern: row.pattern };
}

function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

export type ExportTable = 'prices' | 'rules';

/**
 * RFC 4180 quoting, LF line ends as gacost's other CSV; empty is NULL. Unlike the reports' CSV, no text
 * is prefixed against spreadsheet formulas: these are data to load, and a pattern may begin with `-`.
 */
export function exportCsv(tables: CatalogTables, table: ExportTable): string {
  const [columns, records] = table === 'prices' ? [PRICE_COLUMNS, tables.prices.map(priceRecord)] : [RULE_COLUMNS, tables.rules.map(ruleRecord)];
  return [columns.join(','), ...records.map((record) => columns.map((column) => csvField(record[column] ?? null)).join(','))].map((line) => `${line}\n`).join('');
}

/** One JSON object a line; prices as decimal strings (exact), absent values as null. */
export function exportJsonLines(tables: CatalogTables, table: ExportTable): string {
  const records = table === 'prices' ? tables.prices.map(priceRecord) : tables.rules.map(ruleRecord);
  return records.map((record) => `${JSON.stringify(record)}\n`).join('');
}

// ---------------------------------------------------------------------------------------------
// SQL

export type Dialect = 'duckdb' | 'postgres' | 'bigquery';
export const DIALECTS: readonly Dialect[] = ['duckdb', 'postgres', 'bigquery'];

interface DialectSql {
  readonly text: string;
  readonly price: string;
  readonly cost: string;
  readonly integer: string;
  readonly bigint: string;
  readonly everyTrue: string;
  /** Whether `name` (lower case) matches `pattern`, case-insensitively. */
  regex(name: string, pattern: string): string;
  /** A string literal. */
  literal(text: string): string;
  /** Statements the script starts with. */
  readonly preamble: readonly string[];
}

/**
 * String literals, one rule per dialect, safe whatever the text holds (the catalog refuses control
 * characters, but the script must not depend on that): no control character is written as it is, so
 * the script has one line per line of SQL (psql reads it line by line as C strings, and a NUL would end
 * a line inside a literal), and no backslash is read differently by a server's settings.
 */
const CONTROLS = new RegExp(CONTROL_CHARACTER.source, 'g');
const hex4 = (char: string) => char.charCodeAt(0).toString(16).padStart(4, '0');

/**
 * PostgreSQL: a standard string where the text has no backslash and no control; else an escape string,
 * E'…', whose backslashes psql and the server read alike whatever standard_conforming_strings says.
 * PostgreSQL text cannot hold a NUL at all.
 */
function postgresLiteral(text: string): string {
  if (!text.includes('\\') && !CONTROL_CHARACTER.test(text)) return `'${text.replaceAll("'", "''")}'`;
  if (text.includes('\0')) throw new GacostError('invalid-catalog', `PostgreSQL text cannot hold a NUL character: ${JSON.stringify(text).slice(0, 200)}`);
  return `E'${text.replaceAll('\\', '\\\\').replaceAll("'", "''").replace(CONTROLS, (char) => `\\u${hex4(char)}`)}'`;
}

/** DuckDB: standard strings keep backslashes; a control character is joined in with chr() (its parser reads a NUL as the script's end). */
function duckdbLiteral(text: string): string {
  return `'${text.replaceAll("'", "''").replace(CONTROLS, (char) => `' || chr(${char.charCodeAt(0)}) || '`)}'`;
}

/** BigQuery: a quoted string with its escapes (a raw string cannot end in a backslash, and no quoted string may hold a newline). */
function bigqueryLiteral(text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'").replace(CONTROLS, (char) => `\\u${hex4(char)}`)}'`;
}

const DIALECT_SQL: Record<Dialect, DialectSql> = {
  duckdb: {
    text: 'VARCHAR',
    price: 'DECIMAL(18,9)',
    cost: 'DECIMAL(38,15)',
    integer: 'INTEGER',
    bigint: 'BIGINT',
    everyTrue: 'bool_and',
    regex: (name, pattern) => `regexp_matches(${name}, ${pattern}, 'i')`,
    literal: duckdbLiteral,
    preamble: [],
  },
  postgres: {
    text: 'TEXT',
    price: 'NUMERIC(18,9)',
    cost: 'NUMERIC(38,15)',
    integer: 'INTEGER',
    bigint: 'BIGINT',
    everyTrue: 'bool_and',
    regex: (name, pattern) => `(${name} ~* ${pattern})`,
    literal: postgresLiteral,
    // Every literal is read alike either way; a server set otherwise still reads the view's as written.
    preamble: ['SET standard_conforming_strings = on;'],
  },
  bigquery: {
    text: 'STRING',
    price: 'NUMERIC',
    cost: 'BIGNUMERIC',
    integer: 'INT64',
    bigint: 'INT64',
    everyTrue: 'LOGICAL_AND',
    regex: (name, pattern) => `REGEXP_CONTAINS(${name}, CONCAT('(?i)', ${pattern}))`,
    literal: bigqueryLiteral,
    preamble: [],
  },
};

const INSERT_BATCH = 500;

function sqlValue(value: string | number | null, sql: DialectSql, type: 'text' | 'date' | 'price' | 'int'): string {
  if (value === null) return 'NULL';
  if (type === 'int' || type === 'price') return String(value);
  if (type === 'date') return `DATE '${value}'`;
  return sql.literal(String(value));
}

function inserts(table: string, columns: readonly string[], rows: readonly (string | number | null)[][], types: readonly ('text' | 'date' | 'price' | 'int')[], sql: DialectSql): string {
  let out = '';
  for (let start = 0; start < rows.length; start += INSERT_BATCH) {
    const batch = rows.slice(start, start + INSERT_BATCH);
    out += `INSERT INTO ${table} (${columns.join(', ')}) VALUES\n`;
    out += batch.map((row) => `  (${row.map((value, index) => sqlValue(value, sql, types[index] ?? 'text')).join(', ')})`).join(',\n');
    out += ';\n';
  }
  return out;
}

export interface SqlHeader {
  readonly version: string;
  readonly hash: string;
}

/**
 * A script that creates and fills gacost_prices and gacost_match_rules, and creates the view
 * gacost_priced_usage over a table (or view) `usage` the user provides:
 *   ts TIMESTAMP, provider VARCHAR (nullable), model VARCHAR, input_tokens BIGINT (all input),
 *   cached_input_tokens BIGINT, cache_write_tokens BIGINT, output_tokens BIGINT.
 */
export function exportSql(tables: CatalogTables, dialect: Dialect, header: SqlHeader): string {
  const sql = DIALECT_SQL[dialect];
  const T = sql.text;
  const lines: string[] = [];
  lines.push(`-- gacost catalog export: catalog ${header.version} (hash ${header.hash}), ${dialect}`);
  lines.push('-- Prices are USD per 1M tokens; see docs/warehouse.md for the view and what it does not do.');
  lines.push(...sql.preamble);
  lines.push('DROP VIEW IF EXISTS gacost_priced_usage;');
  lines.push('DROP TABLE IF EXISTS gacost_prices;');
  lines.push('DROP TABLE IF EXISTS gacost_match_rules;');
  const priceColumns = EXPORT_PRICE_KEYS.map((key) => `  ${key} ${sql.price}`).join(',\n');
  lines.push(
    `CREATE TABLE gacost_prices (\n  model_id ${T} NOT NULL,\n  provider ${T} NOT NULL,\n  valid_from DATE,\n  valid_to DATE,\n  tier ${T},\n  context_above ${sql.bigint},\n${priceColumns}\n);`,
  );
  lines.push(
    `CREATE TABLE gacost_match_rules (\n  model_id ${T},\n  provider ${T} NOT NULL,\n  provider_order ${sql.integer} NOT NULL,\n  model_order ${sql.integer},\n  scope ${T} NOT NULL,\n  alternative ${sql.integer} NOT NULL,\n  kind ${T} NOT NULL,\n  pattern ${T} NOT NULL\n);`,
  );
  let out = `${lines.join('\n')}\n`;
  out += inserts(
    'gacost_prices',
    PRICE_COLUMNS,
    tables.prices.map((row) => PRICE_COLUMNS.map((column) => priceRecord(row)[column] ?? null)),
    ['text', 'text', 'date', 'date', 'text', 'int', ...EXPORT_PRICE_KEYS.map(() => 'price' as const)],
    sql,
  );
  out += inserts(
    'gacost_match_rules',
    RULE_COLUMNS,
    tables.rules.map((row) => RULE_COLUMNS.map((column) => ruleRecord(row)[column] ?? null)),
    ['text', 'text', 'int', 'int', 'text', 'int', 'text', 'text'],
    sql,
  );
  out += pricedUsageView(sql);
  return out;
}

/** Whether rule row `r` claims `name` (lower case). */
function claims(sql: DialectSql, name: string, r: string): string {
  return `CASE ${r}.kind
      WHEN 'regex' THEN ${sql.regex(name, `${r}.pattern`)}
      WHEN 'not_regex' THEN NOT ${sql.regex(name, `${r}.pattern`)}
      WHEN 'starts_with' THEN left(${name}, length(${r}.pattern)) = ${r}.pattern
      WHEN 'ends_with' THEN right(${name}, length(${r}.pattern)) = ${r}.pattern
      WHEN 'contains' THEN strpos(${name}, ${r}.pattern) > 0
      ELSE ${name} = ${r}.pattern END`;
}

function pricedUsageView(sql: DialectSql): string {
  const all = sql.everyTrue;
  const perToken = (column: string) => `CAST(p.${column} * 0.000001 AS ${sql === DIALECT_SQL.bigquery ? 'BIGNUMERIC' : 'DECIMAL(18,15)'})`;
  const tokens = (column: string) => (sql === DIALECT_SQL.bigquery ? `CAST(${column} AS BIGNUMERIC)` : `CAST(${column} AS DECIMAL(20,0))`);
  const inputPrice = `COALESCE(${perToken('input')}, ${perToken('output')})`;
  return `CREATE VIEW gacost_priced_usage AS
WITH
-- Each distinct (provider, model) of usage once, with its names in lower case.
names AS (
  SELECT provider AS raw_provider, model AS raw_model, lower(trim(model)) AS name, lower(trim(provider)) AS provider_name,
    row_number() OVER (ORDER BY provider, model) AS name_id
  FROM (SELECT DISTINCT provider, model FROM usage WHERE model IS NOT NULL) AS distinct_names
),
-- The texts that may name a provider: a row's provider, and what comes before a name's first '/'.
provider_texts AS (
  SELECT DISTINCT provider_name AS text FROM names WHERE provider_name IS NOT NULL
  UNION
  SELECT DISTINCT substr(name, 1, strpos(name, '/') - 1) FROM names WHERE strpos(name, '/') > 1
),
-- Which provider each text names: a provider's key, else the first provider (catalog order) whose match rule claims it.
provider_claims AS (
  SELECT t.text, r.provider, min(CASE WHEN r.kind = 'id' THEN -1 ELSE r.provider_order END) AS rank
  FROM provider_texts t CROSS JOIN gacost_match_rules r
  WHERE r.scope = 'provider'
  GROUP BY t.text, r.provider, r.provider_order, r.alternative
  HAVING ${all}(${claims(sql, 't.text', 'r')})
),
provider_named AS (
  SELECT text, provider FROM (
    SELECT text, provider, row_number() OVER (PARTITION BY text ORDER BY rank, provider) AS n FROM provider_claims
  ) AS ranked WHERE n = 1
),
-- The forms of a name gacost tries that this view knows: the name as given, with the row's provider;
-- and the name after a 'provider/' prefix, with that provider (where the row names no other).
forms AS (
  SELECT n.name_id, 'given' AS form, n.name AS name, rp.provider AS provider
  FROM names n LEFT JOIN provider_named rp ON rp.text = n.provider_name
  UNION ALL
  SELECT n.name_id, 'prefixed', substr(n.name, strpos(n.name, '/') + 1), pp.provider
  FROM names n
  JOIN provider_named pp ON pp.text = substr(n.name, 1, strpos(n.name, '/') - 1)
  LEFT JOIN provider_named rp ON rp.text = n.provider_name
  WHERE strpos(n.name, '/') > 1 AND substr(n.name, strpos(n.name, '/') + 1) <> '' AND (rp.provider IS NULL OR rp.provider = pp.provider)
),
-- Every model (or provider's model_match) alternative that claims a form: all of its rows match.
candidates AS (
  SELECT f.name_id, f.form, f.provider AS form_provider, r.scope, r.model_id, r.provider, r.model_order,
    max(CASE r.kind WHEN 'id' THEN 3 WHEN 'alias' THEN 2 WHEN 'provider_id' THEN 1 WHEN 'aggregator_id' THEN 1 ELSE 0 END) AS named,
    max(CASE WHEN r.kind = 'provider_id' THEN 1 ELSE 0 END) AS own
  FROM forms f CROSS JOIN gacost_match_rules r
  WHERE r.scope IN ('model', 'model_match')
  GROUP BY f.name_id, f.form, f.provider, r.scope, r.model_id, r.provider, r.model_order, r.alternative
  HAVING ${all}(${claims(sql, 'f.name', 'r')})
),
-- Of each provider, the first model in catalog order whose rule claims the form.
first_by_rule AS (
  SELECT name_id, form, form_provider, provider, model_id FROM (
    SELECT c.*, row_number() OVER (PARTITION BY name_id, form, provider ORDER BY model_order) AS n
    FROM candidates c WHERE scope = 'model' AND named = 0
  ) AS ranked WHERE n = 1
),
-- For a form without a provider: the models whose own name it is (an aggregator's excepted), one of
-- each provider; where there are none, the first model of each provider whose rule claims it.
first_claim AS (
  SELECT name_id, form, form_provider, provider, model_id FROM (
    SELECT c.*, row_number() OVER (PARTITION BY name_id, form, provider ORDER BY own DESC, model_order) AS n,
      max(own) OVER (PARTITION BY name_id, form) AS any_own
    FROM candidates c WHERE scope = 'model' AND (own = 1 OR named = 0)
  ) AS ranked WHERE n = 1 AND own = any_own
),
-- A form with a provider: its claimant, else that of its fallback providers in order (one step).
of_provider AS (
  SELECT b.name_id, b.form, b.model_id, 0 AS step FROM first_by_rule b WHERE b.provider = b.form_provider
  UNION ALL
  SELECT b.name_id, b.form, b.model_id, 1 + fb.alternative FROM first_by_rule b
  JOIN gacost_match_rules fb ON fb.scope = 'fallback' AND fb.provider = b.form_provider AND fb.pattern = b.provider
),
-- A form without a provider: the one provider that claims it (by its own name or its rule), else the one of those whose model_match claims the name.
unscoped AS (
  SELECT b.name_id, b.model_id, count(*) OVER (PARTITION BY b.name_id) AS claimants,
    sum(CASE WHEN mm.provider IS NULL THEN 0 ELSE 1 END) OVER (PARTITION BY b.name_id) AS matched,
    CASE WHEN mm.provider IS NULL THEN 0 ELSE 1 END AS this_matched
  FROM first_claim b
  LEFT JOIN (SELECT DISTINCT name_id, provider FROM candidates WHERE scope = 'model_match' AND form = 'given') mm
    ON mm.name_id = b.name_id AND mm.provider = b.provider
  WHERE b.form = 'given' AND b.form_provider IS NULL
),
-- In gacost's order for a logged name: the name by id (by alias or own name only within the row's
-- provider); the prefixed form by id, alias or own name, then rule; the rules on the name; the claims
-- of providers on a name without one.
picks AS (
  SELECT c.name_id, c.model_id, 1 AS stage, 3 - c.named AS step FROM candidates c
  WHERE c.scope = 'model' AND c.form = 'given' AND ((c.form_provider IS NULL AND c.named = 3) OR (c.provider = c.form_provider AND c.named >= 1))
  UNION ALL
  SELECT c.name_id, c.model_id, 2, 3 - c.named FROM candidates c
  WHERE c.scope = 'model' AND c.named >= 1 AND c.form = 'prefixed' AND c.provider = c.form_provider
  UNION ALL
  SELECT o.name_id, o.model_id, 3, o.step FROM of_provider o WHERE o.form = 'prefixed'
  UNION ALL
  SELECT o.name_id, o.model_id, 4, o.step FROM of_provider o WHERE o.form = 'given'
  UNION ALL
  SELECT u.name_id, u.model_id, 5, 0 FROM unscoped u WHERE u.claimants = 1 OR (u.matched = 1 AND u.this_matched = 1)
),
resolved AS (
  SELECT n.raw_provider, n.raw_model, p.model_id FROM names n
  JOIN (SELECT name_id, model_id, row_number() OVER (PARTITION BY name_id ORDER BY stage, step) AS k FROM picks) AS p
    ON p.name_id = n.name_id AND p.k = 1
),
-- Standard prices, each row with the prompt sizes it applies to: over context_above, up to the next tier's.
bands AS (
  SELECT p.*, lead(p.context_above) OVER (PARTITION BY p.model_id, p.valid_from, p.tier ORDER BY p.context_above NULLS FIRST) AS context_below
  FROM gacost_prices p WHERE p.tier IS NULL
)
SELECT u.*, r.model_id AS model_id,
  CASE
    WHEN p.model_id IS NULL THEN NULL
    WHEN p.output IS NULL AND COALESCE(u.output_tokens, 0) > 0 THEN NULL
    WHEN p.input IS NULL AND p.output IS NULL AND COALESCE(u.input_tokens, 0) > 0 THEN NULL
    ELSE CAST(
      ${tokens('COALESCE(u.input_tokens, 0) - COALESCE(u.cached_input_tokens, 0) - COALESCE(u.cache_write_tokens, 0)')} * ${inputPrice}
      + ${tokens('COALESCE(u.cached_input_tokens, 0)')} * COALESCE(${perToken('cached_input')}, ${inputPrice})
      + ${tokens('COALESCE(u.cache_write_tokens, 0)')} * COALESCE(${perToken('cache_write')}, ${inputPrice})
      + ${tokens('COALESCE(u.output_tokens, 0)')} * COALESCE(${perToken('output')}, 0)
      AS ${sql.cost})
  END AS cost_usd
FROM usage u
LEFT JOIN resolved r ON r.raw_model = u.model AND r.raw_provider IS NOT DISTINCT FROM u.provider
LEFT JOIN bands p
  ON p.model_id = r.model_id
  AND (p.valid_from IS NULL OR p.valid_from <= CAST(u.ts AS DATE)) AND (p.valid_to IS NULL OR CAST(u.ts AS DATE) < p.valid_to)
  AND COALESCE(u.input_tokens, 0) > COALESCE(p.context_above, -1) AND (p.context_below IS NULL OR COALESCE(u.input_tokens, 0) <= p.context_below);
`;
}

