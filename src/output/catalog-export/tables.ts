import { type CatalogTables, EXPORT_PRICE_KEYS, type PriceRow, type RuleRow } from '../../core/catalog-export.js';
import { renderCsv } from '../csv.js';
import { exact } from '../exact.js';

/** The export's CSV and JSON lines: one table a run, a record a row, the columns in the SQL tables' order. */

export const PRICE_COLUMNS = ['model_id', 'provider', 'valid_from', 'valid_to', 'tier', 'context_above', ...EXPORT_PRICE_KEYS] as const;
export const RULE_COLUMNS = ['model_id', 'provider', 'provider_order', 'model_order', 'scope', 'alternative', 'kind', 'pattern'] as const;

export const EXPORT_TABLES = ['prices', 'rules'] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];

export function priceRecord(row: PriceRow): Record<string, string | null> {
  return {
    model_id: row.model_id,
    provider: row.provider,
    valid_from: row.valid_from,
    valid_to: row.valid_to,
    tier: row.tier,
    context_above: row.context_above,
    ...row.prices,
  };
}

export function ruleRecord(row: RuleRow): Record<string, string | number | null> {
  return {
    model_id: row.model_id,
    provider: row.provider,
    provider_order: row.provider_order,
    model_order: row.model_order,
    scope: row.scope,
    alternative: row.alternative,
    kind: row.kind,
    pattern: row.pattern,
  };
}

/**
 * RFC 4180 quoting, LF line ends as gacost's other CSV; empty is NULL. Unlike the reports' CSV, no text
 * is prefixed against spreadsheet formulas: these are data to load, and a pattern may begin with `-`.
 */
export function exportCsv(tables: CatalogTables, table: ExportTable): string {
  const [fields, records] =
    table === 'prices' ? [PRICE_COLUMNS, tables.prices.map(priceRecord)] : [RULE_COLUMNS, tables.rules.map(ruleRecord)];
  const cells = records.map((record) =>
    Object.fromEntries(Object.entries(record).map(([key, value]) => [key, typeof value === 'number' ? exact(String(value)) : value])),
  );
  return renderCsv({ fields, records: cells }, { formulaGuard: false });
}

/** One JSON object a line; prices as decimal strings (exact), absent values as null. */
export function exportJsonLines(tables: CatalogTables, table: ExportTable): string {
  const records = table === 'prices' ? tables.prices.map(priceRecord) : tables.rules.map(ruleRecord);
  return records.map((record) => `${JSON.stringify(record)}\n`).join('');
}
