import { ExactNumber, type Cell, type FlatRecord } from './exact.js';

/** RFC 4180 CSV: a header of the fields, then one line per record. */
export function renderCsv(table: CsvTable): string {
  return [...csvPieces(table)].join('');
}

type CsvTable = { readonly fields: readonly string[]; readonly records: Iterable<FlatRecord> };

/** Characters of CSV a piece holds, about: enough that writing a piece at a time costs nothing more. */
const PIECE_LENGTH = 1 << 16;

/**
 * The same CSV in pieces of whole lines, to be written one after another: each record is made into its
 * line as it comes, and no line outlives its piece (--by session writes a line a session: a million
 * lines held at once, then joined, then copied into bytes, were the largest part of such a run's memory).
 */
export function* csvPieces({ fields, records }: CsvTable): Generator<string, void, undefined> {
  let piece = `${fields.map((field) => quote(field)).join(',')}\n`;
  for (const record of records) {
    piece += `${fields.map((field) => cell(record[field] ?? null)).join(',')}\n`;
    if (piece.length >= PIECE_LENGTH) {
      yield piece;
      piece = '';
    }
  }
  if (piece !== '') yield piece;
}

/** Numbers stay plain; text is quoted per RFC 4180 and kept from being read as a formula. */
function cell(value: Cell): string {
  if (value === null) return '';
  if (value instanceof ExactNumber) return value.text;
  return quote(/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
}

function quote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
