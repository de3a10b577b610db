import { type Command, Option, type OptionValues } from '@commander-js/extra-typings';
import type { ObservedUsage } from '../app/from-usage.js';
import type { PricingOptions } from '../app/options.js';
import type { Catalog } from '../core/catalog.js';
import { formatTokens } from '../core/quantity.js';
import { GacostError } from '../errors.js';
import { agree, counted } from '../output/words.js';
import { type CommandContext, type CommandHost, cliReadIo, warnRulePriced } from './context.js';
import { withUsageFormatFlags } from './usage-flags.js';

/**
 * The flags several commands share, each declared here once: a routing mix (compare, project,
 * forecast, catalog diff, usage) and the token mix (those and check).
 */
export const mixOption = (
  description = 'add a routing mix: model=percent pairs, e.g. deepseek-v4-flash=90,qwen3-32b=5,deepseek-r1=5 (shares of traffic, summing to 100; one mix per run)',
) => new Option('--mix <model=percent,…>', description);
export const inputShareOption = (
  description = 'share of all tokens that are input, e.g. 75% or 0.75 (default: every token priced as output)',
) => new Option('--input-share <share>', description);
export const cachedShareOption = (description = 'share of input tokens read from cache, e.g. 50%') =>
  new Option('--cached-share <share>', description);

/** The candidate models, a routing mix and the token mix: the flags of every command that prices models. */
export function withModelFlags<Args extends unknown[], Opts extends OptionValues, Globals extends OptionValues>(
  command: Command<Args, Opts, Globals>,
) {
  return command
    .option('--model <ids...>', 'candidate models, by id or alias, comma-separated or repeated (default from the catalog)')
    .addOption(mixOption())
    .addOption(inputShareOption())
    .addOption(cachedShareOption());
}

/** The model flags, and usage logs in place of the assumptions: project, compare and forecast. */
export function withPricingFlags<Args extends unknown[], Opts extends OptionValues, Globals extends OptionValues>(
  command: Command<Args, Opts, Globals>,
) {
  return withUsageFormatFlags(
    withModelFlags(command).option(
      '--from-usage <files...>',
      'usage logs (as gacost usage reads them) whose token mix and monthly tokens replace the assumptions',
    ),
    '--from-usage',
  );
}

/** The model flags as commander gives them, typed by their declarations above. */
export type ModelFlags = Readonly<ReturnType<ReturnType<typeof withModelFlags<[], {}, {}>>['opts']>>;
/** The pricing flags as commander gives them. */
export type PricingFlags = Readonly<ReturnType<ReturnType<typeof withPricingFlags<[], {}, {}>>['opts']>>;

/** The names given with --model (comma-separated or repeated), or undefined without the flag. */
function modelNamesOf(flags: Pick<ModelFlags, 'model'>): string[] | undefined {
  const names = flags.model
    ?.flatMap((value) => value.split(','))
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names !== undefined && names.length === 0) throw new GacostError('invalid-option', '--model needs at least one model id or alias');
  return names;
}

/** The pricing flags as a use case's options, on the run's date and tier. */
export function pricingOptionsOf(flags: ModelFlags, context: CommandContext): PricingOptions {
  return {
    models: modelNamesOf(flags),
    mix: flags.mix,
    inputShare: flags.inputShare,
    cachedShare: flags.cachedShare,
    asOf: context.prices.asOf,
    tier: context.prices.tier ?? undefined,
  };
}

/**
 * --from-usage read, with a warning for each log name a match rule priced and for the records left out;
 * undefined without it. `provider`: the provider of records that name none, where the command has
 * that flag (compare's --provider picks the providers it ranks).
 */
export async function observedUsageOf(
  flags: PricingFlags,
  catalog: Catalog,
  context: CommandContext,
  host: CommandHost,
  provider?: string,
): Promise<ObservedUsage | undefined> {
  if (flags.fromUsage === undefined) {
    const given =
      flags.from !== undefined ? '--from' : flags.skipBad === true ? '--skip-bad' : provider !== undefined ? '--provider' : undefined;
    if (given !== undefined) throw new GacostError('invalid-option', `${given} goes with --from-usage`);
    return undefined;
  }
  // Loaded only by a run that reads usage: a plain projection loads and compiles none of the usage pricing.
  const { fromUsage, observedPeriod } = await import('./on-demand.js');
  const observed = await fromUsage(
    flags.fromUsage,
    catalog,
    {
      asOf: context.prices.asOf,
      tier: context.prices.tier ?? undefined,
      from: flags.from,
      provider,
      skipBad: flags.skipBad,
    },
    cliReadIo(host, context),
  );
  warnRulePriced(host, observed.provenance);
  const { leftOut, basis } = observed.candidate.observed;
  if (leftOut.records > 0) {
    host.stderrLine(
      `gacost: warning: ${counted(leftOut.records, 'record')} (${formatTokens(leftOut.tokens)} tokens) of ${observedPeriod(basis)} could not be priced (${leftOut.names.join(', ')}): the observed spend and its tokens leave ${agree(leftOut.records, 'it', 'them')} out`,
    );
  }
  return observed;
}
