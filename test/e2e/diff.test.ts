import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gacost, scratchDir } from '../support/gacost.js';

const OLD = 'test/fixtures/catalogs/minimal-prev.yaml';
const NEW = 'test/fixtures/catalogs/minimal-next.yaml';
const HISTORY = 'test/fixtures/catalogs/history.yaml';

const effectsOf = (stdout: string) => JSON.parse(stdout).effects as Record<string, unknown>[];

describe('gacost catalog diff', () => {
  it('shows each kind of change, every price key old → new with its change in percent', async () => {
    const run = await gacost(['catalog', 'diff', OLD, NEW, '--format', 'csv']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe(
      'model,name,change,price,old_per_mtok_usd,new_per_mtok_usd,change_pct,hours\n' +
        'acme/dear,Dear,repriced,output,3,3.3,10,\n' +
        'acme/dear,Dear,repriced,input,1,1.2,20,\n' +
        'acme/fresh,Fresh,added,output,,0.5,,\n' +
        'acme/gone,Gone,removed,output,7,,,\n',
    );
  });

  it('gives the monthly cost effect of each changed model at --tokens, and in total', async () => {
    const run = await gacost(['catalog', 'diff', OLD, NEW, '--tokens', '1B', '--input-share', '50%', '--format', 'json']);
    const result = JSON.parse(run.stdout);
    expect(result.old).toMatchObject({ version: '2026.1.0' });
    expect(result.new).toMatchObject({ version: '2026.2.0' });
    expect(result.effects).toEqual([
      { name: 'acme/dear', model: 'acme/dear', tokens: 1e9, old_cost_usd: 2000, new_cost_usd: 2250, delta_usd: 250, change_pct: 12.5 },
      { name: 'acme/fresh', model: 'acme/fresh', tokens: 1e9, old_cost_usd: null, new_cost_usd: 500, delta_usd: null, change_pct: null },
      { name: 'acme/gone', model: 'acme/gone', tokens: 1e9, old_cost_usd: 7000, new_cost_usd: null, delta_usd: null, change_pct: null },
    ]);
    expect(result.total).toEqual({ old_cost_usd: 9000, new_cost_usd: 2750, delta_usd: -6250, change_pct: -69.4444 });
  });

  it('prices a budget file on both sides with --config', async () => {
    const run = await gacost([
      'catalog',
      'diff',
      'builtin',
      'test/fixtures/catalogs/history.yaml',
      '--config',
      'test/fixtures/budgets/base.yaml',
      '--format',
      'json',
    ]);
    expect(run.exitCode).toBe(0); // the budget's model is not in the new catalog: — there
    expect(JSON.parse(run.stdout).effects).toMatchObject([
      { name: 'bot', model: 'global-api/deepseek-v4-flash', old_cost_usd: expect.any(Number), new_cost_usd: null },
    ]);
    const same = await gacost(['catalog', 'diff', 'builtin', 'builtin', '--config', 'examples/gacost.yaml', '--format', 'json']);
    const result = JSON.parse(same.stdout);
    expect(result.changes).toEqual([]);
    expect(result.total).toEqual({ old_cost_usd: 1103, new_cost_usd: 1103, delta_usd: 0, change_pct: 0 });
  });

  it('compares one catalog on two dates, on each side of a change', async () => {
    const args = ['catalog', 'diff', 'test/fixtures/catalogs/history.yaml'];
    const across = await gacost([
      '--as-of',
      '2026-01-31',
      ...args,
      '--vs-as-of',
      '2026-02-01',
      '--tokens',
      '1B',
      '--model',
      'changing',
      '--format',
      'markdown',
    ]);
    expect(across.stdout).toContain('| acme/changing | repriced | output | $8.00 | **$4.00** | -50% |');
    expect(across.stdout).toContain('| changing | changing | 1B | $8,000.00 | **$4,000.00** | -$4,000.00 | -50% |');
    const after = await gacost(['--as-of', '2026-02-01', ...args, '--vs-as-of', '2026-02-02', '--format', 'json']);
    expect(JSON.parse(after.stdout).changes).toEqual([]);
  });

  it('prices a --mix as its own "mix" row, with or without --model', async () => {
    const mixOnly = await gacost(['catalog', 'diff', OLD, NEW, '--tokens', '1B', '--mix', 'cheap=50,dear=50', '--format', 'json']);
    expect(mixOnly.exitCode).toBe(0);
    const mixRow = { name: 'mix', model: 'mix', tokens: 1e9, old_cost_usd: 1550, new_cost_usd: 1700, delta_usd: 150, change_pct: 9.6774 };
    expect(effectsOf(mixOnly.stdout)).toEqual([mixRow]);

    const withModel = await gacost([
      'catalog',
      'diff',
      OLD,
      NEW,
      '--tokens',
      '1B',
      '--model',
      'dear',
      '--mix',
      'cheap=50,dear=50',
      '--format',
      'json',
    ]);
    expect(withModel.exitCode).toBe(0);
    expect(effectsOf(withModel.stdout)).toEqual([
      { name: 'dear', model: 'dear', tokens: 1e9, old_cost_usd: 3000, new_cost_usd: 3300, delta_usd: 300, change_pct: 10 },
      mixRow,
    ]);

    // A part only the new catalog has: the old side cannot price the mix.
    const newPart = await gacost(['catalog', 'diff', OLD, NEW, '--tokens', '1B', '--mix', 'cheap=50,fresh=50', '--format', 'json']);
    expect(effectsOf(newPart.stdout)).toEqual([{ ...mixRow, old_cost_usd: null, new_cost_usd: 300, delta_usd: null, change_pct: null }]);
  });

  it('refuses a --model (or mix part) on neither side, and shows — only for the side that lacks it', async () => {
    const typo = await gacost(['catalog', 'diff', OLD, NEW, '--tokens', '1B', '--model', 'chaep', '--format', 'json']);
    expect(typo).toMatchObject({ exitCode: 2, errorCode: 'unknown-model', stdout: '' });
    expect(typo.stderr).toContain('cheap'); // the suggestion

    const typoInMix = await gacost(['catalog', 'diff', OLD, NEW, '--tokens', '1B', '--mix', 'fresh=50,acme/gone=25,nowhere=25']);
    expect(typoInMix).toMatchObject({ exitCode: 2, errorCode: 'unknown-model', stdout: '' });

    const oneSide = await gacost(['catalog', 'diff', OLD, NEW, '--tokens', '1B', '--model', 'fresh,acme/gone', '--format', 'json']);
    expect(oneSide.exitCode).toBe(0);
    expect(effectsOf(oneSide.stdout).map((effect) => [effect.name, effect.old_cost_usd, effect.new_cost_usd])).toEqual([
      ['fresh', null, 500],
      ['acme/gone', 7000, null],
    ]);
  });

  it("with --config shows — on the side that lacks a workload's model, and refuses one on neither side", async () => {
    const dir = scratchDir();
    const budget = (workloads: [string, string][]) => {
      const file = join(dir, `b${workloads.length}.yaml`);
      writeFileSync(
        file,
        `version: 1\nworkloads:\n${workloads.map(([name, model]) => `  - name: ${name}\n    model: ${model}\n    tokens: 1B\n`).join('')}`,
      );
      return file;
    };
    const run = await gacost([
      'catalog',
      'diff',
      OLD,
      NEW,
      '--config',
      budget([
        ['new', 'fresh'],
        ['old', 'acme/gone'],
        ['both', 'dear'],
      ]),
      '--format',
      'json',
    ]);
    expect(run.exitCode).toBe(0);
    expect(effectsOf(run.stdout).map((effect) => [effect.name, effect.model, effect.old_cost_usd, effect.new_cost_usd])).toEqual([
      ['new', 'acme/fresh', null, 500],
      ['old', 'acme/gone', 7000, null],
      ['both', 'acme/dear', 3000, 3300],
    ]);

    const neither = await gacost(['catalog', 'diff', OLD, NEW, '--config', budget([['typo', 'nowhere']])]);
    expect(neither).toMatchObject({ exitCode: 2, errorCode: 'invalid-budget', stdout: '' });
    expect(neither.stderr).toMatch(/b1\.yaml:4:12: /);
  });

  it('prices no model on a tier it lacks (it is not repriced at its standard price)', async () => {
    const next = join(scratchDir(), 'history-next.yaml');
    writeFileSync(
      next,
      readFileSync(HISTORY, 'utf8').replace(
        'prices: {input: 3, cached_input: 0.3, output: 15}',
        'prices: {input: 4, cached_input: 0.4, output: 20}',
      ),
    );
    const run = await gacost(['--tier', 'batch', 'catalog', 'diff', HISTORY, next, '--format', 'json']);
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout).changes).toEqual([]); // acme/steady has no batch tier on either side
    const standard = await gacost(['catalog', 'diff', HISTORY, next, '--format', 'json']);
    expect(JSON.parse(standard.stdout).changes.map((change: { model: string }) => change.model)).toEqual(['acme/steady']);
  });
});
