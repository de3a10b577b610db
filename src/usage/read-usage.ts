import { closeSync, createReadStream, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { UsageRecord } from '../core/usage.js';
import { GacostError } from '../errors.js';
import { errnoReason } from '../io/errno-reason.js';
import { anthropicFormat } from './formats/anthropic.js';
import { anthropicReportFormat } from './formats/anthropic-report.js';
import { csvFormat } from './formats/csv.js';
import { litellmCsv, litellmDocument, litellmLines } from './formats/litellm.js';
import { openaiUsageFormat } from './formats/openai-usage.js';
import { claudeCodeFormat } from './formats/claude-code.js';
import { geminiFormat } from './formats/gemini.js';
import { openaiFormat } from './formats/openai.js';
import { CsvRows, headerNames } from './csv.js';
import { lineOfPath } from './json-position.js';
import { BAD_KINDS, BadRecord, isObject, type CsvFormat, type DocumentFormat, type Emit, type LineFormat, type UsageFormat, type UsageFormatName } from './usage-format.js';

/** What one file gave: its records, the lines that held none, the duplicates it counted once. */
export interface SourceSummary {
  readonly path: string;
  readonly format: UsageFormatName;
  records: number;
  skipped: number;
  duplicates: number;
  readonly skippedReasons: Map<string, number>;
}

/** Bad records skipped with --skip-bad, by reason: how many and where the first few are. */
export type BadCounts = Map<string, { count: number; positions: string[] }>;

export interface UsageRead {
  readonly sources: SourceSummary[];
  readonly bad: BadCounts;
  /** Files in the folders given that hold no usage gacost reads, by why. */
  readonly otherFiles: Map<string, number>;
  /** Said once per format read (Claude Code's output counts are a lower bound). */
  readonly notes: string[];
  /** Bytes read, after decompression. */
  bytes: number;
}

export interface ReadOptions {
  readonly from: UsageFormatName | undefined;
  readonly skipBad: boolean;
  readonly cwd: string;
  /** Standard input, for `-`. */
  readonly stdin: () => Readable;
  readonly onRecord: (record: UsageRecord) => void;
  /** Told the bytes read so far (after decompression), every few megabytes. */
  readonly onProgress?: (bytes: number) => void;
}

const FIRST_POSITIONS = 5;
/** A whole JSON document (an API page) is read at once: no more than this. */
const MAX_DOCUMENT_BYTES = 256 * 1024 * 1024;
/** File names a folder is searched for. */
const USAGE_FILE = /\.(jsonl|ndjson|json|csv|log)(\.gz)?$/i;

/** Reads every source (file, folder searched recursively, or `-`), in the order given, emitting records. */
export async function readUsage(paths: readonly string[], options: ReadOptions): Promise<UsageRead> {
  const formats = usageFormats();
  const read: UsageRead = { sources: [], bad: new Map(), otherFiles: new Map(), notes: [], bytes: 0 };
  for (const path of paths) {
    if (path === '-') {
      await readSource('-', { stream: () => options.stdin() }, formats, options, read, false);
      continue;
    }
    const absolute = resolve(options.cwd, path);
    let isDirectory: boolean;
    try {
      isDirectory = statSync(absolute).isDirectory();
    } catch (error) {
      throw new GacostError('unreadable-file', `cannot read usage ${path}: ${errnoReason(error)}`);
    }
    if (!isDirectory) {
      await readSource(path, { file: absolute }, formats, options, read, false);
      continue;
    }
    for (const file of filesUnder(absolute)) {
      const shown = join(path, relative(absolute, file));
      if (!USAGE_FILE.test(file)) {
        count(read.otherFiles, 'files that are not .jsonl, .ndjson, .json, .csv or .log (or .gz of one)');
        continue;
      }
      await readSource(shown, { file }, formats, options, read, true);
    }
  }
  return read;
}

function usageFormats(): readonly UsageFormat[] {
  // JSON lines first (the first lines tell them apart), then whole documents, then CSV by its header.
  return [claudeCodeFormat(), anthropicFormat, geminiFormat, openaiFormat, litellmLines, openaiUsageFormat, anthropicReportFormat, litellmDocument, litellmCsv, csvFormat];
}

function* filesUnder(folder: string): Generator<string> {
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (error) {
    throw new GacostError('unreadable-file', `cannot read usage folder ${folder}: ${errnoReason(error)}`);
  }
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else if (entry.isFile()) yield path;
  }
}

