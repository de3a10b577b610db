import { Command } from '@commander-js/extra-typings';
import { catalogDiff } from '../app/catalog-diff.js';
import { catalogDiffSpec } from '../output/catalog-diff.js';
import { type CommandSpec, cliReadIo } from './context.js';
import { withOutputFlags } from './output-flags.js';
import { pricingOptionsOf, withModelFlags } from './pricing-flags.js';

const declaration = () =>
  withOutputFlags(
    withModelFlags(
      new Command('diff')
        .description('models added, removed and repriced between two catalogs (or one on two dates), and the monthly cost effect')
        .argument('<old>', 'the old catalog: a file, builtin, or - for standard input')
        .argument('[new]', 'the new catalog (omit it to compare one catalog on --as-of and --vs-as-of)')
        .option('--vs-as-of <date>', 'price the new side on this date (the old side uses --as-of)')
        .option('--tokens <quantity>', 'monthly tokens: the cost effect on each changed model (or --model, --mix) at this volume')
        .option('--config <path>', 'a budget file (or - for standard input): the cost effect on each of its workloads'),
    ),
  );

/** Two catalogs, or one catalog on two dates (--as-of, --vs-as-of), and what the change costs. */
export const catalogDiffCommand: CommandSpec = {
  globals: ['asOf', 'tier'],
  examples: [
    'catalog diff builtin my-catalog.yaml --tokens 1B',
    'catalog diff builtin --vs-as-of 2026-12-01 --tokens 1B',
    'catalog diff old.yaml new.yaml --config gacost.yaml',
  ],
  declare: (host) =>
    declaration().action(async (oldPath, newPath, flags) => {
      const context = host.context();
      const { vsAsOf, tokens, config } = flags;
      const diff = await catalogDiff(
        () => context.catalogAt(oldPath),
        newPath === undefined ? undefined : () => context.catalogAt(newPath),
        { ...pricingOptionsOf(flags, context), vsAsOf, tokens, config },
        {
          ...cliReadIo(host, context),
          readBudgetSide: (path, prices, catalog, otherSide) => context.loadBudgetSide(path, prices, catalog, otherSide),
        },
      );
      await host.emit(catalogDiffSpec, diff, flags);
    }),
};
