/**
 * gacost as a library: the package `gacost`, imported or required.
 *
 * Every command of the CLI is a use case of src/app, and each is here under its name (`project`,
 * `compare`, `usageReport`, `catalogDiff`, …): the same prices, the same rounding, the same results,
 * which `render` prints as the CLI does. What is added here is only the check of the arguments as a
 * caller may give them (src/library-arguments.ts), so that a wrong one throws a GacostError naming it.
 * They never print and never exit; a failure a caller can cause throws a GacostError whose `code`
 * says which (see ErrorCode), with `problems` for inputs wrong in several places. Importing this
 * module does nothing but define them: the YAML and schema code is loaded on the first call that
 * reads a file.
 */

import { type CatalogDiffOptions, catalogDiff as catalogDiffCase } from './app/catalog-diff.js';
import { type CatalogExport, type CatalogExportOptions, catalogExport as catalogExportCase } from './app/catalog-export.js';
import { type CatalogImportOptions, catalogImport as catalogImportCase, type ImportOutcome } from './app/catalog-import.js';
import { type CatalogUpdate, type CatalogUpdateOptions, catalogUpdate as catalogUpdateCase } from './app/catalog-update.js';
import { type CatalogValidation, catalogValidate as catalogValidateCase } from './app/catalog-validate.js';
import { type BudgetFile, type CheckOptions, checkBudget as checkBudgetCase, type Workload } from './app/check.js';
import { type CompareOptions, compare as compareCase } from './app/compare.js';
import { type DiffOptions, diffBudgets } from './app/diff.js';
import { type ForecastOptions, forecast as forecastCase } from './app/forecast.js';
import { fromUsage as fromUsageCase, type ObservedUsage, type UsageReading } from './app/from-usage.js';
import { type InitOptions, init as initCase } from './app/init.js';
import { builtinCatalog, type CatalogInput, loadCatalog as loadCatalogCase, loadStages as loadStagesCase } from './app/inputs.js';
import { type ModelsOptions, type ModelsResult, models as modelsCase } from './app/models.js';
import type { Dollars, PriceOptions, PricingOptions, ShareInput, Tokens } from './app/options.js';
import { priceContext as priceContextCase, priceTokens as priceTokensCase, resolveModel as resolveModelCase } from './app/prices.js';
import { type ProjectOptions, project as projectCase } from './app/project.js';
import { type ReconcileOptions, type ReconcileResult, reconcileBill, reconcileExitCode as reconcileExitCodeOf } from './app/reconcile.js';
import { SCHEMA_KINDS, type SchemaKind, schema as schemaCase } from './app/schema.js';
import { type UsageReportOptions, type UsageResult, usageReport as usageReportCase } from './app/usage.js';
import type { ActualsCheck } from './core/budget-actuals.js';
import { type BudgetCheck, getExitCode } from './core/budget-check.js';
import type { BudgetDiff } from './core/budget-diff.js';
import type { Candidate, CandidatePrice } from './core/candidate.js';
import type { Catalog, PriceContext } from './core/catalog.js';
import type { CatalogDiff } from './core/catalog-diff.js';
import type { Ranking } from './core/compare.js';
import type { Environment } from './core/environment.js';
import type { Forecast } from './core/forecast.js';
import type { ModelMatchList } from './core/model-match.js';
import { type Usd, usdText as usdTextOf } from './core/money.js';
import type { Accounting } from './core/pricing.js';
import type { Projection } from './core/projection.js';
import type { PricedModel, ResolvedName } from './core/resolve-model.js';
import type { StagePlan } from './core/stages.js';
import type { GroupField } from './core/usage.js';
import {
  belowRequired as belowRequiredOf,
  type ProvenanceLevel,
  type ProvenanceShare,
  type UsageReport,
  type UsageRow,
} from './core/usage-pricing.js';
import type { UsageSort } from './core/usage-sort.js';
import { type ErrorCode, GacostError, isGacostError } from './errors.js';
import { ARGUMENTS, checkArguments } from './library-arguments.js';
import { FORMATS as RENDER_FORMATS } from './output/render.js';
import { render as renderResult } from './output/results.js';
import type { UsageFormatName } from './usage/format-names.js';

