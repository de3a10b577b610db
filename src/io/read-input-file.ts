import { readFileSync } from 'node:fs';
import { GacostError } from '../errors.js';

const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'it is a directory, not a file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
};

/** Reads a UTF-8 input file, turning file-system failures into one-line user errors. */
export function readInputFile(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const reason = REASONS[code] ?? (error as Error).message;
    throw new GacostError('unreadable-file', `cannot read ${what} ${path}: ${reason}`);
  }
}
