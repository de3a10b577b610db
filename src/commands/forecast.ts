import { Command } from '@commander-js/extra-typings';
import { forecast } from '../app/forecast.js';
import { forecastSpec } from '../output/forecast.js';
import { type CommandSpec, flagName } from './context.js';
import { withOutputFlags } from './output-flags.js';
import { observedUsageOf, pricingOptionsOf, withPricingFlags } from './pricing-flags.js';
import { usageProviderOption } from './usage-flags.js';

const declaration = () =>
  withOutputFlags(
    withPricingFlags(
      new Command('forecast')
        .description('month-by-month spend as traffic grows, with the month a budget is crossed and the credit runway')
        .option('--start <quantity>', "month 1's tokens (with --from-usage: the last observed month)")
        .option('--growth <rate>', 'growth such as 25%/mo, 0%/mo, -10%/mo or 10x/yr (with --from-usage: the measured growth)')
        .option('--months <n>', 'how many months', '12')
        .option('--budget <usd>', 'monthly budget: name the first month whose spend exceeds it')
        .option('--credits <usd>', 'prepaid credits: name the month they run out, and what expires unspent')
        .addOption(usageProviderOption('--from-usage')),
    ),
  );

export const forecastCommand: CommandSpec = {
  globals: ['catalog', 'asOf', 'tier'],
  examples: [
    'forecast --start 5M --growth 10x/yr --months 13',
    'forecast --start 5M --growth 25%/mo --budget 100 --credits 500',
    'forecast --from-usage usage.csv --months 3',
  ],
  declare: (host) =>
    declaration().action(async (flags) => {
      const context = host.context();
      const catalog = await context.catalog();
      const { start, growth, months, budget, credits } = flags;
      const options = { ...pricingOptionsOf(flags, context), start, growth, months, budget, credits };
      await host.emit(
        forecastSpec,
        forecast(catalog, { ...options, fromUsage: await observedUsageOf(flags, catalog, context, host, flags.provider) }, flagName),
        flags,
      );
    }),
};
