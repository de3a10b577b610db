import { DEFAULT_PEAK_FACTOR, parsePeakFactor } from '../core/capacity.js';
import { catalogDefaults, catalogInfo } from '../core/catalog.js';
import { project, type Projection, type RequestRates } from '../core/projection.js';
import { parseTokens } from '../core/quantity.js';
import { ModelIndex } from '../core/resolve-model.js';
import { presetStages } from '../core/stages.js';
import { GacostError } from '../errors.js';
import type { CommandContext } from './context.js';
import { accountingOf, candidatesOf, type PricingFlags } from './pricing-flags.js';

export interface ProjectOptions extends PricingFlags {
  readonly tokens?: string;
  readonly tokensPerUser?: string;
  readonly stages?: string;
  readonly baseline?: string;
  readonly tokensPerRequest?: string;
  readonly peakFactor?: string;
}

export async function runProject(options: ProjectOptions, context: CommandContext): Promise<Projection> {
  const tokensPerUser =
    options.tokensPerUser === undefined ? undefined : parseTokens(options.tokensPerUser, '--tokens-per-user');
  const finalStageTokens = options.tokens === undefined ? undefined : parseTokens(options.tokens, '--tokens');
  const requestRates = requestRatesOf(options);
  // With a request size, an input share also says how long each prompt is (for context tiers).
  const accounting = { ...accountingOf(options), ...(requestRates && { tokensPerRequest: requestRates.tokensPerRequest }) };
  const catalog = await context.catalog();
  const index = new ModelIndex(catalog, context.prices);
  const candidates = candidatesOf(options, index, () => catalogDefaults(catalog).candidates);
  const baseline = index.resolvePriced(options.baseline ?? catalogDefaults(catalog).baseline);
  const plan =
    options.stages !== undefined
      ? await context.loadStagesFile(options.stages, tokensPerUser)
      : presetStages(
          finalStageTokens !== undefined
            ? { finalStageTokens }
            : tokensPerUser !== undefined
              ? { tokensPerUser }
              : undefined,
        );
  return project(catalogInfo(catalog, context.prices), plan, candidates, baseline, { accounting, requestRates });
}

export function requestRatesOf(options: { readonly tokensPerRequest?: string; readonly peakFactor?: string }): RequestRates | undefined {
  if (options.tokensPerRequest === undefined) {
    if (options.peakFactor !== undefined) throw new GacostError('invalid-option', '--peak-factor goes with --tokens-per-request');
    return undefined;
  }
  const tokensPerRequest = parseTokens(options.tokensPerRequest, '--tokens-per-request');
  if (tokensPerRequest === 0n) throw new GacostError('invalid-option', '--tokens-per-request must be at least 1 token');
  const peakFactor = options.peakFactor === undefined ? DEFAULT_PEAK_FACTOR : parsePeakFactor(options.peakFactor, '--peak-factor');
  return { tokensPerRequest, peakFactor };
}
