/**
 * gacost as a library: `import { loadCatalog, project, render } from 'gacost'`.
 *
 * The functions here are thin wrappers over the core the CLI runs (src/core/*, the file readers of
 * src/read-files.ts and src/usage/read-usage.ts, the renderers of src/output/*): the same prices,
 * the same rounding, the same results. They never print and never exit; a failure a caller can cause
 * throws a GacostError whose `code` says which (see ErrorCode), with `problems` for inputs wrong in
 * several places. Importing this module does nothing but define them: the YAML and schema code is
 * loaded on the first call that reads a file.
 */
import { loadBuiltinCatalog } from './catalog/builtin-catalog.js';
import { checkBudgets, getExitCode, parseUsd, projectedWorkloads, type BudgetCheck, type WorkloadSpec } from './core/budget-check.js';
import { candidateModels, parseMix, priceCandidate, type Candidate, type CandidatePrice } from './core/candidate.js';
import { catalogDefaults, catalogInfo, type Catalog, type PriceContext } from './core/catalog.js';
import { rank, type Ranking } from './core/compare.js';
import { isIsoDate } from './core/dates.js';
import { forecast as forecastCore, LOOKAHEAD_MONTHS, type CreditExpiry, type Forecast } from './core/forecast.js';
import { monthlyTokens, monthlyTokensUpTo, parseGrowth } from './core/growth.js';
import { listModels, providerKey } from './core/model-list.js';
import { usdText as usdTextCore, type Usd } from './core/money.js';
import { ALL_OUTPUT, parseShare, type Accounting } from './core/pricing.js';
import { DEFAULT_PEAK_FACTOR, parsePeakFactor } from './core/capacity.js';
import { project as projectCore, type Projection, type RequestRates } from './core/projection.js';
import { parseTokens } from './core/quantity.js';
import { ModelIndex, refuseUnknownTier, type PricedModel, type ResolvedName } from './core/resolve-model.js';
import { presetStages, type StagePlan } from './core/stages.js';
import type { UsageFormatName } from './usage/usage-format.js';
import { contextThresholds, dayBoundaries, UsageTally, type GroupField } from './core/usage.js';
import { belowRequired as belowRequiredCore, priceUsage, type ProvenanceLevel, type ProvenanceShare, type UsageReport } from './core/usage-pricing.js';
import { defaultSort, sortRows, type UsageSort } from './core/usage-sort.js';
import { GacostError, isGacostError, type ErrorCode } from './errors.js';
import { InputFiles } from './io/input-files.js';
import { FORMATS as RENDER_FORMATS, render as renderResult } from './output/render.js';
import { ARGUMENTS, checkArguments } from './library-arguments.js';

export { GacostError, isGacostError };
export type { Accounting, BudgetCheck, Candidate, CandidatePrice, Catalog, ErrorCode, Forecast, GroupField, PriceContext, PricedModel, Projection, ProvenanceLevel, ProvenanceShare, Ranking, ResolvedName, StagePlan, UsageFormatName, UsageReport, UsageSort, Usd };

/** What render() draws: the results of project, compare, forecast, checkBudget and usageReport. */
export type Result = Projection | Ranking | Forecast | BudgetCheck | UsageReport;
/** The output formats of the CLI's --format. */
export type Format = 'table' | 'json' | 'csv' | 'markdown' | 'html';
export const FORMATS: readonly Format[] = RENDER_FORMATS;

/** A quantity of tokens: a whole number, or text as the CLI takes it ("5B", "1.5M", "5e9"). */
export type Tokens = bigint | number | string;
/** US dollars: text as the CLI takes it ("1,250.50", "$20"), or a number. */
export type Dollars = string | number;
/** A share such as "75%", "0.75", or 0.75. */
export type ShareInput = string | number;

/** Which prices apply: the date (YYYY-MM-DD, default today in UTC) and a service tier of the catalog. */
export interface PriceOptions {
  readonly asOf?: string;
  readonly tier?: string;
}

