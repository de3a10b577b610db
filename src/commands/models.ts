import { Command } from '@commander-js/extra-typings';
import { listModels, type ModelList } from '../core/model-list.js';
import type { CommandContext, CommandHost } from './context.js';
import { withOutputFlags } from './output-flags.js';

const declaration = () =>
  withOutputFlags(
    new Command('models')
      .description('every catalog model with its prices, provider, source and checked date')
      .option('--provider <key>', 'only the models of this provider (e.g. global-api, openai)'),
  );

type ModelsOptions = ReturnType<ReturnType<typeof declaration>['opts']>;

export const modelsCommand = (host: CommandHost) => declaration().action(async (flags) => host.emit(await runModels(flags, host.context()), flags));

async function runModels(options: ModelsOptions, context: CommandContext): Promise<ModelList> {
  return listModels(await context.catalog(), context.prices, options.provider);
}
