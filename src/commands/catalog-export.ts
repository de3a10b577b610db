import { Command, Option } from '@commander-js/extra-typings';
import { catalogExport, EXPORT_FORMATS, EXPORT_TABLES } from '../app/catalog-export.js';
import { writeOutputFile } from '../io/write-output.js';
import { DIALECTS } from '../output/catalog-export/sql-dialects.js';
import { counted } from '../output/words.js';
import { type CommandSpec, flagName } from './context.js';
import { outFileOption } from './output-flags.js';

/**
 * The catalog in force as tables for a warehouse: its dated prices and its match rules, as CSV or JSON
 * lines (one table a run, --table), or as a SQL script that creates both and a view pricing a `usage`
 * table as `gacost usage` does (docs/warehouse.md).
 */
export const catalogExportCommand: CommandSpec = {
  globals: ['catalog'],
  examples: [
    'catalog export',
    'catalog export --table rules --format jsonl',
    'catalog export --format sql --dialect postgres --out-file prices.sql',
  ],
  declare: (host) =>
    new Command('export')
      .description(
        'write the catalog as a dated price table and a match-rule table (CSV, JSON lines) or a SQL script with a view that prices a usage table',
      )
      .addOption(new Option('--format <format>', 'output format').choices(EXPORT_FORMATS).default('csv' as (typeof EXPORT_FORMATS)[number]))
      .addOption(new Option('--table <table>', 'with csv or jsonl: which table').choices(EXPORT_TABLES))
      .addOption(new Option('--dialect <dialect>', 'with sql: the SQL dialect (default duckdb)').choices(DIALECTS))
      .addOption(outFileOption())
      .action(async (flags) => {
        const catalog = await host.context().catalog();
        const exported = catalogExport(catalog, { format: flags.format, table: flags.table, dialect: flags.dialect }, flagName);
        const timed = exported.timeOfDayLeftOut;
        if (timed.length > 0) {
          host.stderrLine(
            `gacost: warning: the price table holds all-day prices: the time-of-day prices of ${counted(timed.length, 'model')} (${timed.slice(0, 5).join(', ')}${timed.length > 5 ? ', …' : ''}) are not in it`,
          );
        }
        for (const concern of exported.regexConcerns)
          host.stderrLine(`gacost: warning: ${flags.dialect ?? 'duckdb'} may not read this regex as gacost does: ${concern}`);
        if (flags.outFile === undefined || flags.outFile === '-') host.io.stdout(exported.text);
        else writeOutputFile(flags.outFile, exported.text, host.io.cwd, host.inputs);
      }),
};
