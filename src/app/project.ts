import type { Candidate } from '../core/candidate.js';
import { DEFAULT_PEAK_FACTOR, parsePeakFactor } from '../core/capacity.js';
import { type Catalog, catalogDefaults, catalogInfo } from '../core/catalog.js';
import { type Projection, project as projectStages, type RequestRates } from '../core/projection.js';
import { ModelIndex } from '../core/resolve-model.js';
import { presetStages, type StagePlan } from '../core/stages.js';
import { GacostError } from '../errors.js';
import type { ObservedUsage } from './from-usage.js';
import {
  accountingOf,
  candidatesOf,
  OPTION_KEYS,
  type OptionNames,
  type PricingOptions,
  pricesOf,
  refuseMixOptions,
  type Tokens,
  tokensOf,
  whatIfsAsked,
} from './options.js';

export interface ProjectOptions extends PricingOptions {
  /** The final stage's monthly tokens; earlier stages scale with their users. */
  readonly tokens?: Tokens;
  readonly tokensPerUser?: Tokens;
  /** Stages of your own, instead of the presets (see loadStages). */
  readonly stages?: StagePlan;
  readonly baseline?: string;
  readonly tokensPerRequest?: Tokens;
  readonly peakFactor?: string | number;
  /** Usage logs read by fromUsage: their token mix, first month and spend (the baseline) replace the assumptions. */
  readonly fromUsage?: ObservedUsage;
}

/** Monthly spend at each growth stage against a baseline, as `gacost project`. */
export function project(catalog: Catalog, options: ProjectOptions = {}, names: OptionNames = OPTION_KEYS): Projection {
  if ([options.tokens, options.tokensPerUser, options.stages].filter((value) => value !== undefined).length > 1) {
    throw new GacostError('conflicting-options', `give one of ${names('tokens')}, ${names('tokensPerUser')} and ${names('stages')}`);
  }
  const tokensPerUser = options.tokensPerUser === undefined ? undefined : tokensOf(options.tokensPerUser, names('tokensPerUser'));
  const finalStageTokens = options.tokens === undefined ? undefined : tokensOf(options.tokens, names('tokens'));
  const requestRates = requestRatesOf(options, names);
  const observed = options.fromUsage;
  if (observed !== undefined) refuseMixOptions(options, names);
  // With a request size, an input share also says how long each prompt is (for context tiers).
  const accounting = {
    ...(observed?.accounting ?? accountingOf(options, names)),
    ...(requestRates && { tokensPerRequest: requestRates.tokensPerRequest }),
  };
  const prices = pricesOf(catalog, options);
  const index = new ModelIndex(catalog, prices);
  // From usage, the logs' own spend is the baseline, and the only row unless other models are asked for.
  const candidates =
    observed !== undefined && !whatIfsAsked(options)
      ? [observed.candidate]
      : candidatesOf(options, index, () => catalogDefaults(catalog).candidates, names);
  const baseline: Candidate = observed?.candidate ?? {
    kind: 'model',
    model: index.resolvePriced(options.baseline ?? catalogDefaults(catalog).baseline),
  };
  const plan =
    options.stages ??
    presetStages(
      finalStageTokens !== undefined
        ? { finalStageTokens }
        : tokensPerUser !== undefined
          ? { tokensPerUser }
          : observed !== undefined
            ? // The observed month is the first stage's; the others scale with their users.
              { firstStageTokens: observed.monthlyTokens }
            : undefined,
    );
  const projection = projectStages(catalogInfo(catalog, prices), plan, candidates, baseline, { accounting, requestRates });
  return observed === undefined ? projection : { ...projection, assumptions: [...observed.assumptions, ...projection.assumptions] };
}

function requestRatesOf(options: Pick<ProjectOptions, 'tokensPerRequest' | 'peakFactor'>, names: OptionNames): RequestRates | undefined {
  if (options.tokensPerRequest === undefined) {
    if (options.peakFactor !== undefined)
      throw new GacostError('invalid-option', `${names('peakFactor')} goes with ${names('tokensPerRequest')}`);
    return undefined;
  }
  const tokensPerRequest = tokensOf(options.tokensPerRequest, names('tokensPerRequest'));
  if (tokensPerRequest === 0n) throw new GacostError('invalid-option', `${names('tokensPerRequest')} must be at least 1 token`);
  const peakFactor =
    options.peakFactor === undefined ? DEFAULT_PEAK_FACTOR : parsePeakFactor(String(options.peakFactor), names('peakFactor'));
  return { tokensPerRequest, peakFactor };
}
