import type { BudgetConfig } from '../budget/load-budget.js';
import { loadBuiltinCatalog } from '../catalog/builtin-catalog.js';
import { type ActualsCheck, ActualsCollector } from '../core/budget-actuals.js';
import {
  type BudgetCheck,
  checkBudgets,
  parseUsd,
  projectedWorkloads,
  type WorkloadSpec,
  workloadAccounting,
} from '../core/budget-check.js';
import { type Catalog, catalogInfo, type PriceContext } from '../core/catalog.js';
import type { Environment } from '../core/environment.js';
import { providerKey } from '../core/model-list.js';
import { type Accounting, parseShare } from '../core/pricing.js';
import { ModelIndex, refuseUnknownTier } from '../core/resolve-model.js';
import { contextThresholds, dayBoundaries, UsageTally } from '../core/usage.js';
import { GacostError } from '../errors.js';
import type { InputFiles } from '../io/input-files.js';
import type { UsageFormatName } from '../usage/format-names.js';
import {
  candidateNamed,
  type Dollars,
  type OptionNames,
  type PriceOptions,
  priceDateOf,
  pricesOf,
  type ReadIo,
  readIoOf,
  readUsageInto,
  type ShareInput,
  type Tokens,
  tokensOf,
} from './options.js';

/** One workload of a budget check: a model (or a mix "a=90,b=10"), its monthly tokens and budget. */
export interface Workload {
  readonly name?: string;
  readonly model: string;
  readonly tokens: Tokens;
  readonly budget?: Dollars;
}

/** A budget file (gacost.yaml): its path, and the environment its `${VAR}`s are read from (default process.env). */
export interface BudgetFile {
  readonly config: string;
  readonly cwd?: string;
  readonly env?: Environment;
}

export interface CheckOptions extends PriceOptions {
  /** A budget for all the workloads together (a budget file gives its own). */
  readonly totalBudget?: Dollars;
  /** The token mix of the workloads that give none: as --input-share, --cached-share and --cache-write-share. */
  readonly inputShare?: ShareInput;
  readonly cachedShare?: ShareInput;
  readonly cacheWriteShare?: ShareInput;
  /** Actual spend instead: usage sources (as usageReport reads them), month to date and projected to its end. */
  readonly usage?: readonly string[];
  /** With usage: the format of every source (default: told by each file). */
  readonly from?: UsageFormatName;
  /** With usage: the provider of records that name none. */
  readonly provider?: string;
  /** With usage: skip and count records gacost cannot read, rather than refusing them. */
  readonly skipBad?: boolean;
}

/** The catalog in force, or how to load it (the CLI's is loaded only when no budget file names one). */
export type CatalogSource = Catalog | (() => Promise<Catalog>);

export interface CheckIo extends ReadIo {
  /** Reads a budget file with the catalog it prices on (default: the file's `catalog:`, else the catalog given). */
  readonly readBudget?: (path: string, prices: PriceContext) => Promise<BudgetConfig>;
  /** A note the CLI says on stderr: what the check leaves out. */
  readonly onNote?: (text: string) => void;
}

/**
 * Projects each workload against its budget, as `gacost check`, or with `usage` checks actual spend
 * of the as-of month; budgetExitCode(check) is the CLI's exit code (1 when a budget is exceeded).
 * Workloads are given, or a budget file names them (priced with the catalog it names).
 */
export async function checkBudget(
  catalog: CatalogSource,
  workloads: readonly Workload[] | BudgetFile,
  options: CheckOptions = {},
  checkIo: CheckIo = {},
): Promise<BudgetCheck | ActualsCheck> {
  // A budget file's own folder, where it gives one, is where its usage sources are read from too.
  const io = readIoOf({
    ...checkIo,
    ...(Array.isArray(workloads) || (workloads as BudgetFile).cwd === undefined ? {} : { cwd: (workloads as BudgetFile).cwd }),
  });
  const { names } = io;
  if (options.usage === undefined) {
    const usageOnly = (['from', 'provider', 'skipBad'] as const).find((option) => options[option] !== undefined);
    if (usageOnly !== undefined) throw new GacostError('invalid-option', `${names(usageOnly)} goes with ${names('usage')}`);
  } else {
    if (Array.isArray(workloads)) {
      throw new GacostError(
        'invalid-option',
        `${names('usage')} checks the workloads of a budget file by their models or usage: selectors; it does not go with ${names('model')}, ${names('tokens')} and ${names('budget')}`,
      );
    }
    const shareOption = (['inputShare', 'cachedShare', 'cacheWriteShare'] as const).find((option) => options[option] !== undefined);
    if (shareOption !== undefined) {
      throw new GacostError(
        'invalid-option',
        `${names(shareOption)} prices assumed tokens; ${names('usage')} prices each record's own tokens: give one or the other`,
      );
    }
  }
  const defaultMix = options.usage === undefined ? shareOptionsOf(options, names) : undefined;
  if (Array.isArray(workloads)) {
    const given = typeof catalog === 'function' ? await catalog() : catalog;
    const prices = pricesOf(given, options);
    const index = new ModelIndex(given, prices);
    const specs = (workloads as readonly Workload[]).map(
      (workload): WorkloadSpec => ({
        name: workload.name ?? workload.model,
        candidate: candidateNamed(workload.model, index, names('model')),
        tokens: tokensOf(workload.tokens, names('tokens')),
        budget: workload.budget === undefined ? null : parseUsd(String(workload.budget), names('budget')),
      }),
    );
    const totalBudget = options.totalBudget === undefined ? null : parseUsd(String(options.totalBudget), names('totalBudget'));
    return checkBudgets(catalogInfo(given, prices), specs, totalBudget, undefined, undefined, defaultMix);
  }
  const file = workloads as BudgetFile;
  // The tier is checked against the catalog the file is priced with: the one it names, or the default.
  const prices = priceDateOf(options);
  const readBudget = checkIo.readBudget ?? budgetReader(catalog, file, io.cwd, io.inputs);
  const config = await readBudget(file.config, prices);
  if (options.usage === undefined) {
    return checkBudgets(
      catalogInfo(config.catalog, prices),
      projectedWorkloads(config.workloads),
      config.totalBudget,
      config.thresholds,
      config.daysPerMonth,
      defaultMix,
    );
  }
  return actualsCheck(options.usage, config, prices, options, io, checkIo.onNote);
}

