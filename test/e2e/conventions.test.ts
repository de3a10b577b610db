import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { gacost, ROOT, scratchDir } from '../support/gacost.js';

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const ESC = '\x1b[';

describe('--json', () => {
  it('is --format json on every command with --format', async () => {
    for (const args of [
      ['project', '--tokens', '5B'],
      ['compare', '--tokens', '1B'],
      ['models', '--provider', 'global-api'],
      ['forecast', '--start', '5M', '--growth', '10%/mo', '--months', '3'],
      ['check', '--config', 'examples/gacost.yaml'],
      ['usage', 'examples/usage-openai.jsonl', '--provider', 'openai'],
      ['catalog', 'diff', 'test/fixtures/catalogs/minimal-prev.yaml', 'test/fixtures/catalogs/minimal-next.yaml'],
    ]) {
      const [json, format] = [await gacost([...args, '--json']), await gacost([...args, '--format', 'json'])];
      expect(json.stdout, args.join(' ')).toBe(format.stdout);
      expect(json.exitCode).toBe(format.exitCode);
      expect(JSON.parse(json.stdout)).toHaveProperty('schema_version', 1);
    }
  });

  it('agrees with --format json, and refuses another --format', async () => {
    expect(await gacost(['project', '--json', '--format', 'json'])).toMatchObject({ exitCode: 0 });
    expect(await gacost(['project', '--format', 'markdown', '--json'])).toMatchObject({
      exitCode: 2,
      errorCode: 'conflicting-options',
      stdout: '',
    });
  });
});

describe('- is standard input', () => {
  it('for --catalog, --stages, --config and catalog validate, diff and import', async () => {
    const catalog = read('test/fixtures/catalogs/minimal-next.yaml');
    const fromFile = await gacost(['--catalog', 'test/fixtures/catalogs/minimal-next.yaml', 'models', '--format', 'csv']);
    expect(await gacost(['--catalog', '-', 'models', '--format', 'csv'], { stdin: catalog })).toMatchObject({
      exitCode: 0,
      stdout: fromFile.stdout,
    });

    const stages = await gacost(['project', '--stages', '-', '--format', 'csv'], { stdin: read('test/fixtures/stages/ramp.yaml') });
    expect(stages).toMatchObject({
      exitCode: 0,
      stdout: (await gacost(['project', '--stages', 'test/fixtures/stages/ramp.yaml', '--format', 'csv'])).stdout,
    });

    const check = await gacost(['check', '--config', '-', '--format', 'csv'], { stdin: read('examples/gacost.yaml') });
    const checkFile = await gacost(['check', '--config', 'examples/gacost.yaml', '--format', 'csv']);
    expect(check.exitCode).toBe(checkFile.exitCode);
    expect(check.stdout.split('\n').slice(1)).toEqual(checkFile.stdout.split('\n').slice(1));

    const validate = await gacost(['catalog', 'validate', '-'], { stdin: catalog });
    expect(validate).toMatchObject({ exitCode: 0 });
    expect(validate.stdout).toMatch(/^-: ok, \d+ models/);

    const diff = await gacost(['catalog', 'diff', 'test/fixtures/catalogs/minimal-prev.yaml', '-', '--format', 'csv'], { stdin: catalog });
    expect(diff).toMatchObject({
      exitCode: 0,
      stdout: (
        await gacost([
          'catalog',
          'diff',
          'test/fixtures/catalogs/minimal-prev.yaml',
          'test/fixtures/catalogs/minimal-next.yaml',
          '--format',
          'csv',
        ])
      ).stdout,
    });

    const list = read('test/fixtures/import/litellm-prices.json');
    const imported = await gacost(['catalog', 'import', '--from', 'litellm', '-', '--provider', 'openai'], { stdin: list });
    const importedFile = await gacost([
      'catalog',
      'import',
      '--from',
      'litellm',
      'test/fixtures/import/litellm-prices.json',
      '--provider',
      'openai',
    ]);
    expect(imported.exitCode).toBe(0);
    expect(imported.stdout).toBe(importedFile.stdout.replace('litellm litellm-prices.json', 'litellm standard input'));
  });

  it('reports a bad file read from standard input as -, on one line', async () => {
    const run = await gacost(['--catalog', '-', 'models'], { stdin: 'models: [' });
    expect(run).toMatchObject({ exitCode: 2, errorCode: 'invalid-catalog', stdout: '' });
    expect(run.stderr).toMatch(/^gacost: error: -:\d+:\d+: [^\n]+\n$/);
    const binary = await gacost(['project', '--stages', '-'], { stdin: 'a\u0000b' });
    expect(binary).toMatchObject({ exitCode: 2, errorCode: 'unreadable-file' });
  });

  it('is read once: two inputs cannot both be -', async () => {
    const run = await gacost(['check', '--config', '-', '--catalog', '-'], { stdin: 'x' });
    expect(run).toMatchObject({ exitCode: 2, errorCode: 'conflicting-options', stdout: '' });
    expect(run.stderr).toContain('--catalog and --config');
  });
});

describe('--out-file - is stdout', () => {
  it('for every command that writes a result, and catalog import and export', async () => {
    const cwd = scratchDir();
    for (const args of [
      ['project', '--tokens', '5B'],
      ['catalog', 'export'],
      ['catalog', 'import', '--from', 'litellm', join(ROOT, 'test/fixtures/import/litellm-prices.json')],
    ]) {
      const [dash, plain] = [await gacost([...args, '--out-file', '-'], { cwd }), await gacost(args, { cwd })];
      expect(dash).toMatchObject({ exitCode: 0, stdout: plain.stdout });
      expect(dash.stdout).not.toBe('');
    }
    expect(existsSync(join(cwd, '-'))).toBe(false);
  });
});

