import type { BillCategory, BillLine } from '../core/reconcile.js';
import { reportedFemto } from '../core/usage.js';
import { GacostError } from '../errors.js';
import { SourceNumber } from '../usage/json-numbers.js';
import { BadRecord, text, timeOf, timeWindow } from '../usage/usage-format.js';

/** The bill sources `gacost reconcile` reads (declared once: commander's --bill-from choices come from here). */
export const BILL_SOURCE_NAMES = [
  'openai-costs',
  'anthropic-costs',
  'openrouter',
  'openrouter-activity',
  'litellm',
  'focus',
  'csv',
] as const;
export type BillSourceName = (typeof BILL_SOURCE_NAMES)[number];

/** Where a value of a document is, as file:line, for a line and for a message about it. */
type PlaceOf = (path: readonly (string | number)[]) => string;

/** A bill of JSON: an API's page, several (an array, or one a line), or records one a line. */
export interface JsonBillSource {
  readonly kind: 'json';
  /** As --bill-from names it. */
  readonly name: BillSourceName;
  /** What it reads, in words (the report names the source of each bill by it). */
  readonly title: string;
  /** Whether a parsed document (the first of a file of one a line) is this source's. */
  readonly detect: (document: unknown) => boolean;
  /** The document's lines, each placed by `placeOf`; a value it cannot read is refused (invalid-bill) at its place. */
  readonly lines: (document: unknown, placeOf: PlaceOf) => BillLine[];
}

/** A bill of CSV with a header line. */
export interface CsvBillSource {
  readonly kind: 'csv';
  readonly name: BillSourceName;
  readonly title: string;
  /** Whether a header (names trimmed and in lower case) is this source's. */
  readonly detect: (header: readonly string[]) => boolean;
  /**
   * A reader of one file's rows, given its header (names trimmed and in lower case; `headerAt` its
   * file:line): a row's lines, `where` its file:line; a cell it cannot read is refused there.
   */
  readonly open: (header: readonly string[], headerAt: string) => (row: readonly string[], where: string) => BillLine[];
}

export type BillSource = JsonBillSource | CsvBillSource;

/** A bill line that cannot be read: refused with its place and why. */
export function badLine(where: string, reason: string): GacostError {
  return new GacostError('invalid-bill', `${where}: ${reason}`);
}

/** An amount as exact decimal text read into 10^-15 units (signed): a JSON number by its own digits, or text; `cents` for sources that give the smallest unit. */
export function amountOf(value: unknown, field: string, where: string, options: { readonly cents?: boolean } = {}): bigint {
  const given =
    value instanceof SourceNumber
      ? value.text
      : typeof value === 'number' && Number.isFinite(value)
        ? String(value)
        : typeof value === 'string'
          ? value.trim()
          : undefined;
  const units = given === undefined || given === '' ? undefined : reportedFemto(given);
  if (units === undefined) throw badLine(where, `${field}: ${shown(value)} is not a decimal amount`);
  if (options.cents !== true) return units;
  if (units % 100n !== 0n) throw badLine(where, `${field}: ${shown(value)} cents is more precise than gacost keeps`);
  return units / 100n;
}

/** Bills are no logs: any date from 2000 to 2100 is plausible (a time in milliseconds is still told from one in seconds). */
const BILL_TIMES = timeWindow('2099-12-31');

/** The UTC day of a time (ISO text, or a Unix time in seconds); absent where the value is none. */
export function dayOf(value: unknown, field: string, where: string): string | undefined {
  return timeAt(value, field, where)?.slice(0, 10);
}

/** The last day a period whose end is exclusive (a bucket's end_time, FOCUS's ChargePeriodEnd) covers. */
export function lastDayBefore(value: unknown, field: string, where: string): string | undefined {
  const time = timeAt(value, field, where);
  if (time === undefined) return undefined;
  const moment = Date.parse(time.length === 10 ? `${time}T00:00:00Z` : time);
  return new Date(moment - 1).toISOString().slice(0, 10);
}

function timeAt(value: unknown, field: string, where: string): string | undefined {
  const given = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  try {
    return timeOf(given, field, BILL_TIMES);
  } catch (error) {
    if (error instanceof BadRecord) throw badLine(where, error.message);
    throw error;
  }
}

/** A currency code, upper case (APIs write usd); absent or not a code is refused. */
export function currencyOf(value: unknown, field: string, where: string): string {
  const code = text(value)?.toUpperCase();
  if (code === undefined || !/^[A-Z]{3}$/.test(code)) throw badLine(where, `${field}: ${shown(value)} is not a currency code such as USD`);
  return code;
}

/** What a line item's words say it charges for, where they say (web search, storage, …); undefined: tokens, or nothing said. */
export function categoryOfWords(words: string | undefined): Exclude<BillCategory, 'usage'> | undefined {
  if (words === undefined) return undefined;
  if (/web[ _-]?search|search[ _-]?(tool|quer)|grounding/i.test(words)) return 'web-search';
  if (/file[ _-]?search|storage|vector[ _-]?store|container/i.test(words)) return 'storage';
  if (/fine[ _-]?tun|training/i.test(words)) return 'fine-tuning';
  if (/\bbatch/i.test(words)) return 'batch';
  if (/\b(tax|vat|gst)\b/i.test(words)) return 'tax';
  if (/credit|refund|discount/i.test(words)) return 'credit';
  return undefined;
}

/** The items of a document that is a list of them, or one. */
export const itemsOf = (document: unknown): unknown[] => (Array.isArray(document) ? document : [document]);

function shown(value: unknown): string {
  if (value instanceof SourceNumber) return value.text;
  return value === undefined ? 'absent' : JSON.stringify(value);
}
