import { Command, Option } from '@commander-js/extra-typings';
import { DEFAULT_PEAK_FACTOR, parsePeakFactor } from '../core/capacity.js';
import type { Candidate } from '../core/candidate.js';
import { catalogDefaults, catalogInfo } from '../core/catalog.js';
import { project, type Projection, type RequestRates } from '../core/projection.js';
import { parseTokens } from '../core/quantity.js';
import { ModelIndex } from '../core/resolve-model.js';
import { presetStages } from '../core/stages.js';
import { GacostError } from '../errors.js';
import type { CommandContext, CommandHost } from './context.js';
import { withOutputFlags } from './output-flags.js';
import { observedUsage, refuseMixFlags, whatIfsAsked } from './from-usage.js';
import { accountingOf, candidatesOf, withPricingFlags } from './pricing-flags.js';

const declaration = () =>
  withOutputFlags(
    withPricingFlags(
      new Command('project')
        .description('monthly spend at each growth stage (MVP, Beta, Launch, Growth) against a baseline')
        .addOption(
          new Option('--tokens <quantity>', "final stage's monthly tokens; earlier stages scale with their users").conflicts(['tokensPerUser', 'stages']),
        )
        .option('--tokens-per-user <quantity>', 'monthly tokens per user (default 50K)')
        .option('--stages <file>', 'YAML list of stages (name, users, tokens) instead of the presets, or - for standard input')
        .option('--baseline <id>', 'model to compare against (default from the catalog: GPT-4o)')
        .option('--tokens-per-request <quantity>', 'add average and peak requests per minute, and whether the free tier carries them')
        .option('--peak-factor <factor>', 'peak request rate as a multiple of the average (default 3)'),
    ),
  );

type ProjectFlags = ReturnType<ReturnType<typeof declaration>['opts']>;

export const projectCommand = (host: CommandHost) => declaration().action(async (flags) => host.emit(await runProject(flags, host.context(), host), flags));

async function runProject(options: ProjectFlags, context: CommandContext, host: CommandHost): Promise<Projection> {
  const tokensPerUser =
    options.tokensPerUser === undefined ? undefined : parseTokens(options.tokensPerUser, '--tokens-per-user');
  const finalStageTokens = options.tokens === undefined ? undefined : parseTokens(options.tokens, '--tokens');
  const requestRates = requestRatesOf(options);
  // With a request size, an input share also says how long each prompt is (for context tiers).
  const observed = options.fromUsage === undefined ? undefined : (refuseMixFlags(options), await observedUsage(options.fromUsage, context, host));
  const accounting = { ...(observed?.accounting ?? accountingOf(options)), ...(requestRates && { tokensPerRequest: requestRates.tokensPerRequest }) };
  const catalog = await context.catalog();
  const index = new ModelIndex(catalog, context.prices);
  // From usage, the logs' own spend is the baseline, and the only row unless other models are asked for.
  const candidates = observed !== undefined && !whatIfsAsked(options) ? [observed.candidate] : candidatesOf(options, index, () => catalogDefaults(catalog).candidates);
  const baseline: Candidate = observed?.candidate ?? { kind: 'model', model: index.resolvePriced(options.baseline ?? catalogDefaults(catalog).baseline) };
  const plan =
    options.stages !== undefined
      ? await context.loadStagesFile(options.stages, tokensPerUser)
      : presetStages(
          finalStageTokens !== undefined
            ? { finalStageTokens }
            : tokensPerUser !== undefined
              ? { tokensPerUser }
              : observed !== undefined
                ? // The observed month is the first stage's; the others scale with their users.
                  { firstStageTokens: observed.monthlyTokens }
                : undefined,
        );
  const projection = project(catalogInfo(catalog, context.prices), plan, candidates, baseline, { accounting, requestRates });
  return observed === undefined ? projection : { ...projection, assumptions: [...observed.assumptions, ...projection.assumptions] };
}

function requestRatesOf(options: { readonly tokensPerRequest?: string; readonly peakFactor?: string }): RequestRates | undefined {
  if (options.tokensPerRequest === undefined) {
    if (options.peakFactor !== undefined) throw new GacostError('invalid-option', '--peak-factor goes with --tokens-per-request');
    return undefined;
  }
  const tokensPerRequest = parseTokens(options.tokensPerRequest, '--tokens-per-request');
  if (tokensPerRequest === 0n) throw new GacostError('invalid-option', '--tokens-per-request must be at least 1 token');
  const peakFactor = options.peakFactor === undefined ? DEFAULT_PEAK_FACTOR : parsePeakFactor(options.peakFactor, '--peak-factor');
  return { tokensPerRequest, peakFactor };
}
