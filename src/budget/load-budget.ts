import { dirname, isAbsolute, join } from 'node:path';
import { DEFAULT_THRESHOLDS, parsePercent, parseUsd, type Thresholds, type UsageSelector, type WorkloadSpec } from '../core/budget-check.js';
import { parseMix, type Candidate } from '../core/candidate.js';
import { providerNamed, type Catalog, type PriceContext } from '../core/catalog.js';
import type { Usd } from '../core/money.js';
import { formatTokens, parseRequests, parseTokens, tokensWithinLimit } from '../core/quantity.js';
import { cannotPriceHere, ModelIndex } from '../core/resolve-model.js';
import { GacostError, isGacostError } from '../errors.js';
import { describePath, readYaml, validate, type Path } from '../yaml/parse-yaml.js';
import { budgetFileSchema } from './budget-schema.js';

export interface BudgetConfig<Workload = WorkloadSpec> {
  readonly catalog: Catalog;
  readonly totalBudget: Usd | null;
  readonly thresholds: Thresholds;
  /** Only when some workload gives requests per day. */
  readonly daysPerMonth: number | undefined;
  readonly workloads: readonly Workload[];
}

/** A workload as one side of a catalog diff sees it: no candidate where that side cannot price it. */
export interface SideWorkload extends Omit<WorkloadSpec, 'candidate'> {
  readonly candidate: Candidate | null;
  /** The model's id (from either side), or "mix". */
  readonly model: string;
}

/** `catalog:` of the file, resolved against the file's folder; undefined when the file names none. */
export type CatalogLoader = (reference: { readonly builtin: true } | { readonly path: string } | undefined) => Catalog;

/**
 * Parses a budget file (gacost.yaml), expands `${VAR}` from the environment, resolves every
 * workload's model and lists every problem at once, each with its file:line:col.
 */
export function loadBudget(text: string, file: string, env: NodeJS.ProcessEnv, prices: PriceContext, loadCatalog: CatalogLoader): BudgetConfig;
/**
 * The same, as one side of a catalog diff next to `otherSide`: a workload this side cannot price (its
 * model only on the other side, unpriced, or without the tier) has no candidate here; only a model on
 * neither side is a problem.
 */
