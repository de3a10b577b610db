import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gacost, scratchDir } from '../support/gacost.js';
import { errorLines, writeLines } from '../support/inputs.js';

const OVERLAY = ['--catalog', 'examples/negotiated.yaml'];
const MINIMAL = readFileSync('test/fixtures/catalogs/minimal.yaml', 'utf8');
const overlayHead = (extendsWhat: string) => [
  'schema: 1',
  `extends: ${extendsWhat}`,
  'version: 2026.11.2',
  'effective: 2026-11-20',
  'currency: USD',
];
const pricesOf = async (...ids: string[]) => {
  const run = await gacost([...OVERLAY, 'models', '--format', 'json']);
  const models = JSON.parse(run.stdout).models as { id: string; prices: unknown }[];
  return ids.map((id) => models.find((model) => model.id === id)?.prices);
};

describe('overlays', () => {
  it('applies a model discount before its provider discount, and leaves overridden prices as given', async () => {
    const [gpt4o, mini, r1, v4] = await pricesOf(
      'openai/gpt-4o',
      'openai/gpt-4o-mini',
      'global-api/deepseek-r1',
      'global-api/deepseek-v4-flash',
    );
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
    expect(result.rows[3]).toMatchObject({
      model: 'in-house/llama-3.3-70b',
      cost_usd: 300,
      baseline: 'openai/gpt-4o',
      baseline_cost_usd: 8000,
    });
    const table = await gacost([...OVERLAY, 'project']);
    expect(table.stdout).toMatch(/Catalog 2026\.11\.1 over 2026\.11\.0 \([0-9a-f]{12}\)/);
  });

  it('validates and diffs like any catalog', async () => {
    const valid = await gacost(['catalog', 'validate', 'examples/negotiated.yaml']);
    expect(valid.stdout).toMatch(/^examples\/negotiated\.yaml: ok, 35 models, version 2026\.11\.1, hash [0-9a-f]{64}\n$/);
    const diff = await gacost([
      'catalog',
      'diff',
      'builtin',
      'examples/negotiated.yaml',
      '--tokens',
      '1B',
      '--model',
      'gpt-4o',
      '--format',
      'json',
    ]);
    expect(JSON.parse(diff.stdout).effects[0]).toMatchObject({
      old_cost_usd: 10000,
      new_cost_usd: 8000,
      delta_usd: -2000,
      change_pct: -20,
    });
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

  it('places an extends loop, a missing extends target and binary data at line:col', async () => {
    const dir = scratchDir();
    const self = writeLines(dir, 'self.yaml', overlayHead('self.yaml'));
    const selfRun = await gacost(['--catalog', self, 'models']);
    expect(selfRun.errorCode).toBe('invalid-catalog');
    expect(errorLines(selfRun.stderr)).toEqual([`${self}:2:10: extends: self.yaml makes a loop: ${self} → ${self}`]);

    const a = writeLines(dir, 'a.yaml', overlayHead('b.yaml'));
    const b = writeLines(dir, 'b.yaml', [...overlayHead('./a.yaml')]);
    const loopRun = await gacost(['--catalog', a, 'models']);
    expect(loopRun.errorCode).toBe('invalid-catalog');
    expect(errorLines(loopRun.stderr)).toEqual([`${b}:2:10: extends: ./a.yaml makes a loop: ${a} → ${b} → ${a}`]);

    const missing = writeLines(dir, 'missing.yaml', overlayHead('nope.yaml'));
    const missingRun = await gacost(['--catalog', missing, 'models']);
    expect(missingRun.errorCode).toBe('unreadable-file');
    expect(errorLines(missingRun.stderr)).toEqual([
      `${missing}:2:10: extends: cannot read catalog ${join(dir, 'nope.yaml')}: no such file or directory`,
    ]);

    // Six catalogs, five of them overlays, load; 33 are more than the 32 that may extend each other.
    for (let level = 1; level <= 33; level++)
      writeLines(dir, `level-${level}.yaml`, overlayHead(level === 1 ? 'builtin' : `level-${level - 1}.yaml`));
    const chain = await gacost(['--catalog', join(dir, 'level-5.yaml'), 'models', '--format', 'json']);
    expect(chain.exitCode).toBe(0);
    expect(JSON.parse(chain.stdout).catalog.version).toBe('2026.11.2');
    const tooDeep = await gacost(['--catalog', join(dir, 'level-33.yaml'), 'models']);
    expect(tooDeep.errorCode).toBe('invalid-catalog');
    expect(errorLines(tooDeep.stderr)).toEqual([
      `${join(dir, 'level-2.yaml')}:2:10: extends: catalogs extend or include each other more than 32 deep`,
    ]);

    const lines = MINIMAL.split('\n');
    lines[13] = `  - id\u0000: acme/cheap`;
    const nul = writeLines(dir, 'nul.yaml', lines);
    const nulRun = await gacost(['--catalog', nul, 'models']);
    expect(nulRun.errorCode).toBe('unreadable-file');
    expect(errorLines(nulRun.stderr)[0]).toMatch(new RegExp(`^${nul}:14:7: `));
  });

  it('refuses a model discounted twice, and a model whose id is mix', async () => {
    const dir = scratchDir();
    const twice = writeLines(dir, 'twice.yaml', [
      ...overlayHead('builtin'),
      'discounts:',
      '  - model: gpt-4o',
      '    discount: 10%',
      '  - model: openai/gpt-4o',
      '    discount: 50%',
    ]);
    const twiceRun = await gacost(['--catalog', twice, 'models']);
    expect(twiceRun.errorCode).toBe('invalid-catalog');
    expect(errorLines(twiceRun.stderr)).toEqual([
      `${twice}:9:12: discounts[1].model: openai/gpt-4o is already discounted at ${twice}:7:12 (discounts[0]); give each model one discount`,
    ]);

    const mix = writeLines(dir, 'mix.yaml', [MINIMAL.replace('id: acme/cheap', 'id: mix')]);
    const mixRun = await gacost(['--catalog', mix, 'models']);
    expect(mixRun.errorCode).toBe('invalid-catalog');
    expect(errorLines(mixRun.stderr)).toEqual([`${mix}:14:9: models[0].id: "mix" is reserved: it names the routing mix in every output`]);
  });
});