/** Which models, and how their tokens divide: as --model, --mix, --input-share and --cached-share. */
export interface PricingOptions extends PriceOptions {
  /** Model ids or aliases (default: the catalog's candidates). */
  readonly models?: readonly string[];
  /** A routing mix, "model=percent,…", priced after the models. */
  readonly mix?: string;
  readonly inputShare?: ShareInput;
  readonly cachedShare?: ShareInput;
}

const loaders = () => import('./read-files.js');

/** The catalog gacost ships, as of the package's build. */
export function builtinCatalog(): Catalog {
  return loadBuiltinCatalog();
}

/**
 * A catalog: "builtin" (default), a file path (YAML or JSON, read as `--catalog` reads it, with its
 * `extends` and `include`), `{ text }` (the file's content) or a catalog object in the file's shape
 * (`{ schema: 1, version, effective, currency, providers, models, … }`), validated exactly as a file.
 * Relative paths are resolved from `cwd` (default process.cwd()).
 */
export async function loadCatalog(source: 'builtin' | string | { readonly text: string; readonly name?: string } | Record<string, unknown> = 'builtin', options: { readonly cwd?: string } = {}): Promise<Catalog> {
  checkArguments('loadCatalog', ['source', 'options'], ARGUMENTS.loadCatalog, [source, options]);
  if (source === 'builtin') return loadBuiltinCatalog();
  const cwd = options.cwd ?? process.cwd();
  const { loadCatalogFile, loadCatalogText } = await loaders();
  if (typeof source === 'string') return loadCatalogFile(source, loadBuiltinCatalog, cwd, new InputFiles());
  if (typeof source.text === 'string') return loadCatalogText(source.text, typeof source.name === 'string' ? source.name : '(catalog text)', loadBuiltinCatalog, cwd, new InputFiles());
  let text: string;
  try {
    text = JSON.stringify(source);
  } catch (error) {
    throw new GacostError('invalid-catalog', `the catalog object cannot be read: ${(error as Error).message}`);
  }
  return loadCatalogText(text, '(catalog object)', loadBuiltinCatalog, cwd, new InputFiles());
}

/** The date and tier prices are looked up for; the tier must be one the catalog has. */
export function priceContext(catalog: Catalog, options: PriceOptions = {}): PriceContext {
  checkArguments('priceContext', ['catalog', 'options'], ARGUMENTS.priceContext, [catalog, options]);
  return contextOf(catalog, options);
}

/** priceContext of arguments already checked. */
function contextOf(catalog: Catalog, options: PriceOptions): PriceContext {
  const asOf = options.asOf ?? new Date().toISOString().slice(0, 10);
  if (!isIsoDate(asOf)) throw new GacostError('invalid-option', `invalid asOf ${JSON.stringify(asOf)}: expected a date YYYY-MM-DD`);
  const context = { asOf, tier: options.tier ?? null };
  refuseUnknownTier(context.tier, [catalog]);
  return context;
}

/** The model a name (id, alias, or a name its match rules claim) means, priced on the date: `unknown-model`, `ambiguous-model` or `no-published-price` otherwise. */
export function resolveModel(catalog: Catalog, name: string, options: PriceOptions = {}): PricedModel {
  checkArguments('resolveModel', ['catalog', 'name', 'options'], ARGUMENTS.resolveModel, [catalog, name, options]);
  return new ModelIndex(catalog, contextOf(catalog, options)).resolvePriced(name);
}

/** What a number of tokens of one model (or a mix, "a=90,b=10") costs, exactly; `cost` in femto-dollars (usdText shows it). */
export function priceTokens(catalog: Catalog, model: string, tokens: Tokens, options: Omit<PricingOptions, 'models' | 'mix'> = {}): CandidatePrice {
  checkArguments('priceTokens', ['catalog', 'model', 'tokens', 'options'], ARGUMENTS.priceTokens, [catalog, model, tokens, options]);
  const index = new ModelIndex(catalog, contextOf(catalog, options));
  const candidate: Candidate = model.includes('=') ? parseMix(model, index, 'model') : { kind: 'model', model: index.resolvePriced(model) };
  return priceCandidate(candidate, tokensOf(tokens, 'tokens'), accountingOf(options));
}