function count(counts: Map<string, number>, reason: string, by = 1): void {
  counts.set(reason, (counts.get(reason) ?? 0) + by);
}

/** The bytes of a source, gunzipped when they start with gzip's magic number. */
async function* bytesOf(source: Source, path: string): AsyncGenerator<Buffer> {
  if ('file' in source) {
    // A file not gzipped is read into one buffer, again and again: a stream's fresh buffer a chunk
    // is memory outside the heap that the garbage collector frees late.
    const fd = openFile(source.file, path);
    let gzipped = false;
    try {
      const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
      for (let first = true; ; first = false) {
        const length = readChunk(fd, buffer, path);
        if (length === 0) return;
        if (first && length >= 2 && buffer[0] === 0x1f && buffer[1] === 0x8b) {
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
  const stream = source.stream();
  const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  try {
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
    throw new GacostError('unreadable-file', `cannot read usage ${path}: ${errnoReason(error)}`);
  } finally {
    stream.destroy();
  }
}

/** Where a source's bytes come from: a file, or a stream (standard input). */
type Source = { readonly file: string } | { readonly stream: () => Readable };

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

function readChunk(fd: number, buffer: Buffer, path: string): number {
  try {
    return readSync(fd, buffer, 0, buffer.length, null);
  } catch (error) {
    throw new GacostError('unreadable-file', `cannot read usage ${path}: ${errnoReason(error)}`);
  }
}

/** The bytes, counted in `read` and told to `onProgress` as they pass. */
async function* counted(bytes: AsyncIterable<Buffer>, read: UsageRead, onProgress: ((bytes: number) => void) | undefined): AsyncGenerator<Buffer> {
  for await (const chunk of bytes) {
    read.bytes += chunk.length;
    onProgress?.(read.bytes);
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

  constructor(bytes: AsyncIterable<Buffer>) {
    this.batches = batchesOf(bytes);
  }

  async next(): Promise<IteratorResult<Line, undefined>> {
    while (this.at >= this.batch.length) {
      const next = await this.batches.next();
      if (next.done) return { done: true, value: undefined };
      this.batch = next.value;
      this.at = 0;
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
    for (let next = await this.batches.next(); !next.done; next = await this.batches.next()) yield next.value;
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

/** A record whose text fields came from Latin-1 text, with them in UTF-8. */
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
async function readSource(path: string, open: Source, formats: readonly UsageFormat[], options: ReadOptions, read: UsageRead, inFolder: boolean): Promise<void> {
  const lines = new Lines(counted(bytesOf(open, path), read, options.onProgress));
  try {
    await readOpened(path, lines, formats, options, read, inFolder);
  } finally {
    // A file left before its end (no usage format) is closed now, not when collected.
    await lines.close();
  }
}

async function readOpened(
  path: string,
  lines: Lines,
  formats: readonly UsageFormat[],
  options: ReadOptions,
  read: UsageRead,
  inFolder: boolean,
): Promise<void> {
  const candidates = options.from === undefined ? formats : formats.filter((candidate) => candidate.name === options.from);
  const lineFormats = candidates.filter((candidate): candidate is LineFormat => candidate.kind === 'lines');
  const buffered: Line[] = [];
  // One format named by --from, of JSON lines: read as such, whatever the first lines hold.
  let format: LineFormat | undefined = candidates.length === 1 ? lineFormats[0] : undefined;
  let firstText: string | undefined;
  // Told by the first line that parses as a JSON object some format knows, within 64 lines.
  while (format === undefined) {
    const next = await lines.next();
    if (next.done) break;
    buffered.push(next.value);
    const trimmed = next.value.text.trim();
    if (trimmed === '') continue;
    firstText ??= trimmed;
    if (!trimmed.startsWith('{')) break;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch {
      // The first line of a document, or a line of JSON lines that is not JSON (refused or counted when read).
      if (trimmed === '{') break;
      continue;
    }
    if (isObject(value)) format = lineFormats.find((candidate) => candidate.detect(value));
    if (buffered.length >= 64) break;
  }
  if (format !== undefined) {
    await readLines(path, format, buffered, lines, options, read);
    return;
  }
  const notRead = (reason: string) => {
    if (!inFolder) throw new GacostError('invalid-usage', `${path}: ${reason}`);
    count(read.otherFiles, `files of no usage format gacost reads`);
  };
  const unknown = options.from === undefined ? `not a usage log gacost reads (${USAGE_FORMAT_LIST}); --from FORMAT says which it is` : `not ${options.from} usage`;
  if (firstText !== undefined && /^[[{]/.test(firstText)) {
    const documents = await jsonDocuments(path, buffered, lines);
    const first = documents?.find((document) => document.value !== undefined)?.value;
    if (documents === undefined || first === undefined) {
      notRead(unknown);
      return;
    }
    const documentFormats = candidates.filter((candidate): candidate is DocumentFormat => candidate.kind === 'document');
    const document = documentFormats.find((candidate) => candidate.detect(first));
    if (document === undefined) {
      const refused = documentFormats.map((candidate) => candidate.refuse?.(first)).find((reason) => reason !== undefined);
      if (refused === undefined) notRead(unknown);
      else if (!inFolder) throw new GacostError('invalid-usage', `${path}: ${refused}`);
      else count(read.otherFiles, `files of ${refused}`);
      return;
    }
    readDocuments(path, document, documents, options, read);
    return;
  }
  const csvFormats = candidates.filter((candidate): candidate is CsvFormat => candidate.kind === 'csv');
  if (firstText === undefined || csvFormats.length === 0) {
    notRead(firstText === undefined ? 'empty: no usage records' : unknown);
    return;
  }
  await readCsv(path, csvFormats, buffered, lines, options, read, notRead, unknown);
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
 * that is not JSON is kept to be refused or counted); undefined when it is neither.
 */
async function jsonDocuments(path: string, buffered: readonly Line[], rest: AsyncIterable<Line>): Promise<JsonDocument[] | undefined> {
  const entries = buffered.map((entry) => ({ ...entry, text: utf8Text(entry.text) }));
  let size = entries.reduce((sum, entry) => sum + entry.text.length + 1, 0);
  for await (const entry of rest) {
    size += entry.text.length + 1;
    if (size > MAX_DOCUMENT_BYTES) throw new GacostError('invalid-usage', `${path}: a JSON document of more than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB; gacost reads usage logs one JSON object a line`);
    entries.push({ ...entry, text: utf8Text(entry.text) });
  }
  const text = entries.map((entry) => entry.text).join('\n');
  try {
    return [{ value: JSON.parse(text), text, line: 1 }];
  } catch {
    // One document a line, when the first is one.
  }
  const documents: JsonDocument[] = [];
  for (const entry of entries) {
    const trimmed = entry.text.trim();
    if (trimmed === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch {
      if (documents.length === 0) return undefined;
    }
    documents.push({ value, text: entry.text, line: entry.line });
  }
  return documents;
}

function readDocuments(path: string, format: DocumentFormat, documents: readonly JsonDocument[], options: ReadOptions, read: UsageRead): void {
  const source: SourceSummary = { path, format: format.name, records: 0, skipped: 0, duplicates: 0, skippedReasons: new Map() };
  read.sources.push(source);
  for (const document of documents) {
    if (document.value === undefined) {
      bad(new BadRecord('json', 'not valid JSON'), `${path}:${document.line}`, options, read);
      continue;
    }
    format.records(
      document.value,
      {
        emit: (record) => {
          source.records += 1;
          options.onRecord(record);
        },
        skip: (reason) => {
          source.skipped += 1;
          count(source.skippedReasons, reason);
        },
        record: (where, readRecord) => {
          try {
            readRecord();
          } catch (error) {
            if (!(error instanceof BadRecord)) throw error;
            const line = document.line + lineOfPath(document.text, where) - 1;
            const place = where.map((step) => (typeof step === 'number' ? `[${step}]` : `.${step}`)).join('').replace(/^\./, '');
            bad(place === '' ? error : new BadRecord(error.kind, `${place}: ${error.message}`), `${path}:${line}`, options, read);
          }
        },
        note: (text) => {
          if (!read.notes.includes(text)) read.notes.push(text);
        },
      },
      document.text,
    );
  }
}

/** A bad record at a place (`file:line`): refused, or with --skip-bad counted by kind. */
function bad(error: BadRecord, at: string, options: ReadOptions, read: UsageRead): void {
  if (!options.skipBad) throw new GacostError('invalid-usage', `${at}: ${error.message}`);
  const reason = BAD_KINDS[error.kind];
  const entry = read.bad.get(reason) ?? { count: 0, positions: [] };
  entry.count += 1;
  if (entry.positions.length < FIRST_POSITIONS) entry.positions.push(at);
  read.bad.set(reason, entry);
}

async function readCsv(
  path: string,
  formats: readonly CsvFormat[],
  buffered: readonly Line[],
  rest: Lines,
  options: ReadOptions,
  read: UsageRead,
  notRead: (reason: string) => void,
  unknown: string,
): Promise<void> {
  const rows = new CsvRows();
  let reader: ((row: readonly string[], emit: Emit) => string | undefined) | undefined;
  let columns = 0;
  let source: SourceSummary | undefined;
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
        reader = format.open(row.fields);
        columns = row.fields.length;
        source = { path, format: format.name, records: 0, skipped: 0, duplicates: 0, skippedReasons: new Map() };
        read.sources.push(source);
        return true;
      }
      const summary = source as SourceSummary;
      try {
        if (row.fields.length !== columns) throw new BadRecord('csv', `${row.fields.length} fields where the header has ${columns}`);
        const skipped = reader(row.fields, (record) => {
          summary.records += 1;
          options.onRecord(record);
        });
        if (skipped !== undefined) {
          summary.skipped += 1;
          count(summary.skippedReasons, skipped);
        }
      } catch (error) {
        if (!(error instanceof BadRecord)) throw error;
        bad(error, `${path}:${row.line}`, options, read);
      }
      return true;
    } catch (error) {
      // A row whose quoting is broken.
      if (!(error instanceof BadRecord) || reader === undefined) throw badHeader(error, path);
      bad(error, `${path}:${rows.startLine}`, options, read);
      return true;
    }
  };
  for (const entry of buffered) if (!take(entry)) return;
  for (let next = await rest.next(); !next.done; next = await rest.next()) if (!take(next.value)) return;
  try {
    rows.end();
  } catch (error) {
    if (!(error instanceof BadRecord) || reader === undefined) throw badHeader(error, path);
    bad(error, `${path}:${rows.startLine}`, options, read);
  }
  if (reader === undefined) notRead(unknown);
}

function badHeader(error: unknown, path: string): unknown {
  return error instanceof BadRecord ? new GacostError('invalid-usage', `${path}:1: the CSV header: ${error.message}`) : error;
}

async function readLines(path: string, format: LineFormat, buffered: readonly Line[], rest: Lines, options: ReadOptions, read: UsageRead): Promise<void> {
  const source: SourceSummary = { path, format: format.name, records: 0, skipped: 0, duplicates: 0, skippedReasons: new Map() };
  read.sources.push(source);
  if (format.note !== undefined && !read.notes.includes(format.note)) read.notes.push(format.note);
  const reader = format.open(path);
  const emit = (record: UsageRecord) => {
    source.records += 1;
    options.onRecord(utf8Record(record));
  };
  const take = (entry: Line) => {
    const trimmed = entry.text.trim();
    if (trimmed === '') return;
    try {
      let value: unknown;
      try {
        value = JSON.parse(trimmed);
      } catch (error) {
        throw new BadRecord('json', `not valid JSON (${error instanceof Error ? error.message.replace(/ in JSON at position \d+.*$/, '') : 'unreadable'})`);
      }
      const skipped = reader.line(value, emit, trimmed);
      if (skipped !== undefined) {
        source.skipped += 1;
        count(source.skippedReasons, skipped);
      }
    } catch (error) {
      if (!(error instanceof BadRecord)) throw error;
      bad(error, `${path}:${entry.line}`, options, read);
    }
  };
  for (const entry of buffered) take(entry);
  for await (const batch of rest.rest()) for (const entry of batch) take(entry);
  source.duplicates += reader.end(emit);
}
