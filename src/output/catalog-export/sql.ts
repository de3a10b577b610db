import { type CatalogTables, EXPORT_PRICE_KEYS } from '../../core/catalog-export.js';
import { type Dialect, SQL_DIALECTS, type SqlDialect } from './sql-dialects.js';
import { PRICE_COLUMNS, priceRecord, RULE_COLUMNS, ruleRecord } from './tables.js';

const INSERT_BATCH = 500;

function sqlValue(value: string | number | null, sql: SqlDialect, type: 'text' | 'date' | 'price' | 'int'): string {
  if (value === null) return 'NULL';
  if (type === 'int' || type === 'price') return String(value);
  if (type === 'date') return `DATE '${value}'`;
  return sql.literal(String(value));
}

function inserts(
  table: string,
  columns: readonly string[],
  rows: readonly (string | number | null)[][],
  types: readonly ('text' | 'date' | 'price' | 'int')[],
  sql: SqlDialect,
): string {
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
  const sql = SQL_DIALECTS[dialect];
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
function claims(sql: SqlDialect, name: string, r: string): string {
  return `CASE ${r}.kind
      WHEN 'regex' THEN ${sql.regex(name, `${r}.pattern`)}
      WHEN 'not_regex' THEN NOT ${sql.regex(name, `${r}.pattern`)}
      WHEN 'starts_with' THEN left(${name}, length(${r}.pattern)) = ${r}.pattern
      WHEN 'ends_with' THEN right(${name}, length(${r}.pattern)) = ${r}.pattern
      WHEN 'contains' THEN strpos(${name}, ${r}.pattern) > 0
      ELSE ${name} = ${r}.pattern END`;
}

function pricedUsageView(sql: SqlDialect): string {
  const all = sql.everyTrue;
  const perToken = (column: string) => `CAST(p.${column} * 0.000001 AS ${sql.perTokenPrice})`;
  const tokens = (column: string) => `CAST(${column} AS ${sql.tokenCount})`;
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