export type {
  Accounting,
  ActualsCheck,
  BudgetCheck,
  BudgetDiff,
  BudgetFile,
  Candidate,
  CandidatePrice,
  Catalog,
  CatalogDiff,
  CatalogDiffOptions,
  CatalogExport,
  CatalogExportOptions,
  CatalogImportOptions,
  CatalogInput,
  CatalogUpdate,
  CatalogUpdateOptions,
  CatalogValidation,
  CheckOptions,
  CompareOptions,
  DiffOptions,
  Dollars,
  ErrorCode,
  Forecast,
  ForecastOptions,
  GroupField,
  ImportOutcome,
  InitOptions,
  ModelMatchList,
  ModelsOptions,
  ModelsResult,
  ObservedUsage,
  PriceContext,
  PricedModel,
  PriceOptions,
  PricingOptions,
  Projection,
  ProjectOptions,
  ProvenanceLevel,
  ProvenanceShare,
  Ranking,
  ReconcileOptions,
  ReconcileResult,
  ResolvedName,
  SchemaKind,
  ShareInput,
  StagePlan,
  Tokens,
  UsageFormatName,
  UsageReport,
  UsageReportOptions,
  UsageResult,
  UsageSort,
  Usd,
  Workload,
};
export { builtinCatalog, GacostError, isGacostError };

/** What render() draws: the result of any use case that has one. */
export type Result =
  | Projection
  | Ranking
  | Forecast
  | BudgetCheck
  | UsageResult
  | ReconcileResult
  | ModelsResult
  | ModelMatchList
  | CatalogDiff
  | BudgetDiff;

/** The output formats of the CLI's --format. */
export type Format = 'table' | 'json' | 'csv' | 'markdown' | 'html' | 'focus';
export const FORMATS: readonly Format[] = RENDER_FORMATS;

/** Where relative paths are read from (default process.cwd()). */
interface InFolder {
  readonly cwd?: string;
}

/**
 * A catalog: "builtin" (default), a file path (YAML or JSON, read as `--catalog` reads it, with its
 * `extends` and `include`), `{ text }` (the file's content) or a catalog object in the file's shape
 * (`{ schema: 1, version, effective, currency, providers, models, … }`), validated exactly as a file.
 * Relative paths are resolved from `cwd` (default process.cwd()).
 */
export async function loadCatalog(source: CatalogInput = 'builtin', options: InFolder = {}): Promise<Catalog> {
  checkArguments('loadCatalog', ['source', 'options'], ARGUMENTS.loadCatalog, [source, options]);
  return loadCatalogCase(source, options);
}

/** The date and tier prices are looked up for; the tier must be one the catalog has. */
export function priceContext(catalog: Catalog, options: PriceOptions = {}): PriceContext {
  checkArguments('priceContext', ['catalog', 'options'], ARGUMENTS.priceContext, [catalog, options]);
  return priceContextCase(catalog, options);
}

/** The model a name (id, alias, or a name its match rules claim) means, priced on the date: `unknown-model`, `ambiguous-model` or `no-published-price` otherwise. */
export function resolveModel(catalog: Catalog, name: string, options: PriceOptions = {}): PricedModel {
  checkArguments('resolveModel', ['catalog', 'name', 'options'], ARGUMENTS.resolveModel, [catalog, name, options]);
  return resolveModelCase(catalog, name, options);
}

/** What a number of tokens of one model (or a mix, "a=90,b=10") costs, exactly; `cost` in femto-dollars (usdText shows it). */
export function priceTokens(
  catalog: Catalog,
  model: string,
  tokens: Tokens,
  options: Omit<PricingOptions, 'models' | 'mix'> = {},
): CandidatePrice {
  checkArguments('priceTokens', ['catalog', 'model', 'tokens', 'options'], ARGUMENTS.priceTokens, [catalog, model, tokens, options]);
  return priceTokensCase(catalog, model, tokens, options);
}

/** Monthly spend at each growth stage against a baseline, as `gacost project`. */
export function project(catalog: Catalog, options: ProjectOptions = {}): Projection {
  checkArguments('project', ['catalog', 'options'], ARGUMENTS.project, [catalog, options]);
  return projectCase(catalog, options);
}

