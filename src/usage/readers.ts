// The readers of a source's lines: a whole JSON document (or one a line), CSV with a header, and
// JSON lines, each giving its records to onRecord and counting what it skipped in a SourceSummary.

import type { UsageRecord } from '../core/usage.js';
import type { SourceSummary } from '../core/usage-pricing.js';
import { GacostError } from '../errors.js';
import { type CsvLine, type CsvRow, CsvRows, CsvRowTooLong, headerNames, rowAlone } from './csv.js';
import { candidatesFor, toldFormat, toldLineFormat, USAGE_FORMAT_LIST } from './detect.js';
import type { UsageFormatName } from './format-names.js';
import { parseJson } from './json-numbers.js';
import { lineOfPath } from './json-position.js';
import { escapesAsBytes, type Line, type Lines, MAX_TEXT_BYTES, RefusedAt, utf8Record, utf8Text } from './lines.js';
import {
  BAD_KINDS,
  BadRecord,
  type CsvFormat,
  type DocumentFormat,
  type Emit,
  isObject,
  type LineFormat,
  type TimeWindow,
  type UsageFormat,
} from './usage-format.js';

/** How a source's records are read, and where they go. */
export interface ReaderOptions {
  readonly from: UsageFormatName | undefined;
  readonly skipBad: boolean;
  /** Each record read, but those held (see PieceFindings.held). */
  readonly onRecord: (record: UsageRecord) => void;
}

/** What reading a piece found beside the records it gave (plain data: a worker thread posts it). */
export interface PieceFindings {
  /** Bytes read, after decompression. */
  bytes: number;
  /** Lines read (a range ends with a newline: the next range's lines are numbered after these). */
  lines: number;
  /** What the piece's source gave, as far as the piece goes; undefined for a source of no usage format. */
  source: SourceSummary | undefined;
  /** Why a file of a folder was skipped (one of no usage format). */
  other: string | undefined;
  /** Said once per run (a format's note, what a document leaves out), in the order met. */
  readonly notes: string[];
  /** Where the first few bad records skipped with --skip-bad are, by reason: lines of the piece (how many: source.bad). */
  readonly badLines: Map<string, number[]>;
  /**
   * Records a reader held back to the end of the source (Claude Code's responses), in order, each with
   * its id to be counted once in the run (see Emit): whoever merges the pieces in order counts them.
   */
  readonly held: [record: UsageRecord, once: string | undefined][];
}

/** Bad records named by their place (file:line), by reason: the first this many. */
export const FIRST_POSITIONS = 5;

/** One more (or `by` more) for `reason`. */
export function count(counts: Map<string, number>, reason: string, by = 1): void {
  counts.set(reason, (counts.get(reason) ?? 0) + by);
}

/** A line of the source that holds no usage record (a reader's reason), counted with its reason. */
function skipLine(source: SourceSummary, reason: string | undefined): void {
  if (reason === undefined) return;
  source.skipped += 1;
  count(source.skippedReasons, reason);
}

/**
 * Reads one source: its format given by --from or told by its first lines (a JSON object a line, a
 * whole JSON document or one a line, or CSV with a header), then its records. --from names a format,
 * and where several formats share the name (Anthropic's Messages lines and its Admin usage report)
 * the file's shape picks among them. A file in a folder whose format gacost does not read is skipped
 * and counted; one named on its own is refused.
 */
