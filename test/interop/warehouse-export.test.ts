import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportSql } from '../../src/output/catalog-export/sql.js';
import { gacost, scratchDir } from '../support/gacost.js';
import { hostileNames, tablesNaming } from '../support/hostile-text.js';
import { type Postgres, postgresUnavailable, startPostgres } from '../support/postgres.js';
import { decimalText, duckdbTotals, gacostTotals, TOTALS_SQL, type Totals, type UsageRow, usageCsv } from '../support/warehouse.js';

/**
 * gacost catalog export --format sql with the shipped catalog, run by DuckDB and by PostgreSQL on real
 * usage (../shared/usage-samples) and rows of our own, against gacost usage on the same records.
 */
const S = '../shared/usage-samples';
const SHIPPED = ['--catalog', 'pricing/catalog.yaml'];
/** The samples carry no time: every record is put on this day, and gacost is given it with --as-of. */
const DAY = '2025-11-06';
const TS = `${DAY} 12:00:00`;

type Usage = Record<string, unknown>;
const count = (value: unknown) => (typeof value === 'number' ? value : 0);

/** An OpenAI-compatible chat usage as a usage row, the way docs/usage-formats.md says gacost reads it. */
function openaiRow(model: string, usage: Usage): UsageRow {
  const details = (usage.prompt_tokens_details ?? {}) as Usage;
  const prompt = count(usage.prompt_tokens);
  const completion = count(usage.completion_tokens);
  const cached =
    count(details.cached_tokens) || count(usage.prompt_cache_hit_tokens) || count(usage.cached_tokens) || count(usage.num_cached_tokens);
  const hidden = Math.max(0, count(usage.total_tokens) - prompt - completion);
  return {
    ts: TS,
    provider: 'openai',
    model,
    input: prompt,
    cached,
    write: count(details.cache_write_tokens) || count(usage.cache_write_tokens),
    output: completion + hidden,
  };
}

/** An Anthropic Messages usage as a usage row (input_tokens leaves the cache out). */
function anthropicRow(model: string, usage: Usage): UsageRow {
  const read = count(usage.cache_read_input_tokens);
  const write = count(usage.cache_creation_input_tokens);
  return {
    ts: TS,
    provider: 'anthropic',
    model,
    input: count(usage.input_tokens) + read + write,
    cached: read,
    write,
    output: count(usage.output_tokens),
  };
}

function lines(path: string): { model: string; usage: Usage }[] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { model: string; usage: Usage });
}

const OPENAI = `${S}/openai-chat-completions/genai-prices-openai-compatible-chat.jsonl`;
const ANTHROPIC = `${S}/anthropic-messages/genai-prices-anthropic-messages.jsonl`;

/** Our own rows: dated prices (GPT-4o's 2024 price), cache writes, an output-only model, a prefix, an unknown name. */
const OWN: UsageRow[] = [
  { ts: '2024-06-01 09:00:00', provider: null, model: 'gpt-4o-2024-05-13', input: 10000, cached: 0, write: 0, output: 1000 },
  { ts: '2026-11-24 09:00:00', provider: null, model: 'gpt-4o-2024-08-06', input: 10000, cached: 4000, write: 0, output: 1000 },
  {
    ts: '2026-11-24 09:00:00',
    provider: 'anthropic',
    model: 'claude-sonnet-4-5-20250929',
    input: 20000,
    cached: 5000,
    write: 3000,
    output: 700,
  },
  { ts: '2026-11-24 09:00:00', provider: null, model: 'anthropic/claude-haiku-4-5', input: 9000, cached: 0, write: 9000, output: 10 },
  // Outside DeepSeek's peak windows (01:00-04:00, 06:00-10:00 UTC): the price table holds all-day prices only (docs/warehouse.md).
  { ts: '2026-11-24 12:00:00', provider: null, model: 'deepseek-v4-flash', input: 123457, cached: 0, write: 0, output: 89 },
  { ts: '2026-11-24 09:00:00', provider: 'global-api', model: 'Kimi-K2.5', input: 1000, cached: 0, write: 0, output: 1 },
  { ts: '2026-11-24 09:00:00', provider: null, model: 'llama-unknown-9000', input: 1, cached: 0, write: 0, output: 1 },
];