/** A stage file (YAML list of name, users, tokens), read as `--stages` reads it, for project's `stages`. */
export async function loadStages(path: string, options: { readonly tokensPerUser?: Tokens } & InFolder = {}): Promise<StagePlan> {
  checkArguments('loadStages', ['path', 'options'], ARGUMENTS.loadStages, [path, options]);
  return loadStagesCase(path, options);
}

/**
 * Models ranked for one monthly workload, cheapest first, as `gacost compare`: those named, one
 * provider's, or the catalog's comparison set; `top` ranks the whole catalog and keeps the N cheapest.
 */
export function compare(catalog: Catalog, options: CompareOptions): Ranking {
  checkArguments('compare', ['catalog', 'options'], ARGUMENTS.compare, [catalog, options]);
  return compareCase(catalog, options);
}

/** Month-by-month spend as traffic grows, as `gacost forecast`: the month a budget is crossed, the credit runway. */
export function forecast(catalog: Catalog, options: ForecastOptions): Forecast {
  checkArguments('forecast', ['catalog', 'options'], ARGUMENTS.forecast, [catalog, options]);
  return forecastCase(catalog, options);
}

/**
 * Usage logs read for project, compare and forecast's `fromUsage`, as their --from-usage reads them:
 * the token mix, the last full month's tokens and spend (the baseline), and the measured growth.
 */
export async function fromUsage(
  paths: readonly string[],
  options: PriceOptions & UsageReading & InFolder & { readonly catalog?: Catalog } = {},
): Promise<ObservedUsage> {
  checkArguments('fromUsage', ['paths', 'options'], ARGUMENTS.fromUsage, [paths, options]);
  const { catalog = builtinCatalog(), cwd, ...prices } = options;
  return fromUsageCase(paths, catalog, prices, { cwd });
}

/**
 * Projects each workload against its budget, as `gacost check`; `budgetExitCode(check)` is the CLI's
 * exit code (1 when a budget is exceeded). Pass `{ config: path }` to read a budget file (gacost.yaml)
 * with the catalog it names, and `usage` (with it) to check actual spend of the as-of month.
 */
export async function checkBudget(
  catalog: Catalog,
  workloads: readonly Workload[] | BudgetFile,
  options: CheckOptions = {},
): Promise<BudgetCheck> {
  checkArguments('checkBudget', ['catalog', 'workloads', 'options'], ARGUMENTS.checkBudget, [catalog, workloads, options]);
  return checkBudgetCase(catalog, workloads, options);
}

/**
 * What a change of a budget file costs, as `gacost diff`: `base` and `head` (paths from `cwd`, or
 * `git:REF:path` read with git show) priced alike on `catalog`, workload by workload, on the tokens the
 * files state or with `usage` on the month of traffic the logs measured; `newlyBroken` lists the budgets
 * head breaks that base kept (the CLI then exits 1). The files' own `catalog:` keys are not read.
 */
export async function diff(catalog: Catalog, base: string, head: string, options: DiffOptions & InFolder = {}): Promise<BudgetDiff> {
  checkArguments('diff', ['catalog', 'base', 'head', 'options'], ARGUMENTS.diff, [catalog, base, head, options]);
  const { cwd, ...rest } = options;
  return diffBudgets(catalog, base, head, rest, { cwd });
}

/**
 * A starter budget file's text, as `gacost init` writes it: a workload per model named, or with
 * `fromUsage` per model the logs use at the month of tokens they measured. Writing it is the caller's.
 */
export async function init(catalog: Catalog, models: readonly string[] = [], options: InitOptions & InFolder = {}): Promise<string> {
  checkArguments('init', ['catalog', 'models', 'options'], ARGUMENTS.init, [catalog, models, options]);
  const { cwd, ...rest } = options;
  return initCase(catalog, models, rest, { cwd });
}