describe("--out-file's extension", () => {
  it('sets the format unless --format or --json says it, and a clash is refused', async () => {
    const cwd = scratchDir();
    const written = async (file: string, ...flags: string[]) => {
      expect(await gacost(['project', '--out-file', file, ...flags], { cwd })).toMatchObject({ exitCode: 0, stdout: '' });
      return readFileSync(join(cwd, file), 'utf8');
    };
    const formatted = async (format: string) => (await gacost(['project', '--format', format])).stdout;
    expect(await written('report.html')).toBe(await formatted('html'));
    expect(await written('r.JSON')).toBe(await formatted('json'));
    expect(await written('r.csv')).toBe(await formatted('csv'));
    expect(await written('r.md')).toBe(await formatted('markdown'));
    expect(await written('r.txt')).toBe(await formatted('table'));
    expect(await written('r2.json', '--json')).toBe(await formatted('json'));
    expect(await written('r.html.txt', '--format', 'csv')).toBe(await formatted('csv'));
    // catalog export has its own formats: .sql is one of them.
    expect(await gacost(['catalog', 'export', '--out-file', 'c.sql'], { cwd })).toMatchObject({ exitCode: 0 });
    expect(readFileSync(join(cwd, 'c.sql'), 'utf8')).toBe((await gacost(['catalog', 'export', '--format', 'sql'])).stdout);

    for (const flags of [
      ['--format', 'csv', '--out-file', 'x.json'],
      ['--json', '--out-file', 'x.csv'],
    ]) {
      const run = await gacost(['project', ...flags], { cwd });
      expect(run).toMatchObject({ exitCode: 2, errorCode: 'conflicting-options', stdout: '' });
      expect(run.stderr).toMatch(/^gacost: error: [^\n]*contradicts --out-file x\.(json|csv)[^\n]*\n$/);
    }
    expect(existsSync(join(cwd, 'x.json')) || existsSync(join(cwd, 'x.csv'))).toBe(false);
  });
});

describe('catalog import --out-file', () => {
  it('writes the catalog, as the former --out still does', async () => {
    const dir = scratchDir();
    const list = 'test/fixtures/import/litellm-prices.json';
    await gacost(['catalog', 'import', '--from', 'litellm', list, '--out-file', join(dir, 'a.yaml')]);
    await gacost(['catalog', 'import', '--from', 'litellm', list, '--out', join(dir, 'b.yaml')]);
    expect(readFileSync(join(dir, 'a.yaml'), 'utf8')).toMatch(/^# Imported by gacost/);
    expect(readFileSync(join(dir, 'a.yaml'), 'utf8')).toBe(readFileSync(join(dir, 'b.yaml'), 'utf8'));
    expect((await gacost(['catalog', 'import', '--help'])).stdout).not.toMatch(/--out </);
  });
});

describe('colour', () => {
  it('is off with --no-color or TERM=dumb, even on a terminal', async () => {
    expect((await gacost(['project'], { tty: true })).stdout).toContain(ESC);
    expect((await gacost(['--no-color', 'project'], { tty: true })).stdout).not.toContain(ESC);
    expect((await gacost(['--no-color', 'project'], { env: { FORCE_COLOR: '1' } })).stdout).not.toContain(ESC);
    expect((await gacost(['project'], { tty: true, env: { TERM: 'dumb' } })).stdout).not.toContain(ESC);
    expect((await gacost(['project'], { env: { TERM: 'dumb', FORCE_COLOR: '1' } })).stdout).toContain(ESC);
  });
});

describe('gacost completion', () => {
  it.each(['bash', 'zsh', 'fish'])('%s: names every command, their flags, the format names, and lists model ids lazily', async (shell) => {
    const run = await gacost(['completion', shell]);
    expect(run.exitCode).toBe(0);
    for (const word of [
      'project',
      'compare',
      'forecast',
      'models',
      'check',
      'usage',
      'catalog',
      'import',
      'export',
      'validate',
      'tokens-per-request',
      'out-file',
      'json',
      'no-color',
      'table json csv markdown',
      'csv jsonl sql',
      'gacost models --format csv',
    ]) {
      expect(run.stdout, word).toContain(word);
    }
    expect(run.stdout).not.toMatch(/ --out\b[^-]/);
  });
});

describe('--help', () => {
  it.each([
    ['project'],
    ['compare'],
    ['forecast'],
    ['models'],
    ['check'],
    ['usage'],
    ['schema'],
    ['completion'],
    ['catalog'],
    ['catalog', 'validate'],
    ['catalog', 'diff'],
    ['catalog', 'import'],
    ['catalog', 'export'],
    [],
  ])('gacost %j --help ends with examples', async (...path) => {
    const run = await gacost([...path, '--help']);
    expect(run.exitCode).toBe(0);
    const examples = run.stdout.split('\nExamples:\n')[1]?.trimEnd().split('\n') ?? [];
    expect(examples.length).toBeGreaterThanOrEqual(2);
    for (const example of examples) expect(example).toMatch(new RegExp(`^  \\$ gacost ${path.join(' ')}`));
  });
});

describe('exit codes', () => {
  it('3 for an internal error, with one line asking for a report', async () => {
    let stderr = '';
    const outcome = await main(['node', 'gacost', 'project'], {
      env: { GACOST_AS_OF: '2026-11-24' },
      cwd: ROOT,
      stdout: () => {
        throw new Error('boom');
      },
      stderr: (text) => (stderr += text),
      stdoutIsTerminal: async () => false,
    });
    expect(outcome).toEqual({ exitCode: 3, errorCode: 'internal' });
    expect(stderr).toBe('gacost: internal error: boom (please report this)\n');
  });
});
