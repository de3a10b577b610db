import type { BudgetConfig, SideWorkload } from '../budget/load-budget.js';
import { projectedWorkloads } from '../core/budget-check.js';
import { type Candidate, candidateId, parseMix } from '../core/candidate.js';
import { type Catalog, catalogInfo, type PriceContext } from '../core/catalog.js';
import { type CatalogDiff, costEffects, diffCatalogs, type EffectWorkload } from '../core/catalog-diff.js';
import { isIsoDate } from '../core/dates.js';
import type { Environment } from '../core/environment.js';
import { cannotPriceHere, ModelIndex, refuseUnknownTier } from '../core/resolve-model.js';
import { GacostError } from '../errors.js';
import type { CatalogSource } from './check.js';
import { accountingOf, type PricingOptions, priceDateOf, type ReadIo, readIoOf, type Tokens, tokensOf } from './options.js';

export interface CatalogDiffOptions extends PricingOptions {
  /** Price the new side on this date (the old side uses asOf). */
  readonly vsAsOf?: string;
  /** Monthly tokens: the cost effect on each changed model (or models, mix) at this volume. */
  readonly tokens?: Tokens;
  /** A budget file: the cost effect on each of its workloads. */
  readonly config?: string;
  /** The environment a budget file's `${VAR}`s are read from (default process.env). */
  readonly env?: Environment;
}

export interface CatalogDiffIo extends ReadIo {
  /** Reads the budget file as one side of the diff: with `catalog` on `prices`, next to `otherSide` (default: from cwd). */
  readonly readBudgetSide?: (
    path: string,
    prices: PriceContext,
    catalog: Catalog,
    otherSide: Catalog,
  ) => Promise<BudgetConfig<SideWorkload>>;
}

/** Models added, removed and repriced between two catalogs (or one on two dates, asOf and vsAsOf), and the monthly cost effect, as `gacost catalog diff`. */
export async function catalogDiff(
  oldSource: CatalogSource,
  newSource: CatalogSource | undefined,
  options: CatalogDiffOptions = {},
  diffIo: CatalogDiffIo = {},
): Promise<CatalogDiff> {
  const io = readIoOf(diffIo);
  const { names } = io;
  if (newSource === undefined && options.vsAsOf === undefined) {
    throw new GacostError(
      'invalid-option',
      `catalog diff needs a second catalog, or ${names('vsAsOf')} DATE to compare one catalog on two dates`,
    );
  }
  if (options.vsAsOf !== undefined && !isIsoDate(options.vsAsOf)) {
    throw new GacostError(
      'invalid-option',
      `invalid ${names('vsAsOf')} ${JSON.stringify(options.vsAsOf)}: expected a date written as YYYY-MM-DD`,
    );
  }
  if (options.tokens !== undefined && options.config !== undefined) {
    throw new GacostError('conflicting-options', `${names('tokens')} and ${names('config')} are two ways to name the workloads: give one`);
  }
  const tokens = options.tokens === undefined ? undefined : tokensOf(options.tokens, names('tokens'));
  const accounting = accountingOf(options, names);
  const catalogOf = async (source: CatalogSource) => (typeof source === 'function' ? source() : source);
  const oldCatalog = await catalogOf(oldSource);
  const newCatalog = newSource === undefined ? oldCatalog : await catalogOf(newSource);
  const oldPrices = priceDateOf(options);
  refuseUnknownTier(oldPrices.tier, [oldCatalog, newCatalog]);
  const newPrices: PriceContext = { ...oldPrices, asOf: options.vsAsOf ?? oldPrices.asOf };
  const oldInfo = catalogInfo(oldCatalog, oldPrices);
  const newInfo = catalogInfo(newCatalog, newPrices);
  const changes = diffCatalogs(oldCatalog, oldInfo, newCatalog, newInfo);
  // Each side knows the other's names: a model only one side has is "—" on the other, one on neither an error.
  const oldIndex = new ModelIndex(oldCatalog, oldPrices, newCatalog);
  const newIndex = new ModelIndex(newCatalog, newPrices, oldCatalog);
  let workloads: EffectWorkload[] | null = null;
  if (tokens !== undefined) {
    const named = options.models ?? (options.mix === undefined ? changes.map((change) => change.id) : []);
    workloads = named.map((name) => ({
      name,
      model: name,
      tokens,
      old: priced(() => ({ kind: 'model', model: oldIndex.resolvePriced(name) })),
      new: priced(() => ({ kind: 'model', model: newIndex.resolvePriced(name) })),
    }));
    const { mix } = options;
    if (mix !== undefined) {
      workloads.push({
        name: 'mix',
        model: 'mix',
        tokens,
        old: priced(() => parseMix(mix, oldIndex, names('mix'))),
        new: priced(() => parseMix(mix, newIndex, names('mix'))),
      });
    }
  } else if (options.config !== undefined) {
    const readSide =
      diffIo.readBudgetSide ??
      (async (path: string, prices: PriceContext, catalog: Catalog, otherSide: Catalog) =>
        (await import('../read-files.js')).loadBudgetFileSide(
          path,
          options.env ?? process.env,
          prices,
          io.cwd,
          io.inputs,
          catalog,
          otherSide,
        ));
    const [before, after] = [
      await readSide(options.config, oldPrices, oldCatalog, newCatalog),
      await readSide(options.config, newPrices, newCatalog, oldCatalog),
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
