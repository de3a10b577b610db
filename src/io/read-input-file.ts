import { isUtf8 } from 'node:buffer';
import { readFileSync, statSync } from 'node:fs';
import { GacostError } from '../errors.js';

const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'it is a directory, not a file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
};

/** Input files are price lists and plans: anything larger is refused rather than read. */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

/** Reads a UTF-8 input file, turning file-system failures into one-line user errors. */
export function readInputFile(path: string, what: string): string {
  let bytes: Buffer;
  try {
    const size = statSync(path).size;
    if (size > MAX_INPUT_BYTES) {
      throw new GacostError('unreadable-file', `cannot read ${what} ${path}: it is ${Math.ceil(size / 1024 / 1024)} MB, more than the ${MAX_INPUT_BYTES / 1024 / 1024} MB gacost reads`);
    }
    bytes = readFileSync(path);
  } catch (error) {
    if (error instanceof GacostError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const reason = REASONS[code] ?? (error as Error).message;
    throw new GacostError('unreadable-file', `cannot read ${what} ${path}: ${reason}`);
  }
  const text = bytes.toString('utf8');
  // A NUL byte or invalid UTF-8 (decoded as U+FFFD) means this is not a text file at all; a U+FFFD
  // written in valid UTF-8 is only a character.
  const binary = bytes.includes(0) ? text.indexOf('\u0000') : isUtf8(bytes) ? -1 : text.indexOf('\uFFFD');
  if (binary >= 0) {
    const line = text.slice(0, binary).split('\n').length;
    throw new GacostError('unreadable-file', `${path}:${line}: not a text file (binary data); expected a UTF-8 ${what}`);
  }
  return text;
}
