import { Command } from '@commander-js/extra-typings';
import { models } from '../app/models.js';
import { modelMatchSpec } from '../output/model-match.js';
import { modelsSpec, noMatchNote } from '../output/models.js';
import { type CommandSpec, flagName } from './context.js';
import { withOutputFlags } from './output-flags.js';

const declaration = () =>
  withOutputFlags(
    new Command('models')
      .description('every catalog model with its prices, provider, source and checked date')
      .option('--provider <key>', 'only the models of this provider (e.g. global-api, openai)')
      .option('--search <text>', "only the models whose id, name, an alias, or provider's key or name contains this text (any case)")
      .option('--match <names...>', 'which model each name resolves to (by id, alias or match rule), at what prices, or why none'),
  );

export const modelsCommand: CommandSpec = {
  globals: ['catalog', 'asOf', 'tier'],
  examples: ['models', 'models --search gpt-4o --wide', 'models --match gpt-4o-2024-08-06 --json'],
  declare: (host) =>
    declaration().action(async (flags) => {
      const context = host.context();
      const { provider, search, match, wide } = flags;
      // --wide applies to any table (with --match: every column whole); --search only to the list.
      const result = models(
        await context.catalog(),
        { asOf: context.prices.asOf, tier: context.prices.tier ?? undefined, provider, search, match, wide },
        flagName,
      );
      if (result.kind === 'models') await host.emit(modelsSpec, result, flags);
      else await host.emit(modelMatchSpec, result, flags);
      // An empty list is a valid answer (exit 0), but an empty table alone would not say why.
      if (result.kind === 'models' && result.search !== null && result.models.length === 0) host.stderrLine(noMatchNote(result));
    }),
};
