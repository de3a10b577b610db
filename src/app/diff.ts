import type { BudgetConfig, CatalogLoader } from '../budget/load-budget.js';
import { UsageSelection } from '../core/budget-actuals.js';
import { type BudgetCheck, type BudgetWorkload, budgetLine, type UsageSelector } from '../core/budget-check.js';
import {
  type BudgetDiff,
  type DiffSide,
  type DiffTraffic,
  diffSides,
  type MeasuredWorkload,
  type SideWorkload,
} from '../core/budget-diff.js';
import type { Candidate } from '../core/candidate.js';
import { type Catalog, catalogInfo, type PriceContext } from '../core/catalog.js';
import { divideRounded } from '../core/decimal.js';
import type { Environment } from '../core/environment.js';
import { providerKey } from '../core/model-list.js';
import { sumUsd, type Usd } from '../core/money.js';
import { ModelIndex } from '../core/resolve-model.js';
import { contextThresholds, dayBoundaries, UsageAggregate, UsageTally } from '../core/usage.js';
import { priceUsage, type Repricing } from '../core/usage-pricing.js';
import { ProfileCollector } from '../core/usage-profile.js';
import { GacostError } from '../errors.js';
import { gitFileOf, gitShow } from '../io/git-show.js';
import { readInputFile } from '../io/read-input-file.js';
import { describeAssumption } from '../output/describe-assumption.js';
import type { UsageFormatName } from '../usage/format-names.js';
import { type CatalogSource, type CheckOptions, checkBudget } from './check.js';
import { measuredBasis } from './from-usage.js';
import { priceDateOf, type ReadIo, readIoOf, readUsageInto } from './options.js';

export interface DiffOptions extends Pick<CheckOptions, 'asOf' | 'tier' | 'inputShare' | 'cachedShare' | 'cacheWriteShare'> {
  /** Price both sides on the traffic these usage sources measured (a month of it) rather than the tokens the files state. */
  readonly usage?: readonly string[];
  /** With usage: the format of every source (default: told by each file). */
  readonly from?: UsageFormatName;
  /** With usage: the provider of records that name none. */
  readonly provider?: string;
  /** With usage: skip and count records gacost cannot read, rather than refusing them. */
  readonly skipBad?: boolean;
  /** The environment the files' `${VAR}`s are read from (default process.env). */
  readonly env?: Environment;
}

export interface DiffIo extends ReadIo {
  /**
   * The catalog head is priced on, from its `catalog:` key (undefined: none) and whether head is read from git;
   * base is priced on the same. Default: the catalog given, whatever the files name.
   */
  readonly catalogFor?: (reference: Parameters<CatalogLoader>[0], fromGit: boolean) => Catalog;
}

/**
 * Two budget files (paths, or `git:REF:path` read with `git show`) priced alike on one catalog and date,
 * workload by workload matched by name, as `gacost diff`: on the tokens the files state, priced as
 * `check` prices them, or with `usage` on the month of traffic the logs measured, re-priced on each side's
 * models and mixes. getDiffExitCode(diff) is 1 when head breaks a budget base kept.
 */
export async function diffBudgets(
  catalog: CatalogSource,
  base: string,
  head: string,
  options: DiffOptions = {},
  diffIo: DiffIo = {},
): Promise<BudgetDiff> {
  const io = readIoOf(diffIo);
  const { names } = io;
  const prices = priceDateOf(options);
  if (options.usage === undefined) {
    const usageOnly = (['from', 'provider', 'skipBad'] as const).find((option) => options[option] !== undefined);
    if (usageOnly !== undefined)
      throw new GacostError(
        'invalid-option',
        `${usageOnly === 'skipBad' ? names('skipBad') : names(usageOnly)} goes with ${names('usage')}`,
      );
  } else {
    const shareOption = (['inputShare', 'cachedShare', 'cacheWriteShare'] as const).find((option) => options[option] !== undefined);
    if (shareOption !== undefined) {
      throw new GacostError(
        'invalid-option',
        `${names(shareOption)} prices assumed tokens; ${names('usage')} prices each record's own tokens: give one or the other`,
      );
    }
  }
  const given = typeof catalog === 'function' ? await catalog() : catalog;
  const { loadBudgetText } = await import('../read-files.js');
  const env = options.env ?? process.env;
  const read = async (source: string) => {
    const git = gitFileOf(source);
    return git === undefined ? readInputFile(source, 'budget file', io.cwd, io.inputs) : gitShow(git, io.cwd);
  };
  const [baseText, headText] = await Promise.all([read(base), read(head)]);
  const catalogFor: CatalogLoader = (reference) => diffIo.catalogFor?.(reference, gitFileOf(head) !== undefined) ?? given;
  const headConfig = loadBudgetText(headText, head, env, prices, catalogFor);
  // The same catalog for both sides: the difference is the file's change, not the prices' (catalog diff shows those).
  const baseConfig = loadBudgetText(baseText, base, env, prices, () => headConfig.catalog);
  if (options.usage === undefined) {
    const priced = async (config: BudgetConfig, source: string) =>
      sideOf(source, config, await checkBudget(config.catalog, { config: source }, options, { ...diffIo, readBudget: async () => config }));
    const [baseSide, headSide] = await Promise.all([priced(baseConfig, base), priced(headConfig, head)]);
    return diffSides(catalogInfo(headConfig.catalog, prices), baseSide.side, headSide.side, { kind: 'projected' }, [
      ...new Set([...baseSide.notes, ...headSide.notes]),
    ]);
  }
  return measuredDiff(options.usage, baseConfig, head, headConfig, base, prices, options, io);
}

