import { Command, Option } from '@commander-js/extra-typings';
import { tokensOf } from '../app/options.js';
import { project } from '../app/project.js';
import { projectionSpec } from '../output/projection.js';
import { type CommandSpec, flagName } from './context.js';
import { withOutputFlags } from './output-flags.js';
import { observedUsageOf, pricingOptionsOf, withPricingFlags } from './pricing-flags.js';
import { usageProviderOption } from './usage-flags.js';

const declaration = () =>
  withOutputFlags(
    withPricingFlags(
      new Command('project')
        .description('monthly spend at each growth stage (MVP, Beta, Launch, Growth) against a baseline')
        .addOption(
          new Option('--tokens <quantity>', "final stage's monthly tokens; earlier stages scale with their users").conflicts([
            'tokensPerUser',
            'stages',
          ]),
        )
        .option('--tokens-per-user <quantity>', 'monthly tokens per user (default 50K)')
        .option('--stages <file>', 'YAML list of stages (name, users, tokens) instead of the presets, or - for standard input')
        .option('--baseline <id>', 'model to compare against (default from the catalog: GPT-4o)')
        .option('--tokens-per-request <quantity>', 'add average and peak requests per minute, and whether the free tier carries them')
        .option('--peak-factor <factor>', 'peak request rate as a multiple of the average (default 3)')
        .addOption(usageProviderOption('--from-usage')),
    ),
  );

export const projectCommand: CommandSpec = {
  globals: ['catalog', 'asOf', 'tier'],
  examples: [
    'project --tokens 5B',
    'project --tokens 20B --model deepseek-v4-flash,qwen3-32b --json',
    'project --stages stages.yaml --baseline claude-sonnet-4-5',
  ],
  declare: (host) =>
    declaration().action(async (flags) => {
      const context = host.context();
      const { tokens, tokensPerUser, stages, baseline, tokensPerRequest, peakFactor } = flags;
      const catalog = await context.catalog();
      // A stage file's stages default to the tokens per user; the presets scale with them.
      const perUser =
        stages === undefined
          ? { tokensPerUser }
          : {
              stages: await context.loadStagesFile(
                stages,
                tokensPerUser === undefined ? undefined : tokensOf(tokensPerUser, '--tokens-per-user'),
              ),
            };
      const options = { ...pricingOptionsOf(flags, context), tokens, baseline, tokensPerRequest, peakFactor, ...perUser };
      await host.emit(
        projectionSpec,
        project(catalog, { ...options, fromUsage: await observedUsageOf(flags, catalog, context, host, flags.provider) }, flagName),
        flags,
      );
    }),
};
