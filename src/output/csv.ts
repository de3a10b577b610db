import { ExactNumber, type Cell, type FlatRecord } from './exact.js';

/** RFC 4180 CSV: a header of the fields, then one line per record. */
export function renderCsv({ fields, records }: { readonly fields: readonly string[]; readonly records: Iterable<FlatRecord> }): string {
  // Each record made into its line as it comes: none outlives its line (--by session writes a line a session).
  const lines = [fields.map((field) => quote(field)).join(',')];
  for (const record of records) lines.push(fields.map((field) => cell(record[field] ?? null)).join(','));
  return lines.join('\n') + '\n';
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
