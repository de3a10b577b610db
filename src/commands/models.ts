import { Command } from '@commander-js/extra-typings';
import { listModels } from '../core/model-list.js';
import { matchNames, type ModelMatchList } from '../core/model-match.js';
import { GacostError } from '../errors.js';
import type { ModelsResult } from '../output/models.js';
import type { CommandContext, CommandHost } from './context.js';
import { withOutputFlags } from './output-flags.js';

const declaration = () =>
  withOutputFlags(
    new Command('models')
      .description('every catalog model with its prices, provider, source and checked date')
      .option('--provider <key>', 'only the models of this provider (e.g. global-api, openai)')
      .option('--match <names...>', 'which model each name resolves to (by id, alias or match rule), at what prices, or why none')
      .option('--wide', "the table with each model's name, provider, checked date and source (JSON and CSV always have them)"),
  );

type ModelsOptions = ReturnType<ReturnType<typeof declaration>['opts']>;

export const modelsCommand = (host: CommandHost) => declaration().action(async (flags) => host.emit(await runModels(flags, host.context()), flags));

async function runModels(options: ModelsOptions, context: CommandContext): Promise<ModelsResult | ModelMatchList> {
  if (options.match !== undefined && options.wide !== undefined) {
    throw new GacostError('conflicting-options', '--wide applies to the list of models, which --match does not print: give one or the other');
  }
  const catalog = await context.catalog();
  if (options.match !== undefined) return matchNames(catalog, context.prices, options.match, options.provider);
  return { ...listModels(catalog, context.prices, options.provider), wide: options.wide === true };
}
