import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const HOSTILE = 'test/fixtures/hostile';
const scratch = mkdtempSync(join(tmpdir(), 'gacost-hostile-'));
const huge = join(scratch, 'huge.yaml');
writeFileSync(huge, `# ${'x'.repeat(20 * 1024 * 1024)}\n`); // 20 MB
mkdirSync(join(scratch, 'a-directory.yaml'));

const inputs = [
  ...[
    'alias-bomb.yaml',
    'deep-nesting.yaml',
    'proto-keys.yaml',
    'empty.yaml',
    'whitespace.yaml',
    'binary.dat',
    'duplicate-keys.yaml',
    'malformed.yaml',
    'malformed.json',
    'wrong-types.yaml',
  ].map((name) => join(HOSTILE, name)),
  huge,
  join(scratch, 'missing.yaml'),
  join(scratch, 'a-directory.yaml'),
];

/** Every reader of files, each told to write its result to a file that must not appear. */
const readers: [string, (file: string, out: string) => string[]][] = [
  ['catalog', (file, out) => ['models', '--catalog', file, '--out-file', out]],
  ['budget file', (file, out) => ['check', '--config', file, '--out-file', out]],
  ['stage file', (file, out) => ['project', '--stages', file, '--out-file', out]],
  ['LiteLLM list', (file, out) => ['catalog', 'import', '--from', 'litellm', file, '--out', out]],
  ['genai-prices list', (file, out) => ['catalog', 'import', '--from', 'genai-prices', file, '--out', out]],
];

describe.each(readers)('a hostile %s', (_what, argsFor) => {
  it.each(inputs)('%s exits 2 with a one-line reason naming the file, no stack trace, nothing written', async (file) => {
    const out = join(scratch, `out-${Math.random().toString(36).slice(2)}`);
    const run = await runCli(argsFor(file, out));
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^(gacost: error: [^\n]+\n)+$/);
    expect(run.stderr).toContain(file.split('/').at(-1));
    expect(run.stderr).not.toMatch(/\n\s+at |internal error/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('hostile flags', () => {
  it.each([
    [['project', '--tokens', '99999999999999999999T'], 'more than the maximum'],
    [['project', '--tokens', '-1'], 'invalid --tokens "-1"'],
    [['project', '--tokens', 'Infinity'], 'invalid --tokens "Infinity"'],
    [['project', '--tokens', '1e400'], 'more than the maximum'],
    [['project', '--tokens', '1e-400'], 'a fraction of a token'],
    [['compare', '--tokens', '1B', '--top', '1e3'], 'invalid --top "1e3"'],
    [['forecast', '--start', '5M', '--growth', '1e400%/mo'], 'expected a growth rate'],
    [['forecast', '--start', '5M', '--growth', '99999999%/mo', '--months', '3'], 'the forecast passes 1000T tokens a month in month 3'],
    [['check', '--model', 'gpt-4o', '--tokens', '1B', '--budget', 'NaN'], 'invalid --budget "NaN"'],
    [['project', '--format', 'yaml'], "argument 'yaml' is invalid"],
    [['project', '--tokens', '5B', '--stages', 'x.yaml'], 'cannot be used with'],
    [['--as-of', '2026-13-01', 'models'], 'invalid --as-of "2026-13-01"'],
  ])('gacost %j exits 2', async (args, reason) => {
    const run = await runCli(args);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^gacost: error: [^\n]+\n$/);
    expect(run.stderr).toContain(reason);
  });

  it('does not pollute prototypes through a catalog', async () => {
    const run = await runCli(['models', '--catalog', join(HOSTILE, 'proto-keys.yaml')]);
    expect(run.stderr).toContain('the key __proto__ is not allowed');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