export function loadBudget(
  text: string,
  file: string,
  env: NodeJS.ProcessEnv,
  prices: PriceContext,
  loadCatalog: CatalogLoader,
  otherSide: Catalog,
): BudgetConfig<SideWorkload>;
export function loadBudget(
  text: string,
  file: string,
  env: NodeJS.ProcessEnv,
  prices: PriceContext,
  loadCatalog: CatalogLoader,
  otherSide?: Catalog,
): BudgetConfig<SideWorkload | WorkloadSpec> {
  const source = readYaml(text, file, 'invalid-budget', { env });
  const input = validate(budgetFileSchema, source, 'invalid-budget', 'budget file');
  const problems: string[] = [];
  const attempt = <T>(path: Path, parse: () => T): T | undefined => {
    try {
      return parse();
    } catch (error) {
      if (!isGacostError(error) || error.code === 'invalid-catalog' || error.code === 'unreadable-file') throw error;
      problems.push(`${source.position(path)}: ${describePath(path)}${error.message}`);
      return undefined;
    }
  };

  const catalog = loadCatalog(
    input.catalog === undefined
      ? undefined
      : input.catalog === 'builtin'
        ? { builtin: true }
        : { path: isAbsolute(input.catalog) ? input.catalog : join(dirname(file), input.catalog) },
  );
  const index = new ModelIndex(catalog, prices, otherSide);
  const candidateOf = (workload: { readonly model?: string; readonly mix?: string }): Candidate | null => {
    try {
      return workload.mix === undefined ? { kind: 'model', model: index.resolvePriced(workload.model ?? '') } : parseMix(workload.mix, index, 'mix');
    } catch (error) {
      if (otherSide !== undefined && cannotPriceHere(error)) return null;
      throw error;
    }
  };
  /** A workload's usage selector with its model as a catalog id and its provider as a catalog key; null where either is unknown. */
  const selectorOf = (given: NonNullable<(typeof input.workloads)[number]['usage']>, path: Path): UsageSelector | null => {
    const model = given.model === undefined ? undefined : attempt([...path, 'model'], () => index.resolve(given.model ?? '').id);
    const provider =
      given.provider === undefined
        ? undefined
        : attempt([...path, 'provider'], () => {
            const key = providerNamed(catalog, given.provider ?? '');
            if (key === undefined) {
              throw new GacostError('invalid-option', `unknown provider ${JSON.stringify(given.provider)}; the catalog's providers are ${Object.keys(catalog.providers).join(', ')}`);
            }
            return key;
          });
    if ((given.model !== undefined && model === undefined) || (given.provider !== undefined && provider === undefined)) return null;
    return { ...given, ...(model === undefined ? {} : { model }), ...(provider === undefined ? {} : { provider }) };
  };
  const totalBudget =
    input.budget === undefined ? null : (attempt(['budget'], () => parseUsd(source.scalarSource(['budget']), 'budget')) ?? null);
  const warnAt = input.warn_at === undefined ? DEFAULT_THRESHOLDS.warnAt : attempt(['warn_at'], () => parsePercent(input.warn_at ?? '', 'warn_at'));
  const failAt = input.fail_at === undefined ? DEFAULT_THRESHOLDS.failAt : attempt(['fail_at'], () => parsePercent(input.fail_at ?? '', 'fail_at'));
  if (warnAt !== undefined && failAt !== undefined && warnAt > failAt) {
    problems.push(`${source.position(['warn_at'])}: warn_at: must not be above fail_at`);
  }
  const daysPerMonth = input.days_per_month ?? 30;

  const workloads = input.workloads.flatMap((workload, position): SideWorkload[] => {
    const at = (...keys: string[]): Path => ['workloads', position, ...keys];
    const candidate = attempt(at(workload.mix === undefined ? 'model' : 'mix'), () => candidateOf(workload));
    const budget =
      workload.budget === undefined ? null : (attempt(at('budget'), () => parseUsd(source.scalarSource(at('budget')), 'budget')) ?? null);
    const tokens =
      workload.tokens !== undefined
        ? attempt(at('tokens'), () => parseTokens(source.scalarSource(at('tokens')), 'tokens'))
        : attempt(at('requests'), () => {
            const [count = '', per = ''] = (workload.requests ?? '').split('/');
            const daily = per.toLowerCase() === 'day';
            const perRequest = parseTokens(source.scalarSource(at('tokens_per_request')), 'tokens_per_request');
            const days = daily ? BigInt(daysPerMonth) : 1n;
            const product = `${workload.requests}${daily ? ` × ${days} days` : ''} × ${formatTokens(perRequest)} tokens_per_request`;
            return tokensWithinLimit(parseRequests(count) * days * perRequest, product);
          });
    const usage = workload.usage === undefined || otherSide !== undefined ? undefined : selectorOf(workload.usage, at('usage'));
    if (candidate === undefined || tokens === undefined || usage === null) return [];
    const model = workload.mix === undefined ? index.resolve(workload.model ?? '').id : 'mix';
    return [{ name: workload.name, candidate, model, tokens, budget, position: source.position(at()), ...(usage === undefined ? {} : { usage }) }];
  });
  if (problems.length > 0 || warnAt === undefined || failAt === undefined) {
    throw new GacostError('invalid-budget', `invalid budget file ${file}`, problems);
  }
  const perDay = input.workloads.some((workload) => workload.requests?.toLowerCase().endsWith('/day'));
  return { catalog, totalBudget, thresholds: { warnAt, failAt }, daysPerMonth: perDay ? daysPerMonth : undefined, workloads };
}
