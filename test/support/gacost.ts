import { execFile } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { expect, onTestFinished } from 'vitest';
import { type CliOutcome, main } from '../../src/cli.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = join(ROOT, 'bin/gacost.cjs');
/**
 * The behaviour tests' catalog: a frozen copy of the built-in one, so a shipped price change does not
 * touch them. In-process it is the built-in catalog (vitest.config.ts); a spawned CLI is given it.
 */
export const STANDARD_CATALOG = 'test/fixtures/catalogs/standard.yaml';
/** Outputs name the as-of date: a fixed one keeps them the same whatever day the tests run. */
export const AS_OF = '2026-11-24';

export interface CliRun extends CliOutcome {
  readonly command: string;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  /** Added to the hermetic environment; undefined removes a variable. */
  readonly env?: Record<string, string | undefined>;
  readonly cwd?: string;
  /** Whether stdout is a terminal. */
  readonly tty?: boolean;
  /** The terminal's columns, when stdout is one (tty). */
  readonly columns?: number;
  /** What standard input holds, for a source named `-`. */
  readonly stdin?: string;
}

/** The environment every run starts from: nothing of the machine's, the date pinned. */
function hermeticEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { GACOST_AS_OF: AS_OF, ...extra };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  return env;
}

/** Runs the CLI in-process, with its streams captured. */
export async function gacost(args: readonly string[], options: RunOptions = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const outcome = await main(['node', 'gacost', ...args], {
    env: hermeticEnv(options.env),
    cwd: options.cwd ?? ROOT,
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    stdoutIsTerminal: async () => options.tty === true,
    stdoutColumns: () => options.columns,
    ...(options.stdin === undefined ? {} : { stdin: () => Readable.from([Buffer.from(options.stdin ?? '')]) }),
  });
  return { command: `gacost ${args.join(' ')}`, ...outcome, stdout, stderr };
}

/** Runs the CLI in-process on arguments it must refuse: exit 2, nothing on stdout. */
export async function refusal(args: readonly string[]): Promise<CliRun> {
  const run = await gacost(args);
  expect(run.exitCode).toBe(2);
  expect(run.stdout).toBe('');
  return run;
}

export interface SpawnOptions extends RunOptions {
  /** Run as another user (and a copy of the CLI that user can reach). */
  readonly as?: { readonly uid: number; readonly gid: number; readonly bin: string };
}

/** The environment of a spawned CLI: the hermetic one, the standard catalog, and the PATH to find node and the shell's tools. */
export function processEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, ...hermeticEnv({ GACOST_CATALOG: join(ROOT, STANDARD_CATALOG), ...extra }) };
}

/**
 * Runs the built CLI (dist/cli.cjs) in this process, as a spawned one is run (its environment, the
 * standard catalog named by GACOST_CATALOG), for what needs the bundle but no process of its own: the
 * worker threads of gacost usage, beside it in dist/.
 */
export async function builtGacost(args: readonly string[], options: RunOptions = {}): Promise<CliRun> {
  const built = createRequire(import.meta.url)(join(ROOT, 'dist/cli.cjs')) as { main: typeof main };
  let stdout = '';
  let stderr = '';
  const outcome = await built.main(['node', 'gacost', ...args], {
    env: processEnv(options.env),
    cwd: options.cwd ?? ROOT,
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    stdoutIsTerminal: async () => false,
  });
  return { command: `gacost ${args.join(' ')}`, ...outcome, stdout, stderr };
}

/** Runs the built CLI as a separate process, for what only a process shows: exit codes, signals, pipes. */
export function spawnGacost(args: readonly string[], options: SpawnOptions = {}): Promise<Omit<CliRun, 'errorCode'>> {
  const env = processEnv(options.env);
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [options.as?.bin ?? BIN, ...args],
      { cwd: options.cwd ?? ROOT, env, uid: options.as?.uid, gid: options.as?.gid },
      (error, stdout, stderr) => {
        const exitCode = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ command: `gacost ${args.join(' ')}`, exitCode, stdout, stderr });
      },
    );
  });
}

/** A temporary folder, removed when the test ends. */
export function scratchDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gacost-test-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * A folder every user may enter (each folder above it searchable by others), for what another user must
 * reach: the system's temporary folder when it is such a place, else the first of the usual shared ones.
 * As root with TMPDIR inside a folder only root may enter, the usual temporary folder is no such place.
 */
function sharedTemporaryFolder(): string | undefined {
  const everyoneMayEnter = (folder: string): boolean => {
    for (let path = resolve(folder); ; path = dirname(path)) {
      try {
        if ((statSync(path).mode & 0o001) === 0) return false;
      } catch {
        return false;
      }
      if (path === dirname(path)) return true;
    }
  };
  return [tmpdir(), '/tmp', '/var/tmp', '/dev/shm'].find(everyoneMayEnter);
}

/**
 * Root reads and writes any file, so what only another user shows is shown as nobody, with copies of
 * the built CLI and of the standard catalog (its env names the copy) that the user nobody can reach: a checkout
 * may sit in a folder only root may enter, and so may the temporary folder. Removed when the test ends.
 * Undefined where no folder every user may enter exists.
 */
export function nobodysCli(): { uid: number; gid: number; bin: string; cwd: string; env: Record<string, string> } | undefined {
  const shared = sharedTemporaryFolder();
  if (shared === undefined) return undefined;
  const copy = mkdtempSync(join(shared, 'gacost-as-nobody-'));
  onTestFinished(() => rmSync(copy, { recursive: true, force: true }));
  for (const folder of ['bin', 'dist']) cpSync(join(ROOT, folder), join(copy, folder), { recursive: true });
  cpSync(join(ROOT, STANDARD_CATALOG), join(copy, 'standard.yaml'));
  chmodSync(copy, 0o755);
  return { uid: 65534, gid: 65534, bin: join(copy, 'bin', 'gacost.cjs'), cwd: copy, env: { GACOST_CATALOG: join(copy, 'standard.yaml') } };
}

/** A temporary folder another user may reach (see nobodysCli), removed when the test ends. */
export function sharedScratchDir(): string | undefined {
  const shared = sharedTemporaryFolder();
  if (shared === undefined) return undefined;
  const dir = mkdtempSync(join(shared, 'gacost-test-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
