import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { GacostError } from '../errors.js';

/**
 * Writes the whole result or nothing: a temporary file beside the target, renamed into place,
 * so an interrupted run never leaves half a report.
 */
export function writeOutputFile(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, text, { flag: 'wx' });
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new GacostError('unwritable-file', `cannot write ${path}: ${reason}`);
  }
}