/** Monthly spend at each growth stage against a baseline, as `gacost project`. */
export function project(
  catalog: Catalog,
  options: PricingOptions & {
    /** The final stage's monthly tokens; earlier stages scale with their users. */
    readonly tokens?: Tokens;
    readonly tokensPerUser?: Tokens;
    /** Stages of your own, instead of the presets (see loadStages). */
    readonly stages?: StagePlan;
    readonly baseline?: string;
    readonly tokensPerRequest?: Tokens;
    readonly peakFactor?: string | number;
  } = {},
): Projection {
  checkArguments('project', ['catalog', 'options'], ARGUMENTS.project, [catalog, options]);
  if ([options.tokens, options.tokensPerUser, options.stages].filter((value) => value !== undefined).length > 1) {
    throw new GacostError('conflicting-options', 'give one of tokens, tokensPerUser and stages');
  }
  const context = contextOf(catalog, options);
  const index = new ModelIndex(catalog, context);
  const candidates = candidatesOf(options, index, () => catalogDefaults(catalog).candidates);
  const baseline: Candidate = { kind: 'model', model: index.resolvePriced(options.baseline ?? catalogDefaults(catalog).baseline) };
  const plan =
    options.stages ??
    presetStages(
      options.tokens !== undefined
        ? { finalStageTokens: tokensOf(options.tokens, 'tokens') }
        : options.tokensPerUser !== undefined
          ? { tokensPerUser: tokensOf(options.tokensPerUser, 'tokensPerUser') }
          : undefined,
    );
  let requestRates: RequestRates | undefined;
  if (options.tokensPerRequest !== undefined) {
    const tokensPerRequest = tokensOf(options.tokensPerRequest, 'tokensPerRequest');
    if (tokensPerRequest === 0n) throw new GacostError('invalid-option', 'tokensPerRequest must be at least 1 token');
    const peakFactor = options.peakFactor === undefined ? DEFAULT_PEAK_FACTOR : parsePeakFactor(String(options.peakFactor), 'peakFactor');
    requestRates = { tokensPerRequest, peakFactor };
  } else if (options.peakFactor !== undefined) throw new GacostError('invalid-option', 'peakFactor goes with tokensPerRequest');
  const accounting = { ...accountingOf(options), ...(requestRates && { tokensPerRequest: requestRates.tokensPerRequest }) };
  return projectCore(catalogInfo(catalog, context), plan, candidates, baseline, { accounting, requestRates });
}

/** A stage file (YAML list of name, users, tokens), read as `--stages` reads it. */
export async function loadStages(path: string, options: { readonly tokensPerUser?: Tokens; readonly cwd?: string } = {}): Promise<StagePlan> {
  checkArguments('loadStages', ['path', 'options'], ARGUMENTS.loadStages, [path, options]);
  const tokensPerUser = options.tokensPerUser === undefined ? undefined : tokensOf(options.tokensPerUser, 'tokensPerUser');
  return (await loaders()).loadStagesFile(path, tokensPerUser, options.cwd ?? process.cwd(), new InputFiles());
}

/**
 * Models ranked for one monthly workload, cheapest first, as `gacost compare`: those named, one
 * provider's, or the catalog's comparison set; `top` ranks the whole catalog and keeps the N cheapest.
 */
