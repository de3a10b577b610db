import { type Command, Option, type OptionValues } from '@commander-js/extra-typings';
import { FORMATS, type Format } from '../output/render.js';

/** --out-file, on every command that writes a result or a file. */
export const outFileOption = (description = 'write the result to a file (whole or not at all) instead of stdout, - for stdout') =>
  new Option('--out-file <path>', description);

/**
 * --format, --json (short for --format json: the CLI's preAction hook sets --format from it) and
 * --out-file, on every command that prints a result.
 */
export function withOutputFlags<Args extends unknown[], Opts extends OptionValues, Globals extends OptionValues>(
  command: Command<Args, Opts, Globals>,
) {
  return command
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('table' as Format))
    .option('--json', 'short for --format json')
    .option('--wide', 'the table with every column whole, however wide (by default it fits the terminal, or 80 columns)')
    .addOption(outFileOption());
}

/** --format and --out-file as commander gives them, typed by their declarations above. */
export type OutputFlags = ReturnType<ReturnType<typeof withOutputFlags<[], {}, {}>>['opts']>;
