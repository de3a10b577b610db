import { Command, Option } from '@commander-js/extra-typings';
import { catalogTables } from '../core/catalog-export.js';
import { DIALECTS, regexConcerns, SQL_DIALECTS, type Dialect } from '../output/catalog-export/sql-dialects.js';
import { exportSql } from '../output/catalog-export/sql.js';
import { EXPORT_TABLES, exportCsv, exportJsonLines, type ExportTable } from '../output/catalog-export/tables.js';
import { GacostError } from '../errors.js';
import { writeOutputFile } from '../io/write-output.js';
import type { CommandHost } from './context.js';

const EXPORT_FORMATS = ['csv', 'jsonl', 'sql'] as const;

/**
 * The catalog in force as tables for a warehouse: its dated prices and its match rules, as CSV or JSON
 * lines (one table a run, --table), or as a SQL script that creates both and a view pricing a `usage`
 * table as `gacost usage` does (docs/warehouse.md).
 */
export const catalogExportCommand = (host: CommandHost) =>
  new Command('export')
    .description('write the catalog as a dated price table and a match-rule table (CSV, JSON lines) or a SQL script with a view that prices a usage table')
    .addOption(new Option('--format <format>', 'output format').choices(EXPORT_FORMATS).default('csv' as (typeof EXPORT_FORMATS)[number]))
    .addOption(new Option('--table <table>', 'with csv or jsonl: which table').choices(EXPORT_TABLES))
    .addOption(new Option('--dialect <dialect>', 'with sql: the SQL dialect (default duckdb)').choices(DIALECTS))
    .option('--out-file <path>', 'write the result to a file (whole or not at all) instead of stdout, - for stdout')
    .action(async (flags) => {
      if (flags.format === 'sql' && flags.table !== undefined) {
        throw new GacostError('invalid-option', '--table applies to --format csv or jsonl: the SQL script creates both tables');
      }
      if (flags.format !== 'sql' && flags.dialect !== undefined) {
        throw new GacostError('invalid-option', '--dialect applies to --format sql');
      }
      const catalog = await host.context().catalog();
      const tables = catalogTables(catalog);
      const table: ExportTable = flags.table ?? 'prices';
      const timed = tables.timeOfDayLeftOut;
      if (timed.length > 0 && (flags.format === 'sql' || table === 'prices')) {
        host.stderrLine(`gacost: warning: the price table holds all-day prices: the time-of-day prices of ${timed.length} ${timed.length === 1 ? 'model' : 'models'} (${timed.slice(0, 5).join(', ')}${timed.length > 5 ? ', …' : ''}) are not in it`);
      }
      let text: string;
      if (flags.format === 'sql') {
        const dialect: Dialect = flags.dialect ?? 'duckdb';
        text = exportSql(tables, dialect, { version: catalog.version, hash: catalog.hash });
        const concerns = tables.rules.flatMap((rule) => {
          const concern = rule.kind === 'regex' || rule.kind === 'not_regex' ? regexConcerns(rule.pattern, SQL_DIALECTS[dialect]) : undefined;
          return concern === undefined ? [] : [`${rule.model_id ?? rule.provider}: ${JSON.stringify(rule.pattern)} (${concern})`];
        });
        for (const concern of concerns) host.stderrLine(`gacost: warning: ${dialect} may not read this regex as gacost does: ${concern}`);
      } else {
        text = flags.format === 'csv' ? exportCsv(tables, table) : exportJsonLines(tables, table);
      }
      if (flags.outFile === undefined || flags.outFile === '-') host.io.stdout(text);
      else writeOutputFile(flags.outFile, text, host.io.cwd, host.inputs);
    });