export function compare(catalog: Catalog, options: PricingOptions & { readonly tokens: Tokens; readonly provider?: string; readonly baseline?: string; readonly top?: number | 'all' }): Ranking {
  checkArguments('compare', ['catalog', 'options'], ARGUMENTS.compare, [catalog, options]);
  if (options.provider !== undefined && options.models !== undefined) throw new GacostError('conflicting-options', 'provider and models are two ways to pick the models to rank: give one');
  const context = contextOf(catalog, options);
  const tokens = tokensOf(options.tokens, 'tokens');
  const accounting = accountingOf(options);
  const index = new ModelIndex(catalog, context);
  const baseline: Candidate = { kind: 'model', model: index.resolvePriced(options.baseline ?? catalogDefaults(catalog).baseline) };
  const top = options.top === 'all' ? undefined : options.top ?? (options.models === undefined && options.provider === undefined && options.mix === undefined ? 10 : undefined);
  if (top !== undefined && (!Number.isSafeInteger(top) || top < 1)) throw new GacostError('invalid-option', `invalid top ${JSON.stringify(top)}: expected a whole number of 1 or more, or 'all'`);
  const curated = options.models === undefined && options.provider === undefined && options.top === undefined ? catalog.defaults?.compare : undefined;
  if (curated !== undefined) {
    return rank(catalogInfo(catalog, context), candidatesOf({ ...options, models: curated }, index, () => curated), baseline, tokens, accounting, { selection: 'curated' });
  }
  const provider = providerKey(catalog, options.provider);
  const listed = listModels(catalog, context, { provider }).models;
  const everyPriced = listed.filter((entry) => entry.prices?.output !== undefined).map((entry) => entry.model.id as string);
  const candidates = candidatesOf({ ...options, models: options.models ?? everyPriced }, index, () => everyPriced);
  const unpublished = options.models === undefined ? listed.filter((entry) => entry.prices?.output === undefined).map((entry) => entry.model.name) : [];
  const selection = options.models !== undefined ? 'named' : provider !== undefined ? 'provider' : 'catalog';
  return rank(catalogInfo(catalog, context), candidates, baseline, tokens, accounting, { top, unpublished, selection });
}

/** Month-by-month spend as traffic grows, as `gacost forecast`: the month a budget is crossed, the credit runway. */
export function forecast(
  catalog: Catalog,
  options: PricingOptions & {
    /** Month 1's tokens. */
    readonly start: Tokens;
    /** Such as "25%/mo", "0%/mo", "-10%/mo" or "10x/yr". */
    readonly growth: string;
    /** 1 to 600; default 12. */
    readonly months?: number;
    readonly budget?: Dollars;
    readonly credits?: Dollars;
  },
): Forecast {
  checkArguments('forecast', ['catalog', 'options'], ARGUMENTS.forecast, [catalog, options]);
  const context = contextOf(catalog, options);
  const months = options.months ?? 12;
  if (!Number.isSafeInteger(months) || months < 1 || months > 600) throw new GacostError('invalid-option', `invalid months ${JSON.stringify(months)}: expected a whole number from 1 to 600`);
  const growth = parseGrowth(options.growth, 'growth');
  const start = tokensOf(options.start, 'start');
  const tokensByMonth = monthlyTokens(start, growth, months);
  const candidates = candidatesOf(options, new ModelIndex(catalog, context), () => catalogDefaults(catalog).candidates);
  const budget = options.budget === undefined ? null : parseUsd(String(options.budget), 'budget');
  return forecastCore(catalogInfo(catalog, context), candidates, tokensByMonth, growth, {
    accounting: accountingOf(options),
    budget,
    tokensLater: budget === null ? [] : monthlyTokensUpTo(start, growth, LOOKAHEAD_MONTHS).slice(months),
    credits: options.credits === undefined ? null : parseUsd(String(options.credits), 'credits'),
    creditExpiry: (candidate): CreditExpiry => {
      const providers = new Set(candidateModels(candidate).map((model) => model.model.provider as string));
      const [only] = providers;
      if (providers.size !== 1 || only === undefined) return 'unknown';
      return catalog.providers[only]?.credits?.expire_after_days ?? 'unknown';
    },
  });
}

/** One workload of a budget check: a model (or a mix "a=90,b=10"), its monthly tokens and budget. */
export interface Workload {
  readonly name?: string;
  readonly model: string;
  readonly tokens: Tokens;
  readonly budget?: Dollars;
}

/**
 * Projects each workload against its budget, as `gacost check`; `budgetExitCode(check)` is the CLI's
 * exit code (1 when a budget is exceeded). Pass `{ config: path }` to read a budget file (gacost.yaml)
 * with the catalog it names.
 */
