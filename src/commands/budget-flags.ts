import type { Command, OptionValues } from '@commander-js/extra-typings';
import { cachedShareOption, inputShareOption } from './pricing-flags.js';

/**
 * The flags of the commands that gate budget files, declared once: check and diff. The token mix of the
 * workloads that set none (without --usage: measured traffic has its own), and what a broken budget does.
 */
export function withBudgetGateFlags<Args extends unknown[], Opts extends OptionValues, Globals extends OptionValues>(
  command: Command<Args, Opts, Globals>,
  says: { readonly warnOnly: string; readonly github: string },
) {
  return command
    .addOption(
      inputShareOption(
        'without --usage: share of all tokens that are input, e.g. 75% (default: every token priced as output); for the workloads that set no input_share',
      ),
    )
    .addOption(cachedShareOption('without --usage: share of input tokens read from cache, e.g. 50%'))
    .option('--cache-write-share <share>', 'without --usage: share of input tokens written to the cache, e.g. 10%')
    .option('--warn-only', says.warnOnly)
    .option('--github', `${says.github} (default on a runner: GITHUB_ACTIONS=true)`)
    .option('--no-github', 'no annotations, also on a runner');
}
