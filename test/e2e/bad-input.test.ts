import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliOutcome } from '../../src/cli.js';
import { gacost, refusal, scratchDir } from '../support/gacost.js';
import { budgetFile } from '../support/inputs.js';

const OLD = 'test/fixtures/catalogs/minimal-prev.yaml';
const NEW = 'test/fixtures/catalogs/minimal-next.yaml';
const USAGE = 'test/fixtures/usage/openai.jsonl';
const HISTORY = 'test/fixtures/catalogs/history.yaml';

/**
 * Every bad input: exit 2, the error's code, nothing on stdout, one line on stderr, and no --out-file
 * written. The wording of each code is pinned once, in test/e2e/golden/.
 */
const cases: [string[], NonNullable<CliOutcome['errorCode']>][] = [
  [['project', '--tokens', '5X'], 'invalid-quantity'],
  [['project', '--tokens', '-5M'], 'invalid-quantity'],
  [['project', '--tokens', 'NaN'], 'invalid-quantity'],
  [['project', '--tokens', 'Infinity'], 'invalid-quantity'],
  [['project', '--tokens', ''], 'invalid-quantity'],
  [['project', '--tokens', '1.5.5M'], 'invalid-quantity'],
  [['project', '--tokens', '1.5'], 'invalid-quantity'],
  [['project', '--tokens-per-user', '1e400'], 'invalid-quantity'],
  [['project', '--model', 'gpt4o'], 'unknown-model'],
  [['project', '--baseline', 'nope'], 'unknown-model'],
  [['project', '--model', 'Pro/deepseek-ai/DeepSeek-V3.2'], 'no-published-price'],
  [['project', '--format', 'xml'], 'usage'],
  [['project', '--tokens', '5B', '--tokens-per-user', '1K'], 'usage'],
  [['project', '--tokens', '5B', '--stages', 'test/fixtures/stages/ramp.yaml'], 'usage'],
  [['project', '--catalog', 'missing.yaml'], 'unreadable-file'],
  [['project', '--catalog', 'test'], 'unreadable-file'],
  [['project', '--catalog', 'test/fixtures/catalogs/negative-price.yaml'], 'invalid-catalog'],
  [['project', '--stages', 'test/fixtures/stages/bad-tokens.yaml'], 'invalid-stages'],
  [['project', '--tokens'], 'usage'],
  [['project', '--colour'], 'usage'],
  [['projct'], 'usage'],
  [['models', '--provider', 'nope'], 'invalid-option'],
  [['models', '--out-file', 'no-such-dir/models.txt'], 'unwritable-file'],
  [['check'], 'invalid-option'],
  [['check', '--model', 'gpt-4o'], 'invalid-option'],
  [['check', '--model', 'gpt-4o', '--tokens', '5B', '--budget', '-3'], 'invalid-option'],
  [['check', '--config', 'examples/gacost.yaml', '--model', 'gpt-4o'], 'usage'],
  [['check', '--config', 'test/fixtures/budgets/unknown-key.yaml'], 'invalid-budget'],
  [['check', '--config', 'test/fixtures/budgets/env.yaml'], 'invalid-budget'],
  [['check', '--config', 'missing.yaml'], 'unreadable-file'],
  [['check', '--config', 'test/fixtures/budgets/model-and-mix.yaml'], 'invalid-budget'],
  [['check', '--config', 'test/fixtures/budgets/bad-mix.yaml'], 'invalid-budget'],
  [['check', '--config', 'test/fixtures/budgets/no-tokens.yaml'], 'invalid-budget'],
  [['check', '--config', 'examples/gacost.yaml', '--allow-empty'], 'invalid-option'],
  [['check', '--config', 'examples/gacost.yaml', '--input-share', '120%'], 'invalid-option'],
  [['check', '--model', 'gpt-4o', '--tokens', '1B', '--budget', '10', '--cached-share', '50%'], 'invalid-option'],
  [
    [
      'check',
      '--model',
      'gpt-4o',
      '--tokens',
      '1B',
      '--budget',
      '10',
      '--input-share',
      '75%',
      '--cached-share',
      '60%',
      '--cache-write-share',
      '50%',
    ],
    'invalid-option',
  ],
  [['compare'], 'invalid-option'],
  [['compare', '--tokens', '1B', '--top', '0'], 'invalid-option'],
  [['compare', '--tokens', '1B', '--top', 'al'], 'invalid-option'],
  [['compare', '--tokens', '1B', '--provider', 'nope'], 'invalid-option'],
  [['models', '--search', ' '], 'invalid-option'],
  [['models', '--search', 'gpt', '--match', 'gpt-4o'], 'conflicting-options'],
  [['models', '--search', 'gpt', '--provider', 'nope'], 'invalid-option'],
  [['forecast', '--start', '5M', '--growth', '-100%/mo'], 'invalid-option'],
  [['forecast', '--start', '5M', '--growth', '-150%/mo'], 'invalid-option'],
  [['forecast', '--start', '5M', '--growth', 'fast'], 'invalid-option'],
  [['forecast', '--start', '5M', '--growth', '25%/mo', '--months', '0'], 'invalid-option'],
  [['forecast', '--start', '5M', '--growth', '25%/mo', '--months', '-3'], 'invalid-option'],
  [['forecast', '--start', '5M', '--growth', '25%/mo', '--mix', 'deepseek-v4-flash=50'], 'invalid-option'],
  [['forecast', '--start', '1000T', '--growth', '25%/mo', '--months', '3'], 'invalid-option'],
  [['forecast', '--growth', '25%/mo'], 'invalid-option'],
  [['project', '--mix', 'deepseek-v4-flash=90,qwen3-32b=5'], 'invalid-option'],
  [['project', '--mix', 'deepseek-v4-flash=90,nope=10'], 'unknown-model'],
  [['project', '--mix', 'deepseek-v4-flash'], 'invalid-option'],
  [['project', '--mix', 'v4-flash=50,deepseek-v4-flash=50'], 'invalid-option'],
  [['project', '--input-share', '120%'], 'invalid-option'],
  [['project', '--cached-share', '50%'], 'invalid-option'],
  [['project', '--tokens-per-request', '0'], 'invalid-option'],
  [['project', '--peak-factor', '2'], 'invalid-option'],
  [['catalog', 'diff', OLD], 'invalid-option'],
  [['catalog', 'diff', OLD, NEW, '--tokens', '1B', '--config', 'examples/gacost.yaml'], 'conflicting-options'],
  [['catalog', 'diff', OLD, '--vs-as-of', 'soon'], 'invalid-option'],
  [['catalog', 'diff', OLD, 'missing.yaml'], 'unreadable-file'],
  [['project', '--tokens', '99999999999999999999T'], 'invalid-quantity'],
  [['project', '--tokens', '-1'], 'invalid-quantity'],
  [['project', '--tokens', '1e400'], 'invalid-quantity'],
  [['project', '--tokens', '1e-400'], 'invalid-quantity'],
  [['compare', '--tokens', '1B', '--top', '1e3'], 'invalid-option'],
  [['forecast', '--start', '5M', '--growth', '1e400%/mo'], 'invalid-option'],
  [['forecast', '--start', '5M', '--growth', '99999999%/mo', '--months', '3'], 'invalid-option'],
  [['check', '--model', 'gpt-4o', '--tokens', '1B', '--budget', 'NaN'], 'invalid-option'],
  [['project', '--format', 'yaml'], 'usage'],
  [['project', '--tokens', '5B', '--stages', 'x.yaml'], 'usage'],
  [['--as-of', '2026-13-01', 'models'], 'invalid-option'],
  [['forecast', '--start', '5M', '--growth', '25'], 'invalid-option'],
  [['project', '--tokens-per-request', '2K', '--peak-factor', '3q'], 'invalid-option'],
  [['check', '--model', 'gpt-4o', '--tokens', '1B', '--budget', '5M'], 'invalid-option'],
  [['project', '--json', '--format', 'csv'], 'conflicting-options'],
  [['project', '--stages', '-', '--catalog', '-'], 'conflicting-options'],
  [['catalog', 'diff', '-', '-'], 'conflicting-options'],
  [['project', '--stages', '-'], 'unreadable-file'],
  [
    ['catalog', 'import', '--from', 'litellm', 'test/fixtures/import/litellm-prices.json', '--out', 'a.yaml', '--out-file', 'b.yaml'],
    'conflicting-options',
  ],
  [['completion', 'tcsh'], 'usage'],
  // Flags that contradict one another, or that shape what the run does not do, are refused rather than a report of nothing.
  [['usage', USAGE, '--on', 'none', '--since', '2026-12-01', '--until', '2026-01-01'], 'conflicting-options'],
  [['usage', USAGE, '--on', 'none', '--premium-share', '20%'], 'conflicting-options'],
  [['usage', USAGE, '--on', 'none', '--availability', 'deepseek-r1=99%'], 'conflicting-options'],
  // A pricing flag a command does not use is not declared for it: catalog diff has no observed usage to read.
  [['catalog', 'diff', 'builtin', '--vs-as-of', '2026-12-01', '--from-usage', USAGE], 'usage'],
  [['usage', USAGE, '--mix', 'gpt-4o=100', '--mix', 'gpt-4o-mini=100'], 'conflicting-options'],
  [['usage', USAGE, '--on', 'none', '--since', '2026-01-01', '--since', '2026-06-01'], 'conflicting-options'],
  // Every flag of one value given twice, not only those above: commander would keep the last without a word.
  [['usage', USAGE, '--on', 'none', '--from', 'openai', '--from', 'anthropic'], 'conflicting-options'],
  [['usage', USAGE, '--on', 'none', '--require', 'exact', '--require', 'rule'], 'conflicting-options'],
  [['usage', USAGE, '--on', 'none', '--format', 'csv', '--format', 'json'], 'conflicting-options'],
  [['reconcile', USAGE, '--bill', 'test/fixtures/bills/invoice-eur.csv'], 'invalid-bill'],
  [['reconcile', USAGE, '--bill', 'test/fixtures/bills/focus.csv'], 'invalid-bill'],
  [['reconcile', USAGE, '--bill', 'test/fixtures/usage/usage.csv'], 'invalid-bill'],
  [['reconcile', USAGE, '--bill', 'test/fixtures/bills/openai-costs.json', '--tolerance', '2 percent'], 'invalid-option'],
  [['reconcile', USAGE, '--bill', 'test/fixtures/bills/openai-costs.json', '--fx', 'EUR=-1'], 'invalid-option'],
  [['reconcile', USAGE], 'usage'],
  [
    ['check', '--config', 'test/fixtures/budgets/actuals.yaml', '--usage', USAGE, '--from', 'openai', '--from', 'csv'],
    'conflicting-options',
  ],
  [
    ['check', '--config', 'test/fixtures/budgets/actuals.yaml', '--usage', USAGE, '--provider', 'openai', '--provider', 'azure'],
    'conflicting-options',
  ],
  [['--as-of', '2026-01-01', '--as-of', '2026-06-01', 'models'], 'conflicting-options'],
];