/** 1 when a workload or the total is over its budget, else 0: what `gacost check` exits with. */
export function budgetExitCode(check: BudgetCheck, options: { readonly warnOnly?: boolean } = {}): 0 | 1 {
  checkArguments('budgetExitCode', ['check', 'options'], ARGUMENTS.budgetExitCode, [check, options]);
  return getExitCode(check, { warnOnly: options.warnOnly === true });
}

/**
 * Usage logs priced, as `gacost usage`: files or folders (searched for .jsonl, .json, .csv, .log, and
 * their .gz) in any format gacost reads (OpenAI, Anthropic, LiteLLM, …), grouped by `by`, within
 * since and until, re-priced on other models (on, mix, map), with the traffic's profile and a routing
 * plan when asked. Records gacost cannot read throw `invalid-usage`, unless `skipBad`; models it
 * cannot price are listed in `unpriced`, never counted as $0.
 */
export async function usageReport(
  paths: readonly string[],
  options: Omit<UsageReportOptions, 'catalog'> & InFolder & { readonly catalog?: Catalog } = {},
): Promise<UsageResult & { readonly rows: readonly UsageRow[] }> {
  checkArguments('usageReport', ['paths', 'options'], ARGUMENTS.usageReport, [paths, options]);
  const { cwd, ...report } = options;
  const result = await usageReportCase(paths, report, { cwd });
  // The command writes a large report's rows as they are made; a program is given them as a list.
  return { ...result, rows: [...result.rows] };
}

/**
 * Usage priced as `usageReport` prices it, held against bill files, as `gacost reconcile`: by day or
 * month, provider and model or line item, computed against billed, the difference explained by cause
 * (unpriced records, days the logs or the bill lack, the bill's non-token line items, credits) and the
 * rest unexplained. A bill in another currency than USD throws `invalid-bill` unless `fx` converts it.
 */
export async function reconcile(
  paths: readonly string[],
  options: Omit<ReconcileOptions, 'catalog'> & InFolder & { readonly catalog?: Catalog },
): Promise<ReconcileResult> {
  checkArguments('reconcile', ['paths', 'options'], ARGUMENTS.reconcile, [paths, options]);
  const { cwd, ...given } = options;
  return reconcileBill(paths, given, { cwd });
}

/** A reconciliation's exit code, as the CLI's: 1 when the unexplained difference is beyond its tolerance, else 0. */
export function reconcileExitCode(result: ReconcileResult): 0 | 1 {
  checkArguments('reconcileExitCode', ['result'], ARGUMENTS.reconcileExitCode, [result]);
  return reconcileExitCodeOf(result);
}

/** The provenance of a usage report's priced records below a level, costliest first (`[]`: all of it holds), as --require gates on it. */
export function belowRequired(report: Pick<UsageReport, 'provenance'>, required: 'exact' | 'rule'): readonly ProvenanceShare[] {
  checkArguments('belowRequired', ['report', 'required'], ARGUMENTS.belowRequired, [report, required]);
  return belowRequiredOf(report, required);
}

/** The catalog's models with their prices on the date, as `gacost models`; with `match`, what each name resolves to. */
export function models(catalog: Catalog, options: ModelsOptions = {}): ModelsResult | ModelMatchList {
  checkArguments('models', ['catalog', 'options'], ARGUMENTS.models, [catalog, options]);
  return modelsCase(catalog, options);
}

/** Catalog files checked, as `gacost catalog validate`: each valid one's size, version and hash, or its problems (file:line:col each). */
export async function catalogValidate(sources: readonly string[], options: InFolder = {}): Promise<CatalogValidation[]> {
  checkArguments('catalogValidate', ['sources', 'options'], ARGUMENTS.catalogValidate, [sources, options]);
  return catalogValidateCase(sources, options);
}

/**
 * Models added, removed and repriced between two catalogs, or one on two dates (`asOf`, `vsAsOf`),
 * and the monthly cost effect on `tokens` or a budget file's workloads (`config`), as `gacost catalog diff`.
 */
export async function catalogDiff(
  oldCatalog: Catalog,
  newCatalog?: Catalog,
  options: CatalogDiffOptions & InFolder = {},
): Promise<CatalogDiff> {
  checkArguments('catalogDiff', ['oldCatalog', 'newCatalog', 'options'], ARGUMENTS.catalogDiff, [oldCatalog, newCatalog, options]);
  const { cwd, ...diff } = options;
  return catalogDiffCase(oldCatalog, newCatalog, diff, { cwd });
}

