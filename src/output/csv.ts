import { type Cell, ExactNumber, type FlatRecord } from './exact.js';

/** RFC 4180 CSV: a header of the fields, then one line per record. */
export function renderCsv(table: CsvTable, options?: CsvOptions): string {
  return [...csvPieces(table, options)].join('');
}

type CsvTable = { readonly fields: readonly string[]; readonly records: Iterable<FlatRecord> };

export interface CsvOptions {
  /**
   * Prefixes text that begins with =, +, -, @, tab or CR with ' so that a spreadsheet never runs it as a
   * formula (the default: reports are opened in spreadsheets). Off for data to load as it is (catalog
   * export: a match pattern may begin with -).
   */
  readonly formulaGuard?: boolean;
}

/** Characters of CSV a piece holds, about: enough that writing a piece at a time costs nothing more. */
const PIECE_LENGTH = 1 << 16;

/**
 * The same CSV in pieces of whole lines, to be written one after another: each record is made into its
 * line as it comes, and no line outlives its piece (--by session writes a line a session: a million
 * lines held at once, then joined, then copied into bytes, were the largest part of such a run's memory).
 */
export function* csvPieces({ fields, records }: CsvTable, { formulaGuard = true }: CsvOptions = {}): Generator<string, void, undefined> {
  let piece = `${fields.map((field) => quote(field)).join(',')}\n`;
  for (const record of records) {
    piece += `${fields.map((field) => cell(record[field] ?? null, formulaGuard)).join(',')}\n`;
    if (piece.length >= PIECE_LENGTH) {
      yield piece;
      piece = '';
    }
  }
  if (piece !== '') yield piece;
}

/** Numbers stay plain; empty is null; text is quoted per RFC 4180 (and where it begins or ends with a space, which some readers trim). */
function cell(value: Cell, formulaGuard: boolean): string {
  if (value === null) return '';
  if (value instanceof ExactNumber) return value.text;
  return quote(formulaGuard && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
}

function quote(text: string): string {
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}
