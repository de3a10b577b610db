import { execFile, spawn } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  copyFileSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { errnoReason } from '../../src/io/errno-reason.js';
import { escapeControls } from '../../src/output/escape-controls.js';
import { AS_OF, BIN, gacost, nobodysCli, processEnv, ROOT, scratchDir, sharedScratchDir, spawnGacost } from '../support/gacost.js';
import { overBudgetFile } from '../support/inputs.js';

const HOSTILE = 'test/fixtures/hostile';
const MINIMAL_CATALOG = join(ROOT, 'test/fixtures/catalogs/minimal.yaml');
/** Any control character but the line ends that separate lines. */
const CONTROL_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
const scratch = mkdtempSync(join(tmpdir(), 'gacost-hostile-'));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});
const huge = join(scratch, 'huge.yaml');
writeFileSync(huge, `# ${'x'.repeat(20 * 1024 * 1024)}\n`); // 20 MB
mkdirSync(join(scratch, 'a-directory.yaml'));
chmodSync(scratch, 0o755);
const unreadable = join(scratch, 'unreadable.yaml');
writeFileSync(unreadable, 'version: 1\n', { mode: 0o000 });

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
  unreadable,
  '/dev/zero', // endless: refused after 16 MB rather than read until memory runs out
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
  it.for(inputs)('%s exits 2 with a one-line reason naming the file, no stack trace, nothing written', async (file, context) => {
    const out = join(scratch, `out-${Math.random().toString(36).slice(2)}`);
    // root reads a mode-000 file: the unreadable one is read as nobody.
    const asRoot = file === unreadable && process.getuid?.() === 0;
    const reader = asRoot ? nobodysCli() : undefined;
    if (asRoot && reader === undefined) context.skip('no folder the user nobody may enter');
    const run = await (reader === undefined
      ? gacost(argsFor(file, out))
      : spawnGacost(argsFor(file, out), { cwd: reader.cwd, as: reader, env: reader.env }));
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^(gacost: error: [^\n]+\n)+$/);
    expect(run.stderr).toContain(file.split('/').at(-1));
    expect(run.stderr).not.toMatch(/\n\s+at |internal error/);
    expect(existsSync(out)).toBe(false);
    if (file === unreadable) expect(run.stderr).toContain('permission denied');
  });
});

