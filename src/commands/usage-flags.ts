import { type Command, Option, type OptionValues } from '@commander-js/extra-typings';
import { USAGE_FORMATS } from '../usage/format-names.js';

/** The provider of records that name none, for the commands that read logs beside their own work. */
export const usageProviderOption = (usage: '--usage' | '--from-usage') =>
  new Option('--provider <key>', `with ${usage}: the provider of records that name none`);

/**
 * How usage logs are read, declared once for the commands that read them beside their own work: the
 * format and --skip-bad (project, compare and forecast with --from-usage), and the provider (check and
 * diff with --usage, init, project and forecast: compare's --provider picks the providers it ranks).
 */
export function withUsageFormatFlags<Args extends unknown[], Opts extends OptionValues, Globals extends OptionValues>(
  command: Command<Args, Opts, Globals>,
  usage: '--usage' | '--from-usage',
) {
  return command
    .addOption(
      new Option('--from <format>', `with ${usage}: the format of every source (default: told by each file)`).choices(USAGE_FORMATS),
    )
    .option('--skip-bad', `with ${usage}: skip and count records gacost cannot read, rather than refusing the input`);
}

export function withUsageReadFlags<Args extends unknown[], Opts extends OptionValues, Globals extends OptionValues>(
  command: Command<Args, Opts, Globals>,
  usage: '--usage' | '--from-usage',
) {
  return withUsageFormatFlags(command, usage).addOption(usageProviderOption(usage));
}
