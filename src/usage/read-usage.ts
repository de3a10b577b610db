import { createReadStream, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { UsageRecord } from '../core/usage.js';
import { GacostError } from '../errors.js';
import { errnoReason } from '../io/errno-reason.js';
import { anthropicFormat } from './formats/anthropic.js';
import { claudeCodeFormat } from './formats/claude-code.js';
import { geminiFormat } from './formats/gemini.js';
import { openaiFormat } from './formats/openai.js';
import { BAD_KINDS, BadRecord, isObject, type DocumentFormat, type LineFormat, type UsageFormat, type UsageFormatName } from './usage-format.js';

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
      await readSource('-', () => options.stdin(), formats, options, read, false);
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
      await readSource(path, () => createReadStream(absolute, { highWaterMark: 1 << 20 }), formats, options, read, false);
      continue;
    }
    for (const file of filesUnder(absolute)) {
      const shown = join(path, relative(absolute, file));
      if (!USAGE_FILE.test(file)) {
        count(read.otherFiles, 'files that are not .jsonl, .ndjson, .json, .csv or .log (or .gz of one)');
        continue;
      }
      await readSource(shown, () => createReadStream(file, { highWaterMark: 1 << 20 }), formats, options, read, true);
    }
  }
  return read;
}

function usageFormats(): readonly UsageFormat[] {
  return [claudeCodeFormat(), anthropicFormat, geminiFormat, openaiFormat];
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
async function* bytesOf(open: () => Readable, path: string): AsyncGenerator<Buffer> {
  const stream = open();
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

/** The bytes, counted in `read` and told to `onProgress` as they pass. */
async function* counted(bytes: AsyncIterable<Buffer>, read: UsageRead, onProgress: ((bytes: number) => void) | undefined): AsyncGenerator<Buffer> {
  for await (const chunk of bytes) {
    read.bytes += chunk.length;
    onProgress?.(read.bytes);
    yield chunk;
  }
}

/** Lines of a source as text, each with its number; `\r\n` and a missing last newline are read alike. */
async function* linesOf(bytes: AsyncIterable<Buffer>): AsyncGenerator<{ text: string; line: number }> {
  let rest: Buffer | undefined;
  let line = 0;
  for await (const chunk of bytes) {
    const buffer = rest === undefined ? chunk : Buffer.concat([rest, chunk]);
    let start = 0;
    for (let end = buffer.indexOf(10, start); end >= 0; end = buffer.indexOf(10, start)) {
      line += 1;
      yield { text: buffer.toString('utf8', start, end > start && buffer[end - 1] === 13 ? end - 1 : end), line };
      start = end + 1;
    }
    rest = start < buffer.length ? buffer.subarray(start) : undefined;
  }
  if (rest !== undefined && rest.length > 0) yield { text: rest.toString('utf8'), line: line + 1 };
}

/**
 * Reads one source: its format given by --from or told by its first lines (a JSON object a line, a
 * whole JSON document, or CSV), then its records. A file in a folder whose format gacost does not read
 * is skipped and counted; one named on its own is refused.
 */
async function readSource(path: string, open: () => Readable, formats: readonly UsageFormat[], options: ReadOptions, read: UsageRead, inFolder: boolean): Promise<void> {
  const lines = linesOf(counted(bytesOf(open, path), read, options.onProgress));
  const buffered: { text: string; line: number }[] = [];
  let format: UsageFormat | undefined = options.from === undefined ? undefined : formats.find((candidate) => candidate.name === options.from);
  let firstText: string | undefined;
  // The format is told by the first line that parses as a JSON object some format knows, within 64 lines.
  while (format === undefined || buffered.length === 0) {
    const next = await lines.next();
    if (next.done) break;
    buffered.push(next.value);
    if (format !== undefined) break;
    const trimmed = next.value.text.trim();
    if (trimmed === '') continue;
    firstText ??= trimmed;
    if (!trimmed.startsWith('{')) break;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch {
      break;
    }
    if (isObject(value)) format = formats.find((candidate): candidate is LineFormat => candidate.kind === 'lines' && candidate.detect(value));
    if (buffered.length >= 64) break;
  }
  if (format === undefined || format.kind !== 'lines') {
    const document = await wholeDocument(path, buffered, lines, firstText);
    format ??= document === undefined ? undefined : formats.find((candidate): candidate is DocumentFormat => candidate.kind === 'document' && candidate.detect(document.value));
    if (format === undefined) {
      if (inFolder) {
        count(read.otherFiles, 'files of no usage format gacost reads');
        return;
      }
      throw new GacostError('invalid-usage', `${path}: not a usage log gacost reads (${USAGE_FORMAT_LIST}); --from FORMAT says which it is`);
    }
    if (format.kind === 'document' && document !== undefined) {
      readDocument(path, format, document.value, options, read);
      return;
    }
    if (format.kind === 'csv') throw new GacostError('invalid-usage', `${path}: CSV usage is not read yet`);
  }
  if (format.kind !== 'lines') throw new GacostError('invalid-usage', `${path}: not ${format.name} usage`);
  await readLines(path, format, buffered, lines, options, read);
}

const USAGE_FORMAT_LIST = 'OpenAI, OpenAI Usage API, Anthropic, Claude Code, Gemini, LiteLLM or CSV usage';

/** The rest of a source as one JSON document, if it is one; undefined when it is not JSON. */
async function wholeDocument(path: string, buffered: readonly { text: string }[], rest: AsyncIterable<{ text: string }>, firstText: string | undefined): Promise<{ value: unknown } | undefined> {
  if (firstText === undefined || !/^[[{]/.test(firstText)) return undefined;
  const parts = buffered.map((entry) => entry.text);
  let size = parts.reduce((sum, part) => sum + part.length + 1, 0);
  for await (const entry of rest) {
    size += entry.text.length + 1;
    if (size > MAX_DOCUMENT_BYTES) throw new GacostError('invalid-usage', `${path}: a JSON document of more than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB; gacost reads usage logs one JSON object a line`);
    parts.push(entry.text);
  }
  try {
    return { value: JSON.parse(parts.join('\n')) };
  } catch {
    return undefined;
  }
}

function readDocument(path: string, format: DocumentFormat, value: unknown, options: ReadOptions, read: UsageRead): void {
  const source: SourceSummary = { path, format: format.name, records: 0, skipped: 0, duplicates: 0, skippedReasons: new Map() };
  read.sources.push(source);
  try {
    format.records(
      value,
      (record) => {
        source.records += 1;
        options.onRecord(record);
      },
      (reason) => {
        source.skipped += 1;
        count(source.skippedReasons, reason);
      },
    );
  } catch (error) {
    if (!(error instanceof BadRecord)) throw error;
    throw new GacostError('invalid-usage', `${path}: ${error.message}`);
  }
}

async function readLines(
  path: string,
  format: LineFormat,
  buffered: readonly { text: string; line: number }[],
  rest: AsyncIterator<{ text: string; line: number }>,
  options: ReadOptions,
  read: UsageRead,
): Promise<void> {
  const source: SourceSummary = { path, format: format.name, records: 0, skipped: 0, duplicates: 0, skippedReasons: new Map() };
  read.sources.push(source);
  if (format.note !== undefined && !read.notes.includes(format.note)) read.notes.push(format.note);
  const reader = format.open(path);
  const emit = (record: UsageRecord) => {
    source.records += 1;
    options.onRecord(record);
  };
  const take = (entry: { text: string; line: number }) => {
    const trimmed = entry.text.trim();
    if (trimmed === '') return;
    try {
      let value: unknown;
      try {
        value = JSON.parse(trimmed);
      } catch (error) {
        throw new BadRecord('json', `not valid JSON (${error instanceof Error ? error.message.replace(/ in JSON at position \d+.*$/, '') : 'unreadable'})`);
      }
      const skipped = reader.line(value, emit);
      if (skipped !== undefined) {
        source.skipped += 1;
        count(source.skippedReasons, skipped);
      }
    } catch (error) {
      if (!(error instanceof BadRecord)) throw error;
      const at = `${path}:${entry.line}`;
      if (!options.skipBad) throw new GacostError('invalid-usage', `${at}: ${error.message}`);
      const reason = BAD_KINDS[error.kind];
      const bad = read.bad.get(reason) ?? { count: 0, positions: [] };
      bad.count += 1;
      if (bad.positions.length < FIRST_POSITIONS) bad.positions.push(at);
      read.bad.set(reason, bad);
    }
  };
  for (const entry of buffered) take(entry);
  for (let next = await rest.next(); !next.done; next = await rest.next()) take(next.value);
  source.duplicates += reader.end(emit);
}

