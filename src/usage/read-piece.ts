import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { UsageRecord } from '../core/usage.js';
import { GacostError, isGacostError, type ErrorCode } from '../errors.js';
import { errnoReason } from '../io/errno-reason.js';
import { anthropicFormat } from './formats/anthropic.js';
import { anthropicReportFormat } from './formats/anthropic-report.js';
import { csvFormat } from './formats/csv.js';
import { litellmCsv, litellmDocument, litellmLines } from './formats/litellm.js';
import { openaiUsageFormat } from './formats/openai-usage.js';
import { claudeCodeFormat } from './formats/claude-code.js';
import { geminiFormat } from './formats/gemini.js';
import { openaiFormat } from './formats/openai.js';
import { CsvRowTooLong, CsvRows, headerNames, rowAlone, type CsvLine, type CsvRow } from './csv.js';
import { lineOfPath } from './json-position.js';
import { parseJson } from './json-numbers.js';
import { BAD_KINDS, BadRecord, isObject, timeWindow, type CsvFormat, type DocumentFormat, type Emit, type LineFormat, type TimeWindow, type UsageFormat, type UsageFormatName } from './usage-format.js';

/**
 * A piece of the input to read: a source whole, or a byte range of a large file of JSON lines (cut
 * just after a newline), read as the format its first lines told. Plain data: a worker thread is given it.
 */
