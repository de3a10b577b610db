import { type Command, Option, type OptionValues } from '@commander-js/extra-typings';
import { USAGE_FORMATS } from '../usage/usage-format.js';

/**
 * How usage logs are read, declared once for the commands that read them beside their own work: check
 * and diff (with --usage), init (with --from-usage).
 */
export function withUsageReadFlags<Args extends unknown[], Opts extends OptionValues, Globals extends OptionValues>(
  command: Command<Args, Opts, Globals>,
  usage: '--usage' | '--from-usage',
) {
  return command
    .addOption(
      new Option('--from <format>', `with ${usage}: the format of every source (default: told by each file)`).choices(USAGE_FORMATS),
    )
    .option('--provider <key>', `with ${usage}: the provider of records that name none`)
    .option('--skip-bad', `with ${usage}: skip and count records gacost cannot read, rather than refusing the input`);
}
