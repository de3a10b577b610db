import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gacost, scratchDir } from '../support/gacost.js';
import { describe, expect, it } from 'vitest';

const OVERLAY = ['--catalog', 'examples/negotiated.yaml'];
const pricesOf = async (...ids: string[]) => {
  const run = await gacost([...OVERLAY, 'models', '--format', 'json']);
  const models = JSON.parse(run.stdout).models as { id: string; prices: unknown }[];
  return ids.map((id) => models.find((model) => model.id === id)?.prices);
};

describe('overlays', () => {
  it('applies a model discount before its provider discount, and leaves overridden prices as given', async () => {
    const [gpt4o, mini, r1, v4] = await pricesOf('openai/gpt-4o', 'openai/gpt-4o-mini', 'global-api/deepseek-r1', 'global-api/deepseek-v4-flash');
    expect(gpt4o).toEqual({ input: 2, cached_input: 1, output: 8 }); // 20% off, not 15%
    expect(mini).toEqual({ input: 0.1275, cached_input: 0.06375, output: 0.51 }); // OpenAI's 15% off
    expect(r1).toEqual({ output: 2.2 }); // overridden
    expect(v4).toEqual({ output: 0.25 }); // untouched
  });

  it('adds private models and names both versions in every output', async () => {
    const run = await gacost([...OVERLAY, 'project', '--model', 'house-llama', '--tokens', '1B', '--format', 'json']);
    const result = JSON.parse(run.stdout);
    expect(result.catalog).toMatchObject({ version: '2026.11.1', base: { version: '2026.11.0' } });
    expect(result.catalog.base.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(result.rows[3]).toMatchObject({ model: 'in-house/llama-3.3-70b', cost_usd: 300, baseline: 'openai/gpt-4o', baseline_cost_usd: 8000 });
    const table = await gacost([...OVERLAY, 'project']);
    expect(table.stdout).toMatch(/Catalog 2026\.11\.1 over 2026\.11\.0 \([0-9a-f]{12}\)/);
  });

  it('validates and diffs like any catalog', async () => {
    const valid = await gacost(['catalog', 'validate', 'examples/negotiated.yaml']);
    expect(valid.stdout).toMatch(/^examples\/negotiated\.yaml: ok, 35 models, version 2026\.11\.1, hash [0-9a-f]{64}\n$/);
    const diff = await gacost(['catalog', 'diff', 'builtin', 'examples/negotiated.yaml', '--tokens', '1B', '--model', 'gpt-4o', '--format', 'json']);
    expect(JSON.parse(diff.stdout).effects[0]).toMatchObject({ old_cost_usd: 10000, new_cost_usd: 8000, delta_usd: -2000, change_pct: -20 });
  });

  it('refuses what it cannot apply, at its position', async () => {
    const dir = scratchDir();
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      [
        'schema: 1',
        'extends: builtin',
        'version: 2026.11.2',
        'effective: 2026-11-20',
        'currency: USD',
        'discounts:',
        '  - provider: nobody',
        '    discount: 10%',
        'overrides:',
        '  - model: gpt-9',
        '    prices: {output: 1}',
        '',
      ].join('\n'),
    );
    const run = await gacost(['catalog', 'validate', file]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe(
      `gacost: error: ${file}:7:15: discounts[0].provider: "nobody" is not a provider of the catalog this one extends\n` +
        `gacost: error: ${file}:10:12: overrides[0].model: "gpt-9" is not a model of the catalog this one extends\n`,
    );
  });
});
