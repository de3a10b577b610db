import { Command } from '@commander-js/extra-typings';
import { projectedWorkloads } from '../core/budget-check.js';
import { candidateId, parseMix, type Candidate } from '../core/candidate.js';
import { catalogInfo, type PriceContext } from '../core/catalog.js';
import { costEffects, diffCatalogs, type CatalogDiff, type EffectWorkload } from '../core/catalog-diff.js';
import { isIsoDate } from '../core/dates.js';
import { parseTokens } from '../core/quantity.js';
import { cannotPriceHere, ModelIndex, refuseUnknownTier } from '../core/resolve-model.js';
import { GacostError } from '../errors.js';
import type { CommandContext, CommandHost } from './context.js';
import { withOutputFlags } from './output-flags.js';
import { accountingOf, modelNamesOf, withPricingFlags } from './pricing-flags.js';

const declaration = () =>
  withOutputFlags(
    withPricingFlags(
      new Command('diff')
        .description('models added, removed and repriced between two catalogs (or one on two dates), and the monthly cost effect')
        .argument('<old>', 'the old catalog: a file, builtin, or - for standard input')
        .argument('[new]', 'the new catalog (omit it to compare one catalog on --as-of and --vs-as-of)')
        .option('--vs-as-of <date>', 'price the new side on this date (the old side uses --as-of)')
        .option('--tokens <quantity>', 'monthly tokens: the cost effect on each changed model (or --model, --mix) at this volume')
        .option('--config <path>', 'a budget file (or - for standard input): the cost effect on each of its workloads'),
    ),
  );

type DiffOptions = ReturnType<ReturnType<typeof declaration>['opts']>;

export const catalogDiffCommand = (host: CommandHost) =>
  declaration().action(async (oldPath, newPath, flags) => host.emit(await runCatalogDiff(oldPath, newPath, flags, host.context()), flags));

/** Two catalogs, or one catalog on two dates (--as-of, --vs-as-of), and what the change costs. */
async function runCatalogDiff(oldPath: string, newPath: string | undefined, options: DiffOptions, context: CommandContext): Promise<CatalogDiff> {
  if (newPath === undefined && options.vsAsOf === undefined) {
    throw new GacostError('invalid-option', 'catalog diff needs a second catalog, or --vs-as-of DATE to compare one catalog on two dates');
  }
  if (options.vsAsOf !== undefined && !isIsoDate(options.vsAsOf)) {
    throw new GacostError('invalid-option', `invalid --vs-as-of ${JSON.stringify(options.vsAsOf)}: expected a date written as YYYY-MM-DD`);
  }
  if (options.tokens !== undefined && options.config !== undefined) {
    throw new GacostError('conflicting-options', '--tokens and --config are two ways to name the workloads: give one');
  }
  const tokens = options.tokens === undefined ? undefined : parseTokens(options.tokens, '--tokens');
  const accounting = accountingOf(options);
  const oldCatalog = await context.catalogAt(oldPath);
  const newCatalog = newPath === undefined ? oldCatalog : await context.catalogAt(newPath);
  refuseUnknownTier(context.prices.tier, [oldCatalog, newCatalog]);
  const oldPrices = context.prices;
  const newPrices: PriceContext = { ...context.prices, asOf: options.vsAsOf ?? context.prices.asOf };
  const oldInfo = catalogInfo(oldCatalog, oldPrices);
  const newInfo = catalogInfo(newCatalog, newPrices);
  const changes = diffCatalogs(oldCatalog, oldInfo, newCatalog, newInfo);
  // Each side knows the other's names: a model only one side has is "—" on the other, one on neither an error.
  const oldIndex = new ModelIndex(oldCatalog, oldPrices, newCatalog);
  const newIndex = new ModelIndex(newCatalog, newPrices, oldCatalog);
  let workloads: EffectWorkload[] | null = null;
  if (tokens !== undefined) {
    const names = modelNamesOf(options) ?? (options.mix === undefined ? changes.map((change) => change.id) : []);
    workloads = names.map((name) => ({
      name,
      model: name,
      tokens,
      old: priced(() => ({ kind: 'model', model: oldIndex.resolvePriced(name) })),
      new: priced(() => ({ kind: 'model', model: newIndex.resolvePriced(name) })),
    }));
    const { mix } = options;
    if (mix !== undefined) {
      workloads.push({ name: 'mix', model: 'mix', tokens, old: priced(() => parseMix(mix, oldIndex, '--mix')), new: priced(() => parseMix(mix, newIndex, '--mix')) });
    }
  } else if (options.config !== undefined) {
    const [before, after] = [
      await context.loadBudgetSide(options.config, oldPrices, oldCatalog, newCatalog),
      await context.loadBudgetSide(options.config, newPrices, newCatalog, oldCatalog),
    ];
    workloads = projectedWorkloads(after.workloads).map((workload, index) => ({
      name: workload.name,
      model: workload.candidate === null ? workload.model : candidateId(workload.candidate),
      tokens: workload.tokens,
      old: before.workloads[index]?.candidate ?? null,
      new: workload.candidate,
    }));
  }
  const effects = workloads === null ? { effects: null, total: null } : costEffects(workloads, accounting);
  return { kind: 'diff', old: oldInfo, new: newInfo, changes, ...effects };
}

/** The candidate on one side, or null where that side cannot price it. */
function priced(candidate: () => Candidate): Candidate | null {
  try {
    return candidate();
  } catch (error) {
    if (cannotPriceHere(error)) return null;
    throw error;
  }
}
