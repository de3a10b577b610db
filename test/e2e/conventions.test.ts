import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { COMMAND_PATHS } from '../support/commands.js';
import { BIN, gacost, processEnv, ROOT, scratchDir } from '../support/gacost.js';

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
  // Where a flag's value is completed from, as each shell's script says it: its line (fish) or its case (bash, zsh).
  const valueLine = (script: string, shell: string, command: string, flag: string) =>
    script
      .split('\n')
      .find((line) =>
        shell === 'fish'
          ? line.includes(`_from ${command.split(' ').at(-1)}'`) && line.includes(` -l ${flag} `)
          : line.includes(`"${command}:--${flag}"`),
      ) ?? '';
  const FILES = /_gacost_files| -F/;

  it.each(['bash', 'zsh', 'fish'])('%s: names every command, its arguments and flags, and the values gacost knows', async (shell) => {
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
      // schema's kinds, completion's shells, the built-in catalog beside files
      'catalog budget output',
      'bash zsh fish',
      'builtin',
      // model ids and their aliases, and provider keys, from the catalog in force when completed
      'gacost catalog export --table rules',
      '$7 == "alias"',
    ]) {
      expect(run.stdout, word).toContain(word);
    }
    for (const [command, flag, values] of [
      ['project', 'format', /table json csv markdown html/],
      ['catalog export', 'format', /csv jsonl sql/],
      ['catalog export', 'dialect', /duckdb postgres bigquery/],
      ['usage', 'by', /model[ ,]provider[ ,]day[ ,]week[ ,]month/],
      ['project', 'model', /gacost_models/],
      ['project', 'baseline', /gacost_models/],
      ['usage', 'on', /gacost_models/],
      ['compare', 'provider', /gacost_providers/],
      ['usage', 'provider', /gacost_providers/],
      ['project', 'stages', FILES],
      ['project', 'out-file', FILES],
      ['check', 'config', FILES],
      ['forecast', 'from-usage', FILES],
    ] as const) {
      expect(valueLine(run.stdout, shell, command, flag), `${command} --${flag}`).toMatch(values);
    }
    expect(run.stdout).not.toMatch(/ --out\b[^-]/);
  });

  it('bash completes arguments, comma-separated items and model aliases when run', async () => {
    const dir = scratchDir();
    // The script runs gacost to list models: the built CLI, on the standard catalog (processEnv).
    writeFileSync(join(dir, 'gacost'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`, { mode: 0o755 });
    writeFileSync(join(dir, 'completion.bash'), (await gacost(['completion', 'bash'])).stdout);
    const complete = (...words: string[]) =>
      `COMP_WORDS=(${words.map((word) => `'${word}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _gacost; echo "\${COMPREPLY[*]}"`;
    const script = [
      'source completion.bash',
      complete('gacost', 'schema', ''),
      complete('gacost', 'usage', '--by', 'day,w'),
      complete('gacost', 'project', '--model', 'deepseek-v4'),
      complete('gacost', 'init', 'deepseek-v4'),
      complete('gacost', 'usage', '--by', 'model,'),
    ];
    const { stdout } = await promisify(execFile)('bash', ['-c', script.join('\n')], {
      cwd: dir,
      env: processEnv({ PATH: `${dir}:${process.env.PATH}` }),
    });
    const [kinds, by, models, initModels, byAgain] = stdout.split('\n');
    expect(kinds).toBe('catalog budget output');
    expect(by).toBe('day,week');
    expect(models?.split(' ')).toContain('deepseek-v4-flash');
    // init's arguments are models, not files; a field already given is not offered again.
    expect(initModels?.split(' ')).toContain('deepseek-v4-flash');
    expect(byAgain?.split(' ')).toContain('model,day');
    expect(byAgain?.split(' ')).not.toContain('model,model');
  });
});

describe('--help', () => {
  it.each(COMMAND_PATHS.map((path) => [...path]))('gacost %j --help ends with examples', async (...path) => {
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
