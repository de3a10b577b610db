// Byte sources of usage: a file, a byte range of one, or a stream (standard input, a FIFO), in
// chunks, gunzipped when they start with gzip's magic number.

import { once } from 'node:events';
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { GacostError, isGacostError } from '../errors.js';
import { errnoReason } from '../io/errno-reason.js';
import type { ByteStream } from '../io/read-stdin.js';

/** Where a source's bytes come from: a file, a byte range of one, or a stream (standard input, a FIFO). */
export type ByteSource =
  | { readonly file: string }
  | { readonly file: string; readonly start: number; readonly end: number }
  | { readonly stream: () => ByteStream };

/**
 * Chunks of 64 KB: each is decoded to one string, and a string of more than V8's 128 KB for a regular
 * object is allocated apart, where only a full collection frees it: on a 256 MB log, peak memory is
 * 84 MB at 64 KB against 110 MB at 256 KB, and the system's share of the time a third.
 */
export const CHUNK_BYTES = 1 << 16;

/** The bytes of a source, gunzipped when they start with gzip's magic number. */
export async function* bytesOf(source: ByteSource, path: string): AsyncGenerator<Buffer> {
  if ('file' in source) {
    // A file not gzipped is read into one buffer, again and again: a stream's fresh buffer a chunk
    // is memory outside the heap that the garbage collector frees late.
    const fd = openFile(source.file, path);
    let gzipped = false;
    // A range is of a file known not to be gzipped, read from its start to its end.
    let at = 'start' in source ? source.start : null;
    try {
      const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
      for (let first = true; ; first = false) {
        const length = readChunk(
          fd,
          buffer,
          at === null || !('end' in source) ? buffer.length : Math.min(buffer.length, source.end - at),
          at,
          path,
        );
        if (length === 0) return;
        if (at !== null) at += length;
        else if (first && length >= 2 && buffer[0] === 0x1f && buffer[1] === 0x8b) {
          gzipped = true;
          break;
        }
        yield buffer.subarray(0, length);
      }
    } finally {
      closeSync(fd);
    }
    if (gzipped) yield* bytesOf({ stream: () => createReadStream(source.file, { highWaterMark: CHUNK_BYTES }) }, path);
    return;
  }
  let stream: ByteStream | undefined;
  try {
    stream = source.stream();
    const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    const first = await chunks.next();
    if (first.done) return;
    if (first.value.length < 2 || first.value[0] !== 0x1f || first.value[1] !== 0x8b) {
      yield first.value;
      for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
      return;
    }
    const gunzip = createGunzip();
    const feed = async () => {
      gunzip.write(first.value);
      for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
        if (!gunzip.write(next.value)) await once(gunzip, 'drain');
      }
      gunzip.end();
    };
    feed().catch((error: unknown) => gunzip.destroy(error instanceof Error ? error : new Error(String(error))));
    for await (const inflated of gunzip) yield inflated as Buffer;
  } catch (error) {
    if (isGacostError(error)) throw error;
    throw new GacostError('unreadable-file', `cannot read usage ${path}: ${errnoReason(error)}`);
  } finally {
    stream?.destroy();
  }
}

/**
 * A whole source's bytes without the UTF-8 byte-order mark some tools write first; UTF-32 and UTF-16
 * (a byte-order mark, or ASCII with NULs between) and zstd refused by name rather than read as garbage.
 */
export async function* textStart(bytes: AsyncIterable<Buffer>, path: string): AsyncGenerator<Buffer> {
  let first = true;
  for await (const chunk of bytes) {
    if (first) {
      first = false;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
        yield chunk.subarray(3);
        continue;
      }
      const unread = unreadEncoding(chunk);
      if (unread !== undefined) throw new GacostError('invalid-usage', `${path}: ${unread}`);
    }
    yield chunk;
  }
}

/** Why a source's first bytes are none gacost reads (UTF-32, UTF-16, zstd), or undefined. */
function unreadEncoding(start: Buffer): string | undefined {
  const utf = (bits: number) => `UTF-${bits} text, which gacost does not read: convert it to UTF-8 (iconv -f UTF-${bits} -t UTF-8)`;
  if (start[0] === 0x28 && start[1] === 0xb5 && start[2] === 0x2f && start[3] === 0xfd)
    return 'zstd-compressed: gacost reads gzip (.gz); decompress it first';
  // UTF-32 before UTF-16: its little-endian byte-order mark starts as UTF-16's does.
  if (isUtf32(start)) return utf(32);
  if (isUtf16(start)) return utf(16);
  return undefined;
}

function isUtf32(start: Buffer): boolean {
  if (start.length < 4) return false;
  if (
    (start[0] === 0xff && start[1] === 0xfe && start[2] === 0 && start[3] === 0) ||
    (start[0] === 0 && start[1] === 0 && start[2] === 0xfe && start[3] === 0xff)
  )
    return true;
  if (start.length < 8) return false;
  // ASCII with three NULs to each character, either way round.
  const ascii = (at: number) => (start[at] as number) > 0 && (start[at] as number) < 0x80;
  const nul = (...at: number[]) => at.every((index) => start[index] === 0);
  return (ascii(0) && nul(1, 2, 3) && ascii(4) && nul(5, 6, 7)) || (nul(0, 1, 2) && ascii(3) && nul(4, 5, 6) && ascii(7));
}

function isUtf16(start: Buffer): boolean {
  if ((start[0] === 0xff && start[1] === 0xfe) || (start[0] === 0xfe && start[1] === 0xff)) return true;
  if (start.length < 4) return false;
  const ascii = (at: number) => (start[at] as number) > 0 && (start[at] as number) < 0x80;
  return (ascii(0) && start[1] === 0 && ascii(2) && start[3] === 0) || (start[0] === 0 && ascii(1) && start[2] === 0 && ascii(3));
}

/** The first `limit` bytes (a whole chunk past them, cut). */
export async function* upTo(bytes: AsyncIterable<Buffer>, limit: number): AsyncGenerator<Buffer> {
  let left = limit;
  for await (const chunk of bytes) {
    yield left < chunk.length ? chunk.subarray(0, left) : chunk;
    left -= chunk.length;
    if (left <= 0) return;
  }
}

/** The bytes, each chunk's length told to `told` as it passes. */
export async function* counted(bytes: AsyncIterable<Buffer>, told: (bytes: number) => void): AsyncGenerator<Buffer> {
  for await (const chunk of bytes) {
    told(chunk.length);
    yield chunk;
  }
}

/** Whether a file starts with gzip's magic number. */
export function isGzipped(file: string, path: string): boolean {
  const fd = openFile(file, path);
  try {
    const magic = Buffer.alloc(2);
    return readSync(fd, magic, 0, 2, 0) === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  } catch (error) {
    throw new GacostError('unreadable-file', `cannot read usage ${path}: ${errnoReason(error)}`);
  } finally {
    closeSync(fd);
  }
}

function openFile(file: string, path: string): number {
  try {
    return openSync(file, 'r');
  } catch (error) {
    throw new GacostError('unreadable-file', `cannot read usage ${path}: ${errnoReason(error)}`);
  }
}

function readChunk(fd: number, buffer: Buffer, length: number, position: number | null, path: string): number {
  try {
    return readSync(fd, buffer, 0, length, position);
  } catch (error) {
    throw new GacostError('unreadable-file', `cannot read usage ${path}: ${errnoReason(error)}`);
  }
}
