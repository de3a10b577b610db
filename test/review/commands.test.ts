import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { loadBuiltinCatalog } from '../../src/catalog/builtin-catalog.js';
import { candidatesOf, OPTION_KEYS } from '../../src/app/options.js';
import { ModelIndex, type PricedModel } from '../../src/core/resolve-model.js';
import { gacost, scratchDir } from '../support/gacost.js';

const OLD = 'test/fixtures/catalogs/minimal-prev.yaml';
const NEW = 'test/fixtures/catalogs/minimal-next.yaml';
const TIERED = 'test/fixtures/catalogs/history.yaml';

const effectsOf = (stdout: string) => JSON.parse(stdout).effects as Record<string, unknown>[];

describe('review 2026-11: commands and name resolution', () => {
  it('#5: catalog diff prices a --mix as its own "mix" row, with or without --model', async () => {
    const mixOnly = await gacost(['catalog', 'diff', OLD, NEW, '--tokens', '1B', '--mix', 'cheap=50,dear=50', '--format', 'json']);
    expect(mixOnly.exitCode).toBe(0);
    const mixRow = { name: 'mix', model: 'mix', tokens: 1e9, old_cost_usd: 1550, new_cost_usd: 1700, delta_usd: 150, change_pct: 9.6774 };
    expect(effectsOf(mixOnly.stdout)).toEqual([mixRow]);

    const withModel = await gacost(['catalog', 'diff', OLD, NEW, '--tokens', '1B', '--model', 'dear', '--mix', 'cheap=50,dear=50', '--format', 'json']);
    expect(withModel.exitCode).toBe(0);
    expect(effectsOf(withModel.stdout)).toEqual([
      { name: 'dear', model: 'dear', tokens: 1e9, old_cost_usd: 3000, new_cost_usd: 3300, delta_usd: 300, change_pct: 10 },
      mixRow,
    ]);

    // A part only the new catalog has: the old side cannot price the mix.
    const newPart = await gacost(['catalog', 'diff', OLD, NEW, '--tokens', '1B', '--mix', 'cheap=50,fresh=50', '--format', 'json']);
    expect(effectsOf(newPart.stdout)).toEqual([{ ...mixRow, old_cost_usd: null, new_cost_usd: 300, delta_usd: null, change_pct: null }]);
  });

  it('#6: catalog diff refuses a --model (or mix part) on neither side, and shows — only for the side that lacks it', async () => {
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

  it('#21: catalog diff --config shows — on the side that lacks a workload\'s model, and refuses one on neither side', async () => {
    const dir = scratchDir();
    const budget = (workloads: [string, string][]) => {
      const file = join(dir, `b${workloads.length}.yaml`);
      writeFileSync(file, `version: 1\nworkloads:\n${workloads.map(([name, model]) => `  - name: ${name}\n    model: ${model}\n    tokens: 1B\n`).join('')}`);
      return file;
    };
    const run = await gacost(['catalog', 'diff', OLD, NEW, '--config', budget([['new', 'fresh'], ['old', 'acme/gone'], ['both', 'dear']]), '--format', 'json']);
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

  it('#10: compare de-duplicates its candidates in linear time', () => {
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

  it('#12: a very long unknown name gets no suggestions and is echoed cut short', async () => {
    const run = await gacost(['project', '--model', 'q'.repeat(100_000)]);
    expect(run).toMatchObject({ exitCode: 2, errorCode: 'unknown-model', stdout: '' });
    expect(run.stderr.length).toBeLessThan(200);
    expect(run.stderr).toContain(`"${'q'.repeat(64)}…"`);
    const typo = await gacost(['project', '--model', 'gpt4o']);
    expect(typo.stderr).toContain('did you mean gpt-4o');
  });

  it('#24: refuses a repeated --mix, --provider with --model, an empty tier and an unknown tier in every command', async () => {
    const twoMixes = await gacost(['compare', '--tokens', '1B', '--mix', 'deepseek-v4-flash=100', '--mix', 'gpt-4o=100']);
    expect(twoMixes).toMatchObject({ exitCode: 2, errorCode: 'conflicting-options', stdout: '' });

    const providerAndModel = await gacost(['compare', '--tokens', '1B', '--provider', 'openai', '--model', 'deepseek-v4-flash']);
    expect(providerAndModel).toMatchObject({ exitCode: 2, errorCode: 'conflicting-options', stdout: '' });

    for (const tier of ['', '   ']) {
      expect(await gacost(['--tier', tier, 'models'])).toMatchObject({ exitCode: 2, errorCode: 'invalid-option', stdout: '' });
    }

    const commands = [
      ['models'],
      ['compare', '--tokens', '1B'],
      ['project'],
      ['forecast', '--start', '1M', '--growth', '0%/mo'],
      ['check', '--model', 'changing', '--tokens', '1M', '--budget', '10'],
      ['catalog', 'diff', TIERED, TIERED, '--tokens', '1B'],
    ];
    for (const command of commands) {
      // catalog diff names its catalogs itself, and refuses --catalog.
      const catalog = command[0] === 'catalog' ? [] : ['--catalog', TIERED];
      const run = await gacost([...catalog, '--tier', 'bacth', ...command]);
      expect(run, command.join(' ')).toMatchObject({ exitCode: 2, errorCode: 'unknown-tier', stdout: '' });
      expect(run.stderr).toContain('batch'); // did you mean
    }
  });

  it('#22: builtin names the built-in catalog in catalog validate and --catalog', async () => {
    const validate = await gacost(['catalog', 'validate', 'builtin']);
    expect(validate.exitCode).toBe(0);
    expect(validate.stdout).toMatch(/^builtin: ok, \d+ models/);
    const builtin = await gacost(['models', '--format', 'json'], { env: { GACOST_CATALOG: undefined } });
    expect(await gacost(['--catalog', 'builtin', 'models', '--format', 'json'])).toMatchObject({ exitCode: 0, stdout: builtin.stdout });
    expect(await gacost(['models', '--format', 'json'], { env: { GACOST_CATALOG: 'builtin' } })).toMatchObject({ exitCode: 0, stdout: builtin.stdout });
  });
});