/** A side as check priced it, and what its pricing assumed. */
function sideOf(source: string, config: BudgetConfig, check: BudgetCheck): { side: DiffSide; notes: string[] } {
  return {
    side: {
      source,
      total: check.total,
      workloads: check.workloads.map(
        (workload, at): SideWorkload => ({
          ...workload,
          tokens: config.workloads[at]?.tokens ?? workload.tokens,
        }),
      ),
    },
    notes: check.assumptions.map(describeAssumption),
  };
}

/**
 * Both sides on the traffic the logs measured: each workload's records (those its base selector picks,
 * else its head's: its `usage:`, else its model) of the last full month, or of the days the records span
 * scaled to 30, re-priced on each side's model or mix, each record at its own day's prices.
 */
async function measuredDiff(
  sources: readonly string[],
  baseConfig: BudgetConfig,
  head: string,
  headConfig: BudgetConfig,
  base: string,
  prices: PriceContext,
  options: DiffOptions,
  io: ReturnType<typeof readIoOf>,
): Promise<BudgetDiff> {
  const { catalog } = headConfig;
  const index = new ModelIndex(catalog, prices);
  const provider = providerKey(catalog, options.provider);
  const names = [...new Set([...baseConfig.workloads, ...headConfig.workloads].map((workload) => workload.name))];
  const selectorOf = (name: string): UsageSelector => {
    const found = [baseConfig, headConfig]
      .map((config) => config.workloads.find((workload) => workload.name === name))
      .find((workload) => workload?.usage !== undefined);
    if (found?.usage === undefined) {
      const at = [...baseConfig.workloads, ...headConfig.workloads].find((workload) => workload.name === name)?.position;
      throw new GacostError(
        'invalid-budget',
        `${at ?? name}: workload ${JSON.stringify(name)} is a mix with no usage: selector (such as usage: {project: web}) to pick its records; ${io.names('usage')} prices measured traffic, so every workload needs a model or a selector`,
      );
    }
    return found.usage;
  };
  const selectors = names.map(selectorOf);
  const thresholds = contextThresholds(catalog);
  const boundaries = dayBoundaries(catalog);
  const perWorkload = names.map(() => new UsageAggregate(thresholds.map(Number), [], boundaries));
  // The records no workload picks: said, never dropped without a word.
  const unmatched = new UsageAggregate(thresholds.map(Number), [], boundaries);
  const selection = new UsageSelection(index, provider);
  const profile = new ProfileCollector();
  const tally = new UsageTally(
    { thresholds: thresholds.map(Number), boundaries, groups: [], since: undefined, until: undefined, asOf: prices.asOf },
    (record) => {
      profile.add(record);
      let picked = false;
      for (const [at, selector] of selectors.entries()) {
        if (!selection.selects(selector, record)) continue;
        perWorkload[at]?.add(record);
        picked = true;
      }
      if (!picked) unmatched.add(record);
    },
  );
  const read = await readUsageInto(sources, options, io, tally);
  const measured = profile.profile();
  if (measured.records === 0) throw new GacostError('invalid-usage', `${io.names('usage')}: ${sources.join(', ')} hold no usage records`);
  const basis = measuredBasis(measured, io.names('usage'), 'or diff the tokens the files state, without it');
  const inPeriod = (aggregate: UsageAggregate) =>
    aggregate.filter((bucket) => bucket.day !== undefined && ('days' in basis || bucket.day.startsWith(basis.month)));
  const scale = <Amount extends bigint>(value: Amount) =>
    ('days' in basis ? divideRounded(value * 30n, BigInt(basis.days)) : value) as Amount;
  const usageOptions = { provider, asOf: prices.asOf, by: [] };
  const all = priceUsage(inPeriod(tally.aggregate), index, thresholds, { ...usageOptions, repricings: [] });
  const workloads: MeasuredWorkload[] = [];
  const costs = new Map<string, { base: Usd | null; head: Usd | null }>();
  for (const [at, name] of names.entries()) {
    const candidateIn = (config: BudgetConfig) => config.workloads.find((workload) => workload.name === name)?.candidate;
    const sides = [candidateIn(baseConfig), candidateIn(headConfig)];
    const repricings = sides.filter((candidate) => candidate !== undefined).map(repricingOf);
    const priced = priceUsage(inPeriod(perWorkload[at] as UsageAggregate), index, thresholds, { ...usageOptions, repricings });
    const [first, second] = priced.repriced.map((line) => scale(line.cost));
    costs.set(name, {
      base: sides[0] === undefined ? null : (first ?? null),
      head: sides[1] === undefined ? null : ((sides[0] === undefined ? first : second) ?? null),
    });
    const selector = selectors[at] ?? {};
    const { totals } = priced;
    workloads.push({
      name,
      selector,
      records: totals.records,
      tokens: scale(BigInt(totals.inputTokens) + BigInt(totals.outputTokens)),
      observedCost: scale(totals.cost),
      noData:
        totals.records > 0
          ? null
          : totals.unpricedRecords > 0
            ? { code: 'none-priced', unpriced: totals.unpricedRecords }
            : { code: 'none-selected', selector },
    });
  }
  const left = priceUsage(inPeriod(unmatched), index, thresholds, { ...usageOptions, repricings: [] });
  const leftNames = [
    ...left.provenance.entries.map((entry) => ({ name: entry.logModel, records: entry.records })),
    ...left.unpriced.map((entry) => ({ name: entry.name, records: entry.totals.records })),
  ].sort((a, b) => b.records - a.records || (a.name < b.name ? -1 : 1));
  const sideOn = (config: BudgetConfig, source: string, pick: 'base' | 'head'): DiffSide => {
    const lines = config.workloads.map((workload: BudgetWorkload): SideWorkload => {
      const cost = costs.get(workload.name)?.[pick] ?? (0n as Usd);
      // A workload without a record has nothing to judge: no-data, as check --usage says, never "within budget".
      const empty = workloads.find((measured) => measured.name === workload.name)?.noData != null;
      return {
        name: workload.name,
        candidate: workload.candidate,
        tokens: workload.tokens,
        ...(workload.accounting === undefined ? {} : { accounting: workload.accounting }),
        ...(workload.position === undefined ? {} : { position: workload.position }),
        ...(empty ? { cost, budget: workload.budget, pct: null, status: 'no-data' } : budgetLine(cost, workload.budget, config.thresholds)),
      };
    });
    return { source, workloads: lines, total: budgetLine(sumUsd(lines.map((line) => line.cost)), config.totalBudget, config.thresholds) };
  };
  const traffic: DiffTraffic = {
    kind: 'measured',
    basis,
    sources: read.sources,
    records: all.totals.records,
    provenance: all.provenance.entries,
    unpriced: all.unpriced,
    assumptions: all.assumptions,
    workloads,
    unmatched: {
      records: left.totals.records + left.totals.unpricedRecords,
      observedCost: scale(left.totals.cost),
      names: leftNames,
    },
  };
  return diffSides(catalogInfo(catalog, prices), sideOn(baseConfig, base, 'base'), sideOn(headConfig, head, 'head'), traffic, read.notes);
}

/** A workload's model or mix as usage re-prices records on it. */
function repricingOf(candidate: Candidate): Repricing {
  if (candidate.kind === 'model') return { kind: 'model', model: candidate.model.model };
  if (candidate.kind === 'mix') return candidate;
  throw new Error('a budget workload is a model or a mix');
}
