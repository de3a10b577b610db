// A piece of the input, the unit one thread reads: a source whole, or a byte range of a large file of
// JSON lines. What a thread is given (Piece) and gives back (PieceOutcome) is plain data, so that a
// worker thread can be given one and post the other.
import { createReadStream } from 'node:fs';
import { type ErrorCode, isGacostError } from '../errors.js';
import type { ByteStream } from '../io/read-stdin.js';
import { type ByteSource, bytesOf, CHUNK_BYTES, counted, textStart } from './bytes.js';
import { lineFormatNamed } from './detect.js';
import type { UsageFormatName } from './format-names.js';
import { Lines, RefusedAt } from './lines.js';
import { type PieceFindings, type ReaderOptions, readLines, readOpened } from './readers.js';
import { timeWindow } from './usage-format.js';

/**
 * A piece of the input to read: a source whole, or a byte range of a large file of JSON lines (cut
 * just after a newline), read as the format its first lines told.
 */
export interface Piece {
  /** The source as named in messages and the report. */
  readonly path: string;
  /** The file; undefined for standard input. */
  readonly file: string | undefined;
  /** Found in a folder, not named: a file of no usage format is skipped and counted, not refused. */
  readonly inFolder: boolean;
  /** Not a regular file (a FIFO, a pipe such as /dev/fd/63, a device): read once as a stream, as standard input is. */
  readonly stream?: true;
  readonly range?: { readonly start: number; readonly end: number; readonly format: UsageFormatName };
}

/** How a piece is read, and where its records go. */
export interface PieceOptions extends ReaderOptions {
  /** The run's as-of date: a record more than a year after it is bad (see TimeWindow). */
  readonly asOf: string;
  /** Standard input, for `-`. */
  readonly stdin?: () => ByteStream;
  /** Told the bytes of each chunk read (after decompression). */
  readonly onBytes?: (bytes: number) => void;
}

/** How reading a piece ended: what it found, a bad record refused at a line of the piece, or another refusal. */
export type PieceOutcome =
  | { readonly read: PieceFindings }
  | { readonly refused: { readonly line: number; readonly message: string; readonly skippable: boolean } }
  | { readonly failed: { readonly code: ErrorCode; readonly message: string; readonly problems: readonly string[] } };

/** Reads a piece: its format given by --from or told by its first lines (see readOpened), or given with its range. */
async function readPiece(piece: Piece, options: PieceOptions): Promise<PieceFindings> {
  const read: PieceFindings = { bytes: 0, lines: 0, source: undefined, other: undefined, notes: [], badLines: new Map(), held: [] };
  const times = timeWindow(options.asOf);
  const file = piece.file;
  const source: ByteSource =
    file === undefined
      ? { stream: () => (options.stdin as () => ByteStream)() }
      : piece.stream === true
        ? { stream: () => createReadStream(file, { highWaterMark: CHUNK_BYTES }) }
        : piece.range === undefined
          ? { file }
          : { file, ...piece.range };
  const bytes = counted(bytesOf(source, piece.path), (length) => {
    read.bytes += length;
    options.onBytes?.(length);
  });
  // A range starts inside a file, after its first line.
  const lines = new Lines(piece.range === undefined ? textStart(bytes, piece.path) : bytes);
  try {
    const range = piece.range;
    if (range === undefined) await readOpened(piece.path, lines, options, times, read, piece.inFolder);
    else await readLines(piece.path, lineFormatNamed(range.format), [], lines, options, times, read);
    read.lines = lines.count;
  } finally {
    // A file left before its end (no usage format) is closed now, not when collected.
    await lines.close();
  }
  return read;
}

/** Reads a piece, its refusal kept as data (posted by a worker thread, merged in reading order). */
export async function pieceOutcome(piece: Piece, options: PieceOptions): Promise<PieceOutcome> {
  try {
    return { read: await readPiece(piece, options) };
  } catch (error) {
    if (error instanceof RefusedAt) return { refused: { line: error.line, message: error.message, skippable: error.skippable } };
    if (isGacostError(error)) return { failed: { code: error.code, message: error.message, problems: error.problems } };
    throw error;
  }
}
