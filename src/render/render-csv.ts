import type { Renderer } from './formats.js';
import {
  budgetLineRecord,
  CHECK_FIELDS,
  COMPARE_FIELDS,
  DIFF_FIELDS,
  diffRecords,
  FORECAST_FIELDS,
  forecastRecords,
  rankingRecords,
  checkRecords,
  ExactNumber,
  MODEL_FIELDS,
  modelRecords,
  projectionFields,
  projectionRecords,
  type Cell,
  type FlatRecord,
} from './records.js';

export const renderCsv: Renderer = (result) => {
  switch (result.kind) {
    case 'projection':
      return toCsv(projectionFields(result), projectionRecords(result));
    case 'models':
      return toCsv(MODEL_FIELDS, modelRecords(result));
    case 'compare':
      return toCsv(COMPARE_FIELDS, rankingRecords(result));
    case 'diff':
      return toCsv(DIFF_FIELDS, diffRecords(result));
    case 'forecast':
      return toCsv(FORECAST_FIELDS, forecastRecords(result));
    case 'check':
      // The total is the last row, named "total" with no model, so a sheet can sum or look it up.
      return toCsv(CHECK_FIELDS, [
        ...checkRecords(result),
        { name: 'total', model: null, tokens: null, ...budgetLineRecord(result.total) },
      ]);
  }
};

function toCsv(fields: readonly string[], records: readonly FlatRecord[]): string {
  const lines = [fields.map((field) => quote(field)), ...records.map((record) => fields.map((field) => cell(record[field] ?? null)))];
  return lines.map((line) => line.join(',')).join('\n') + '\n';
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