describe('hostile flags', () => {
  it('shows a line end in a stage name as \\n in a Markdown table, as in the terminal, rather than a space', async () => {
    const stages = join(scratch, 'newline-stages.yaml');
    writeFileSync(stages, '- {name: "two\\nlines", tokens: 1M}\n');
    const run = await gacost(['project', '--stages', stages, '--model', 'v4-flash', '--format', 'markdown']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('| two\\nlines |');
  });

  it('neutralises stage names that a spreadsheet would run as formulas', async () => {
    const stages = join(scratch, 'formula-stages.yaml');
    const names = ['=1+2', '@SUM(A1)', '-2+3', '+x', '\tx', '\rcr', 'plain'];
    writeFileSync(stages, names.map((name) => `- {name: ${JSON.stringify(name)}, tokens: 1M}\n`).join(''));
    const run = await gacost(['project', '--stages', stages, '--model', 'v4-flash', '--format', 'csv']);
    expect(run.exitCode).toBe(0);
    const firstCells = run.stdout
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((line) => line.slice(0, line.indexOf(',,')));
    expect(firstCells).toEqual(["'=1+2", "'@SUM(A1)", "'-2+3", "'+x", "'\tx", '"\'\rcr"', 'plain']);
  });

  it('reads a catalog piped in as /dev/stdin, up to 16 MB and not a byte more', async () => {
    // As a shell pipes it (Node's own stdio pipes are sockets, which /dev/stdin cannot open).
    const pipeIn = (file: string) =>
      new Promise<{ exitCode: number; stdout: string; stderr: string }>((resolve) => {
        const pipeline = 'cat "$0" | "$1" bin/gacost.cjs models --catalog /dev/stdin --format csv';
        execFile('/bin/sh', ['-c', pipeline, file, process.execPath], { cwd: ROOT, env: processEnv() }, (error, stdout, stderr) => {
          resolve({ exitCode: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
        });
      });
    const minimal = readFileSync('test/fixtures/catalogs/minimal.yaml');
    const padded = (size: number) => {
      const file = join(scratch, `piped-${size}.yaml`);
      writeFileSync(file, Buffer.concat([minimal, Buffer.alloc(size - minimal.length, '#')])); // a comment to the last byte
      return file;
    };
    const read = await pipeIn('test/fixtures/catalogs/minimal.yaml');
    expect(read.exitCode).toBe(0);
    expect(read.stdout).toContain('acme/cheap,Cheap,acme');
    expect((await pipeIn(padded(16 * 1024 * 1024))).exitCode).toBe(0);
    const over = await pipeIn(padded(16 * 1024 * 1024 + 1));
    expect(over).toMatchObject({
      exitCode: 2,
      stdout: '',
      stderr: 'gacost: error: cannot read catalog /dev/stdin: it holds more than the 16 MB gacost reads\n',
    });
  });

  it('tells invalid UTF-8 from a replacement character written in valid UTF-8', async () => {
    const minimal = readFileSync('test/fixtures/catalogs/minimal.yaml');
    const invalid = join(scratch, 'invalid-utf8.yaml');
    writeFileSync(invalid, Buffer.concat([Buffer.from('# fine\n# \xff here\n', 'latin1'), minimal]));
    const refused = await gacost(['models', '--catalog', invalid]);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toBe(`gacost: error: ${invalid}:2:3: not a text file (binary data); expected a UTF-8 catalog\n`);
    const literal = join(scratch, 'replacement-character.yaml');
    writeFileSync(literal, minimal.toString('utf8').replace('name: Cheap', 'name: Cheap \uFFFD'));
    const read = await gacost(['models', '--catalog', literal, '--format', 'csv']);
    expect(read.exitCode).toBe(0);
    expect(read.stdout).toContain('acme/cheap,Cheap \uFFFD,');
  });

  it('names each prototype key of a catalog (test/unit/prototype-keys.test.ts reads them in-process)', async () => {
    const run = await gacost(['models', '--catalog', join(HOSTILE, 'proto-keys.yaml')]);
    expect(run.stderr).toContain('proto-keys.yaml:2:1: the key __proto__ is not allowed');
    expect(run.stderr).toContain('proto-keys.yaml:3:1: the key constructor is not allowed');
  });
});

describe('interrupted runs', () => {
  const stages = join(scratch, 'many-stages.yaml');
  writeFileSync(stages, Array.from({ length: 2_000 }, (_, i) => `- {name: stage ${i}, users: ${i + 1}, tokens: ${i + 1}M}\n`).join(''));
  const args = ['project', '--stages', stages, '--format', 'json', '--out-file'];

  it('leaves no --out-file or a whole one when Ctrl-C comes at any moment of the run', async () => {
    const reference = join(scratch, 'reference.json');
    const started = Date.now();
    expect((await spawnGacost([...args, reference])).exitCode).toBe(0);
    const runTime = Date.now() - started;
    const whole = readFileSync(reference, 'utf8');
    const outcomes = new Set<string>();
    // From before the CLI has started to after it has finished: the moments are spread over a whole run.
    for (const delay of [0, 0.3, 0.7, 1.5].map((share) => Math.round(share * runTime))) {
      const dir = mkdtempSync(join(scratch, 'interrupted-'));
      const target = join(dir, 'spend.json');
      const child = spawn(process.execPath, ['bin/gacost.cjs', ...args, target], {
        cwd: ROOT,
        env: processEnv(),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const timer = setTimeout(() => child.kill('SIGINT'), delay);
      const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
        child.on('close', (...end) => resolve(end)),
      );
      clearTimeout(timer);
      expect(stderr).toBe('');
      if (signal === 'SIGINT') {
        outcomes.add('interrupted');
      } else {
        expect(code).toBe(0);
        outcomes.add('finished');
      }
      // Whole or absent; a run killed between writing and renaming may leave only its temporary file.
      if (existsSync(target)) expect(readFileSync(target, 'utf8')).toBe(whole);
      else expect(signal).toBe('SIGINT');
      for (const name of readdirSync(dir)) expect(name).toMatch(/^spend\.json(\.\d+\.tmp)?$/);
    }
    expect(outcomes).toContain('interrupted');
  });

  it('exits quietly when the reader closes the pipe in the middle of a long output', async () => {
    const child = spawn(process.execPath, ['bin/gacost.cjs', 'project', '--stages', stages, '--format', 'csv'], {
      cwd: ROOT,
      env: processEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    let received = 0;
    child.stdout.once('data', (chunk: Buffer) => {
      received = chunk.length;
      child.stdout.destroy(); // as `head -1` does once it has its line
    });
    const exitCode = await new Promise((resolve) => child.on('close', resolve));
    expect(received).toBeGreaterThan(0);
    expect({ exitCode, stderr }).toEqual({ exitCode: 0, stderr: '' });
  });
});

describe('--out-file targets', () => {
  it('follows a symbolic link: the file it names is replaced whole, the link stays', async () => {
    const dir = mkdtempSync(join(scratch, 'linked-'));
    writeFileSync(join(dir, 'real.json'), 'old\n');
    symlinkSync(join(dir, 'real.json'), join(dir, 'link.json'));
    const run = await gacost(['project', '--format', 'json', '--out-file', join(dir, 'link.json')]);
    expect(run).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
    expect(readlinkSync(join(dir, 'link.json'))).toBe(join(dir, 'real.json'));
    expect(JSON.parse(readFileSync(join(dir, 'real.json'), 'utf8')).schema_version).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(['link.json', 'real.json']);
  });

  it('follows a symbolic link that names no file yet: the file is written where it points, the link stays', async () => {
    const dir = mkdtempSync(join(scratch, 'dangling-'));
    symlinkSync(join(dir, 'report.json'), join(dir, 'link.json'));
    const run = await gacost(['project', '--format', 'json', '--out-file', join(dir, 'link.json')]);
    expect(run).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
    expect(readlinkSync(join(dir, 'link.json'))).toBe(join(dir, 'report.json'));
    expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')).schema_version).toBe(1);
  });

  it('writes to a device as it is, never replacing it with a file', async () => {
    const dir = mkdtempSync(join(scratch, 'device-'));
    symlinkSync('/dev/null', join(dir, 'null'));
    const run = await gacost(['project', '--out-file', join(dir, 'null')]);
    expect(run).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
    expect(lstatSync(join(dir, 'null')).isSymbolicLink()).toBe(true);
    expect(lstatSync('/dev/null').isCharacterDevice()).toBe(true);
    expect(readdirSync(dir)).toEqual(['null']);
  });

  it('refuses a directory with exit 2 and writes nothing into it', async () => {
    const dir = mkdtempSync(join(scratch, 'target-dir-'));
    const run = await gacost(['project', '--out-file', dir]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe(`gacost: error: cannot write ${JSON.stringify(dir)}: it is a directory, not a file\n`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('quotes a path that holds a newline, in an error of one line', async () => {
    const target = join(scratchDir(), 'no\ndir', 'x.csv');
    const run = await gacost(['project', '--out-file', target]);
    expect(run).toMatchObject({ exitCode: 2, errorCode: 'unwritable-file', stdout: '' });
    expect(run.stderr).toBe(`gacost: error: cannot write ${JSON.stringify(target)}: no such file or directory\n`);
  });
});

describe('a failed write to stdout or --out-file', () => {
  it.skipIf(!existsSync('/dev/full'))('to stdout is a one-line user error, exit 2', async () => {
    const full = openSync('/dev/full', 'w');
    onTestFinished(() => closeSync(full));
    const child = spawn(process.execPath, [BIN, 'compare', '--tokens', '1B', '--format', 'csv'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, GACOST_AS_OF: AS_OF },
      stdio: ['ignore', full, 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk) => (stderr += chunk));
    const exitCode = await new Promise((resolve) => child.on('close', resolve));
    expect({ exitCode, stderr }).toEqual({ exitCode: 2, stderr: 'gacost: error: cannot write stdout: no space left on device\n' });
  });

  it("translates a code outside the table with Node's words, without the path", () => {
    const error = Object.assign(new Error("EXDEV: cross-device link not permitted, rename 'a\nb' -> 'c'"), { code: 'EXDEV' });
    expect(errnoReason(error)).toBe('cross-device link not permitted');
  });

  it.skipIf(!existsSync('/dev/full'))('to --out-file is told in words', async () => {
    const run = await gacost(['project', '--out-file', '/dev/full']);
    expect(run).toMatchObject({ exitCode: 2, errorCode: 'unwritable-file', stdout: '' });
    expect(run.stderr).toBe('gacost: error: cannot write "/dev/full": no space left on device\n');
  });
});

describe('--out-file replacing a file', () => {
  it.each(['600', '660'])('keeps its mode %s', async (octal) => {
    const mode = Number.parseInt(octal, 8);
    const dir = scratchDir();
    const target = join(dir, 'spend.csv');
    writeFileSync(target, 'old\n');
    chmodSync(target, mode);
    const run = await gacost(['project', '--format', 'csv', '--out-file', target]);
    expect(run).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
    expect(readFileSync(target, 'utf8')).toMatch(/^stage,/);
    expect(statSync(target).mode & 0o7777).toBe(mode);
  });

  it('refuses a file the user could not write, though its folder lets anyone replace it', async (context) => {
    const asRoot = process.getuid?.() === 0;
    // As root the refusal is shown as nobody, in a folder nobody may enter.
    const dir = asRoot ? sharedScratchDir() : scratchDir();
    const nobody = asRoot ? nobodysCli() : undefined;
    if (dir === undefined || (asRoot && nobody === undefined)) return context.skip('no folder the user nobody may enter');
    chmodSync(dir, 0o777);
    const target = join(dir, 'read-only.csv');
    writeFileSync(target, 'keep\n');
    chmodSync(target, 0o444);
    const args = ['project', '--format', 'csv', '--out-file', target];
    // The built-in catalog: nobody may not reach the checkout's fixtures.
    const run =
      nobody === undefined ? await gacost(args) : await spawnGacost(args, { cwd: dir, as: nobody, env: { GACOST_CATALOG: undefined } });
    expect(run).toMatchObject({
      exitCode: 2,
      stdout: '',
      stderr: `gacost: error: cannot write ${JSON.stringify(target)}: permission denied\n`,
    });
    expect(readFileSync(target, 'utf8')).toBe('keep\n');
    expect(statSync(target).mode & 0o777).toBe(0o444);
  });
});

describe('--out-file naming an input', () => {
  it("refuses the catalog, a link to it, an overlay's base, the stage file, the budget file, and the import's list", async () => {
    const dir = scratchDir();
    copyFileSync(MINIMAL_CATALOG, join(dir, 'c.yaml'));
    linkSync(join(dir, 'c.yaml'), join(dir, 'hard-link.yaml'));
    symlinkSync(join(dir, 'c.yaml'), join(dir, 'soft-link.yaml'));
    writeFileSync(join(dir, 'overlay.yaml'), 'schema: 1\nextends: c.yaml\nversion: 2026.1.1\neffective: 2026-01-15\ncurrency: USD\n');
    writeFileSync(join(dir, 's.yaml'), '- name: MVP\n  tokens: 1M\n');
    overBudgetFile(dir, 'bot');
    writeFileSync(
      join(dir, 'l.json'),
      '{"m1": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 1e-6, "output_cost_per_token": 2e-6}}\n',
    );
    const cases = [
      ['--catalog', 'c.yaml', 'models', '--format', 'csv', '--out-file', 'c.yaml'],
      ['--catalog', 'c.yaml', 'models', '--out-file', 'hard-link.yaml'],
      ['--catalog', 'c.yaml', 'models', '--out-file', 'soft-link.yaml'],
      ['--catalog', 'overlay.yaml', 'models', '--out-file', 'c.yaml'],
      ['project', '--stages', 's.yaml', '--out-file', 's.yaml'],
      ['check', '--config', 'gacost.yaml', '--out-file', 'gacost.yaml'],
      ['catalog', 'import', '--from', 'litellm', 'l.json', '--out', 'l.json'],
    ];
    const before = new Map(['c.yaml', 's.yaml', 'gacost.yaml', 'l.json'].map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
    for (const args of cases) {
      const run = await gacost(args, { cwd: dir });
      expect({ args, ...run }).toMatchObject({ args, exitCode: 2, errorCode: 'output-is-input', stdout: '' });
      expect(run.stderr).toMatch(/^gacost: error: [^\n]+\n$/);
    }
    for (const [name, text] of before) expect(readFileSync(join(dir, name), 'utf8')).toBe(text);
  });

  it('says which input the output would replace', async () => {
    const dir = scratchDir();
    copyFileSync(MINIMAL_CATALOG, join(dir, 'c.yaml'));
    const run = await gacost(['--catalog', 'c.yaml', 'models', '--out-file', './c.yaml'], { cwd: dir });
    expect(run.stderr).toBe('gacost: error: will not write "./c.yaml": it is the catalog "c.yaml" that this command reads\n');
  });

  it('still replaces a copy of an input', async () => {
    const dir = scratchDir();
    copyFileSync(MINIMAL_CATALOG, join(dir, 'c.yaml'));
    copyFileSync(MINIMAL_CATALOG, join(dir, 'copy.yaml'));
    const run = await gacost(['--catalog', 'c.yaml', 'models', '--format', 'csv', '--out-file', 'copy.yaml'], { cwd: dir });
    expect(run).toMatchObject({ exitCode: 0, stderr: '' });
    expect(readFileSync(join(dir, 'copy.yaml'), 'utf8')).toMatch(/^id,/);
  });
});

describe('control characters in names', () => {
  const hostileName = 'a\u001b[2J\u001b[31mPWNED\u0007 \u001b]8;;http://evil.example\u001b\\click\u001b]8;;\u001b\\\r\t\u009b\u007fz';

  it('are written as escapes', () => {
    expect(escapeControls(hostileName)).toBe(
      'a\\x1b[2J\\x1b[31mPWNED\\x07 \\x1b]8;;http://evil.example\\x1b\\click\\x1b]8;;\\x1b\\\\r\\t\\x9b\\x7fz',
    );
    expect(escapeControls('plain · text, ✅ 50%')).toBe('plain · text, ✅ 50%');
  });

  it.each(['table', 'markdown'])('never reach a %s from a stage file or a budget file, and a catalog refuses them', async (format) => {
    const dir = scratchDir();
    writeFileSync(join(dir, 'stages.yaml'), `- name: ${JSON.stringify(hostileName)}\n  tokens: 1M\n`);
    writeFileSync(
      join(dir, 'catalog.yaml'),
      readFileSync(MINIMAL_CATALOG, 'utf8').replace('name: Cheap', `name: ${JSON.stringify(hostileName)}`),
    );
    overBudgetFile(dir, hostileName);
    const runs = [
      await gacost(['project', '--stages', 'stages.yaml', '--format', format, '--wide'], { cwd: dir }),
      await gacost(['check', '--format', format, '--wide'], { cwd: dir }),
    ];
    for (const run of runs) {
      expect(run.stdout).toContain('PWNED');
      expect(run.stdout).not.toMatch(CONTROL_BUT_NEWLINE);
      expect(run.stderr).not.toMatch(CONTROL_BUT_NEWLINE);
    }
    for (const args of [['models'], ['compare', '--tokens', '1M']]) {
      const run = await gacost(['--catalog', 'catalog.yaml', ...args, '--format', format, '--wide'], { cwd: dir });
      expect([run.errorCode, run.stdout]).toEqual(['invalid-catalog', '']);
      expect(run.stderr).toContain('holds a control character (U+001B at character 2)');
      expect(run.stderr).not.toMatch(CONTROL_BUT_NEWLINE);
    }
  });

  it('never reach stderr from a path', async () => {
    const run = await gacost(['--catalog', '\u001b[31mmissing\u0007.yaml', 'models']);
    expect(run).toMatchObject({ exitCode: 2, errorCode: 'unreadable-file' });
    expect(run.stderr).toMatch(/^gacost: error: cannot read catalog \\x1b\[31mmissing\\x07\.yaml: [^\n]+\n$/);
  });
});
