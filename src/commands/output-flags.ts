import { type Command, Option, type OptionValues } from '@commander-js/extra-typings';
import { GacostError } from '../errors.js';
import { FORMATS, type Format } from '../output/render.js';

/** --out-file, on every command that writes a result or a file. */
export const outFileOption = (
  description = 'write the result to a file (whole or not at all) instead of stdout, - for stdout; an extension naming a format (.json, .csv, .md, .html) sets --format',
) => new Option('--out-file <path>', description);

/** The formats of every result; FOCUS, a dataset of priced usage (and bills), is usage's and reconcile's alone. */
const RESULT_FORMATS = FORMATS.filter((format) => format !== 'focus');

/**
 * --format, --json (short for --format json) and --out-file, on every command that prints a result;
 * the CLI's preAction hook settles --format from the three (settleFormat).
 */
export function withOutputFlags<Args extends unknown[], Opts extends OptionValues, Globals extends OptionValues>(
  command: Command<Args, Opts, Globals>,
  formats: readonly Format[] = RESULT_FORMATS,
) {
  return command
    .addOption(new Option('--format <format>', 'output format').choices(formats).default('table' as Format))
    .option('--json', 'short for --format json')
    .option('--wide', 'the table with every column whole, however wide (by default it fits the terminal, or 80 columns)')
    .addOption(outFileOption());
}

/** --format and --out-file as commander gives them, typed by their declarations above. */
export type OutputFlags = ReturnType<ReturnType<typeof withOutputFlags<[], {}, {}>>['opts']>;

/** The format an --out-file's extension names, where the command has that format (catalog export has sql, not html). */
const EXTENSION_FORMATS: Readonly<Record<string, string>> = {
  json: 'json',
  csv: 'csv',
  md: 'markdown',
  html: 'html',
  jsonl: 'jsonl',
  sql: 'sql',
};

/**
 * The format a run writes: --format, or --json (--format json), or else the format the --out-file's
 * extension names (report.html is a page), or else the default. Two of them that disagree are refused,
 * not settled by a rule the user has to know.
 */
export function settleFormat(command: Command<any, any, any>): void {
  const options = command.opts() as { json?: boolean; format?: string; outFile?: string };
  const given = command.getOptionValueSource('format') === 'cli' ? options.format : undefined;
  if (options.json === true && given !== undefined && given !== 'json') {
    throw new GacostError('conflicting-options', `--json is --format json, which --format ${given} contradicts: give one of them`);
  }
  const chosen = options.json === true ? 'json' : given;
  const extension = /\.([^./\\]+)$/.exec(options.outFile ?? '')?.[1]?.toLowerCase();
  const named = extension === undefined ? undefined : EXTENSION_FORMATS[extension];
  const choices = command.options.find((option) => option.long === '--format')?.argChoices ?? [];
  const fromFile = named !== undefined && choices.includes(named) ? named : undefined;
  // A FOCUS dataset is a CSV file: .csv agrees with --format focus (and, alone, still means plain CSV).
  if (chosen !== undefined && fromFile !== undefined && chosen !== fromFile && !(chosen === 'focus' && fromFile === 'csv')) {
    throw new GacostError(
      'conflicting-options',
      `${options.json === true ? '--json' : `--format ${chosen}`} contradicts --out-file ${options.outFile}, whose extension says ${fromFile}: give one of them, or another extension`,
    );
  }
  const format = chosen ?? fromFile;
  if (format !== undefined) command.setOptionValue('format', format);
}
