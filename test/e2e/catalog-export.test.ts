import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { CONTROL_CHARACTER } from '../../src/core/control-characters.js';
import { GacostError } from '../../src/errors.js';
import { exportSql } from '../../src/output/catalog-export/sql.js';
import { DIALECTS } from '../../src/output/catalog-export/sql-dialects.js';
import { gacost, scratchDir } from '../support/gacost.js';
import { hostileNames, tablesNaming } from '../support/hostile-text.js';
import { duckdbTotals, gacostTotals, type UsageRow, usageCsv } from '../support/warehouse.js';

const WAREHOUSE = 'test/fixtures/catalogs/warehouse.yaml';
const HISTORY = 'test/fixtures/catalogs/history.yaml';

describe('gacost catalog export', () => {
  it('writes the dated prices as CSV: one row per period, service tier and context tier, a retired model ending the day after', async () => {
    const run = await gacost(['--catalog', HISTORY, 'catalog', 'export', '--format', 'csv']);
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe('');
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(
      'model_id,provider,valid_from,valid_to,tier,context_above,input,cached_input,cache_write,cache_write_1h,output,input_audio,cached_input_audio,input_image,cached_input_image,input_video,output_audio,output_image,output_video',
    );
    const cut = (line: string) => line.split(',').slice(0, 11).join(',');
    expect(lines.slice(1, -1).map(cut)).toEqual([
      'acme/changing,acme,2025-01-01,2026-02-01,,,2,,,,8',
      'acme/changing,acme,2025-01-01,2026-02-01,batch,,0.5,,,,2',
      'acme/changing,acme,2025-01-01,2026-02-01,priority,,2,,,,12',
      'acme/changing,acme,2026-02-01,,,,1,,,,4',
      'acme/changing,acme,2026-02-01,,batch,,0.5,,,,2',
      'acme/changing,acme,2026-02-01,,priority,,1,,,,12',
      'acme/steady,acme,,,,,3,0.3,,,15',
      'acme/steady,acme,,,,200000,6,0.6,,,22.5',
      'acme/old,acme,,2026-01-01,,,,,,,1',
    ]);
    expect(lines.at(-1)).toBe('');
  });

  it('writes the match rules as JSON lines, an and inside an or flattened into one alternative of several rows', async () => {
    const run = await gacost(['--catalog', WAREHOUSE, 'catalog', 'export', '--format', 'jsonl', '--table', 'rules']);
    expect(run.exitCode).toBe(0);
    const rows = run.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const large = rows
      .filter((row) => row.model_id === 'vendor/vx-large')
      .map(({ scope, alternative, kind, pattern }) => [scope, alternative, kind, pattern]);
    expect(large).toEqual([
      ['model', 0, 'id', 'vendor/vx-large'],
      ['model', 1, 'alias', 'vx-large'],
      // Its own name at its provider, which claims a logged name beside the rules.
      ['model', 2, 'provider_id', 'vx-large'],
      ['model', 3, 'starts_with', 'vx-large-'],
      ['model', 3, 'regex', '\\d{4}-\\d{2}-\\d{2}$'],
      ['model', 4, 'ends_with', '-vxl'],
    ]);
    const host = rows
      .filter((row) => row.provider === 'host' && row.model_id === null)
      .map(({ scope, alternative, kind, pattern }) => [scope, alternative, kind, pattern]);
    expect(host).toEqual([
      ['provider', 0, 'id', 'host'],
      ['provider', 1, 'contains', 'hosting'],
      ['fallback', 0, 'provider', 'vendor'],
    ]);
  });

  it('refuses flags that do not go together, on one line with exit 2', async () => {
    for (const args of [
      ['catalog', 'export', '--format', 'csv', '--dialect', 'postgres'],
      ['catalog', 'export', '--format', 'sql', '--table', 'rules'],
      ['catalog', 'export', '--format', 'xml'],
      ['--as-of', '2026-01-01', 'catalog', 'export'],
    ]) {
      const run = await gacost(args);
      expect(run.exitCode, args.join(' ')).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  });
});

/**
 * Rows covering what the view must do as gacost usage does: dated prices, cache reads and writes at
 * their prices, a context tier, an output-only model (input at the output price), names by id, alias,
 * and/or rules, a provider prefix named by a provider's match rule, model_match between two claimants,
 * a fallback provider, a row's provider named by a match rule or unknown to the catalog, a retired
 * model, a date before the first price, an unpublished model and an unknown name.
 */
const ROWS: UsageRow[] = [
  { ts: '2026-03-01 10:00:00', provider: null, model: 'vx-large', input: 900, cached: 300, write: 200, output: 100 },
  { ts: '2026-07-01 10:00:00', provider: 'vendor', model: 'VX-Large', input: 800, cached: 100, write: 100, output: 50 },
  { ts: '2026-07-01 23:59:59', provider: null, model: 'vx-large', input: 5000, cached: 1000, write: 0, output: 300 },
  { ts: '2026-05-31 12:00:00', provider: null, model: 'vx-large-2026-05-01', input: 400, cached: 0, write: 0, output: 40 },
  { ts: '2026-06-01 00:00:00', provider: null, model: 'foo-vxl', input: 400, cached: 0, write: 0, output: 40 },
  { ts: '2026-11-24 08:00:00', provider: null, model: 'vendor-ai/vx-large', input: 70, cached: 0, write: 0, output: 7 },
  { ts: '2026-11-24 08:00:00', provider: null, model: 'vx-large-beta', input: 70, cached: 0, write: 0, output: 7 },
  { ts: '2025-12-01 08:00:00', provider: null, model: 'vendor/vx-large', input: 70, cached: 0, write: 0, output: 7 },
  { ts: '2026-11-24 08:00:00', provider: null, model: 'vx-small', input: 1000, cached: 0, write: 0, output: 100 },
  { ts: '2026-11-24 08:00:00', provider: null, model: 'my-vx-small', input: 1000, cached: 0, write: 0, output: 100 },
  { ts: '2026-11-24 08:00:00', provider: 'Hosting-Co', model: 'vx-small', input: 1000, cached: 0, write: 0, output: 100 },
  { ts: '2026-11-24 08:00:00', provider: 'host', model: 'vx-mini-1', input: 1000, cached: 0, write: 0, output: 100 },
  { ts: '2026-11-24 08:00:00', provider: null, model: 'host/vx-small-2', input: 1000, cached: 0, write: 0, output: 100 },
  { ts: '2026-11-24 08:00:00', provider: null, model: 'flash', input: 12345, cached: 0, write: 0, output: 678 },
  { ts: '2026-11-24 08:00:00', provider: 'somewhere', model: 'gemini-flash', input: 10, cached: 0, write: 0, output: 1 },
  { ts: '2026-11-24 08:00:00', provider: 'vendor', model: 'flash', input: 10, cached: 0, write: 0, output: 1 },
  { ts: '2026-03-31 23:00:00', provider: null, model: 'old-model', input: 10, cached: 0, write: 0, output: 1 },
  { ts: '2026-04-01 01:00:00', provider: null, model: 'old-model', input: 10, cached: 0, write: 0, output: 1 },
  { ts: '2026-11-24 08:00:00', provider: null, model: 'secret-model', input: 10, cached: 0, write: 0, output: 1 },
  { ts: '2026-11-24 08:00:00', provider: null, model: 'nobody-knows', input: 10, cached: 0, write: 0, output: 1 },
];

describe('gacost catalog export --format sql, run by DuckDB', () => {
  it('prices a usage table as gacost usage prices the same rows, to the last digit', async () => {
    const dir = scratchDir();
    writeFileSync(join(dir, 'usage.csv'), usageCsv(ROWS));
    const usage = await gacost(['--catalog', WAREHOUSE, 'usage', join(dir, 'usage.csv'), '--by', 'model', '--format', 'json']);
    expect(usage.exitCode).toBe(0);
    const expected = gacostTotals(usage.stdout);
    const sql = await gacost(['--catalog', WAREHOUSE, 'catalog', 'export', '--format', 'sql', '--dialect', 'duckdb']);
    expect(sql.exitCode).toBe(0);
    expect(sql.stderr).toBe('');
    const actual = await duckdbTotals(sql.stdout, ROWS);
    expect(actual).toEqual(expected);
    // What the rows were written to show, worked by hand where it matters.
    expect(Object.keys(expected.costs).sort()).toEqual([
      'host/vx-small',
      'router/flash',
      'vendor/old',
      'vendor/vx-large',
      'vendor/vx-small',
    ]);
    expect(expected.unpriced).toEqual({
      flash: 1,
      'nobody-knows': 1,
      'old-model': 1,
      'secret-model': 1,
      'vendor/vx-large': 1,
      'vx-large-beta': 1,
    });
    // flash: (12,345 + 10 + 678 + 1) tokens, all at the output price 0.25 (its input too).
    expect(expected.costs['router/flash']).toBe('0.0032585');
  });

  it('prices the standard catalog as gacost usage does', async () => {
    const rows: UsageRow[] = [
      { ts: '2026-11-24 00:00:00', provider: null, model: 'gpt-4o', input: 100000, cached: 20000, write: 0, output: 10000 },
      {
        ts: '2026-11-24 00:00:00',
        provider: 'anthropic',
        model: 'claude-haiku-4-5',
        input: 50000,
        cached: 1000,
        write: 10000,
        output: 5000,
      },
      { ts: '2026-11-24 00:00:00', provider: 'global-api', model: 'deepseek-v4-flash', input: 7, cached: 0, write: 0, output: 3 },
      // DeepSeek's own name: Global API, an aggregator, takes it only from a row it served.
      { ts: '2026-11-24 00:00:00', provider: null, model: 'deepseek-v4-flash', input: 7, cached: 0, write: 0, output: 3 },
      { ts: '2026-11-24 00:00:00', provider: null, model: 'Pro/deepseek-ai/DeepSeek-V3.2', input: 7, cached: 0, write: 0, output: 3 },
    ];
    const dir = scratchDir();
    writeFileSync(join(dir, 'usage.csv'), usageCsv(rows));
    const expected = gacostTotals((await gacost(['usage', join(dir, 'usage.csv'), '--by', 'model', '--format', 'json'])).stdout);
    const actual = await duckdbTotals((await gacost(['catalog', 'export', '--format', 'sql'])).stdout, rows);
    expect(actual).toEqual(expected);
    expect(Object.keys(expected.costs).sort()).toEqual([
      'anthropic/claude-haiku-4-5',
      'deepseek/deepseek-v4-flash',
      'global-api/deepseek-v4-flash',
      'openai/gpt-4o',
    ]);
    expect(expected.unpriced).toEqual({ 'Pro/deepseek-ai/DeepSeek-V3.2': 1 });
  });
  it('runs a leading negative lookahead in RE2 (DuckDB) as a not_regex row: genai-prices\' "not a TTS model"', async () => {
    const dir = scratchDir();
    const catalog = join(dir, 'lookahead.yaml');
    writeFileSync(
      catalog,
      `schema: 1
version: 2026.11.0
effective: 2026-11-01
currency: USD
defaults: {candidates: [vendor/vx], baseline: vendor/vx}
providers:
  vendor: {name: Vendor, kind: direct}
models:
  - id: vendor/vx-pro
    name: VX Pro
    provider: vendor
    match: {and: [{starts_with: vx-pro}, {regex: '^(?!.*-[tT][tT][sS](?:$|-))'}]}
    prices: {input: 1, output: 2}
    source: https://example.com
    checked: 2026-11-01
  - id: vendor/vx
    name: VX
    provider: vendor
    match: {regex: '^(?![^/]+/)(?:labs-)?vx(?:-|$)'}
    prices: {input: 10, output: 20}
    source: https://example.com
    checked: 2026-11-01
`,
    );
    const rows: UsageRow[] = ['vx-pro-2', 'vx-pro-tts', 'VX-PRO-TTS-2', 'labs-vx-1', 'other/vx-1', 'vx'].map((model) => ({
      ts: '2026-11-24 00:00:00',
      provider: null,
      model,
      input: 1000,
      cached: 0,
      write: 0,
      output: 100,
    }));
    writeFileSync(join(dir, 'usage.csv'), usageCsv(rows));
    const expected = gacostTotals(
      (await gacost(['--catalog', catalog, 'usage', join(dir, 'usage.csv'), '--by', 'model', '--format', 'json'])).stdout,
    );
    const sql = await gacost(['--catalog', catalog, 'catalog', 'export', '--format', 'sql']);
    expect([sql.exitCode, sql.stderr]).toEqual([0, '']);
    expect(await duckdbTotals(sql.stdout, rows)).toEqual(expected);
    // vx-pro-2 at 1/2; vx-pro-tts and VX-PRO-TTS-2 fall to vx's rule (10/20) with labs-vx-1 and vx; other/vx-1 is no one's.
    expect(expected).toEqual({ costs: { 'vendor/vx': '0.048', 'vendor/vx-pro': '0.0012' }, unpriced: { 'other/vx-1': 1 } });
    const rules = await gacost(['--catalog', catalog, 'catalog', 'export', '--format', 'jsonl', '--table', 'rules']);
    expect(
      rules.stdout
        .split('\n')
        .filter((line) => line.includes('regex'))
        .map((line) => {
          const row = JSON.parse(line) as { kind: string; pattern: string };
          return [row.kind, row.pattern];
        }),
    ).toEqual([
      ['not_regex', '^(?:.*-[tT][tT][sS](?:$|-))'],
      ['not_regex', '^(?:[^/]+/)'],
      ['regex', '^(?:(?:labs-)?vx(?:-|$))'],
    ]);
  });
});

describe('the SQL script of hostile names (test/interop/warehouse-export.test.ts runs it in PostgreSQL)', () => {
  const HEADER = { version: '2026.1.0', hash: 'test' };
  const names = hostileNames('/nonexistent/pwned');

  it('writes no control character but its line ends, in any dialect, so each line of SQL is one line of the file', () => {
    const controls = new RegExp(CONTROL_CHARACTER.source.replace('\\u0000-\\u001f', '\\u0000-\\u0009\\u000b-\\u001f'), 'u');
    for (const dialect of DIALECTS) {
      const script = exportSql(
        tablesNaming(dialect === 'postgres' ? names.filter((name) => !name.includes('\0')) : names),
        dialect,
        HEADER,
      );
      expect(controls.exec(script)?.[0], dialect).toBeUndefined();
    }
  });

  it('loads every name into DuckDB exactly, and its view prices a usage row of the provider by each (trimmed as gacost trims)', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      await connection.run(
        'CREATE TABLE usage (ts TIMESTAMP, provider VARCHAR, model VARCHAR, input_tokens BIGINT, cached_input_tokens BIGINT, cache_write_tokens BIGINT, output_tokens BIGINT)',
      );
      // DuckDB's grouping does not tell a name with a NUL from others (no catalog holds one: the loader refuses it).
      const logged = names.filter((name) => !name.includes('\u0000'));
      for (const name of logged)
        await connection.run("INSERT INTO usage VALUES (TIMESTAMP '2026-11-24 00:00:00', 'acme', $1, 1000, 0, 0, 100)", [name]);
      await connection.run(exportSql(tablesNaming(names), 'duckdb', HEADER));
      const patterns = (
        await connection.runAndReadAll("SELECT pattern FROM gacost_match_rules WHERE kind = 'alias' ORDER BY model_order")
      ).getRowObjectsJson();
      expect(patterns.map((row) => row.pattern)).toEqual(names);
      const priced = (
        await connection.runAndReadAll('SELECT model, model_id, CAST(cost_usd AS VARCHAR) AS cost FROM gacost_priced_usage')
      ).getRowObjectsJson();
      const byName = new Map(priced.map((row) => [row.model, [row.model_id, row.cost]]));
      for (const [order, name] of names.entries()) {
        if (!logged.includes(name)) continue;
        expect(byName.get(name), JSON.stringify(name).slice(0, 60)).toEqual(
          name === name.trim() ? [`acme/m${order}`, '0.001300000000000'] : [null, null],
        );
      }
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  it('writes BigQuery strings that its escapes read back to each name: no raw string ending in a backslash, no newline', () => {
    const script = exportSql(tablesNaming(names), 'bigquery', HEADER);
    const literals = [...script.matchAll(/\('acme\/m\d+', 'acme', 0, \d+, 'model', 1, 'alias', '((?:[^'\\]|\\.)*)'\)/g)].map(
      (match) => match[1] ?? '',
    );
    const unescaped = (text: string) =>
      text.replace(/\\(u[0-9a-f]{4}|.)/g, (_, escaped: string) =>
        escaped.length === 5 ? String.fromCharCode(parseInt(escaped.slice(1), 16)) : escaped,
      );
    expect(literals.map(unescaped)).toEqual(names);
  });

  it('refuses a NUL for PostgreSQL, whose text cannot hold one, with a reason', () => {
    expect(() => exportSql(tablesNaming(['nul\u0000x']), 'postgres', HEADER)).toThrow(GacostError);
  });
});
