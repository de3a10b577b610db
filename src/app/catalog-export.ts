import type { Catalog } from '../core/catalog.js';
import { catalogTables } from '../core/catalog-export.js';
import { exportSql } from '../output/catalog-export/sql.js';
import { type Dialect, regexConcerns, SQL_DIALECTS } from '../output/catalog-export/sql-dialects.js';
import { EXPORT_TABLES, type ExportTable, exportCsv, exportJsonLines } from '../output/catalog-export/tables.js';

export { EXPORT_TABLES };

import { GacostError } from '../errors.js';
import { OPTION_KEYS, type OptionNames } from './options.js';

export const EXPORT_FORMATS = ['csv', 'jsonl', 'sql'] as const;

export interface CatalogExportOptions {
  /** csv (default), jsonl or sql. */
  readonly format?: (typeof EXPORT_FORMATS)[number];
  /** With csv or jsonl: which table (default prices). */
  readonly table?: ExportTable;
  /** With sql: the SQL dialect (default duckdb). */
  readonly dialect?: Dialect;
}

export interface CatalogExport {
  readonly text: string;
  /** The models whose time-of-day prices the price table leaves out (it holds all-day prices). */
  readonly timeOfDayLeftOut: readonly string[];
  /** The match rules whose regex the SQL dialect may not read as gacost does, each "model: pattern (why)". */
  readonly regexConcerns: readonly string[];
}

/**
 * The catalog as tables for a warehouse, as `gacost catalog export`: its dated prices and its match
 * rules, as CSV or JSON lines (one table a call), or a SQL script that creates both and a view pricing
 * a `usage` table as usageReport does (docs/warehouse.md).
 */
export function catalogExport(catalog: Catalog, options: CatalogExportOptions = {}, names: OptionNames = OPTION_KEYS): CatalogExport {
  const format = options.format ?? 'csv';
  if (format === 'sql' && options.table !== undefined) {
    throw new GacostError(
      'invalid-option',
      `${names('table')} applies to ${names('format')} csv or jsonl: the SQL script creates both tables`,
    );
  }
  if (format !== 'sql' && options.dialect !== undefined)
    throw new GacostError('invalid-option', `${names('dialect')} applies to ${names('format')} sql`);
  const tables = catalogTables(catalog);
  const table: ExportTable = options.table ?? 'prices';
  const timeOfDayLeftOut = format === 'sql' || table === 'prices' ? tables.timeOfDayLeftOut : [];
  if (format !== 'sql')
    return { text: format === 'csv' ? exportCsv(tables, table) : exportJsonLines(tables, table), timeOfDayLeftOut, regexConcerns: [] };
  const dialect: Dialect = options.dialect ?? 'duckdb';
  const concerns = tables.rules.flatMap((rule) => {
    const concern = rule.kind === 'regex' || rule.kind === 'not_regex' ? regexConcerns(rule.pattern, SQL_DIALECTS[dialect]) : undefined;
    return concern === undefined ? [] : [`${rule.model_id ?? rule.provider}: ${JSON.stringify(rule.pattern)} (${concern})`];
  });
  return { text: exportSql(tables, dialect, { version: catalog.version, hash: catalog.hash }), timeOfDayLeftOut, regexConcerns: concerns };
}