export async function checkBudget(
  catalog: Catalog,
  workloads: readonly Workload[] | { readonly config: string; readonly cwd?: string; readonly env?: NodeJS.ProcessEnv },
  options: PriceOptions & { readonly totalBudget?: Dollars } = {},
): Promise<BudgetCheck> {
  checkArguments('checkBudget', ['catalog', 'workloads', 'options'], ARGUMENTS.checkBudget, [catalog, workloads, options]);
  const context = contextOf(catalog, options);
  if (!Array.isArray(workloads)) {
    const { config, cwd = process.cwd(), env = process.env } = workloads as { readonly config: string; readonly cwd?: string; readonly env?: NodeJS.ProcessEnv };
    const { loadBudgetFile, loadCatalogFile } = await loaders();
    const inputs = new InputFiles();
    const budget = loadBudgetFile(config, env, context, cwd, inputs, (reference) => {
      const chosen = reference === undefined || 'builtin' in reference ? catalog : loadCatalogFile(reference.path, loadBuiltinCatalog, cwd, inputs);
      refuseUnknownTier(context.tier, [chosen]);
      return chosen;
    });
    return checkBudgets(catalogInfo(budget.catalog, context), projectedWorkloads(budget.workloads), budget.totalBudget, budget.thresholds, budget.daysPerMonth);
  }
  const index = new ModelIndex(catalog, context);
  const specs = (workloads as readonly Workload[]).map((workload): WorkloadSpec => ({
    name: workload.name ?? workload.model,
    candidate: workload.model.includes('=') ? parseMix(workload.model, index, 'model') : { kind: 'model', model: index.resolvePriced(workload.model) },
    tokens: tokensOf(workload.tokens, 'tokens'),
    budget: workload.budget === undefined ? null : parseUsd(String(workload.budget), 'budget'),
  }));
  return checkBudgets(catalogInfo(catalog, context), specs, options.totalBudget === undefined ? null : parseUsd(String(options.totalBudget), 'totalBudget'));
}

/** 1 when a workload or the total is over its budget, else 0: what `gacost check` exits with. */
export function budgetExitCode(check: BudgetCheck, options: { readonly warnOnly?: boolean } = {}): 0 | 1 {
  checkArguments('budgetExitCode', ['check', 'options'], ARGUMENTS.budgetExitCode, [check, options]);
  return getExitCode(check, { warnOnly: options.warnOnly === true });
}

/**
 * Usage logs priced, as `gacost usage`: files or folders (searched for .jsonl, .json, .csv, .log, and
 * their .gz) in any format gacost reads (OpenAI, Anthropic, LiteLLM, OpenRouter, …), grouped by `by`.
 * Records gacost cannot read throw `invalid-usage`, unless `skipBad`; models it cannot price are
 * listed in `unpriced`, never counted as $0.
 */
export async function usageReport(
  paths: readonly string[],
  options: PriceOptions & {
    readonly catalog?: Catalog;
    readonly from?: UsageFormatName;
    /** The provider of records that name none. */
    readonly provider?: string;
    readonly by?: readonly GroupField[];
    /** The rows' order: cost (largest first) by default, key (time order) when `by` starts with day, week or month. */
    readonly sort?: UsageSort;
    readonly skipBad?: boolean;
    readonly cwd?: string;
  } = {},
): Promise<UsageReport> {
  checkArguments('usageReport', ['paths', 'options'], ARGUMENTS.usageReport, [paths, options]);
  const catalog = options.catalog ?? loadBuiltinCatalog();
  const context = contextOf(catalog, options);
  const index = new ModelIndex(catalog, context);
  const provider = providerKey(catalog, options.provider);
  const by = [...new Set<GroupField>(options.by ?? ['model'])];
  const thresholds = contextThresholds(catalog);
  const tally = new UsageTally({ thresholds: thresholds.map(Number), boundaries: dayBoundaries(catalog), groups: by, since: undefined, until: undefined, asOf: context.asOf });
  const { readUsage } = await import('./usage/read-usage.js');
  const read = await readUsage(paths, {
    from: options.from,
    skipBad: options.skipBad === true,
    refusalHint: 'the option skipBad skips and counts such records',
    cwd: options.cwd ?? process.cwd(),
    stdin: () => {
      throw new GacostError('unreadable-file', 'cannot read usage -: give the library file paths');
    },
    tally,
  });
  const report = priceUsage(tally.aggregate, index, thresholds, { provider, asOf: context.asOf, by, repricings: [], release: true });
  return { ...report, rows: [...sortRows(report.rows, options.sort ?? defaultSort(by))], read: { sources: read.sources, bad: read.bad, otherFiles: read.otherFiles, notes: read.notes, outside: 0 } };
}

