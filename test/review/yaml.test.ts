import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gacost, scratchDir } from '../support/gacost.js';

const MINIMAL = readFileSync('test/fixtures/catalogs/minimal.yaml', 'utf8');

/** Writes `lines` as a file in `dir` and returns its path. */
function file(dir: string, name: string, lines: readonly string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** The error lines of a refused run, without the "gacost: error: " prefix. */
function problems(stderr: string): string[] {
  return stderr.trimEnd().split('\n').map((line) => line.replace(/^gacost: error: /, ''));
}

const ZOD_DEFAULT_WORDING = /Invalid (key|input|option)|Too (small|big)|expected (int|number|string|array|object|boolean), received/;

const overlayHead = (extendsWhat: string) => ['schema: 1', `extends: ${extendsWhat}`, 'version: 2026.11.2', 'effective: 2026-11-20', 'currency: USD'];

describe('review of 2026-11: YAML reading and catalog loading', () => {
  it('#3: a price or budget reached through an alias is read from its exact text', async () => {
    const dir = scratchDir();
    const withPrices = (cheap: string, dear: string) => MINIMAL.replace('prices: {output: 0.1}', `prices: ${cheap}`).replace('prices: {input: 1, output: 3}', `prices: ${dear}`);
    const scalar = file(dir, 'scalar.yaml', [withPrices('{output: &p 999999.123456789}', '{output: *p}')]);
    const csv = await gacost(['--catalog', scalar, 'models', '--format', 'csv']);
    expect(csv.exitCode).toBe(0);
    expect(csv.stdout.trimEnd().split('\n').slice(1).map((row) => row.split(',')[8])).toEqual(['999999.123456789', '999999.123456789']);

    // A float keeps 0.1 of these digits: the repeat must be refused as the anchor is, not read as 0.1.
    const tooPrecise = '0.1000000000000000001';
    const scalarRepeat = file(dir, 'scalar-repeat.yaml', [withPrices(`{output: &p ${tooPrecise}}`, '{output: *p}')]);
    const scalarRun = await gacost(['--catalog', scalarRepeat, 'models']);
    expect(scalarRun.errorCode).toBe('invalid-catalog');
    expect(problems(scalarRun.stderr).map((line) => line.split(': ').slice(0, 2).join(': '))).toEqual([
      `${scalarRepeat}:18:25: models[0].prices.output`,
      `${scalarRepeat}:25:22: models[1].prices.output`,
    ]);
    const mapRepeat = file(dir, 'map-repeat.yaml', [withPrices(`&pp {input: ${tooPrecise}, output: 1}`, '*pp')]);
    const mapRun = await gacost(['--catalog', mapRepeat, 'models']);
    expect(mapRun.errorCode).toBe('invalid-catalog');
    expect(problems(mapRun.stderr).map((line) => line.split(': ').slice(0, 2).join(': '))).toEqual([
      `${mapRepeat}:18:25: models[0].prices.input`,
      `${mapRepeat}:18:25: models[1].prices.input`,
    ]);

    const budget = file(dir, 'gacost.yaml', [
      'version: 1',
      'workloads:',
      '  - {name: a, model: gpt-4o, tokens: 1M, budget: &b 12345678.123456789}',
      '  - {name: b, model: gpt-4o, tokens: 1M, budget: *b}',
    ]);
    const check = await gacost(['check', '--config', budget, '--format', 'json']);
    expect(check.exitCode).toBe(0);
    expect(check.stdout.match(/"budget_usd": [^,\n]+/g)).toEqual(['"budget_usd": null', '"budget_usd": 12345678.123456789', '"budget_usd": 12345678.123456789']);
  });

  it('#11: a large mapping with repeated keys is refused with the position of each repeat and of its first', async () => {
    const dir = scratchDir();
    const providers = Array.from({ length: 20_000 }, (_, index) => `  p${index}: {name: P}`);
    providers.push('  p7: {name: again}', '  p19999: {name: again}');
    const path = file(dir, 'big.yaml', ['schema: 1', 'providers:', ...providers]);
    const run = await gacost(['--catalog', path, 'models']);
    expect(run.errorCode).toBe('invalid-catalog');
    expect(problems(run.stderr)).toEqual([
      `${path}:20003:3: the key p7 is repeated; it is first at line 10, column 3`,
      `${path}:20004:3: the key p19999 is repeated; it is first at line 20002, column 3`,
    ]);
  });

  it('#23: extends loops, missing extends targets and binary data are placed at line:col', async () => {
    const dir = scratchDir();
    const self = file(dir, 'self.yaml', overlayHead('self.yaml'));
    const selfRun = await gacost(['--catalog', self, 'models']);
    expect(selfRun.errorCode).toBe('invalid-catalog');
    expect(problems(selfRun.stderr)).toEqual([`${self}:2:10: extends: self.yaml makes a loop: ${self} → ${self}`]);

    const a = file(dir, 'a.yaml', overlayHead('b.yaml'));
    const b = file(dir, 'b.yaml', [...overlayHead('./a.yaml')]);
    const loopRun = await gacost(['--catalog', a, 'models']);
    expect(loopRun.errorCode).toBe('invalid-catalog');
    expect(problems(loopRun.stderr)).toEqual([`${b}:2:10: extends: ./a.yaml makes a loop: ${a} → ${b} → ${a}`]);

    const missing = file(dir, 'missing.yaml', overlayHead('nope.yaml'));
    const missingRun = await gacost(['--catalog', missing, 'models']);
    expect(missingRun.errorCode).toBe('unreadable-file');
    expect(problems(missingRun.stderr)).toEqual([`${missing}:2:10: extends: cannot read catalog ${join(dir, 'nope.yaml')}: no such file or directory`]);

    // Six catalogs, five of them overlays, load; 33 are more than the 32 that may extend each other.
    for (let level = 1; level <= 33; level++) file(dir, `level-${level}.yaml`, overlayHead(level === 1 ? 'builtin' : `level-${level - 1}.yaml`));
    const chain = await gacost(['--catalog', join(dir, 'level-5.yaml'), 'models', '--format', 'json']);
    expect(chain.exitCode).toBe(0);
    expect(JSON.parse(chain.stdout).catalog.version).toBe('2026.11.2');
    const tooDeep = await gacost(['--catalog', join(dir, 'level-33.yaml'), 'models']);
    expect(tooDeep.errorCode).toBe('invalid-catalog');
    expect(problems(tooDeep.stderr)).toEqual([`${join(dir, 'level-2.yaml')}:2:10: extends: catalogs extend or include each other more than 32 deep`]);

    const lines = MINIMAL.split('\n');
    lines[13] = `  - id\u0000: acme/cheap`;
    const nul = file(dir, 'nul.yaml', lines);
    const nulRun = await gacost(['--catalog', nul, 'models']);
    expect(nulRun.errorCode).toBe('unreadable-file');
    expect(problems(nulRun.stderr)[0]).toMatch(new RegExp(`^${nul}:14:7: `));
  });

  it('#25: a second document and zod-level problems are told in gacost words, at their position', async () => {
    const dir = scratchDir();
    const two = file(dir, 'two.yaml', [MINIMAL.trimEnd(), '---', 'schema: 1']);
    const twoRun = await gacost(['--catalog', two, 'models']);
    expect(twoRun.errorCode).toBe('invalid-catalog');
    expect(problems(twoRun.stderr)).toEqual([`${two}:28:1: a second YAML document starts here; gacost reads one document per file`]);

    const wrong = file(dir, 'wrong.yaml', [
      MINIMAL.replace('  acme:\n', '  Acme: {name: Upper}\n  acme:\n    models_available: 1.5\n')
        .replace('candidates: [cheap]', 'candidates: []')
        .replace('prices: {output: 0.1}', 'prices: {output: 0.1}\n    tiers: {Batch: {output: 0.05}}'),
    ]);
    const wrongRun = await gacost(['--catalog', wrong, 'models']);
    expect(wrongRun.errorCode).toBe('invalid-catalog');
    const reported = problems(wrongRun.stderr);
    expect(reported.join('\n')).not.toMatch(ZOD_DEFAULT_WORDING);
    expect(reported.map((line) => /^.*?:\d+:\d+: [^:]+/.exec(line)?.[0])).toEqual([
      `${wrong}:6:15: defaults.candidates`,
      `${wrong}:9:3: providers.Acme`,
      `${wrong}:11:23: providers.acme.models_available`,
      `${wrong}:21:13: models[0].tiers.Batch`,
    ]);

    const stages = file(dir, 'stages.yaml', ['- {name: a, users: 1.5}']);
    const stagesRun = await gacost(['project', '--stages', stages]);
    expect(stagesRun.errorCode).toBe('invalid-stages');
    expect(problems(stagesRun.stderr)).toEqual([`${stages}:1:20: [0].users: expected a whole number`]);

    const budget = file(dir, 'gacost.yaml', ['version: 1', 'days_per_month: 40', 'workloads: []']);
    const budgetRun = await gacost(['check', '--config', budget]);
    expect(budgetRun.errorCode).toBe('invalid-budget');
    expect(problems(budgetRun.stderr).join('\n')).not.toMatch(ZOD_DEFAULT_WORDING);
  });

  it('#24: a model discounted twice, and a model whose id is mix, are refused', async () => {
    const dir = scratchDir();
    const twice = file(dir, 'twice.yaml', [
      ...overlayHead('builtin'),
      'discounts:',
      '  - model: gpt-4o',
      '    discount: 10%',
      '  - model: openai/gpt-4o',
      '    discount: 50%',
    ]);
    const twiceRun = await gacost(['--catalog', twice, 'models']);
    expect(twiceRun.errorCode).toBe('invalid-catalog');
    expect(problems(twiceRun.stderr)).toEqual([
      `${twice}:9:12: discounts[1].model: openai/gpt-4o is already discounted at ${twice}:7:12 (discounts[0]); give each model one discount`,
    ]);

    const mix = file(dir, 'mix.yaml', [MINIMAL.replace('id: acme/cheap', 'id: mix')]);
    const mixRun = await gacost(['--catalog', mix, 'models']);
    expect(mixRun.errorCode).toBe('invalid-catalog');
    expect(problems(mixRun.stderr)).toEqual([`${mix}:14:9: models[0].id: "mix" is reserved: it names the routing mix in every output`]);
  });
});