describe('bad input', () => {
  it.each(cases)('gacost %j exits 2 with %s', async (args, code) => {
    const out = join(scratchDir(), 'out.txt');
    const takesOutFile = !args.includes('--out-file') && !args.at(-1)?.startsWith('--');
    const run = await gacost(takesOutFile ? [...args, '--out-file', out] : args);
    expect(run).toMatchObject({ exitCode: 2, errorCode: code, stdout: '' });
    expect(run.stderr).toMatch(/^gacost: error: [^\n]+\n$/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('flags that conflict, or that the command would ignore', () => {
  it('refuses a repeated --mix, --provider with --model, an empty tier and an unknown tier in every command', async () => {
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
      ['catalog', 'diff', HISTORY, HISTORY, '--tokens', '1B'],
    ];
    for (const command of commands) {
      // catalog diff names its catalogs itself, and refuses --catalog.
      const catalog = command[0] === 'catalog' ? [] : ['--catalog', HISTORY];
      const run = await gacost([...catalog, '--tier', 'bacth', ...command]);
      expect(run, command.join(' ')).toMatchObject({ exitCode: 2, errorCode: 'unknown-tier', stdout: '' });
      expect(run.stderr).toContain('batch'); // did you mean
    }
  });

  it.each([
    [['--tier', 'batch', 'schema', 'output']],
    [['--catalog', HISTORY, 'catalog', 'validate', 'builtin']],
    [['--as-of', '2026-01-01', 'catalog', 'validate', 'builtin']],
    [['--catalog', HISTORY, 'catalog', 'diff', HISTORY, HISTORY]],
    [['--tier', 'batch', 'catalog', 'import', '--from', 'litellm', 'test/fixtures/import/litellm-prices.json']],
  ])('refuses a global flag that %j would ignore', async (args) => {
    expect(await gacost(args)).toMatchObject({ exitCode: 2, errorCode: 'invalid-option', stdout: '' });
  });
});

describe('refusals that say what is wrong', () => {
  it('too-precise shares, mix shares, percentages and peak factors say how many decimals are kept', async () => {
    for (const share of ['0.0000001', '0.00000001%']) {
      expect((await refusal(['compare', '--tokens', '1M', '--input-share', share])).stderr).toMatch(/decimal places/);
    }
    expect((await refusal(['compare', '--tokens', '1M', '--mix', 'gpt-4o=90,deepseek-r1=9.99999'])).stderr).toMatch(
      /"deepseek-r1=9\.99999".*at most 4 decimal places/,
    );
    expect((await refusal(['project', '--tokens-per-request', '1K', '--peak-factor', '1.0000000001'])).stderr).toMatch(
      /at most 4 decimal places/,
    );
    const config = budgetFile(['warn_at: 0.00001%', 'workloads:', '  - name: a', '    model: gpt-4o', '    tokens: 1M']);
    expect((await refusal(['check', '--config', config])).stderr).toMatch(/warn_at: .*at most 4 decimal places/);
  });

  it('a run that fails says its error alone: no warning before it of lines it skipped on the way', async () => {
    // Found by the usage fuzz: a line skipped, then a total too large to count exactly.
    const log = join(scratchDir(), 'usage.jsonl');
    // Two days, each countable, whose sum is not: the total fails after the reading, which skipped a line.
    const record = (day: number, tokens: string) =>
      `{"model":"gpt-4o","created":${day},"usage":{"prompt_tokens":${tokens},"completion_tokens":1000}}`;
    writeFileSync(log, `${record(1767312000, '9007199254740991')}\n${record(1767398400, '3000')}\nnot json\n`);
    const run = await gacost(['usage', log, '--provider', 'openai', '--skip-bad', '--on', 'none', '--format', 'json']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^gacost: error: more than 9007199254740991 inputTokens in one group[^\n]*\n$/);
  });

  it('a huge exponent is named as such, not as a fraction of a token', async () => {
    const run = await refusal(['compare', '--tokens', `1${'0'.repeat(500)}e-500`]);
    expect(run.errorCode).toBe('invalid-quantity');
    expect(run.stderr).toMatch(/exponent/);
    expect(run.stderr).not.toMatch(/fraction/);
  });

  it('a fractional request count is a fraction of a request', async () => {
    const config = budgetFile(['workloads:', '  - name: a', '    model: gpt-4o', '    requests: 0.5/day', '    tokens_per_request: 1K']);
    const run = await refusal(['check', '--config', config]);
    expect(run.stderr).toMatch(/a fraction of a request/);
    expect(run.stderr).not.toMatch(/token/);
  });
});
