import type { UsageRecord } from '../core/usage.js';

/** The formats `gacost usage` reads (declared once: commander's --from choices come from here). */
export const USAGE_FORMATS = ['openai', 'openai-usage', 'anthropic', 'claude-code', 'gemini', 'litellm', 'csv'] as const;
export type UsageFormatName = (typeof USAGE_FORMATS)[number];

/** Why records are bad, as --skip-bad counts them. */
export const BAD_KINDS = {
  json: 'lines that are not valid JSON',
  tokens: 'records with a token count that is not a whole number of 0 or more',
  model: 'records without a model',
  cache: 'records whose token counts do not add up (cache reads and writes, or audio, image and video tokens, above the total they are part of)',
  csv: 'CSV rows that cannot be read',
  time: 'records with a time that is not a date',
  cost: 'records with a cost that is not a decimal number',
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
export interface LineReader {
  /** A parsed line (and its text, for a number's own digits): emits its records, or returns why it holds none (counted as skipped). Throws BadRecord. */
  line(value: unknown, emit: Emit, text: string): string | undefined;
  /** The end of the file: emits what the reader held back; returns how many lines were duplicates. */
  end(emit: Emit): number;
}

export interface LineFormat {
  readonly kind: 'lines';
  readonly name: UsageFormatName;
  /** Whether a parsed line is a record of this format (the first lines of a file decide its format). */
  readonly detect: (value: Record<string, unknown>) => boolean;
  /** A reader for one file (its path as given, for what the path says: Claude Code's project). */
  readonly open: (path: string) => LineReader;
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
}

/**
 * A whole JSON document (an API's page, an array of rows), read at once: they are small. A file may
 * also hold one document a line (pages saved as JSON lines).
 */
export interface DocumentFormat {
  readonly kind: 'document';
  readonly name: UsageFormatName;
  readonly detect: (value: unknown) => boolean;
  /** Why a document is known not to be usage (a costs page): refused, or in a folder skipped, with that reason. */
  readonly refuse?: (value: unknown) => string | undefined;
  /** Emits the document's records; `text` is its source text, for a number's own digits. */
  readonly records: (value: unknown, sink: DocumentSink, text: string) => void;
}

/** A CSV file with a header line. */
export interface CsvFormat {
  readonly kind: 'csv';
  readonly name: UsageFormatName;
  /** Whether a header (its names trimmed and in lower case) is this format's. */
  readonly detect: (header: readonly string[]) => boolean;
  /** A reader for one file's rows, given its header (as written): emits a row's record or returns why it holds none. */
  readonly open: (header: readonly string[]) => (row: readonly string[], emit: Emit) => string | undefined;
}

export type UsageFormat = LineFormat | DocumentFormat | CsvFormat;

/** A whole number of tokens from a JSON value (absent: 0); anything else is a bad record. */
export function tokens(value: unknown, field: string): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  throw new BadRecord('tokens', `${field}: ${JSON.stringify(value)} is not a whole number of tokens`);
}

/** The object under a key, or an empty one. */
export function objectAt(value: unknown, key: string): Record<string, unknown> {
  const child = isObject(value) ? value[key] : undefined;
  return isObject(child) ? child : {};
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A non-empty string, or undefined. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** The model name of a record, which every record needs. */
export function modelName(value: unknown, field = 'model'): string {
  const name = text(value);
  if (name === undefined) throw new BadRecord('model', `${field}: missing (every usage record needs its model)`);
  return name;
}

/**
 * A time as ISO text: a string as given, a Unix time in seconds (OpenAI's `created`) as UTC. A date
 * and time without an offset (LiteLLM's `2025-01-24 09:20:46.847371`) is UTC, as a date alone is,
 * whatever the machine's time zone.
 */
export function timeOf(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return new Date(value * 1000).toISOString();
  const given = text(value)?.trim();
  if (given === undefined) return undefined;
  const local = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/.exec(given);
  const time = Date.parse(local === null ? given : `${local[1]}T${local[2]}Z`);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/** A service tier to price at: standard, default and auto are none. */
export function serviceTier(value: unknown): string | undefined {
  const tier = text(value)?.toLowerCase();
  return tier === undefined || ['standard', 'default', 'auto', 'standard_only'].includes(tier) ? undefined : tier;
}

/** A cost the source reports (a number, or decimal text) as decimal text; the reader passes the number's own text. */
export function costText(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  const given = text(value);
  return given !== undefined && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(given.trim()) ? given.trim() : undefined;
}

/** A whole number of tokens from a CSV cell (empty: 0); anything else is a bad record. */
export function tokensText(value: string | undefined, field: string): number {
  const given = (value ?? '').trim();
  if (given === '') return 0;
  const count = /^\d+$/.test(given) ? Number(given) : Number.NaN;
  if (Number.isSafeInteger(count)) return count;
  throw new BadRecord('tokens', `${field}: ${JSON.stringify(given)} is not a whole number of tokens`);
}

/** A cost a source writes as text (a CSV cell): its exact decimal text; empty is none; anything else is a bad record. */
export function costCell(value: string | undefined, field: string): string | undefined {
  const given = (value ?? '').trim();
  if (given === '') return undefined;
  const cost = costText(given);
  if (cost === undefined) throw new BadRecord('cost', `${field}: ${JSON.stringify(given)} is not a decimal number`);
  return cost;
}

/** A time a source writes as text (a CSV cell); empty is none; anything else is a bad record. */
export function timeCell(value: string | undefined, field: string): string | undefined {
  const given = (value ?? '').trim();
  if (given === '') return undefined;
  // An ISO 8601 date or date-time, or a Unix time in seconds; not what Date.parse would guess ("June 1" is 2001-06-01 to it).
  const seconds = /^\d{1,11}(\.\d+)?$/.test(given);
  const time = seconds || /^\d{4}-\d{2}-\d{2}([T ]|$)/.test(given) ? timeOf(seconds ? Number(given) : given) : undefined;
  if (time === undefined) throw new BadRecord('time', `${field}: ${JSON.stringify(given)} is not a date or a time`);
  return time;
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
  if (mediaIn > record.inputTokens || mediaCached > record.cachedInputTokens || mediaOut > record.outputTokens
    || (media.cachedAudioTokens ?? 0) > (media.inputAudioTokens ?? 0) || (media.cachedImageTokens ?? 0) > (media.inputImageTokens ?? 0)) {
    throw new BadRecord('cache', `audio, image and video tokens exceed the input, cache reads or output they are part of`);
  }
  return record;
}
