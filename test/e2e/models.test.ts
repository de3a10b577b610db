import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { displayWidth } from '../../src/output/draw-table.js';
import { exact } from '../../src/output/exact.js';
import { renderJson } from '../../src/output/json.js';
import { gacost, ROOT, scratchDir } from '../support/gacost.js';
import { columnCells } from '../support/table-cells.js';

/** A note as one line again, however the table wrapped it. */
const unwrapped = (text: string) => text.replace(/\n {2}/g, ' ');
const widest = (text: string) => Math.max(...text.trimEnd().split('\n').map(displayWidth));

/**
 * A catalog the size of the one the big importers make, with ids as long as real ones (Bedrock's
 * cross-region ids, OpenRouter's nested ones) and a provider with many plan facts, written to a
 * scratch folder as JSON, which is YAML too.
 */
function largeCatalog(): string {
  const bases = ['us.anthropic.claude-3-7-sonnet-20250219-v1:0', 'openrouter/meta-llama/llama-3.1-405b-instruct:free', 'gpt-4o-mini'];
  const models = Array.from({ length: 600 }, (_, at) => ({
    id: `aws/${bases[at % bases.length]}-${at}`,
    name: `Model ${at}`,
    provider: 'aws',
    channel: at % 2 === 0 ? 'provisioned' : undefined,
    aliases: [],
    prices: at % 50 === 0 ? 'unpublished' : { input: 3, cached_input: 0.3, output: 15 + at },
    source: `https://aws.amazon.com/bedrock/pricing/${'very-long-path/'.repeat(5)}`,
    checked: '2026-11-01',
  }));
  const providers = {
    aws: {
      name: 'Amazon Bedrock',
      kind: 'host',
      endpoint: 'https://bedrock-runtime.us-east-1.amazonaws.com',
      models_available: 600,
      credits: { expire_after_days: 365 },
      rate_limits: [
        { plan: 'free', requests_per_minute: 50 },
        { plan: 'paid', requests_per_minute: 5000 },
      ],
      channels: {
        provisioned: { name: 'Provisioned Throughput', uptime_sla_pct: 99.9, dedicated_capacity: true, dpa: true, invoicing: 'net-30' },
      },
    },
  };
  const catalog = {
    schema: 1,
    version: '2026.12.0',
    effective: '2026-11-01',
    currency: 'USD',
    defaults: { candidates: [models[1]?.id], baseline: models[1]?.id },
    providers,
    models,
  };
  const file = join(scratchDir(), 'large.yaml');
  writeFileSync(file, JSON.stringify(catalog));
  return file;
}