/**
 * What gacost usage says of the samples (with --as-of and the provider) and of our rows (as CSV). The
 * usage table has token columns only: the Anthropic sample's web searches (server_tool_use), which
 * gacost prices, are left out of its copy, as docs/warehouse.md says the view leaves them out.
 */
async function gacostOn(dir: string): Promise<Totals> {
  writeFileSync(join(dir, 'own.csv'), usageCsv(OWN));
  const tokensOnly = lines(ANTHROPIC).map(
    ({ model, usage: { server_tool_use: _searches, ...usage } }) => `${JSON.stringify({ model, usage })}\n`,
  );
  writeFileSync(join(dir, 'anthropic.jsonl'), tokensOnly.join(''));
  const runs = [
    await gacost([...SHIPPED, '--as-of', DAY, 'usage', OPENAI, '--provider', 'openai', '--by', 'model', '--format', 'json']),
    await gacost([
      ...SHIPPED,
      '--as-of',
      DAY,
      'usage',
      join(dir, 'anthropic.jsonl'),
      '--provider',
      'anthropic',
      '--by',
      'model',
      '--format',
      'json',
    ]),
    await gacost([...SHIPPED, 'usage', join(dir, 'own.csv'), '--by', 'model', '--format', 'json']),
  ];
  for (const run of runs) expect(run.exitCode, run.stderr).toBe(0);
  return mergeTotals(runs.map((run) => gacostTotals(run.stdout)));
}

/** Sums several reports' totals per model (costs as exact decimals) and unpriced names. */
function mergeTotals(all: readonly Totals[]): Totals {
  const femto = (text: string) => {
    const [whole = '0', fraction = ''] = text.split('.');
    return BigInt(whole + fraction.padEnd(15, '0'));
  };
  const costs = new Map<string, bigint>();
  const unpriced: Record<string, number> = {};
  for (const totals of all) {
    for (const [model, cost] of Object.entries(totals.costs)) costs.set(model, (costs.get(model) ?? 0n) + femto(cost));
    for (const [name, records] of Object.entries(totals.unpriced)) unpriced[name] = (unpriced[name] ?? 0) + records;
  }
  const text = (value: bigint) => decimalText(`${value / 10n ** 15n}.${(value % 10n ** 15n).toString().padStart(15, '0')}`);
  return {
    costs: Object.fromEntries([...costs].sort(([a], [b]) => (a < b ? -1 : 1)).map(([model, cost]) => [model, text(cost)])),
    unpriced: sorted(unpriced),
  };
}

const sorted = (record: Record<string, number>) => Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)));

const SAMPLE_ROWS = () => [
  ...lines(OPENAI).map((line) => openaiRow(line.model, line.usage)),
  ...lines(ANTHROPIC).map((line) => anthropicRow(line.model, line.usage)),
  ...OWN,
];

describe('the exported SQL view on real usage, against gacost usage', () => {
  it('DuckDB: cost_usd per model_id equals gacost usage to the last digit, and the unpriced rows are the same', async () => {
    const expected = await gacostOn(scratchDir());
    const sql = await gacost([...SHIPPED, 'catalog', 'export', '--format', 'sql', '--dialect', 'duckdb']);
    expect(sql.exitCode, sql.stderr).toBe(0);
    const actual = await duckdbTotals(sql.stdout, SAMPLE_ROWS());
    expect({ ...actual, unpriced: sorted(actual.unpriced) }).toEqual(expected);
    expect(Object.keys(expected.costs).length).toBeGreaterThan(10);
    expect(expected.unpriced['llama-unknown-9000']).toBe(1);
  });
});

const unavailable = postgresUnavailable();

