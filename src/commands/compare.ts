import { Command } from '@commander-js/extra-typings';
import type { Candidate } from '../core/candidate.js';
import { catalogDefaults, catalogInfo } from '../core/catalog.js';
import { rank, type Ranking } from '../core/compare.js';
import { listModels } from '../core/model-list.js';
import { parseTokens } from '../core/quantity.js';
import { ModelIndex } from '../core/resolve-model.js';
import { GacostError } from '../errors.js';
import type { CommandContext, CommandHost } from './context.js';
import { withOutputFlags } from './output-flags.js';
import { observedUsage, refuseMixFlags } from './from-usage.js';
import { accountingOf, candidatesOf, withPricingFlags } from './pricing-flags.js';

/** Ranking a whole catalog of hundreds of models shows this many, unless --top says otherwise. */
const DEFAULT_TOP = 10;

const declaration = () =>
  withOutputFlags(
    withPricingFlags(
      new Command('compare')
        .description('rank every priced model of the catalog for one monthly workload, cheapest first')
        .option('--tokens <quantity>', 'monthly tokens of the workload (with --from-usage: the observed month)')
        .option('--provider <key>', 'only the models of this provider (instead of --model)')
        .option('--baseline <id>', 'model to compare against (default from the catalog: GPT-4o)')
        .option('--top <n>', `rank the whole catalog (without --model or --provider) and show the N cheapest, or all (default without the catalog's comparison set: the ${DEFAULT_TOP} cheapest)`),
    ),
  );

type CompareOptions = ReturnType<ReturnType<typeof declaration>['opts']>;

export const compareCommand = (host: CommandHost) => declaration().action(async (flags) => host.emit(await runCompare(flags, host.context(), host), flags));

/** How many rows --top keeps (undefined: all); without it, the cheapest few of a whole catalog. */
function topOf(options: CompareOptions): number | undefined {
  if (options.top === 'all') return undefined;
  if (options.top === undefined) {
    return options.model === undefined && options.provider === undefined && options.mix === undefined ? DEFAULT_TOP : undefined;
  }
  const top = Number(options.top);
  if (!Number.isSafeInteger(top) || top < 1 || !/^\d+$/.test(options.top)) {
    throw new GacostError('invalid-option', `invalid --top ${JSON.stringify(options.top)}: expected a whole number of 1 or more, or all`);
  }
  return top;
}

/**
 * Ranks models for one workload: those named (--model, --mix), one provider's, or with neither, the
 * catalog's comparison set (defaults.compare) unless --top asks for the whole catalog, which is
 * ranked in full and cut to the cheapest few.
 */
async function runCompare(options: CompareOptions, context: CommandContext, host: CommandHost): Promise<Ranking> {
  if (options.provider !== undefined && options.model !== undefined) {
    throw new GacostError('conflicting-options', '--provider and --model are two ways to pick the models to rank: give one');
  }
  const observed = options.fromUsage === undefined ? undefined : (refuseMixFlags(options), await observedUsage(options.fromUsage, context, host));
  if (options.tokens === undefined && observed === undefined) throw new GacostError('invalid-option', "required option '--tokens <quantity>' not specified (or --from-usage, for the observed month)");
  const tokens = options.tokens === undefined ? (observed?.monthlyTokens as bigint) : parseTokens(options.tokens, '--tokens');
  const accounting = observed?.accounting ?? accountingOf(options);
  const withObserved = (ranking: Ranking): Ranking => (observed === undefined ? ranking : { ...ranking, assumptions: [...observed.assumptions, ...ranking.assumptions] });
  const top = topOf(options);
  const catalog = await context.catalog();
  const index = new ModelIndex(catalog, context.prices);
  // From usage, the models ranked are what-ifs against what the logs' own models cost.
  const baseline: Candidate = observed?.candidate ?? { kind: 'model', model: index.resolvePriced(options.baseline ?? catalogDefaults(catalog).baseline) };
  const curated = options.model === undefined && options.provider === undefined && options.top === undefined ? catalog.defaults?.compare : undefined;
  if (curated !== undefined) {
    const candidates = candidatesOf({ ...options, model: [...curated] }, index, () => curated);
    return withObserved(rank(catalogInfo(catalog, context.prices), candidates, baseline, tokens, accounting, { selection: 'curated' }));
  }
  const listed = listModels(catalog, context.prices, { provider: options.provider }).models;
  const everyPriced = listed.filter((entry) => entry.prices?.output !== undefined).map((entry) => entry.model.id as string);
  if (options.model === undefined && options.mix === undefined && everyPriced.length === 0) {
    const scope = options.provider === undefined ? 'the catalog' : `provider ${JSON.stringify(options.provider)}`;
    throw new GacostError('no-published-price', `${scope} has no model with a price on ${context.prices.asOf}${context.prices.tier === null ? '' : ` on the ${context.prices.tier} tier`}`);
  }
  const candidates: Candidate[] = candidatesOf({ ...options, model: options.model ?? everyPriced }, index, () => everyPriced);
  const unpublished = options.model === undefined ? listed.filter((entry) => entry.prices?.output === undefined).map((entry) => entry.model.name) : [];
  const selection = options.model !== undefined ? 'named' : options.provider !== undefined ? 'provider' : 'catalog';
  return withObserved(rank(catalogInfo(catalog, context.prices), candidates, baseline, tokens, accounting, { top, unpublished, selection }));
}
