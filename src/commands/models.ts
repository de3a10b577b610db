import { Command } from '@commander-js/extra-typings';
import { listModels } from '../core/model-list.js';
import { matchNames, type ModelMatchList } from '../core/model-match.js';
import { GacostError } from '../errors.js';
import { noMatchNote, type ModelsResult } from '../output/models.js';
import type { CommandContext, CommandHost } from './context.js';
import { withOutputFlags } from './output-flags.js';

const declaration = () =>
  withOutputFlags(
    new Command('models')
      .description('every catalog model with its prices, provider, source and checked date')
      .option('--provider <key>', 'only the models of this provider (e.g. global-api, openai)')
      .option('--search <text>', "only the models whose id, name, an alias, or provider's key or name contains this text (any case)")
      .option('--match <names...>', 'which model each name resolves to (by id, alias or match rule), at what prices, or why none'),
  );

type ModelsOptions = ReturnType<ReturnType<typeof declaration>['opts']>;

export const modelsCommand = (host: CommandHost) =>
  declaration().action(async (flags) => {
    const result = await runModels(flags, host.context());
    await host.emit(result, flags);
    // An empty list is a valid answer (exit 0), but an empty table alone would not say why.
    if (result.kind === 'models' && result.search !== null && result.models.length === 0) host.stderrLine(noMatchNote(result));
  });

async function runModels(options: ModelsOptions, context: CommandContext): Promise<ModelsResult | ModelMatchList> {
  // --wide applies to any table (with --match: every column whole); --search only to the list.
  if (options.match !== undefined && options.search !== undefined) {
    throw new GacostError('conflicting-options', '--search applies to the list of models, which --match does not print: give one or the other');
  }
  if (options.search?.trim() === '') throw new GacostError('invalid-option', '--search needs some text to look for');
  const catalog = await context.catalog();
  if (options.match !== undefined) return matchNames(catalog, context.prices, options.match, options.provider);
  return { ...listModels(catalog, context.prices, { provider: options.provider, search: options.search }), wide: options.wide === true };
}