describe('gacost models', () => {
  it("lists every model with its prices under the catalog version, and the providers' plan facts", async () => {
    const run = await gacost(['models']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('34 models, prices in USD per 1M tokens');
    expect(unwrapped(run.stdout).trimEnd().split('\n').at(-1)).toMatch(
      /^Catalog 2026\.11\.0 \(effective 2026-11-01, hash [0-9a-f]{12}\), prices as of 2026-11-24\.$/,
    );
    expect(run.stdout).toMatch(/^│ ID +│ +Input │ Cached input │ +Output │$/m);
    expect(run.stdout).toContain('global-api/pro/deepseek-v3.2');
    expect(run.stdout).toContain('unpublished');
    expect(unwrapped(run.stdout)).toContain('99.9% uptime SLA (8.77 hours of downtime a year, 43.2 minutes in a 30-day month)');
  });

  it('fits every line of its table in 80 columns, and says where the sources are', async () => {
    const run = await gacost(['models']);
    expect(widest(run.stdout)).toBeLessThanOrEqual(80);
    expect(run.stdout).not.toContain('Source');
    expect(run.stdout).toContain('--wide');
  });

  it('fits 80 columns with 600 models of ids as long as real ones, each id whole: wrapped at its / and - where it must', async () => {
    const run = await gacost(['--catalog', largeCatalog(), 'models']);
    expect(run.stderr).toBe('');
    expect(widest(run.stdout)).toBeLessThanOrEqual(80);
    expect(run.stdout).not.toContain('…');
    const ids = columnCells(run.stdout, 'ID', 'Output');
    expect(ids).toHaveLength(600);
    const bases = ['us.anthropic.claude-3-7-sonnet-20250219-v1:0', 'openrouter/meta-llama/llama-3.1-405b-instruct:free', 'gpt-4o-mini'];
    expect(new Set(ids)).toEqual(new Set(Array.from({ length: 600 }, (_, at) => `aws/${bases[at % bases.length]}-${at}`)));
    expect(run.stdout).toMatch(/^│ aws\/gpt-4o-mini-2 +│/m);
  });

  it('--wide adds name, provider, checked date and source; JSON and CSV have them with or without it', async () => {
    const wide = await gacost(['models', '--provider', 'global-api', '--wide']);
    expect(wide.stdout).toMatch(/^│ ID +│ Name +│ Provider +│ +Input │ Cached input │ +Output │ Checked +│ Source +│$/m);
    expect(wide.stdout).toMatch(/│ global-api\/qwen3-32b +│ Qwen3-32B +│ global-api +│ .* │ 2026-11-01 │ https:\/\/global-apis\.com │$/m);
    for (const format of ['json', 'csv']) {
      const [plain, widened] = await Promise.all(
        [false, true].map((asWide) => gacost(['models', '--format', format, ...(asWide ? ['--wide'] : [])])),
      );
      expect(widened?.stdout).toBe(plain?.stdout);
      expect(plain?.stdout).toContain('https://global-apis.com');
    }
  });

  const ids = (run: { stdout: string }) => JSON.parse(run.stdout).models.map((model: { id: string }) => model.id);

  it('--search keeps the models whose id, name, alias, provider key or provider name has the text, in any case, alike in every format', async () => {
    // moonshot: two by provider key, one by its alias moonshotai/Kimi-K2.5; Gemini API: by provider name only.
    const json = await gacost(['models', '--search', '  MoonShot ', '--format', 'json']);
    expect(ids(json)).toEqual(['global-api/kimi-k2.5', 'moonshot/kimi-k2.5', 'moonshot/kimi-k2-thinking']);
    expect(JSON.parse(json.stdout).search).toBe('MoonShot');
    expect(ids(await gacost(['models', '--search', 'gemini api', '--format', 'json']))).toEqual([
      'google/gemini-2.5-pro',
      'google/gemini-2.5-flash',
      'google/gemini-2.5-flash-lite',
    ]);
    expect(ids(await gacost(['models', '--search', '2024-08-06', '--format', 'json']))).toEqual(['openai/gpt-4o']);
    expect(JSON.parse((await gacost(['models', '--format', 'json'])).stdout).search).toBeNull();
    const csv = await gacost(['models', '--search', 'moonshot', '--format', 'csv']);
    expect(
      csv.stdout
        .trimEnd()
        .split('\n')
        .slice(1)
        .map((line) => line.split(',')[0]),
    ).toEqual(ids(json));
    for (const format of ['table', 'markdown']) {
      const run = await gacost(['models', '--search', 'moonshot', '--format', format]);
      expect(run.stdout.match(/^[│|] (global-api|moonshot)\/\S+/gm)?.map((row) => row.slice(2))).toEqual(ids(json));
      expect(unwrapped(run.stdout)).toContain('3 models matching "moonshot"');
    }
  });

  it('--search with --provider keeps the models both keep', async () => {
    const run = await gacost(['models', '--search', 'kimi', '--provider', 'global-api', '--format', 'json']);
    expect(ids(run)).toEqual(['global-api/kimi-k2.5']);
  });

  it('a --search that finds nothing prints an empty list, exit 0, and says so in one line on stderr', async () => {
    const json = await gacost(['models', '--search', 'no-such-model', '--format', 'json']);
    expect({ exitCode: json.exitCode, models: JSON.parse(json.stdout).models }).toEqual({ exitCode: 0, models: [] });
    expect(json.stderr).toMatch(/^gacost: note: [^\n]*"no-such-model"\n$/);
    const table = await gacost(['models', '--search', 'no-such-model', '--provider', 'openai']);
    expect(table.exitCode).toBe(0);
    expect(table.stderr.split('\n')).toHaveLength(2);
    expect(unwrapped(table.stdout)).toContain('0 models from openai matching "no-such-model"');
  });

  it('refuses --search with --match, which looks names up instead of listing models', async () => {
    const run = await gacost(['models', '--match', 'gpt-4o', '--search', 'gpt']);
    expect({ exitCode: run.exitCode, errorCode: run.errorCode, stdout: run.stdout }).toEqual({
      exitCode: 2,
      errorCode: 'conflicting-options',
      stdout: '',
    });
  });

  it('refuses --search with --match, whose answer is no list of models', async () => {
    const run = await gacost(['models', '--match', 'gpt-4o', '--search', 'gpt']);
    expect({ exitCode: run.exitCode, errorCode: run.errorCode, stdout: run.stdout }).toEqual({
      exitCode: 2,
      errorCode: 'conflicting-options',
      stdout: '',
    });
  });

  it('filters by provider', async () => {
    const run = await gacost(['models', '--provider', 'global-api', '--format', 'json']);
    const result = JSON.parse(run.stdout);
    expect(result.schema_version).toBe(1);
    expect(result.catalog.version).toBe('2026.11.0');
    expect(result.models.map((model: { id: string }) => model.id)).toEqual([
      'global-api/deepseek-v4-flash',
      'global-api/qwen3-32b',
      'global-api/deepseek-r1',
      'global-api/kimi-k2.5',
      'global-api/pro/deepseek-v3.2',
    ]);
    expect(result.models[0].prices).toEqual({ output: 0.25 });
    expect(result.models[4].prices).toBeNull();
    expect(Object.keys(result.providers)).toEqual(['global-api']);
  });

  it('writes CSV with empty cells for unpublished prices', async () => {
    const run = await gacost(['models', '--provider', 'global-api', '--format', 'csv']);
    expect(run.stdout.split('\n')[0]).toBe(
      'id,name,provider,channel,input_per_mtok_usd,cached_input_per_mtok_usd,cache_write_per_mtok_usd,cache_write_1h_per_mtok_usd,output_per_mtok_usd,source,checked',
    );
    expect(run.stdout).toContain(
      'global-api/pro/deepseek-v3.2,DeepSeek V3.2 (Pro Channel),global-api,pro,,,,,,https://global-apis.com,2026-11-01',
    );
  });

  it('keeps formula-like text from running in a spreadsheet', async () => {
    const file = join(scratchDir(), 'catalog.yaml');
    const text = readFileSync('test/fixtures/catalogs/minimal.yaml', 'utf8').replace('name: Cheap', `name: '=HYPERLINK("http://x","y")'`);
    writeFileSync(file, text);
    const run = await gacost(['models', '--catalog', file, '--format', 'csv']);
    expect(run.stdout).toContain(`acme/cheap,"'=HYPERLINK(""http://x"",""y"")",acme`);
  });

  it('writes JSON numbers exactly, and a NUL in a name escaped (one from a log: a catalog refuses it)', async () => {
    const file = join(scratchDir(), 'catalog.yaml');
    writeFileSync(file, readFileSync('test/fixtures/catalogs/minimal.yaml', 'utf8').replace('name: Cheap', 'name: "\\0 1.5"'));
    const withNul = await gacost(['models', '--catalog', file, '--format', 'json']);
    expect([withNul.errorCode, withNul.stdout]).toEqual(['invalid-catalog', '']);
    expect(renderJson({ name: '\u0000 1.5', output: exact('0.1'), price: exact('0.10000000000000000001') })).toBe(
      '{\n  "name": "\\u0000 1.5",\n  "output": 0.1,\n  "price": 0.10000000000000000001\n}\n',
    );
  });
});

describe('as a library', () => {
  it('has no side effects on import: loading the built CLI prints nothing and leaves the exit code alone', () => {
    // In a process of its own: main() writes with writeSync to fd 1, which no spy in this process sees.
    const script = "require(process.argv[1]); process.on('exit', () => process.stdout.write(String(process.exitCode)))";
    const run = spawnSync(process.execPath, ['-e', script, join(ROOT, 'dist/cli.cjs'), 'project'], { encoding: 'utf8' });
    expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({ status: 0, stdout: 'undefined', stderr: '' });
  });
});
