import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { candidatesOf, OPTION_KEYS } from '../../src/app/options.js';
import { loadBuiltinCatalog } from '../../src/catalog/builtin-catalog.js';
import { ModelIndex, type PricedModel } from '../../src/core/resolve-model.js';
import { gacost, scratchDir } from '../support/gacost.js';

describe('gacost compare', () => {
  it('ranks the whole catalog with --top all, cheapest first', async () => {
    const run = await gacost(['compare', '--tokens', '1B', '--top', 'all', '--format', 'json']);
    expect(run.exitCode).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.rows).toHaveLength(33); // every model with a published price
    expect(result.omitted).toBe(0);
    const costs = result.rows.map((row: { cost_usd: number }) => row.cost_usd);
    expect(costs).toEqual([...costs].sort((a: number, b: number) => a - b));
    expect(result.rows[0]).toMatchObject({
      rank: 1,
      model: 'global-api/deepseek-v4-flash',
      cost_usd: 250,
      savings_pct: 97.5,
      times_cheaper: 40,
    });
    expect(result.rows.map((row: { model: string }) => row.model)).not.toContain('global-api/pro/deepseek-v3.2');
    expect(result.assumptions.notes).toContain('left out for want of a published price: DeepSeek V3.2 (Pro Channel)');
  });

  it('shows the 10 cheapest of a whole catalog by default, and says how many more there are and how to see them', async () => {
    const all = JSON.parse((await gacost(['compare', '--tokens', '1B', '--top', 'all', '--format', 'json'])).stdout);
    const json = JSON.parse((await gacost(['compare', '--tokens', '1B', '--format', 'json'])).stdout);
    expect(json.rows).toEqual(all.rows.slice(0, 10));
    expect(json.omitted).toBe(all.rows.length - 10);
    const csv = await gacost(['compare', '--tokens', '1B', '--format', 'csv']);
    expect(csv.stdout.trimEnd().split('\n')).toHaveLength(1 + 10);
    for (const format of ['table', 'markdown']) {
      const run = await gacost(['compare', '--tokens', '1B', '--format', format]);
      expect(run.stdout.match(/^[│|] +\d+ [│|]/gm)).toHaveLength(10);
      expect(run.stdout).toContain(`${all.rows.length - 10} more not shown; --top all shows all ${all.rows.length}.`);
    }
    const everyRow = await gacost(['compare', '--tokens', '1B', '--top', 'all']);
    expect(everyRow.stdout.match(/^│ +\d+ │/gm)).toHaveLength(all.rows.length);
    expect(everyRow.stdout).not.toContain('more not shown');
  });

  it('ranks every model picked with --provider, --model or --mix, unless --top says otherwise', async () => {
    const rowsOf = async (args: string[]) => JSON.parse((await gacost(['compare', '--tokens', '1B', ...args, '--format', 'json'])).stdout);
    expect(await rowsOf(['--provider', 'openai'])).toMatchObject({ omitted: 0, rows: { length: 10 } });
    expect(await rowsOf(['--provider', 'openai', '--mix', 'gpt-4o=50,o3=50'])).toMatchObject({ omitted: 0, rows: { length: 11 } });
    expect(await rowsOf(['--provider', 'openai', '--top', '3'])).toMatchObject({ omitted: 7, rows: { length: 3 } });
    const named = 'gpt-4o,gpt-4o-mini,gpt-4.1,gpt-4.1-mini,gpt-5,gpt-5-mini,gpt-5-nano,gpt-5.5,o3,o4-mini,claude-haiku-4-5';
    expect(await rowsOf(['--model', named])).toMatchObject({ omitted: 0, rows: { length: 11 } });
    // A mix alone is ranked among the whole catalog, all of it, wherever the mix falls.
    expect(await rowsOf(['--mix', 'gpt-4o=50,o3=50'])).toMatchObject({ omitted: 0, rows: { length: 33 + 1 } });
  });

  it('ranks a routing mix among the models, with --top and a bar per row', async () => {
    const run = await gacost([
      'compare',
      '--tokens',
      '1B',
      '--mix',
      'deepseek-v4-flash=90,qwen3-32b=5,deepseek-r1=5',
      '--top',
      '5',
      '--wide',
    ]);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('1B tokens a month, cheapest first (top 5 of 34); baseline GPT-4o at $10,000.00');
    expect(run.stdout).toMatch(/│ +4 │ Routing mix +│ mix +│ +\$0\.364 │ +\$364\.00 │/);
    const bars = lines.filter((line) => /^│ +\d+ │/.test(line)).map((line) => (line.match(/█+/) ?? [''])[0].length);
    expect(bars).toHaveLength(5);
    expect(bars.at(-1)).toBe(24); // the most expensive shown fills the bar
    expect(bars[0]).toBeLessThan(24);
  });

  it('keeps to one provider, or to the models named, in every format', async () => {
    const csv = await gacost(['compare', '--tokens', '1B', '--provider', 'global-api', '--format', 'csv']);
    expect(csv.stdout).toBe(
      'rank,model,provider,price_per_mtok_usd,cost_usd,baseline,baseline_cost_usd,savings_usd,savings_pct,times_cheaper\n' +
        '1,global-api/deepseek-v4-flash,global-api,0.25,250,openai/gpt-4o,10000,9750,97.5,40\n' +
        '2,global-api/qwen3-32b,global-api,0.28,280,openai/gpt-4o,10000,9720,97.2,35.71\n' +
        '3,global-api/deepseek-r1,global-api,2.5,2500,openai/gpt-4o,10000,7500,75,4\n' +
        '4,global-api/kimi-k2.5,global-api,2.5,2500,openai/gpt-4o,10000,7500,75,4\n',
    );
    const markdown = await gacost(['compare', '--tokens', '1B', '--model', 'gpt-4o,claude-opus-4-5', '--format', 'markdown']);
    expect(markdown.stdout).toContain('| 1 | GPT-4o · OpenAI | $10.00 | **$10,000.00** | $0.00 | 0% | same | ██████████ |');
    expect(markdown.stdout).toContain(
      '| 2 | Claude Opus 4.5 · Anthropic | $25.00 | **$25,000.00** | -$15,000.00 | -150% | 2.5× dearer | ████████████████████████ |',
    );
  });

  it('prices the token mix the same way as project', async () => {
    const run = await gacost([
      'compare',
      '--tokens',
      '1B',
      '--model',
      'gpt-4o',
      '--input-share',
      '75%',
      '--cached-share',
      '50%',
      '--format',
      'json',
    ]);
    expect(JSON.parse(run.stdout).rows[0]).toMatchObject({ cost_usd: 3906.25, baseline_cost_usd: 3906.25 });
  });

  it('de-duplicates its candidates in linear time', () => {
    const index = new ModelIndex(loadBuiltinCatalog(), { asOf: '2026-11-24', tier: null });
    const count = 2_000;
    let reads = 0;
    const models = new Map<string, { id: string }>();
    vi.spyOn(index, 'resolvePriced').mockImplementation((name) => {
      const model = models.get(name) ?? { id: name };
      models.set(name, model);
      return {
        get model() {
          reads++;
          return model;
        },
      } as unknown as PricedModel;
    });
    const names = Array.from({ length: count }, (_, at) => `m${at}`);
    const candidates = candidatesOf({ models: [...names, 'm0'] }, index, () => [], OPTION_KEYS);
    expect(candidates).toHaveLength(count);
    expect(reads).toBeLessThan(5 * count); // a pairwise search reads count² / 2 times
  });

  it('says which provider has no priced model, not that a flag the user never gave is empty', async () => {
    const catalog = join(scratchDir(), 'unpriced-provider.yaml');
    const minimal = readFileSync('test/fixtures/catalogs/minimal.yaml', 'utf8');
    const quoted =
      '  - {id: beta/quoted, name: Quoted, provider: beta, prices: unpublished, source: "https://example.com", checked: 2026-01-15}\n';
    writeFileSync(catalog, `${minimal.replace('providers:\n', 'providers:\n  beta: {name: Beta, kind: direct}\n')}${quoted}`);
    const run = await gacost(['--catalog', catalog, 'compare', '--tokens', '1B', '--provider', 'beta']);
    expect(run).toMatchObject({ exitCode: 2, errorCode: 'no-published-price', stdout: '' });
    expect(run.stderr).toContain('provider "beta" has no model with a price');
  });
});
