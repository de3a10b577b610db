import {
  accessSync,
  type BigIntStats,
  chmodSync,
  closeSync,
  constants,
  lstatSync,
  openSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, resolve } from 'node:path';
import { GacostError, isGacostError } from '../errors.js';
import { errnoReason } from './errno-reason.js';
import type { InputFiles } from './input-files.js';

/**
 * Writes the whole result or nothing: a temporary file beside the target, renamed into place,
 * so an interrupted run never leaves half a report. A symbolic link is followed, so the file it
 * names is replaced and the link kept; a device or pipe (/dev/stdout, /dev/null) is written to as
 * it is, never replaced by a file. A file the run has read (`inputs`) is never replaced. The text may
 * come in pieces (a large CSV), written one after another.
 */
export function writeOutputFile(path: string, text: string | Iterable<string>, cwd: string, inputs: InputFiles): void {
  let temporary: string | undefined;
  try {
    const existing = existingTarget(resolve(cwd, path));
    if (existing?.isFile === false) {
      writeText(existing.path, text, 'w');
      return;
    }
    if (existing !== undefined) refuseToReplace(path, existing, inputs);
    const target = existing?.path ?? newFilePath(resolve(cwd, path));
    temporary = `${target}.${process.pid}.tmp`;
    // Created with the old file's mode (less whatever the umask takes), so the result is never readable by
    // more people than the file it replaces, not even for a moment; then given that mode exactly.
    writeText(temporary, text, 'wx', existing?.mode);
    if (existing !== undefined) chmodSync(temporary, existing.mode);
    renameSync(temporary, target);
  } catch (error) {
    if (temporary !== undefined) rmSync(temporary, { force: true });
    if (isGacostError(error)) throw error;
    throw new GacostError('unwritable-file', `cannot write ${JSON.stringify(path)}: ${errnoReason(error)}`);
  }
}

function writeText(path: string, text: string | Iterable<string>, flag: string, mode?: number): void {
  const file = openSync(path, flag, mode);
  try {
    for (const piece of typeof text === 'string' ? [text] : text) writeFileSync(file, piece);
  } finally {
    closeSync(file);
  }
}

interface ExistingTarget {
  readonly path: string;
  readonly isFile: boolean;
  readonly stats: BigIntStats;
  /**
   * Its permission bits. Set-user-ID, set-group-ID and sticky bits are not carried over: the new file
   * may have another owner (root's, when root writes it), and a report has no use for them.
   */
  readonly mode: number;
}

/** Symbolic links followed this many times at most, as the system does (Linux's MAXSYMLINKS). */
const MAX_LINKS = 40;

/**
 * Where a result that names nothing yet is written: the path, or what its symbolic link names when
 * the link leads nowhere yet, so that the link is kept there too.
 */
function newFilePath(path: string): string {
  let target = path;
  for (let links = 0; links < MAX_LINKS; links++) {
    let link: string;
    try {
      link = readlinkSync(target);
    } catch {
      // Not a link (or nothing there): the file goes here.
      return target;
    }
    target = resolve(dirname(target), link);
  }
  throw Object.assign(new Error('ELOOP'), { code: 'ELOOP' });
}

/** Where the result goes, and whether that is a regular file; undefined when nothing is there yet. */
function existingTarget(path: string): ExistingTarget | undefined {
  let stats: BigIntStats;
  try {
    stats = statSync(path, { bigint: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (stats.isDirectory()) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
  const mode = Number(stats.mode) & 0o777;
  if (!stats.isFile()) return { path, isFile: false, stats, mode };
  return { path: lstatSync(path).isSymbolicLink() ? realpathSync(path) : path, isFile: true, stats, mode };
}

/**
 * A file is replaced by renaming over it, which its folder's permissions allow even when the file's
 * own do not: a read-only file, or one of another user's, must be refused here (root may write
 * anything, as it could with the file itself). And the run's own inputs are never overwritten.
 */
function refuseToReplace(path: string, existing: ExistingTarget, inputs: InputFiles): void {
  const input = inputs.find(existing.stats);
  if (input !== undefined) {
    throw new GacostError(
      'output-is-input',
      `will not write ${JSON.stringify(path)}: it is the ${input.what} ${JSON.stringify(input.path)} that this command reads`,
    );
  }
  accessSync(existing.path, constants.W_OK);
}