/** A LiteLLM or genai-prices price list as a gacost catalog (YAML), as `gacost catalog import`, with what was not imported. */
export async function catalogImport(file: string, options: CatalogImportOptions & InFolder): Promise<ImportOutcome> {
  checkArguments('catalogImport', ['file', 'options'], ARGUMENTS.catalogImport, [file, options]);
  const { cwd, ...outcome } = options;
  return catalogImportCase(file, outcome, { cwd });
}

/** The catalog as a dated price table and a match-rule table (CSV, JSON lines) or a SQL script, as `gacost catalog export`. */
export function catalogExport(catalog: Catalog, options: CatalogExportOptions = {}): CatalogExport {
  checkArguments('catalogExport', ['catalog', 'options'], ARGUMENTS.catalogExport, [catalog, options]);
  return catalogExportCase(catalog, options);
}

/**
 * genai-prices' newest published prices over the catalog in use, as a diff against it, stored in the
 * cache folder (found from `env`) that later runs of the CLI use, as `gacost catalog update`; `dryRun`
 * stores nothing, `reset` removes the stored catalog.
 */
export async function catalogUpdate(
  options: CatalogUpdateOptions & InFolder & { readonly env?: Environment } = {},
): Promise<CatalogUpdate> {
  checkArguments('catalogUpdate', ['options'], ARGUMENTS.catalogUpdate, [options]);
  const { cwd, env, ...update } = options;
  return catalogUpdateCase(update, { cwd, env });
}

/** The JSON Schema of the catalog, the budget file or the JSON output, as `gacost schema`. */
export async function schema(kind: SchemaKind): Promise<string> {
  checkArguments('schema', ['kind'], ARGUMENTS.schema, [kind]);
  return schemaCase(kind);
}
export { SCHEMA_KINDS };

/**
 * A result as the CLI prints it: "table" (default: fitted to 80 columns, no colour; `wide` for every
 * column whole, as --wide), "markdown", "csv", "json", "html" (a self-contained page of charts) or "focus" (a
 * usageReport's rows as FOCUS 1.2 CSV, grouped by day or month, provider and model: focusGroupBy; or a
 * reconciliation's groups, the bill's amounts as BilledCost).
 */
export function render(
  result: Result,
  format: Format = 'table',
  options: { readonly color?: boolean; readonly width?: number; readonly wide?: boolean } = {},
): string {
  checkArguments('render', ['result', 'format', 'options'], ARGUMENTS.render, [result, format, options]);
  if (!(FORMATS as readonly string[]).includes(format))
    throw new GacostError('invalid-option', `unknown format ${JSON.stringify(format)}; expected one of ${FORMATS.join(', ')}`);
  try {
    return renderResult(result, format, {
      color: options.color === true,
      width: options.wide === true ? undefined : (options.width ?? 80),
    });
  } catch (error) {
    // The arguments' schema checks the parts of a result render walks, not every field deep inside: a
    // result a caller changed there still fails as a wrong argument, never as an untyped TypeError.
    if (!(error instanceof TypeError || error instanceof RangeError)) throw error;
    const problem = `render: invalid result: not as ${MADE_BY[result.kind]} made it (${error.message})`;
    throw new GacostError('invalid-option', problem, [problem]);
  }
}

/** The function that makes each kind of result. */
const MADE_BY: Record<Result['kind'], string> = {
  projection: 'project',
  compare: 'compare',
  forecast: 'forecast',
  check: 'checkBudget',
  usage: 'usageReport',
  reconcile: 'reconcile',
  models: 'models',
  'model-match': 'models',
  diff: 'catalogDiff',
  'budget-diff': 'diff',
};

/** Exact decimal text of a Usd (femto-dollars, a bigint): "3.90625". */
export function usdText(usd: Usd): string {
  checkArguments('usdText', ['usd'], ARGUMENTS.usdText, [usd]);
  return usdTextOf(usd);
}