/** The token mix the share options give, as a default for the workloads that set none; undefined without them. */
function shareOptionsOf(options: CheckOptions, names: OptionNames): Accounting | undefined {
  const given = (value: ShareInput | undefined, option: string) =>
    value === undefined ? undefined : parseShare(String(value), names(option));
  const shares = {
    input: given(options.inputShare, 'inputShare'),
    cached: given(options.cachedShare, 'cachedShare'),
    cacheWrite: given(options.cacheWriteShare, 'cacheWriteShare'),
  };
  if (Object.values(shares).every((share) => share === undefined)) return undefined;
  return workloadAccounting(shares, { input: names('inputShare'), cached: names('cachedShare'), cacheWrite: names('cacheWriteShare') });
}

/** The library's budget file reader: priced with the catalog the file names, else the one given. */
function budgetReader(
  catalog: CatalogSource,
  file: BudgetFile,
  cwd: string,
  inputs: InputFiles,
): (path: string, prices: PriceContext) => Promise<BudgetConfig> {
  return async (path, prices) => {
    const { loadBudgetFile, loadCatalogFile } = await import('../read-files.js');
    const given = typeof catalog === 'function' ? await catalog() : catalog;
    return loadBudgetFile(path, file.env ?? process.env, prices, cwd, inputs, (reference) => {
      const chosen =
        reference === undefined || 'builtin' in reference ? given : loadCatalogFile(reference.path, loadBuiltinCatalog, cwd, inputs);
      refuseUnknownTier(prices.tier, [chosen]);
      return chosen;
    });
  };
}

/**
 * Actual spend of the as-of month from usage sources, per workload (the records its usage: selector
 * picks) and in total (every record), to date and projected to the month's end, against the budgets.
 */
async function actualsCheck(
  sources: readonly string[],
  config: BudgetConfig,
  prices: PriceContext,
  options: CheckOptions,
  io: ReturnType<typeof readIoOf>,
  onNote: CheckIo['onNote'],
): Promise<ActualsCheck> {
  const unselected = config.workloads.filter((workload) => workload.usage === undefined);
  if (unselected.length > 0) {
    throw new GacostError(
      'invalid-budget',
      `invalid budget file for ${io.names('usage')}`,
      unselected.map(
        (workload) =>
          `${workload.position ?? workload.name}: workload ${JSON.stringify(workload.name)} is a mix with no usage: selector (such as usage: {project: web}) to pick its records; ${io.names('usage')} checks actual spend, so every workload needs a model or a selector`,
      ),
    );
  }
  const { catalog } = config;
  const index = new ModelIndex(catalog, prices);
  const provider = providerKey(catalog, options.provider);
  const collector = new ActualsCollector(
    index,
    config.workloads,
    contextThresholds(catalog),
    dayBoundaries(catalog),
    provider,
    prices.asOf,
  );
  // Every record goes to the collector (the tally's own sums are not used).
  const read = await readUsageInto(
    sources,
    options,
    io,
    new UsageTally({ thresholds: [], boundaries: [], groups: [], since: undefined, until: undefined, asOf: prices.asOf }, (record) =>
      collector.add(record),
    ),
  );
  // A workload's token mix prices assumed tokens: with usage each record's own tokens are priced instead.
  const mixed = config.workloads.filter((workload) => workload.accounting !== undefined).map((workload) => workload.name);
  if (mixed.length > 0)
    onNote?.(
      `the token mix (input_share, cached_share) of ${mixed.join(', ')} is not used: ${io.names('usage')} prices each record's own tokens`,
    );
  return collector.check(prices, config.totalBudget, config.thresholds, {
    sources: read.sources,
    bad: read.bad,
    otherFiles: read.otherFiles,
    notes: read.notes,
  });
}