describe.skipIf(unavailable !== undefined)(
  `PostgreSQL over LiteLLM's spend logs${unavailable === undefined ? '' : ` (skipped: ${unavailable})`}`,
  () => {
    let pg: Postgres;
    beforeAll(() => {
      pg = startPostgres();
    }, 60_000);
    afterAll(() => pg?.stop());

    it('a view maps LiteLLM_SpendLogs to usage; the export prices it as gacost usage prices the same rows', async () => {
      // LiteLLM's own row (../shared/usage-samples/litellm-spend-logs), then rows of the same shape from the samples and ours.
      const sample = JSON.parse(readFileSync(`${S}/litellm-spend-logs/spend_logs_payload.json`, 'utf8')) as Record<string, unknown>;
      const rows = [
        {
          ts: String(sample.startTime).slice(0, 19),
          provider: String(sample.custom_llm_provider),
          model: String(sample.model),
          input: count(sample.prompt_tokens),
          cached: 0,
          write: 0,
          output: count(sample.completion_tokens),
        },
        ...SAMPLE_ROWS(),
      ];
      const spendLogs = rows.map((row, index) => spendLogRow(row, index));
      const dir = scratchDir();
      writeFileSync(join(dir, 'spend-logs.json'), `${JSON.stringify(spendLogs, null, 1)}\n`);
      const usage = await gacost([...SHIPPED, 'usage', join(dir, 'spend-logs.json'), '--by', 'model', '--format', 'json']);
      expect(usage.exitCode, usage.stderr).toBe(0);
      const expected = gacostTotals(usage.stdout);

      const sql = await gacost([...SHIPPED, 'catalog', 'export', '--format', 'sql', '--dialect', 'postgres']);
      expect(sql.exitCode, sql.stderr).toBe(0);
      pg.psql(`${LITELLM_TABLE}\n${insertSpendLogs(spendLogs)}\n${LITELLM_USAGE_VIEW}`);
      pg.psql(sql.stdout);
      const costs: Record<string, string> = {};
      for (const [model, cost] of csvRows(pg.psql(TOTALS_SQL.costs.replace('AS VARCHAR', 'AS TEXT'), { csv: true })))
        costs[model ?? ''] = decimalText(cost ?? '');
      const unpriced: Record<string, number> = {};
      for (const [model, records] of csvRows(pg.psql(TOTALS_SQL.unpriced, { csv: true }))) unpriced[model ?? ''] = Number(records);
      expect({ costs, unpriced: sorted(unpriced) }).toEqual({ costs: expected.costs, unpriced: sorted(expected.unpriced) });
      expect(expected.costs['openai/gpt-4o']).toBeDefined();
    });

    it('runs the script of hostile names under psql -v ON_ERROR_STOP=1 -f: no meta-command, each name loaded exactly, whatever standard_conforming_strings says', () => {
      // Where psql's \! would create a file if a name ever ended a literal early (psql runs as the postgres user).
      const target = join(tmpdir(), `gacost-pwned-${process.pid}-${Date.now()}`);
      // PostgreSQL text cannot hold a NUL: the writer refuses it (test/e2e/catalog-export.test.ts), the loader too.
      const names = hostileNames(target).filter((name) => !name.includes('\u0000'));
      const script = exportSql(tablesNaming(names), 'postgres', { version: '2026.1.0', hash: 'test' });
      pg.psql(
        'CREATE TABLE IF NOT EXISTS usage (ts TIMESTAMP, provider TEXT, model TEXT, input_tokens BIGINT, cached_input_tokens BIGINT, cache_write_tokens BIGINT, output_tokens BIGINT);',
      );
      try {
        // As written; and on a server set to off with the script's own SET taken out, so that each literal must hold by itself.
        for (const run of [
          script,
          `SET standard_conforming_strings = off;\n${script.replace('SET standard_conforming_strings = on;\n', '')}`,
        ]) {
          pg.psql(run);
          expect(existsSync(target)).toBe(false);
          const hex = pg.psql(
            "SELECT encode(convert_to(pattern, 'UTF8'), 'hex') AS hex FROM gacost_match_rules WHERE kind = 'alias' ORDER BY model_order",
            { csv: true },
          );
          expect(hex.trim().split('\n').slice(1)).toEqual(names.map((name) => Buffer.from(name).toString('hex')));
        }
      } finally {
        rmSync(target, { force: true });
      }
    });
  },
);

