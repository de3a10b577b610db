import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { gacost, scratchDir } from '../support/gacost.js';

const CATALOG = 'test/fixtures/catalogs/match-rules.yaml';
const match = (...args: string[]) => gacost(['--catalog', CATALOG, 'models', ...args]);
const ajv = new Ajv2020({ allErrors: true, strict: false, logger: false });
const schema = async (kind: string) => ajv.compile(JSON.parse((await gacost(['schema', kind])).stdout));

describe('gacost models --match', () => {
  it('reports each name in the order given: its model, how it resolved, its prices, or why not', async () => {
    const run = await match(
      '--match',
      'gpt-4o-2024-08-06',
      'openai/gpt-4o-2024-08-06',
      'us.anthropic.claude-3-7-sonnet-20250219-v1:0',
      'GPT-4o',
      'o1-preview-2024-09-12',
      'gpt-5-pro-2025-10-06',
      'gpt4o',
      '--format',
      'json',
    );
    expect(run).toMatchObject({ exitCode: 0, stderr: '' });
    const { matches } = JSON.parse(run.stdout);
    expect(matches.map((entry: { name: string }) => entry.name)).toEqual([
      'gpt-4o-2024-08-06',
      'openai/gpt-4o-2024-08-06',
      'us.anthropic.claude-3-7-sonnet-20250219-v1:0',
      'GPT-4o',
      'o1-preview-2024-09-12',
      'gpt-5-pro-2025-10-06',
      'gpt4o',
    ]);
    expect(matches[0]).toMatchObject({ model: null, provider: null, via: null, prices: null });
    expect(matches[0].reason).toContain('openai/gpt-4o of openai, azure/gpt-4o of azure');
    expect(matches[1]).toEqual({
      name: 'openai/gpt-4o-2024-08-06',
      model: 'openai/gpt-4o',
      provider: 'openai',
      via: 'rule',
      resolution: 'version',
      rule: null,
      prices: { input: 2.5, cached_input: 1.25, output: 10 },
      reason: null,
      in_logs: { model: 'openai/gpt-4o', resolution: 'version', reason: null },
    });
    expect(matches[2]).toMatchObject({
      model: 'aws/claude-3-7-sonnet',
      provider: 'aws',
      via: 'rule',
      prices: { input: 3, cached_input: 0.3, output: 15 },
      reason: null,
    });
    // Typed here, OpenAI's id without its provider; read from a log, Azure's too, as the rules above.
    expect(matches[3]).toMatchObject({
      model: 'openai/gpt-4o',
      via: 'alias',
      resolution: 'id',
      in_logs: { model: null, reason: expect.stringContaining('is ambiguous') },
    });
    // Resolved, but with no price on the date: the model and how, no prices, and the reason.
    expect(matches[4]).toMatchObject({
      model: 'openai/o1-preview',
      via: 'rule',
      prices: null,
      reason: expect.stringContaining('2025-07-28'),
    });
    expect(matches[5]).toMatchObject({ model: 'openai/gpt-5-pro', via: 'rule', prices: null, reason: expect.any(String) });
    expect(matches[6]).toMatchObject({ model: null, via: null, prices: null, reason: expect.stringContaining('gpt4o') });
  });

  it('writes JSON that the output schema describes, with absent prices left out', async () => {
    const validate = await schema('output');
    const run = await match('--match', 'gpt-4o-2024-08-06', 'azure-gpt-4o', 'gpt-5-pro-2025-10-06', 'nothing', '--format', 'json');
    const result = JSON.parse(run.stdout);
    expect(validate(result), JSON.stringify(validate.errors)).toBe(true);
    expect(result.matches[1].prices).toEqual({ input: 2.75, output: 11 });
    result.matches[0].extra = 1;
    expect(validate(result)).toBe(false);
  });

  it('prices on the as-of date', async () => {
    const run = await gacost([
      '--catalog',
      CATALOG,
      '--as-of',
      '2024-09-01',
      'models',
      '--match',
      'openai/gpt-4o-2024-05-13',
      '--format',
      'json',
    ]);
    expect(JSON.parse(run.stdout).matches[0].prices).toEqual({ input: 5, output: 15 });
  });

  it('narrows the search to one provider with --provider', async () => {
    const run = await match('--match', 'gpt-4o-2024-08-06', 'gpt-4o', '--provider', 'azure', '--format', 'json');
    const { matches } = JSON.parse(run.stdout);
    expect(matches[0]).toMatchObject({ model: 'azure/gpt-4o', provider: 'azure', via: 'rule' });
    expect(matches[1]).toMatchObject({ model: null, reason: expect.stringContaining('azure') });
  });

  it('writes CSV with a row per name', async () => {
    const run = await match('--match', 'gpt-4o', 'gpt4o', '--format', 'csv');
    expect(run.stdout.split('\n')).toEqual([
      'name,model,provider,via,resolution,rule,input_per_mtok_usd,cached_input_per_mtok_usd,cache_write_per_mtok_usd,cache_write_1h_per_mtok_usd,output_per_mtok_usd,reason,in_logs_model',
      'gpt-4o,openai/gpt-4o,openai,alias,id,,2.5,1.25,,,10,,',
      expect.stringMatching(/^gpt4o,,,,,,,,,,,"unknown model.*",$/),
      '',
    ]);
  });

  it('says where a log record of the name would go, when an alias typed here takes it elsewhere', async () => {
    const run = await gacost(['models', '--match', 'deepseek-ai/DeepSeek-R1', '--format', 'json']);
    const [entry] = JSON.parse(run.stdout).matches;
    expect(entry).toMatchObject({
      model: 'global-api/deepseek-r1',
      resolution: 'alias',
      in_logs: { model: null, resolution: null, reason: expect.stringContaining('unknown model') },
    });
    expect((await gacost(['models', '--match', 'deepseek-ai/DeepSeek-R1'])).stdout).toContain(
      'deepseek-ai/DeepSeek-R1 in a usage log: unknown model',
    );
  });

  it('refuses no name, and an unknown provider', async () => {
    expect(await match('--match')).toMatchObject({ exitCode: 2, errorCode: 'usage', stdout: '' });
    expect(await match('--match', 'gpt-4o', '--provider', 'acme')).toMatchObject({ exitCode: 2, errorCode: 'invalid-option', stdout: '' });
  });

  it('validates against the catalog schema, match rules and all', async () => {
    const validate = await schema('catalog');
    expect(validate(parse(readFileSync(CATALOG, 'utf8'))), JSON.stringify(validate.errors)).toBe(true);
  });
});

