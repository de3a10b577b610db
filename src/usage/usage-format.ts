import { isIsoDate } from '../core/dates.js';
import { roundsAway } from '../core/decimal.js';
import { reportedFemto, type UsageRecord } from '../core/usage.js';
import type { UsageFormatName } from './format-names.js';
import { SourceNumber } from './json-numbers.js';

/** Why records are bad, as --skip-bad counts them. */
export const BAD_KINDS = {
  json: 'lines that are not valid JSON',
  tokens: 'records with a token count that is not a whole number of 0 or more',
  model: 'records without a model',
  cache:
    'records whose token counts do not add up (cache reads and writes, or audio, image, video and reasoning tokens, above the total they are part of)',
  csv: 'CSV rows that cannot be read',
  time: 'records with a time that is not a plausible date',
  cost: 'records with a cost that is not a decimal number of 0 or more',
  twice: 'records that give one token count under two names with different values',
} as const;

/** A record gacost cannot read (not JSON, a bad token count, no model): refused, or with --skip-bad counted. */
export class BadRecord extends Error {
  constructor(
    readonly kind: keyof typeof BAD_KINDS,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Gives a record. `once`: an id the record counts under once in a run, in the first file that has it
 * (a response that a resumed Claude Code session copies into its new file); later ones are duplicates.
 */
export type Emit = (record: UsageRecord, once?: string) => void;

/** One file of JSON lines, read line by line; a reader may keep state across lines (Claude Code's groups). */
interface LineReader {
  /** A parsed line (see parseJson): emits its records, or returns why it holds none (counted as skipped). Throws BadRecord. */
  line(value: unknown, emit: Emit): string | undefined;
  /** The end of the file: emits what the reader held back; returns how many lines were duplicates. */
  end(emit: Emit): number;
}

/** A log of one JSON object a line (a response, a request's record), told by its first lines. */
export interface LineFormat {
  readonly kind: 'lines';
  /** As --from names it (several formats may share a name: the file's shape picks among them). */
  readonly name: UsageFormatName;
  /** Whether a parsed line is a record of this format (the first lines of a file decide its format). */
  readonly detect: (value: Record<string, unknown>) => boolean;
  /** A reader for one file (its path as given, for what the path says: Claude Code's project). */
  readonly open: (path: string, times: TimeWindow) => LineReader;
  /** Said once per run that reads this format (Claude Code's output counts are a lower bound). */
  readonly note?: string;
  /** Its reader holds lines back to the end of a file (Claude Code's responses): a file is read whole, by one thread. */
  readonly wholeFile?: true;
}

/** Where a document's records go: each read inside record(), so that a bad one is refused or counted where it is. */
export interface DocumentSink {
  readonly emit: Emit;
  /** A part of the document that holds no usage, counted by why. */
  skip(reason: string): void;
  /** Reads the record at `where` (its path in the document): a BadRecord it throws names that place and its line. */
  record(where: readonly (string | number)[], read: () => void): void;
  /** Said once per run (what the source leaves out, as the reader found it). */
  note(text: string): void;
  readonly times: TimeWindow;
}

/**
 * A whole JSON document (an API's page, an array of rows), read at once: they are small. A file may
 * also hold one document a line (pages saved as JSON lines).
 */
export interface DocumentFormat {
  readonly kind: 'document';
  readonly name: UsageFormatName;
  /** Whether a parsed document (the first of a file of one a line) is of this format. */
  readonly detect: (value: unknown) => boolean;
  /** Why a document is known not to be usage (a costs page): refused, or in a folder skipped, with that reason. */
  readonly refuse?: (value: unknown) => string | undefined;
  /** Emits the document's records (parsed by parseJson). */
  readonly records: (value: unknown, sink: DocumentSink) => void;
}

/** A CSV file with a header line. */
export interface CsvFormat {
  readonly kind: 'csv';
  readonly name: UsageFormatName;
  /** Whether a header (its names trimmed and in lower case) is this format's. */
  readonly detect: (header: readonly string[]) => boolean;
  /** A reader for one file's rows, given its header (as written): emits a row's record or returns why it holds none. */
  readonly open: (header: readonly string[], times: TimeWindow) => (row: readonly string[], emit: Emit) => string | undefined;
}

/** A usage format: one file in formats/, listed in detect.ts's USAGE_FORMATS_READ (see ARCHITECTURE.md). */
export type UsageFormat = LineFormat | DocumentFormat | CsvFormat;

/** A whole number of tokens from a JSON value (absent: 0); anything else is a bad record, quoted as the file writes it. */
export function tokens(value: unknown, field: string): number {
  if (value === undefined || value === null) return 0;
  // A number with an exponent that reads back exactly (1e3) is as good as its digits.
  const count = value instanceof SourceNumber && !roundsAway(value.text) ? Number(value.text) : value;
  if (typeof count === 'number' && Number.isSafeInteger(count) && count >= 0) return count;
  throw new BadRecord('tokens', `${field}: ${written(value)} ${notTokens(value instanceof SourceNumber ? Number(value.text) : count)}`);
}

/**
 * Why a count is no number of tokens. From 2^53 on, a number no longer holds every whole number
 * (9007199254740993 reads as ...992): such a count is too large to add up exactly, not a fraction.
 */
function notTokens(count: unknown): string {
  return typeof count === 'number' && count >= 2 ** 53 ? 'is too large to count exactly' : 'is not a whole number of tokens';
}

/** A JSON value as the file writes it (a number that rounds by its own text). */
function written(value: unknown): string {
  return value instanceof SourceNumber ? value.text : JSON.stringify(value);
}

/** The object under a key, or an empty one. */
export function objectAt(value: unknown, key: string): Record<string, unknown> {
  const child = isObject(value) ? value[key] : undefined;
  return isObject(child) ? child : {};
}

/** The object of counts at `key` ({} where there is none); anything else there is a bad record, not no counts. */
export function countsAt(value: Record<string, unknown>, key: string, field: string): Record<string, unknown> {
  const child = value[key];
  if (child === undefined || child === null) return {};
  if (!isObject(child)) throw new BadRecord('tokens', `${field}: ${written(child)} is not an object of counts`);
  return child;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A non-empty string, or undefined. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** The first of a record's names for a field that it gives (not absent or null), else the first name: where a value is read from, for messages. */
export function givenField(value: Record<string, unknown>, ...names: [string, ...string[]]): string {
  return names.find((name) => value[name] !== undefined && value[name] !== null) ?? names[0];
}

/** The model name of a record, which every record needs. */
export function modelName(value: unknown, field = 'model'): string {
  const name = text(value);
  if (name === undefined) throw new BadRecord('model', `${field}: missing (every usage record needs its model)`);
  return name;
}

/**
 * When a record may be: from 2000-01-01 to a year after the run's as-of date. A time outside is no
 * plausible date (a Unix time in milliseconds read as seconds is in the year 55840) and its record
 * is bad, not priced at a day that never was.
 */
export interface TimeWindow {
  readonly asOf: string;
  /** The first moment (ms since 1970) past the day a year after asOf. */
  readonly end: number;
}

const EARLIEST = Date.UTC(2000, 0, 1);

export function timeWindow(asOf: string): TimeWindow {
  const [year = 0, month = 1, day = 1] = asOf.split('-').map(Number);
  return { asOf, end: Date.UTC(year + 1, month - 1, day + 1) };
}

/**
 * ISO 8601 (RFC 3339) as logs write it: a date, or a date and a time of day with seconds and a fraction
 * optional, and an offset optional (without one the time is UTC, as LiteLLM's `2025-01-24 09:20:46.847371`
 * means, whatever the machine's time zone). Nothing else: Date.parse would guess ("June 1" is 2001-06-01 to it).
 */
const ISO_TIME = /^(\d{4}-\d{2}-\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:[Zz]|([+-])(\d{2})(?::?(\d{2}))?)?)?$/;

/**
 * A record's time as ISO text (UTC; a date alone as YYYY-MM-DD), from a JSON value: an ISO date or date-time string, or a Unix
 * time in seconds (OpenAI's `created`); absent or blank is none. Anything else, and a time outside
 * the window, is a bad record. The one time parser of every format (CSV cells through timeCell).
 */
export function timeOf(value: unknown, field: string, times: TimeWindow): string | undefined {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return undefined;
  const shown = written(value);
  if (typeof value === 'number' || value instanceof SourceNumber)
    return secondsTime(typeof value === 'number' ? value : Number(value.text), field, shown, times);
  const text = typeof value === 'string' ? value.trim() : undefined;
  const moment = text === undefined ? undefined : isoMoment(text);
  if (moment === undefined) throw new BadRecord('time', `${field}: ${shown} is not a date or a time`);
  const time = plausible(moment, field, shown, times);
  // A date alone has no time of day (which time-of-day prices need): it stays a date, not midnight.
  return text?.length === 10 ? time.slice(0, 10) : time;
}

/** A time a source writes as text (a CSV cell): empty is none; digits are a Unix time in seconds; else as timeOf reads a string. */
export function timeCell(value: string | undefined, field: string, times: TimeWindow): string | undefined {
  const given = (value ?? '').trim();
  if (/^\d+(\.\d+)?$/.test(given)) return secondsTime(Number(given), field, JSON.stringify(given), times);
  return timeOf(given, field, times);
}

function secondsTime(seconds: number, field: string, shown: string, times: TimeWindow): string {
  if (!Number.isFinite(seconds) || seconds <= 0) throw new BadRecord('time', `${field}: ${shown} is not a date or a time`);
  const moment = seconds * 1000;
  const asMilliseconds = moment >= times.end && seconds >= EARLIEST && seconds < times.end;
  if (asMilliseconds) {
    throw new BadRecord(
      'time',
      `${field}: ${shown} is not a plausible time: it counts milliseconds (${new Date(seconds).toISOString()}), and gacost reads a Unix time in seconds`,
    );
  }
  return plausible(moment, field, shown, times);
}

function plausible(moment: number, field: string, shown: string, times: TimeWindow): string {
  if (moment < EARLIEST) throw new BadRecord('time', `${field}: ${shown} is not a plausible time: before 2000`);
  if (moment >= times.end)
    throw new BadRecord('time', `${field}: ${shown} is not a plausible time: more than a year after the as-of date ${times.asOf}`);
  return new Date(moment).toISOString();
}

/** The moment (ms since 1970) an ISO date or date-time names, or undefined: not one, or no real date or time of day (Feb 30, 24:00). */
function isoMoment(text: string): number | undefined {
  const match = ISO_TIME.exec(text);
  if (match === null) return undefined;
  const [, date = '', hour = '0', minute = '0', second = '0', fraction = '', sign, offsetHours = '0', offsetMinutes = '0'] = match;
  if (
    !isIsoDate(date) ||
    Number(hour) > 23 ||
    Number(minute) > 59 ||
    Number(second) > 59 ||
    Number(offsetHours) > 23 ||
    Number(offsetMinutes) > 59
  )
    return undefined;
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const offset = (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60_000;
  return Date.UTC(year, month - 1, day, Number(hour), Number(minute), Number(second), Number(fraction.padEnd(3, '0').slice(0, 3))) - offset;
}

/** A service tier to price at: standard, default and auto are none. */
export function serviceTier(value: unknown): string | undefined {
  const tier = text(value)?.toLowerCase();
  return tier === undefined || ['standard', 'default', 'auto', 'standard_only'].includes(tier) ? undefined : tier;
}

/**
 * A cost the source reports, as exact decimal text: a JSON number (by its own digits where JSON.parse
 * would round them) or decimal text; absent is none. Anything else, a cost below 0, or a decimal too
 * large or small to sum (past 10^±40), is a bad record: a cost the source gives is never dropped without a word.
 */
export function costOf(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return costCell(value, field);
  const given =
    value instanceof SourceNumber ? value.text : typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
  return reportedCost(given, field, written(value));
}

/** The one rule of a reported cost, `shown` as the file writes it: a decimal that sums exactly, and no charge below 0. */
function reportedCost(given: string | undefined, field: string, shown: string): string {
  const femto = given === undefined ? undefined : reportedFemto(given);
  if (femto === undefined) throw new BadRecord('cost', `${field}: ${shown} is not a decimal number`);
  if (femto < 0n) throw new BadRecord('cost', `${field}: ${shown} is a cost below 0`);
  return given as string;
}

/** A whole number of tokens from a CSV cell (empty: 0); anything else is a bad record. */
export function tokensText(value: string | undefined, field: string): number {
  const given = (value ?? '').trim();
  if (given === '') return 0;
  const count = /^\d+$/.test(given) ? Number(given) : Number.NaN;
  if (Number.isSafeInteger(count)) return count;
  throw new BadRecord('tokens', `${field}: ${JSON.stringify(given)} ${notTokens(count)}`);
}

/** A cost a source writes as text (a CSV cell): its exact decimal text; empty is none; anything else is a bad record. */
export function costCell(value: string | undefined, field: string): string | undefined {
  const given = (value ?? '').trim();
  if (given === '') return undefined;
  return reportedCost(given, field, JSON.stringify(given));
}

/**
 * Where each column a CSV reader reads is, by the names it goes by (`names` as the header's, normalized
 * as the reader compares them); a header that names one twice (`prompt_tokens` and `input_tokens`,
 * `model` twice) is refused: which of them would it be?
 */
export function columnsOf<Column extends string>(
  header: readonly string[],
  names: readonly string[],
  columns: Readonly<Record<Column, readonly string[]>>,
): Record<Column, number | undefined> {
  const index = {} as Record<Column, number | undefined>;
  for (const [column, aliases] of Object.entries(columns) as [Column, readonly string[]][]) {
    const found = names.flatMap((name, at) => (aliases.includes(name) ? [at] : []));
    if (found.length > 1) {
      const [first, second] = found.map((at) => JSON.stringify((header[at] ?? '').trim())) as [string, string];
      throw new BadRecord(
        'csv',
        `columns ${(found[0] as number) + 1} and ${(found[1] as number) + 1} (${first} and ${second}) both name ${aliases[0]}: which is it?`,
      );
    }
    index[column] = found[0];
  }
  return index;
}

/** Checks that the cache reads and writes fit inside the input, and audio, image and video inside what they are part of. */
export function checkedRecord(record: UsageRecord): UsageRecord {
  const cached = record.cachedInputTokens + record.cacheWriteTokens + record.cacheWrite1hTokens;
  if (cached > record.inputTokens) {
    throw new BadRecord('cache', `cache reads and writes (${cached} tokens) exceed all input (${record.inputTokens} tokens)`);
  }
  const media = record.media ?? {};
  const mediaIn = (media.inputAudioTokens ?? 0) + (media.inputImageTokens ?? 0) + (media.inputVideoTokens ?? 0);
  const mediaCached = (media.cachedAudioTokens ?? 0) + (media.cachedImageTokens ?? 0);
  const mediaOut = (media.outputAudioTokens ?? 0) + (media.outputImageTokens ?? 0) + (media.outputVideoTokens ?? 0);
  if (
    mediaIn > record.inputTokens ||
    mediaCached > record.cachedInputTokens ||
    mediaOut > record.outputTokens ||
    (media.cachedAudioTokens ?? 0) > (media.inputAudioTokens ?? 0) ||
    (media.cachedImageTokens ?? 0) > (media.inputImageTokens ?? 0)
  ) {
    throw new BadRecord('cache', `audio, image and video tokens exceed the input, cache reads or output they are part of`);
  }
  const reasoning = record.reasoningTokens ?? 0;
  if (reasoning > record.outputTokens - mediaOut) {
    throw new BadRecord(
      'cache',
      `reasoning tokens (${reasoning}) exceed the text output (${record.outputTokens - mediaOut} tokens) they are part of`,
    );
  }
  return record;
}