/** psql --csv output without its header (our values hold no commas or quotes). */
function csvRows(text: string): string[][] {
  return text
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','));
}

/** A LiteLLM_SpendLogs row as /spend/logs returns it, the cache split in metadata.usage_object. */
function spendLogRow(row: UsageRow, index: number): Record<string, unknown> {
  return {
    request_id: `req-${index}`,
    call_type: 'acompletion',
    api_key: 'hashed-key',
    spend: 0,
    total_tokens: row.input + row.output,
    prompt_tokens: row.input,
    completion_tokens: row.output,
    startTime: row.ts,
    endTime: row.ts,
    model: row.model,
    model_group: '',
    custom_llm_provider: row.provider ?? '',
    user: '',
    metadata: {
      usage_object: {
        prompt_tokens: row.input,
        completion_tokens: row.output,
        prompt_tokens_details: { cached_tokens: row.cached },
        cache_creation_input_tokens: row.write,
      },
    },
    cache_hit: 'False',
    status: 'success',
  };
}

/** The columns of LiteLLM's LiteLLM_SpendLogs (schema.prisma) that a spend log row carries. */
const LITELLM_TABLE = `CREATE TABLE "LiteLLM_SpendLogs" (
  request_id TEXT PRIMARY KEY, call_type TEXT NOT NULL, api_key TEXT NOT NULL DEFAULT '', spend DOUBLE PRECISION NOT NULL DEFAULT 0.0,
  total_tokens INTEGER NOT NULL DEFAULT 0, prompt_tokens INTEGER NOT NULL DEFAULT 0, completion_tokens INTEGER NOT NULL DEFAULT 0,
  "startTime" TIMESTAMP(3) NOT NULL, "endTime" TIMESTAMP(3) NOT NULL, "completionStartTime" TIMESTAMP(3), model TEXT NOT NULL DEFAULT '',
  model_id TEXT DEFAULT '', model_group TEXT DEFAULT '', custom_llm_provider TEXT DEFAULT '', api_base TEXT DEFAULT '', "user" TEXT DEFAULT '',
  metadata JSONB DEFAULT '{}', cache_hit TEXT DEFAULT '', cache_key TEXT DEFAULT '', request_tags JSONB DEFAULT '[]', team_id TEXT,
  end_user TEXT, requester_ip_address TEXT, session_id TEXT, status TEXT
);`;

function insertSpendLogs(rows: readonly Record<string, unknown>[]): string {
  const text = (value: unknown) => `'${String(value).replaceAll("'", "''")}'`;
  const values = rows.map(
    (row) =>
      `(${[row.request_id, row.call_type, row.api_key].map(text).join(', ')}, ${Number(row.spend)}, ${Number(row.total_tokens)}, ${Number(row.prompt_tokens)}, ${Number(row.completion_tokens)}, ` +
      `${text(row.startTime)}, ${text(row.endTime)}, ${text(row.model)}, ${text(row.model_group)}, ${text(row.custom_llm_provider)}, ${text(row.user)}, ${text(JSON.stringify(row.metadata))}::jsonb, ${text(row.cache_hit)}, ${text(row.status)})`,
  );
  return `INSERT INTO "LiteLLM_SpendLogs" (request_id, call_type, api_key, spend, total_tokens, prompt_tokens, completion_tokens, "startTime", "endTime", model, model_group, custom_llm_provider, "user", metadata, cache_hit, status) VALUES\n${values.join(',\n')};`;
}

/** docs/warehouse.md's view, as written there. */
const LITELLM_USAGE_VIEW =
  readFileSync(new URL('../../docs/warehouse.md', import.meta.url), 'utf8').match(/```sql litellm-usage-view\n([\s\S]*?)```/)?.[1] ??
  'the view is missing from docs/warehouse.md';
