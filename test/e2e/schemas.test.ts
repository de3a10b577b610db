import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { gacost } from '../support/gacost.js';

const printed = async (kind: string) => {
  const run = await gacost(['schema', kind]);
  expect(run).toMatchObject({ exitCode: 0, stderr: '' });
  return run.stdout;
};

const ajv = new Ajv2020({ allErrors: true, strict: false, logger: false });
const validators = new Map<string, ReturnType<typeof ajv.compile>>();
/** Compiled once per kind: compiling the output schema takes longer than validating anything with it. */
const validatorFor = async (kind: string) => {
  if (!validators.has(kind)) validators.set(kind, ajv.compile(JSON.parse(await printed(kind))));
  return validators.get(kind) as ReturnType<typeof ajv.compile>;
};

describe('gacost schema', () => {
  it.each(['catalog', 'budget', 'output'])('the committed schemas/%s.schema.json is what gacost prints', async (kind) => {
    expect(readFileSync(`schemas/${kind}.schema.json`, 'utf8')).toBe(await printed(kind));
  });

  it('validates the shipped catalog', async () => {
    const validate = await validatorFor('catalog');
    expect(validate(parse(readFileSync('pricing/catalog.yaml', 'utf8'))), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...parse(readFileSync('pricing/catalog.yaml', 'utf8')), colour: 'red' })).toBe(false);
  });

  it.each(['examples/gacost.yaml', 'examples/over-budget.yaml'])('validates the example budget %s', async (file) => {
    const validate = await validatorFor('budget');
    expect(validate(parse(readFileSync(file, 'utf8'))), JSON.stringify(validate.errors)).toBe(true);
  });

  it('names the schema on the first line of the repository YAML files', () => {
    expect(readFileSync('pricing/catalog.yaml', 'utf8').split('\n')[0]).toBe(
      '# yaml-language-server: $schema=../schemas/catalog.schema.json',
    );
    for (const file of ['examples/gacost.yaml', 'examples/over-budget.yaml']) {
      expect(readFileSync(file, 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=../schemas/budget.schema.json');
    }
  });

  it.each([
    [['project', '--format', 'json', '--model', 'v4-flash,qwen3-32b']],
    [['project', '--stages', 'test/fixtures/stages/ramp.yaml', '--format', 'json']],
    [['models', '--format', 'json']],
    [
      [
        'reconcile',
        'examples/usage-openai.jsonl',
        '--provider',
        'openai',
        '--bill',
        'examples/invoice-2026-10.csv',
        '--by',
        'month',
        '--format',
        'json',
      ],
    ],
    [['models', '--search', 'kimi', '--format', 'json']],
    [['check', '--config', 'examples/gacost.yaml', '--format', 'json']],
    [['check', '--config', 'examples/over-budget.yaml', '--format', 'json']],
    [['compare', '--tokens', '1B', '--mix', 'v4-flash=50,qwen3-32b=50', '--input-share', '60%', '--format', 'json']],
    [
      [
        'catalog',
        'diff',
        'test/fixtures/catalogs/minimal-prev.yaml',
        'test/fixtures/catalogs/minimal-next.yaml',
        '--tokens',
        '1B',
        '--format',
        'json',
      ],
    ],
    [['forecast', '--start', '5M', '--growth', '10x/yr', '--months', '13', '--budget', '10', '--credits', '50', '--format', 'json']],
    [['project', '--tokens-per-request', '2K', '--mix', 'v4-flash=50,qwen3-32b=50', '--format', 'json']],
  ])('describes the JSON output of gacost %j', async (args) => {
    const validate = await validatorFor('output');
    const run = await gacost(args);
    expect(validate(JSON.parse(run.stdout)), JSON.stringify(validate.errors)).toBe(true);
  });

  it('refuses output with a field it does not know', async () => {
    const validate = await validatorFor('output');
    const run = await gacost(['project', '--format', 'json']);
    const result = JSON.parse(run.stdout);
    result.rows[0].extra = 1;
    expect(validate(result)).toBe(false);
  });
});