export interface PieceTask {
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

/** A source's format and what it held. */
export interface PieceSource {
  readonly format: UsageFormatName;
  records: number;
  skipped: number;
  duplicates: number;
  readonly skippedReasons: Map<string, number>;
}

/** What reading a piece found beside the records it gave (plain data: a worker thread posts it). */
export interface PieceRead {
  /** Bytes read, after decompression. */
  bytes: number;
  /** Lines read (a range ends with a newline: the next range's lines are numbered after these). */
  lines: number;
  /** Undefined for a source of no usage format. */
  source: PieceSource | undefined;
  /** Why a file of a folder was skipped (one of no usage format). */
  other: string | undefined;
  /** Said once per run (a format's note, what a document leaves out), in the order met. */
  readonly notes: string[];
  /** Bad records skipped with --skip-bad, by reason: how many, and the lines (of the piece) of the first few. */
  readonly bad: Map<string, { count: number; lines: number[] }>;
  /**
   * Records a reader held back to the end of the source (Claude Code's responses), in order, each with
   * its id to be counted once in the run (see Emit): whoever merges the pieces in order counts them.
   */
  readonly held: [record: UsageRecord, once: string | undefined][];
}

export interface PieceOptions {
  readonly from: UsageFormatName | undefined;
  readonly skipBad: boolean;
  /** The run's as-of date: a record more than a year after it is bad (see TimeWindow). */
  readonly asOf: string;
  /** Standard input, for `-`. */
  readonly stdin?: () => Readable;
  /** Each record read, but those held (see PieceRead.held). */
  readonly onRecord: (record: UsageRecord) => void;
  /** Told the bytes of each chunk read (after decompression). */
  readonly onBytes?: (bytes: number) => void;
}

/** A bad record without --skip-bad, at a line of its piece: the run is refused there. */
export class RefusedAt extends Error {
  constructor(
    readonly line: number,
    message: string,
    /** Whether --skip-bad would have skipped it (a line too long to read is not). */
    readonly skippable = true,
  ) {
    super(message);
  }
}

export const FIRST_POSITIONS = 5;
/**
 * A whole JSON document (an API page) is read at once, and a line is one string: no more than this,
 * well below V8's longest string (one character a byte, see Lines).
 */
const MAX_DOCUMENT_BYTES = 256 * 1024 * 1024;

/** The formats, in the order they are tried. */
export const USAGE_FORMATS_READ: readonly UsageFormat[] = [
  // JSON lines first (the first lines tell them apart), then whole documents, then CSV by its header.
  claudeCodeFormat, anthropicFormat, geminiFormat, openaiFormat, litellmLines, openaiUsageFormat, anthropicReportFormat, litellmDocument, litellmCsv, csvFormat,
];

/** Reads a piece: its format given by --from or told by its first lines (see readOpened), or given with its range. */
export async function readPiece(task: PieceTask, options: PieceOptions): Promise<PieceRead> {
  const read: PieceRead = { bytes: 0, lines: 0, source: undefined, other: undefined, notes: [], bad: new Map(), held: [] };
  const times = timeWindow(options.asOf);
  const file = task.file;
  const source: Source =
    file === undefined
      ? { stream: () => (options.stdin as () => Readable)() }
      : task.stream === true
        ? { stream: () => createReadStream(file, { highWaterMark: CHUNK_BYTES }) }
        : task.range === undefined
          ? { file }
          : { file, ...task.range };
  const bytes = counted(bytesOf(source, task.path), read, options.onBytes);
  // A range starts inside a file, after its first line.
  const lines = new Lines(task.range === undefined ? textStart(bytes, task.path) : bytes);
  try {
    const range = task.range;
    if (range === undefined) await readOpened(task.path, lines, options, times, read, task.inFolder);
    else await readLines(task.path, lineFormatNamed(range.format), [], lines, options, times, read);
    read.lines = lines.count;
  } finally {
    // A file left before its end (no usage format) is closed now, not when collected.
    await lines.close();
  }
  return read;
}

function lineFormatNamed(name: UsageFormatName): LineFormat {
  const format = USAGE_FORMATS_READ.find((candidate): candidate is LineFormat => candidate.kind === 'lines' && candidate.name === name);
  if (format === undefined) throw new Error(`no format of JSON lines named ${name}`);
  return format;
}

/**
 * The format of JSON lines a file's first lines tell (read as readOpened reads them, from its first
 * megabytes only), or undefined: of another kind, or not told by then.
 */
export async function lineFormatOfFile(file: string, path: string, from: UsageFormatName | undefined): Promise<LineFormat | undefined> {
  const lines = new Lines(upTo(bytesOf({ file }, path), HEAD_BYTES));
  try {
    return (await toldFormat(lines, candidatesFor(from))).format;
  } finally {
    await lines.close();
  }
}

const HEAD_BYTES = 4 * 1024 * 1024;

async function* upTo(bytes: AsyncIterable<Buffer>, limit: number): AsyncGenerator<Buffer> {
  let left = limit;
  for await (const chunk of bytes) {
    yield left < chunk.length ? chunk.subarray(0, left) : chunk;
    left -= chunk.length;
    if (left <= 0) return;
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

function count(counts: Map<string, number>, reason: string, by = 1): void {
  counts.set(reason, (counts.get(reason) ?? 0) + by);
}

/** A line of the source that holds no usage record (a reader's reason), counted with its reason. */
function skipLine(source: PieceSource, reason: string | undefined): void {
  if (reason === undefined) return;
  source.skipped += 1;
  count(source.skippedReasons, reason);
}

/** The bytes of a source, gunzipped when they start with gzip's magic number. */
async function* bytesOf(source: Source, path: string): AsyncGenerator<Buffer> {
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
        const length = readChunk(fd, buffer, at === null || !('end' in source) ? buffer.length : Math.min(buffer.length, source.end - at), at, path);
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
  let stream: Readable | undefined;
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
    if (isGacostError(error) || error instanceof RefusedAt) throw error;
    throw new GacostError('unreadable-file', `cannot read usage ${path}: ${errnoReason(error)}`);
  } finally {
    stream?.destroy();
  }
}

/**
 * A whole source's bytes without the UTF-8 byte-order mark some tools write first; UTF-32 and UTF-16
 * (a byte-order mark, or ASCII with NULs between) and zstd refused by name rather than read as garbage.
 */
async function* textStart(bytes: AsyncIterable<Buffer>, path: string): AsyncGenerator<Buffer> {
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
  if (start[0] === 0x28 && start[1] === 0xb5 && start[2] === 0x2f && start[3] === 0xfd) return 'zstd-compressed: gacost reads gzip (.gz); decompress it first';
  // UTF-32 before UTF-16: its little-endian byte-order mark starts as UTF-16's does.
  if (isUtf32(start)) return utf(32);
  if (isUtf16(start)) return utf(16);
  return undefined;
}

function isUtf32(start: Buffer): boolean {
  if (start.length < 4) return false;
  if ((start[0] === 0xff && start[1] === 0xfe && start[2] === 0 && start[3] === 0) || (start[0] === 0 && start[1] === 0 && start[2] === 0xfe && start[3] === 0xff)) return true;
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

/** Where a source's bytes come from: a file, a byte range of one, or a stream (standard input). */
type Source = { readonly file: string } | { readonly file: string; readonly start: number; readonly end: number } | { readonly stream: () => Readable };

/**
 * Chunks of 64 KB: each is decoded to one string, and a string of more than V8's 128 KB for a regular
 * object is allocated apart, where only a full collection frees it: on a 256 MB log, peak memory is
 * 84 MB at 64 KB against 110 MB at 256 KB, and the system's share of the time a third.
 */
const CHUNK_BYTES = 1 << 16;

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

/** The bytes, counted in `read` and told to `onBytes` as they pass. */
async function* counted(bytes: AsyncIterable<Buffer>, read: PieceRead, onBytes: ((bytes: number) => void) | undefined): AsyncGenerator<Buffer> {
  for await (const chunk of bytes) {
    read.bytes += chunk.length;
    onBytes?.(chunk.length);
    yield chunk;
  }
}

/** One line of a source, and its number. */
interface Line {
  /** Decoded as Latin-1, one character a byte (see utf8Text). */
  readonly text: string;
  readonly line: number;
}

/**
 * The lines of a source, a chunk's worth at a time. Each chunk is decoded as Latin-1, one character
 * a byte, which is several times faster than UTF-8 when a log holds other scripts than Latin, and
 * leaves JSON's structure as it is (every byte of it is ASCII; other UTF-8 bytes stay inside the
 * strings). Text that is kept is turned back into UTF-8 by utf8Text. `\r\n` and a missing last
 * newline are read alike.
 */
class Lines implements AsyncIterable<Line> {
  private batch: Line[] = [];
  private at = 0;
  private readonly batches: AsyncGenerator<Line[]>;
  /** The number of the last line read so far. */
  count = 0;

  constructor(bytes: AsyncIterable<Buffer>) {
    this.batches = batchesOf(bytes);
  }

  async next(): Promise<IteratorResult<Line, undefined>> {
    while (this.at >= this.batch.length) {
      const next = await this.batches.next();
      if (next.done) return { done: true, value: undefined };
      this.batch = next.value;
      this.at = 0;
      this.count = this.batch.at(-1)?.line ?? this.count;
    }
    return { done: false, value: this.batch[this.at++] as Line };
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Line> {
    for (let next = await this.next(); !next.done; next = await this.next()) yield next.value;
  }

  /** The lines not yet taken, a chunk's worth at a time. */
  async *rest(): AsyncGenerator<readonly Line[]> {
    if (this.at < this.batch.length) {
      const left = this.batch.slice(this.at);
      this.at = this.batch.length;
      yield left;
    }
    for (let next = await this.batches.next(); !next.done; next = await this.batches.next()) {
      this.count = next.value.at(-1)?.line ?? this.count;
      yield next.value;
    }
  }

  async close(): Promise<void> {
    await this.batches.return(undefined);
  }
}

async function* batchesOf(bytes: AsyncIterable<Buffer>): AsyncGenerator<Line[]> {
  // What follows the last newline so far, as text: a chunk's buffer may be filled again once read.
  let rest = '';
  let line = 0;
  for await (const chunk of bytes) {
    const last = chunk.lastIndexOf(10);
    // A line that long is no usage record (a gzip of zeros, /dev/zero), and would pass V8's longest string.
    if ((last < 0 ? rest.length + chunk.length : rest.length + chunk.indexOf(10)) > MAX_DOCUMENT_BYTES) {
      throw new RefusedAt(line + 1, `a line of more than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB: no usage log has one (gacost reads one JSON object or CSV row a line)`, false);
    }
    if (last < 0) {
      rest += chunk.toString('latin1');
      continue;
    }
    const text = rest + chunk.toString('latin1', 0, last);
    rest = chunk.toString('latin1', last + 1);
    const lines: Line[] = [];
    let start = 0;
    for (let end = text.indexOf('\n'); ; end = text.indexOf('\n', start)) {
      const stop = end < 0 ? text.length : end;
      line += 1;
      lines.push({ text: text.slice(start, stop > start && text.charCodeAt(stop - 1) === 13 ? stop - 1 : stop), line });
      if (end < 0) break;
      start = end + 1;
    }
    yield lines;
  }
  if (rest.length > 0) yield [{ text: rest, line: line + 1 }];
}

/** Text read as Latin-1 turned back into what its UTF-8 bytes say. */
export function utf8Text(text: string): string {
  return /[\u0080-\u00ff]/.test(text) ? Buffer.from(text, 'latin1').toString('utf8') : text;
}

/**
 * A JSON escape of a character past ASCII (`\u00e9`, `\u4e2d`, a surrogate pair), or any other escape
 * (matched so that `\\u00e9`, an escaped backslash, is left as it is).
 */
const ESCAPE = /\\u(?:[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|00[89a-fA-F][0-9a-fA-F]|0[1-9a-fA-F][0-9a-fA-F]{2}|[1-9a-fA-F][0-9a-fA-F]{3})|\\[^u]/g;

/**
 * A line of JSON read as Latin-1 with its escapes of characters past ASCII written as their UTF-8
 * bytes, one character a byte, as the characters written out in the line are: JSON.parse then gives
 * every string in one form, which utf8Record turns back into UTF-8 whether the log escaped it (as
 * Python's json.dumps does by default) or not. Lines without `\u` (most) are left as they are.
 */
function escapesAsBytes(text: string): string {
  if (!text.includes('\\u')) return text;
  return text.replace(ESCAPE, asBytes);
}

/** Escapes met so far and what they become: a log repeats the same few characters. */
const ESCAPED = new Map<string, string>();

function asBytes(escape: string): string {
  if (escape[1] !== 'u') return escape;
  let bytes = ESCAPED.get(escape);
  if (bytes === undefined) {
    const unit = Number.parseInt(escape.slice(2, 6), 16);
    const pair = escape.length > 6 ? 0x10000 + ((unit - 0xd800) << 10) + (Number.parseInt(escape.slice(8, 12), 16) - 0xdc00) : undefined;
    // A surrogate alone is no character: the replacement character, as a UTF-8 decoder reads one.
    const point = pair ?? (unit >= 0xd800 && unit <= 0xdfff ? 0xfffd : unit);
    bytes = Buffer.from(String.fromCodePoint(point), 'utf8').toString('latin1');
    if (ESCAPED.size < MAX_ESCAPES_KEPT) ESCAPED.set(escape, bytes);
  }
  return bytes;
}

/** Distinct escapes kept: enough for a language's characters, bounded for a hostile log. */
const MAX_ESCAPES_KEPT = 4096;

/** A record whose text fields came from Latin-1 text (see escapesAsBytes), with them in UTF-8. */
function utf8Record(record: UsageRecord): UsageRecord {
  let fixed: Record<string, unknown> | undefined;
  for (const key of ['model', 'provider', 'time', 'serviceTier', 'reportedCost', 'project', 'key', 'user', 'session'] as const) {
    const value = record[key];
    if (value !== undefined && /[\u0080-\u00ff]/.test(value)) (fixed ??= { ...record })[key] = utf8Text(value);
  }
  return (fixed as UsageRecord | undefined) ?? record;
}

/**
 * Reads one source: its format given by --from or told by its first lines (a JSON object a line, a
 * whole JSON document or one a line, or CSV with a header), then its records. --from names a format,
 * and where several formats share the name (Anthropic's Messages lines and its Admin usage report)
 * the file's shape picks among them. A file in a folder whose format gacost does not read is skipped
 * and counted; one named on its own is refused.
 */
async function readOpened(path: string, lines: Lines, options: PieceOptions, times: TimeWindow, read: PieceRead, inFolder: boolean): Promise<void> {
  const candidates = candidatesFor(options.from);
  const { format, buffered, firstText } = await toldFormat(lines, candidates);
  if (format !== undefined) {
    await readLines(path, format, buffered, lines, options, times, read);
    return;
  }
  const notRead = (reason: string) => {
    if (!inFolder) throw new GacostError('invalid-usage', `${path}: ${reason}`);
    read.other = 'files of no usage format gacost reads';
  };
  const unknown = options.from === undefined ? `not a usage log gacost reads (${USAGE_FORMAT_LIST}); --from FORMAT says which it is` : `not ${options.from} usage`;
  if (firstText !== undefined && /^[[{]/.test(firstText)) {
    const { documents, entries } = await jsonDocuments(path, buffered, lines);
    const first = documents?.find((document) => document.value !== undefined)?.value;
    const documentFormats = candidates.filter((candidate): candidate is DocumentFormat => candidate.kind === 'document');
    const document = first === undefined ? undefined : documentFormats.find((candidate) => candidate.detect(first));
    if (document !== undefined) {
      readDocuments(document, documents as JsonDocument[], options, times, read);
      return;
    }
    // No document: JSON lines whose first line (`[`, `{`, `[1,2]`, a line cut short) is no record.
    const lineFormat = toldLineFormat(entries, candidates);
    if (lineFormat !== undefined) {
      await readLines(path, lineFormat, entries, lines, options, times, read);
      return;
    }
    const refused = first === undefined ? undefined : documentFormats.map((candidate) => candidate.refuse?.(first)).find((reason) => reason !== undefined);
    if (refused === undefined) notRead(unknown);
    else if (!inFolder) throw new GacostError('invalid-usage', `${path}: ${refused}`);
    else read.other = `files of ${refused}`;
    return;
  }
  const csvFormats = candidates.filter((candidate): candidate is CsvFormat => candidate.kind === 'csv');
  if (firstText === undefined || csvFormats.length === 0) {
    notRead(firstText === undefined ? 'empty: no usage records' : unknown);
    return;
  }
  await readCsv(path, csvFormats, buffered, lines, options, times, read, notRead, unknown);
}

/** The formats --from names (all of them without it). */
function candidatesFor(from: UsageFormatName | undefined): readonly UsageFormat[] {
  return from === undefined ? USAGE_FORMATS_READ : USAGE_FORMATS_READ.filter((candidate) => candidate.name === from);
}

/** A source's format is told by its first lines: this many at most, */
const DETECTION_LINES = 64;

/**
 * The format of JSON lines a source's first lines tell, with the lines read to tell it and the first
 * that is not blank: one format of JSON lines named by --from, whatever the lines hold; else the
 * first line that parses as a JSON object some format knows, within 64 lines. Lines before it that
 * are no such object (a comment, a run of NULs that a truncated log starts with, a line cut short)
 * do not end the search: they are bad records of that format, refused or counted when read. A whole
 * document (a first line `[` or `{` alone) ends it, and so do 256 MB of lines.
 */
async function toldFormat(lines: Lines, candidates: readonly UsageFormat[]): Promise<{ format: LineFormat | undefined; buffered: Line[]; firstText: string | undefined }> {
  const lineFormats = candidates.filter((candidate): candidate is LineFormat => candidate.kind === 'lines');
  const buffered: Line[] = [];
  let bufferedBytes = 0;
  let format: LineFormat | undefined = candidates.length === 1 ? lineFormats[0] : undefined;
  let firstText: string | undefined;
  while (format === undefined && buffered.length < DETECTION_LINES && bufferedBytes <= MAX_DOCUMENT_BYTES) {
    const next = await lines.next();
    if (next.done) break;
    buffered.push(next.value);
    bufferedBytes += next.value.text.length + 1;
    const trimmed = next.value.text.trim();
    if (trimmed === '') continue;
    const first = firstText === undefined;
    firstText ??= trimmed;
    if (trimmed === '{' || (first && trimmed.startsWith('['))) break;
    if (!trimmed.startsWith('{')) continue;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch {
      // A line of JSON lines that is not JSON (refused or counted when read), or a document's.
      continue;
    }
    if (isObject(value)) format = lineFormats.find((candidate) => candidate.detect(value));
  }
  return { format, buffered, firstText };
}

const USAGE_FORMAT_LIST = 'OpenAI, OpenAI Usage API, Anthropic, Claude Code, Gemini, LiteLLM or CSV usage';

/** A JSON document of a source, and the line it starts on; value undefined for a line that is not JSON. */
interface JsonDocument {
  readonly value: unknown;
  readonly text: string;
  readonly line: number;
}

/**
 * The rest of a source as JSON: one document, or one a line (pages saved as JSON lines, where a line
 * that is not JSON is kept to be refused or counted); undefined when it is neither. With the lines
 * read, as read (Latin-1), to be read as JSON lines when they are no document.
 */
async function jsonDocuments(path: string, buffered: readonly Line[], rest: AsyncIterable<Line>): Promise<{ documents: JsonDocument[] | undefined; entries: Line[] }> {
  const entries: Line[] = [];
  let size = 0;
  const add = (entry: Line) => {
    // Counted as read (one character a byte), before the text is decoded.
    size += entry.text.length + 1;
    if (size > MAX_DOCUMENT_BYTES) throw new GacostError('invalid-usage', `${path}: a JSON document of more than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB; gacost reads usage logs one JSON object a line`);
    entries.push(entry);
  };
  for (const entry of buffered) add(entry);
  for await (const entry of rest) add(entry);
  const text = entries.map((entry) => utf8Text(entry.text)).join('\n');
  try {
    return { documents: [{ value: parseJson(text), text, line: 1 }], entries };
  } catch {
    // One document a line, when the first is one.
  }
  const documents: JsonDocument[] = [];
  for (const entry of entries) {
    const trimmed = utf8Text(entry.text).trim();
    if (trimmed === '') continue;
    let value: unknown;
    try {
      value = parseJson(trimmed);
    } catch {
      if (documents.length === 0) return { documents: undefined, entries };
    }
    documents.push({ value, text: utf8Text(entry.text), line: entry.line });
  }
  return { documents, entries };
}

/** The format of JSON lines some line of the first lines (a JSON object a format knows) tells. */
function toldLineFormat(entries: readonly Line[], candidates: readonly UsageFormat[]): LineFormat | undefined {
  const lineFormats = candidates.filter((candidate): candidate is LineFormat => candidate.kind === 'lines');
  for (const entry of entries.slice(0, DETECTION_LINES)) {
    const trimmed = entry.text.trim();
    if (!trimmed.startsWith('{')) continue;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch {
      continue;
    }
    const format = isObject(value) ? lineFormats.find((candidate) => candidate.detect(value)) : undefined;
    if (format !== undefined) return format;
  }
  return undefined;
}

function readDocuments(format: DocumentFormat, documents: readonly JsonDocument[], options: PieceOptions, times: TimeWindow, read: PieceRead): void {
  const source = sourceOf(format, read);
  const emit = emitter(source, options, read);
  for (const document of documents) {
    if (document.value === undefined) {
      bad(new BadRecord('json', 'not valid JSON'), document.line, options, read);
      continue;
    }
    format.records(
      document.value,
      {
        emit,
        skip: (reason) => skipLine(source, reason),
        record: (where, readRecord) => {
          try {
            readRecord();
          } catch (error) {
            if (!(error instanceof BadRecord)) throw error;
            const line = document.line + lineOfPath(document.text, where) - 1;
            const place = where.map((step) => (typeof step === 'number' ? `[${step}]` : `.${step}`)).join('').replace(/^\./, '');
            bad(place === '' ? error : new BadRecord(error.kind, `${place}: ${error.message}`), line, options, read);
          }
        },
        note: (text) => {
          if (!read.notes.includes(text)) read.notes.push(text);
        },
        times,
      },
    );
  }
}

/** A bad record at a line of the piece: refused, or with --skip-bad counted by kind. */
function bad(error: BadRecord, line: number, options: PieceOptions, read: PieceRead): void {
  if (!options.skipBad) throw new RefusedAt(line, error.message);
  const reason = BAD_KINDS[error.kind];
  const entry = read.bad.get(reason) ?? { count: 0, lines: [] };
  entry.count += 1;
  if (entry.lines.length < FIRST_POSITIONS) entry.lines.push(line);
  read.bad.set(reason, entry);
}

function sourceOf(format: UsageFormat, read: PieceRead): PieceSource {
  read.source = { format: format.name, records: 0, skipped: 0, duplicates: 0, skippedReasons: new Map() };
  return read.source;
}

/** Where a source's records go: each to onRecord, or held with its id to be counted once in the run (see Emit). */
function emitter(source: PieceSource, options: PieceOptions, read: PieceRead): Emit {
  return (record, once) => {
    if (once !== undefined) {
      read.held.push([record, once]);
      return;
    }
    source.records += 1;
    options.onRecord(record);
  };
}

async function readCsv(
  path: string,
  formats: readonly CsvFormat[],
  buffered: readonly Line[],
  rest: Lines,
  options: PieceOptions,
  times: TimeWindow,
  read: PieceRead,
  notRead: (reason: string) => void,
  unknown: string,
): Promise<void> {
  const rows = new CsvRows();
  let reader: ((row: readonly string[], emit: Emit) => string | undefined) | undefined;
  let columns = 0;
  let emit: Emit | undefined;
  const take = (entry: { text: string; line: number }): boolean => {
    try {
      const row = rows.line(utf8Text(entry.text), entry.line);
      if (row === undefined) return true;
      if (reader === undefined) {
        // The header, which tells the format.
        const names = headerNames(row.fields);
        const format = formats.find((candidate) => candidate.detect(names));
        if (format === undefined) {
          notRead(options.from === undefined ? `${unknown} (a CSV header names at least model, input_tokens and output_tokens)` : `${unknown}: its header is not of ${options.from} CSV`);
          return false;
        }
        reader = format.open(row.fields, times);
        columns = row.fields.length;
        rows.columns = columns;
        emit = emitter(sourceOf(format, read), options, read);
        return true;
      }
      readRow(row);
      return true;
    } catch (error) {
      if (error instanceof CsvRowTooLong) throw new RefusedAt(rows.startLine, error.message, false);
      // A row whose quoting is broken; a line that cut a row short is read again, as the row it is.
      if (!(error instanceof BadRecord) || reader === undefined) throw badHeader(error, path);
      bad(error, rows.startLine, options, read);
      readAgain(rows.again);
      return rows.cut ? take(entry) : true;
    }
  };
  const readRow = (row: CsvRow) => {
    const summary = read.source as PieceSource;
    try {
      if (row.fields.length !== columns) throw new BadRecord('csv', `${row.fields.length} fields where the header has ${columns}`);
      skipLine(summary, (reader as NonNullable<typeof reader>)(row.fields, emit as Emit));
    } catch (error) {
      if (!(error instanceof BadRecord)) throw error;
      bad(error, row.line, options, read);
    }
  };
  // The lines a broken row went on over, each on its own: one with a row's commas was a row, lost to
  // the stray quote before it, read or counted; one with fewer was the broken row's text.
  const readAgain = (lines: readonly CsvLine[]) => {
    for (const entry of lines) {
      if (entry.text.split(',').length < columns) continue;
      let row: CsvRow;
      try {
        row = rowAlone(entry.text, entry.line);
      } catch (error) {
        if (!(error instanceof BadRecord)) throw error;
        bad(error, entry.line, options, read);
        continue;
      }
      readRow(row);
    }
  };
  for (const entry of buffered) if (!take(entry)) return;
  for (let next = await rest.next(); !next.done; next = await rest.next()) if (!take(next.value)) return;
  try {
    rows.end();
  } catch (error) {
    if (!(error instanceof BadRecord) || reader === undefined) throw badHeader(error, path);
    bad(error, rows.startLine, options, read);
    readAgain(rows.again);
  }
  if (reader === undefined) notRead(unknown);
}

function badHeader(error: unknown, path: string): unknown {
  return error instanceof BadRecord ? new GacostError('invalid-usage', `${path}:1: the CSV header: ${error.message}`) : error;
}

async function readLines(path: string, format: LineFormat, buffered: readonly Line[], rest: Lines, options: PieceOptions, times: TimeWindow, read: PieceRead): Promise<void> {
  const source = sourceOf(format, read);
  if (format.note !== undefined) read.notes.push(format.note);
  const reader = format.open(path, times);
  const given = emitter(source, options, read);
  const emit: Emit = (record, once) => given(utf8Record(record), once);
  const take = (entry: Line) => {
    const trimmed = entry.text.trim();
    if (trimmed === '') return;
    try {
      let value: unknown;
      try {
        value = parseJson(escapesAsBytes(trimmed));
      } catch (error) {
        throw new BadRecord('json', `not valid JSON (${error instanceof Error ? error.message.replace(/ in JSON at position \d+.*$/, '') : 'unreadable'})`);
      }
      // A record of JSON lines is an object: `[1,2]` or `"a"` is a broken line, not one without usage.
      if (!isObject(value)) throw new BadRecord('json', `not a JSON object (${Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`}): a usage log holds one object a line`);
      skipLine(source, reader.line(value, emit));
    } catch (error) {
      if (!(error instanceof BadRecord)) throw error;
      bad(error, entry.line, options, read);
    }
  };
  for (const entry of buffered) take(entry);
  for await (const batch of rest.rest()) for (const entry of batch) take(entry);
  // Held in order, with or without an id: they count once in the run, and in the order read, after the file's others.
  source.duplicates += reader.end((record, once) => read.held.push([utf8Record(record), once]));
}

/** How reading a piece ended: what it read, a bad record refused at a line of the piece, or another refusal. */
export type PieceOutcome =
  | { readonly read: PieceRead }
  | { readonly refused: { readonly line: number; readonly message: string; readonly skippable: boolean } }
  | { readonly failed: { readonly code: ErrorCode; readonly message: string; readonly problems: readonly string[] } };

/** Reads a piece, its refusal kept as data (posted by a worker thread, merged in reading order). */
export async function pieceOutcome(task: PieceTask, options: PieceOptions): Promise<PieceOutcome> {
  try {
    return { read: await readPiece(task, options) };
  } catch (error) {
    if (error instanceof RefusedAt) return { refused: { line: error.line, message: error.message, skippable: error.skippable } };
    if (isGacostError(error)) return { failed: { code: error.code, message: error.message, problems: error.problems } };
    throw error;
  }
}
