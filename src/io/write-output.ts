import { lstatSync, realpathSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { resolve } from 'node:path';
import { GacostError } from '../errors.js';

/**
 * Writes the whole result or nothing: a temporary file beside the target, renamed into place,
 * so an interrupted run never leaves half a report. A symbolic link is followed, so the file it
 * names is replaced and the link kept; a device or pipe (/dev/stdout, /dev/null) is written to as
 * it is, never replaced by a file.
 */
export function writeOutputFile(path: string, text: string, cwd: string): void {
  let target = resolve(cwd, path);
  let temporary: string | undefined;
  try {
    const existing = existingTarget(target);
    if (existing !== undefined) {
      target = existing.path;
      if (!existing.isFile) {
        writeFileSync(target, text);
        return;
      }
    }
    temporary = `${target}.${process.pid}.tmp`;
    writeFileSync(temporary, text, { flag: 'wx' });
    renameSync(temporary, target);
  } catch (error) {
    if (temporary !== undefined) rmSync(temporary, { force: true });
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new GacostError('unwritable-file', `cannot write ${path}: ${reason}`);
  }
}

/** Where the result goes, and whether that is a regular file; undefined when nothing is there yet. */
function existingTarget(path: string): { path: string; isFile: boolean } | undefined {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (stats.isDirectory()) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
  if (!stats.isFile()) return { path, isFile: false };
  return { path: lstatSync(path).isSymbolicLink() ? realpathSync(path) : path, isFile: true };
}
