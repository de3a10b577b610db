import { execFile, spawn } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gacost, nobodysCli, processEnv, ROOT, spawnGacost } from '../support/gacost.js';

const HOSTILE = 'test/fixtures/hostile';
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
  it.each(inputs)('%s exits 2 with a one-line reason naming the file, no stack trace, nothing written', async (file, context) => {
    const out = join(scratch, `out-${Math.random().toString(36).slice(2)}`);
    // root reads a mode-000 file: the unreadable one is read as nobody.
    const asRoot = file === unreadable && process.getuid?.() === 0;
    const reader = asRoot ? nobodysCli() : undefined;
    if (asRoot && reader === undefined) context.skip('no folder the user nobody may enter');
    const run = await (reader === undefined ? gacost(argsFor(file, out)) : spawnGacost(argsFor(file, out), { cwd: reader.cwd, as: reader, env: reader.env }));
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

  it('neutralises stage names that a spreadsheet would run as formulas', async () => {
    const stages = join(scratch, 'formula-stages.yaml');
    const names = ['=1+2', '@SUM(A1)', '-2+3', '+x', '\tx', '\rcr', 'plain'];
    writeFileSync(stages, names.map((name) => `- {name: ${JSON.stringify(name)}, tokens: 1M}\n`).join(''));
    const run = await gacost(['project', '--stages', stages, '--model', 'v4-flash', '--format', 'csv']);
    expect(run.exitCode).toBe(0);
    const firstCells = run.stdout.trimEnd().split('\n').slice(1).map((line) => line.slice(0, line.indexOf(',,')));
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
    expect(over).toMatchObject({ exitCode: 2, stdout: '', stderr: 'gacost: error: cannot read catalog /dev/stdin: it holds more than the 16 MB gacost reads\n' });
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
      const child = spawn(process.execPath, ['bin/gacost.cjs', ...args, target], { cwd: ROOT, env: processEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const timer = setTimeout(() => child.kill('SIGINT'), delay);
      const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (...end) => resolve(end)));
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
    const child = spawn(process.execPath, ['bin/gacost.cjs', 'project', '--stages', stages, '--format', 'csv'], { cwd: ROOT, env: processEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
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
});
