import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gacost, ROOT, scratchDir } from '../support/gacost.js';
import { describe, expect, it } from 'vitest';

describe('gacost models', () => {
  it('lists every model with prices, provider, source and checked date, under the catalog version', async () => {
    const run = await gacost(['models']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout.split('\n')[0]).toMatch(
      /^Catalog 2026\.11\.0 \(effective 2026-11-01, hash [0-9a-f]{12}\), prices as of 2026-11-24: 34 models, prices in USD per 1M tokens$/,
    );
    expect(run.stdout).toContain('global-api/pro/deepseek-v3.2');
    expect(run.stdout).toContain('unpublished');
    expect(run.stdout).toContain('99.9% uptime SLA (8.77 hours of downtime a year, 43.2 minutes in a 30-day month)');
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
    expect(result.models[0].prices).toEqual({ input: null, cached_input: null, output: 0.25 });
    expect(result.models[4].prices).toBeNull();
    expect(Object.keys(result.providers)).toEqual(['global-api']);
  });

  it('writes CSV with empty cells for unpublished prices', async () => {
    const run = await gacost(['models', '--provider', 'global-api', '--format', 'csv']);
    expect(run.stdout.split('\n')[0]).toBe(
      'id,name,provider,channel,input_per_mtok_usd,cached_input_per_mtok_usd,output_per_mtok_usd,source,checked',
    );
    expect(run.stdout).toContain('global-api/pro/deepseek-v3.2,DeepSeek V3.2 (Pro Channel),global-api,pro,,,,https://global-apis.com,2026-11-01');
  });

  it('keeps formula-like text from running in a spreadsheet', async () => {
    const file = join(scratchDir(), 'catalog.yaml');
    const text = readFileSync('test/fixtures/catalogs/minimal.yaml', 'utf8').replace('name: Cheap', `name: '=HYPERLINK("http://x","y")'`);
    writeFileSync(file, text);
    const run = await gacost(['models', '--catalog', file, '--format', 'csv']);
    expect(run.stdout).toContain(`acme/cheap,"'=HYPERLINK(""http://x"",""y"")",acme`);
  });

  it('writes JSON numbers exactly, and a NUL in a name escaped', async () => {
    const file = join(scratchDir(), 'catalog.yaml');
    const minimal = readFileSync('test/fixtures/catalogs/minimal.yaml', 'utf8');
    const plain = await gacost(['models', '--catalog', 'test/fixtures/catalogs/minimal.yaml', '--format', 'json']);
    writeFileSync(file, minimal.replace('name: Cheap', 'name: "\\0 1.5"'));
    const withNul = await gacost(['models', '--catalog', file, '--format', 'json']);
    expect(withNul.exitCode).toBe(0);
    expect(withNul.stdout).toContain('"name": "\\u0000 1.5"');
    expect(withNul.stdout).toContain('"output": 0.1');
    const withoutCatalogLines = (text: string) => text.replace(/"(hash|name)": "[^"]*"/g, '');
    expect(withoutCatalogLines(withNul.stdout)).toBe(withoutCatalogLines(plain.stdout));
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