export async function readOpened(
  path: string,
  lines: Lines,
  options: ReaderOptions,
  times: TimeWindow,
  read: PieceFindings,
  inFolder: boolean,
): Promise<void> {
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
  const unknown =
    options.from === undefined
      ? `not a usage log gacost reads (${USAGE_FORMAT_LIST}); --from FORMAT says which it is`
      : `not ${options.from} usage`;
  if (firstText !== undefined && /^[[{]/.test(firstText)) {
    const { documents, entries } = await jsonDocuments(path, buffered, lines);
    const first = documents?.find((document) => document.value !== undefined)?.value;
    const documentFormats = candidates.filter((candidate): candidate is DocumentFormat => candidate.kind === 'document');
    const document = first === undefined ? undefined : documentFormats.find((candidate) => candidate.detect(first));
    if (document !== undefined) {
      readDocuments(path, document, documents as JsonDocument[], options, times, read);
      return;
    }
    // No document: JSON lines whose first line (`[`, `{`, `[1,2]`, a line cut short) is no record.
    const lineFormat = toldLineFormat(entries, candidates);
    if (lineFormat !== undefined) {
      await readLines(path, lineFormat, entries, lines, options, times, read);
      return;
    }
    const refused =
      first === undefined
        ? undefined
        : documentFormats.map((candidate) => candidate.refuse?.(first)).find((reason) => reason !== undefined);
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
async function jsonDocuments(
  path: string,
  buffered: readonly Line[],
  rest: AsyncIterable<Line>,
): Promise<{ documents: JsonDocument[] | undefined; entries: Line[] }> {
  const entries: Line[] = [];
  let size = 0;
  const add = (entry: Line) => {
    // Counted as read (one character a byte), before the text is decoded.
    size += entry.text.length + 1;
    if (size > MAX_TEXT_BYTES)
      throw new GacostError(
        'invalid-usage',
        `${path}: a JSON document of more than ${MAX_TEXT_BYTES / 1024 / 1024} MB; gacost reads usage logs one JSON object a line`,
      );
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

function readDocuments(
  path: string,
  format: DocumentFormat,
  documents: readonly JsonDocument[],
  options: ReaderOptions,
  times: TimeWindow,
  read: PieceFindings,
): void {
  const source = sourceOf(path, format, read);
  const emit = emitter(source, options, read);
  for (const document of documents) {
    if (document.value === undefined) {
      bad(new BadRecord('json', 'not valid JSON'), document.line, options, read);
      continue;
    }
    format.records(document.value, {
      emit,
      skip: (reason) => skipLine(source, reason),
      record: (where, readRecord) => {
        try {
          readRecord();
        } catch (error) {
          if (!(error instanceof BadRecord)) throw error;
          const line = document.line + lineOfPath(document.text, where) - 1;
          const place = where
            .map((step) => (typeof step === 'number' ? `[${step}]` : `.${step}`))
            .join('')
            .replace(/^\./, '');
          bad(place === '' ? error : new BadRecord(error.kind, `${place}: ${error.message}`), line, options, read);
        }
      },
      note: (text) => {
        if (!read.notes.includes(text)) read.notes.push(text);
      },
      times,
    });
  }
}

/**
 * A bad record at a line of the piece: refused, or with --skip-bad counted by kind in its source
 * (every reader has opened its source before it meets one), the lines of the first few kept.
 */
function bad(error: BadRecord, line: number, options: ReaderOptions, read: PieceFindings): void {
  if (!options.skipBad) throw new RefusedAt(line, error.message);
  const reason = BAD_KINDS[error.kind];
  count((read.source as SourceSummary).bad, reason);
  const lines = read.badLines.get(reason) ?? [];
  if (lines.length < FIRST_POSITIONS) lines.push(line);
  read.badLines.set(reason, lines);
}

/** The piece's source, of a format now known: its counts start. */
function sourceOf(path: string, format: UsageFormat, read: PieceFindings): SourceSummary {
  read.source = { path, format: format.name, records: 0, skipped: 0, duplicates: 0, skippedReasons: new Map(), bad: new Map() };
  return read.source;
}

/** Where a source's records go: each to onRecord, or held with its id to be counted once in the run (see Emit). */
function emitter(source: SourceSummary, options: ReaderOptions, read: PieceFindings): Emit {
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
  options: ReaderOptions,
  times: TimeWindow,
  read: PieceFindings,
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
          notRead(
            options.from === undefined
              ? `${unknown} (a CSV header names at least model, input_tokens and output_tokens)`
              : `${unknown}: its header is not of ${options.from} CSV`,
          );
          return false;
        }
        reader = format.open(row.fields, times);
        columns = row.fields.length;
        rows.columns = columns;
        emit = emitter(sourceOf(path, format, read), options, read);
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
    const summary = read.source as SourceSummary;
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

export async function readLines(
  path: string,
  format: LineFormat,
  buffered: readonly Line[],
  rest: Lines,
  options: ReaderOptions,
  times: TimeWindow,
  read: PieceFindings,
): Promise<void> {
  const source = sourceOf(path, format, read);
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
        throw new BadRecord(
          'json',
          `not valid JSON (${error instanceof Error ? error.message.replace(/ in JSON at position \d+.*$/, '') : 'unreadable'})`,
        );
      }
      // A record of JSON lines is an object: `[1,2]` or `"a"` is a broken line, not one without usage.
      if (!isObject(value))
        throw new BadRecord(
          'json',
          `not a JSON object (${Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`}): a usage log holds one object a line`,
        );
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
