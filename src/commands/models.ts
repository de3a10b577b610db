import { listModels, type ModelList } from '../core/model-list.js';
import type { CommandContext } from './context.js';

export interface ModelsOptions {
  readonly provider?: string;
}

export async function runModels(options: ModelsOptions, context: CommandContext): Promise<ModelList> {
  return listModels(await context.catalog(), context.prices, options.provider);
}