describe('names resolved by match rules in the commands that price', () => {
  it('prices a name that a rule claims, and refuses one that rules of several providers claim', async () => {
    const priced = await gacost([
      '--catalog',
      CATALOG,
      'project',
      '--model',
      'openai/gpt-4o-2024-08-06',
      '--tokens',
      '1B',
      '--format',
      'json',
    ]);
    expect(priced).toMatchObject({ exitCode: 0 });
    expect(JSON.parse(priced.stdout).rows[0]).toMatchObject({ model: 'openai/gpt-4o', price_per_mtok_usd: 10 });
    const ambiguous = await gacost(['--catalog', CATALOG, 'project', '--model', 'gpt-4o-2024-08-06', '--tokens', '1B']);
    expect(ambiguous).toMatchObject({ exitCode: 2, errorCode: 'ambiguous-model', stdout: '' });
  });
});

describe('unknown model names', () => {
  it('a very long unknown name gets no suggestions and is echoed cut short', async () => {
    const run = await gacost(['project', '--model', 'q'.repeat(100_000)]);
    expect(run).toMatchObject({ exitCode: 2, errorCode: 'unknown-model', stdout: '' });
    expect(run.stderr.length).toBeLessThan(200);
    expect(run.stderr).toContain(`"${'q'.repeat(64)}…"`);
    const typo = await gacost(['project', '--model', 'gpt4o']);
    expect(typo.stderr).toContain('did you mean gpt-4o');
  });

  it('suggests names for the first 50 unknown models of a run only: the rest are refused without a pass over the catalog', async () => {
    const budget = join(scratchDir(), 'typos.yaml');
    const workloads = Array.from({ length: 60 }, (_, at) => `  - {name: w${at}, model: gpt-4o-typo${at}, tokens: 1M}\n`);
    writeFileSync(budget, `version: 1\nworkloads:\n${workloads.join('')}`);
    const run = await gacost(['check', '--config', budget]);
    expect(run).toMatchObject({ exitCode: 2, errorCode: 'invalid-budget', stdout: '' });
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(60);
    expect(lines.filter((line) => line.includes('did you mean'))).toHaveLength(50);
  });
});
