import { isUtf8 } from 'node:buffer';
import { type BigIntStats, closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import { GacostError } from '../errors.js';
import { errnoReason } from './errno-reason.js';
import type { InputFiles } from './input-files.js';

/** Input files are price lists and plans: anything larger is refused rather than read. */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

/**
 * Reads a UTF-8 input file (a relative path from `cwd`), turning file-system failures into one-line
 * user errors that name the path as the user gave it, and records it among the run's `inputs`.
 * `-` is standard input, which the command layer has read beforehand (InputFiles.readStdin).
 */
export function readInputFile(path: string, what: string, cwd: string, inputs: InputFiles): string {
  let bytes: Buffer;
  if (path === '-') return textOf(inputs.stdin(what), path, what);
  try {
    const read = readAtMost(resolve(cwd, path), MAX_INPUT_BYTES);
    inputs.record({ what, path }, read.stats);
    bytes = read.bytes;
  } catch (error) {
    if (error instanceof TooLarge) {
      const size = error.size === undefined ? 'it holds more than' : `it is ${Math.ceil(error.size / 1024 / 1024)} MB, more than`;
      throw new GacostError('unreadable-file', `cannot read ${what} ${path}: ${size} the ${MAX_INPUT_BYTES / 1024 / 1024} MB gacost reads`);
    }
    throw new GacostError('unreadable-file', `cannot read ${what} ${path}: ${errnoReason(error)}`);
  }
  return textOf(bytes, path, what);
}

/** The bytes as UTF-8 text, refused if they are not text at all. */
function textOf(bytes: Buffer, path: string, what: string): string {
  const text = bytes.toString('utf8');
  // A NUL byte or invalid UTF-8 (decoded as U+FFFD) means this is not a text file at all; a U+FFFD
  // written in valid UTF-8 is only a character.
  const binary = bytes.includes(0) ? text.indexOf('\u0000') : isUtf8(bytes) ? -1 : text.indexOf('\uFFFD');
  if (binary >= 0) {
    const lines = text.slice(0, binary).split(/\r\n|\r|\n/);
    const column = (lines[lines.length - 1]?.length ?? 0) + 1;
    throw new GacostError('unreadable-file', `${path}:${lines.length}:${column}: not a text file (binary data); expected a UTF-8 ${what}`);
  }
  return text;
}

class TooLarge extends Error {
  constructor(readonly size: number | undefined) {
    super('too large');
  }
}

/**
 * The file's bytes, refusing more than `limit`: a regular file by its size, and anything (a pipe,
 * /dev/stdin, /dev/zero, a file that grows while it is read) by reading no more than one byte past it.
 */
function readAtMost(path: string, limit: number): { bytes: Buffer; stats: BigIntStats } {
  const fd = openSync(path, 'r');
  try {
    // BigInt, for the device and inode numbers that identify the file exactly.
    const stats = fstatSync(fd, { bigint: true });
    const size = Number(stats.size);
    if (stats.isFile() && size > limit) throw new TooLarge(size);
    let buffer = Buffer.allocUnsafe(Math.min(limit + 1, stats.isFile() ? size + 1 : 64 * 1024));
    let length = 0;
    while (length <= limit) {
      if (length === buffer.length) {
        const grown = Buffer.allocUnsafe(Math.min(limit + 1, buffer.length * 2));
        buffer.copy(grown, 0, 0, length);
        buffer = grown;
      }
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) return { bytes: buffer.subarray(0, length), stats };
      length += read;
    }
    throw new TooLarge(undefined);
  } finally {
    closeSync(fd);
  }
}
