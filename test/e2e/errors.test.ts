import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

/** Every bad input: exit 2, nothing on stdout, one line on stderr that says why, no stack trace. */
describe('bad input', () => {
  it.each([
    [['project', '--tokens', '5X'], 'invalid --tokens "5X": expected a whole number of tokens'],
    [['project', '--tokens', '-5M'], 'invalid --tokens "-5M"'],
    [['project', '--tokens', 'NaN'], 'invalid --tokens "NaN"'],
    [['project', '--tokens', 'Infinity'], 'invalid --tokens "Infinity"'],
    [['project', '--tokens', ''], 'invalid --tokens ""'],
    [['project', '--tokens', '1.5.5M'], 'invalid --tokens "1.5.5M"'],
    [['project', '--tokens', '1.5'], 'a fraction of a token'],
    [['project', '--tokens-per-user', '1e400'], 'more than the maximum'],
    [['project', '--model', 'gpt4o'], 'unknown model "gpt4o"; did you mean gpt-4o'],
    [['project', '--baseline', 'nope'], 'unknown model "nope"'],
    [['project', '--model', 'Pro/deepseek-ai/DeepSeek-V3.2'], 'has no published price'],
    [['project', '--format', 'xml'], "argument 'xml' is invalid. Allowed choices are table, json, csv, markdown"],
    [['project', '--tokens', '5B', '--tokens-per-user', '1K'], 'cannot be used with'],
    [['project', '--tokens', '5B', '--stages', 'test/fixtures/stages/ramp.yaml'], 'cannot be used with'],
    [['project', '--catalog', 'missing.yaml'], 'cannot read catalog missing.yaml: no such file'],
    [['project', '--catalog', 'test'], 'cannot read catalog test: it is a directory'],
    [['project', '--catalog', 'test/fixtures/catalogs/negative-price.yaml'], 'negative-price.yaml:24:32: models[1].prices.output: a price cannot be negative'],
    [['project', '--stages', 'test/fixtures/stages/bad-tokens.yaml'], 'bad-tokens.yaml:4:11: [1].tokens: invalid tokens "2.5X"'],
    [['project', '--tokens'], "option '--tokens <quantity>' argument missing"],
    [['project', '--colour'], "unknown option '--colour'"],
    [['projct'], "unknown command 'projct'"],
    [['models', '--provider', 'nope'], 'unknown provider "nope"'],
    [['models', '--out-file', 'no-such-dir/models.txt'], 'cannot write no-such-dir/models.txt: ENOENT'],
  ])('gacost %j exits 2 saying why', async (args, reason) => {
    const run = await runCli(args);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(reason);
    expect(run.stderr).toMatch(/^gacost: error: [^\n]+\n$/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('names every problem of a broken catalog, one line each', async () => {
    const run = await runCli(['models', '--catalog', 'test/fixtures/catalogs/duplicate-alias.yaml']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe(
      'gacost: error: test/fixtures/catalogs/duplicate-alias.yaml:23:21: models[1].aliases[1]: duplicate id or alias "CHEAP" (case-insensitive): already names models[0] (acme/cheap)\n',
    );
  });
});

describe('help and version', () => {
  it('prints help on stdout and exits 0', async () => {
    const run = await runCli(['project', '--help']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('--tokens <quantity>');
  });

  it('prints the version', async () => {
    const { version } = (await import('../../package.json', { with: { type: 'json' } })).default;
    const run = await runCli(['--version']);
    expect(run).toMatchObject({ exitCode: 0, stdout: `${version}\n` });
  });
});