/**
 * A result as the CLI prints it: "table" (default: fitted to 80 columns, no colour; `wide` for every
 * column whole, as --wide), "markdown", "csv", "json" or "html" (a self-contained page of charts).
 */
export function render(result: Result, format: Format = 'table', options: { readonly color?: boolean; readonly width?: number; readonly wide?: boolean } = {}): string {
  checkArguments('render', ['result', 'format', 'options'], ARGUMENTS.render, [result, format, options]);
  if (!(FORMATS as readonly string[]).includes(format)) throw new GacostError('invalid-option', `unknown format ${JSON.stringify(format)}; expected one of ${FORMATS.join(', ')}`);
  try {
    return renderResult(result, format, { color: options.color === true, width: options.wide === true ? undefined : (options.width ?? 80) });
  } catch (error) {
    // The arguments' schema checks the parts of a result render walks, not every field deep inside: a
    // result a caller changed there still fails as a wrong argument, never as an untyped TypeError.
    if (!(error instanceof TypeError || error instanceof RangeError)) throw error;
    const problem = `render: invalid result: not as ${result.kind === 'check' ? 'checkBudget' : result.kind === 'projection' ? 'project' : result.kind === 'usage' ? 'usageReport' : result.kind} made it (${error.message})`;
    throw new GacostError('invalid-option', problem, [problem]);
  }
}

/** Exact decimal text of a Usd (femto-dollars, a bigint): "3.90625". */
export function usdText(usd: Usd): string {
  checkArguments('usdText', ['usd'], ARGUMENTS.usdText, [usd]);
  return usdTextCore(usd);
}

/** The provenance of a usage report's priced records below a level, costliest first (`[]`: all of it holds), as --require gates on it. */
export function belowRequired(report: Pick<UsageReport, 'provenance'>, required: 'exact' | 'rule'): readonly ProvenanceShare[] {
  checkArguments('belowRequired', ['report', 'required'], ARGUMENTS.belowRequired, [report, required]);
  return belowRequiredCore(report, required);
}

function tokensOf(value: Tokens, what: string): bigint {
  if (typeof value === 'bigint') return parseTokens(value.toString(), what);
  if (typeof value === 'number' && !Number.isSafeInteger(value)) throw new GacostError('invalid-quantity', `invalid ${what} ${value}: expected a whole number of tokens`);
  return parseTokens(String(value), what);
}

function accountingOf(options: { readonly inputShare?: ShareInput; readonly cachedShare?: ShareInput }): Accounting {
  if (options.inputShare === undefined) {
    if (options.cachedShare !== undefined) throw new GacostError('invalid-option', 'cachedShare is a share of input tokens: give inputShare too');
    return ALL_OUTPUT;
  }
  return {
    inputShare: parseShare(String(options.inputShare), 'inputShare'),
    cachedShare: options.cachedShare === undefined ? null : parseShare(String(options.cachedShare), 'cachedShare'),
  };
}

function candidatesOf(options: { readonly models?: readonly string[]; readonly mix?: string }, index: ModelIndex, fallback: () => readonly string[]): Candidate[] {
  const names = options.models ?? (options.mix === undefined ? fallback() : []);
  const ids = new Set<string>();
  const candidates: Candidate[] = [];
  for (const model of names.map((name) => index.resolvePriced(name))) {
    if (ids.has(model.model.id)) continue;
    ids.add(model.model.id);
    candidates.push({ kind: 'model', model });
  }
  if (options.mix !== undefined) candidates.push(parseMix(options.mix, index, 'mix'));
  return candidates;
}
