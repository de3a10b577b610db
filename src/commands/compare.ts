import { Command } from '@commander-js/extra-typings';
import { compare } from '../app/compare.js';
import { compareSpec } from '../output/compare.js';
import { type CommandSpec, flagName } from './context.js';
import { withOutputFlags } from './output-flags.js';
import { observedUsageOf, pricingOptionsOf, withPricingFlags } from './pricing-flags.js';

const declaration = () =>
  withOutputFlags(
    withPricingFlags(
      new Command('compare')
        .description('rank every priced model of the catalog for one monthly workload, cheapest first')
        .option('--tokens <quantity>', 'monthly tokens of the workload (with --from-usage: the observed month)')
        .option('--provider <key>', 'only the models of this provider (instead of --model)')
        .option('--baseline <id>', 'model to compare against (default from the catalog: GPT-4o)')
        .option(
          '--top <n>',
          "rank the whole catalog (without --model or --provider) and show the N cheapest, or all (default without the catalog's comparison set: the 10 cheapest)",
        ),
    ),
  );

export const compareCommand: CommandSpec = {
  globals: ['catalog', 'asOf', 'tier'],
  examples: ['compare --tokens 1B', 'compare --tokens 1B --top 10 --input-share 75%', 'compare --tokens 1B --provider openai --format csv'],
  declare: (host) =>
    declaration().action(async (flags) => {
      const context = host.context();
      const catalog = await context.catalog();
      const { tokens, provider, baseline, top } = flags;
      const options = { ...pricingOptionsOf(flags, context), tokens, provider, baseline, top };
      await host.emit(
        compareSpec,
        compare(catalog, { ...options, fromUsage: await observedUsageOf(flags, catalog, context, host) }, flagName),
        flags,
      );
    }),
};
