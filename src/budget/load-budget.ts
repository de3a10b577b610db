import { dirname, isAbsolute, join } from 'node:path';
import {
  type BudgetWorkload,
  DEFAULT_THRESHOLDS,
  parsePercent,
  parseUsd,
  type Thresholds,
  type UsageSelector,
  workloadAccounting,
} from '../core/budget-check.js';
import { type Candidate, parseMix } from '../core/candidate.js';
import { type Catalog, type PriceContext, providerNamed } from '../core/catalog.js';
import type { Environment } from '../core/environment.js';
import type { Usd } from '../core/money.js';
import { parseShare } from '../core/pricing.js';
import { formatTokens, parseRequests, parseTokens, tokensWithinLimit } from '../core/quantity.js';
import { cannotPriceHere, ModelIndex } from '../core/resolve-model.js';
import { GacostError, isGacostError } from '../errors.js';
import { describePath, type Path, readYaml, validate } from '../yaml/parse-yaml.js';
import { budgetFileSchema } from './budget-schema.js';

export interface BudgetConfig<Workload = BudgetWorkload> {
  readonly catalog: Catalog;
  readonly totalBudget: Usd | null;
  readonly thresholds: Thresholds;
  /** Only when some workload gives requests per day. */
  readonly daysPerMonth: number | undefined;
  readonly workloads: readonly Workload[];
}

/** A workload as one side of a catalog diff sees it: no candidate where that side cannot price it. */
export interface SideWorkload extends Omit<BudgetWorkload, 'candidate'> {
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
export function loadBudget(text: string, file: string, env: Environment, prices: PriceContext, loadCatalog: CatalogLoader): BudgetConfig;
/**
 * The same, as one side of a catalog diff next to `otherSide`: a workload this side cannot price (its
 * model only on the other side, unpriced, or without the tier) has no candidate here; only a model on
 * neither side is a problem.
 */
export function loadBudget(
  text: string,
  file: string,
  env: Environment,
  prices: PriceContext,
  loadCatalog: CatalogLoader,
  otherSide: Catalog,
): BudgetConfig<SideWorkload>;
export function loadBudget(
  text: string,
  file: string,
  env: Environment,
  prices: PriceContext,
  loadCatalog: CatalogLoader,
  otherSide?: Catalog,
): BudgetConfig<SideWorkload | BudgetWorkload> {
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
      return workload.mix === undefined
        ? { kind: 'model', model: index.resolvePriced(workload.model ?? '') }
        : parseMix(workload.mix, index, 'mix');
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
              throw new GacostError(
                'invalid-option',
                `unknown provider ${JSON.stringify(given.provider)}; the catalog's providers are ${Object.keys(catalog.providers).join(', ')}`,
              );
            }
            return key;
          });
    if ((given.model !== undefined && model === undefined) || (given.provider !== undefined && provider === undefined)) return null;
    return { ...given, ...(model === undefined ? {} : { model }), ...(provider === undefined ? {} : { provider }) };
  };
  const totalBudget =
    input.budget === undefined ? null : (attempt(['budget'], () => parseUsd(source.scalarSource(['budget']), 'budget')) ?? null);
  const warnAt =
    input.warn_at === undefined ? DEFAULT_THRESHOLDS.warnAt : attempt(['warn_at'], () => parsePercent(input.warn_at ?? '', 'warn_at'));
  const failAt =
    input.fail_at === undefined ? DEFAULT_THRESHOLDS.failAt : attempt(['fail_at'], () => parsePercent(input.fail_at ?? '', 'fail_at'));
  if (warnAt !== undefined && failAt !== undefined && warnAt > failAt) {
    problems.push(`${source.position(['warn_at'])}: warn_at: must not be above fail_at`);
  }
  const daysPerMonth = input.days_per_month ?? 30;

  const workloads = input.workloads.flatMap((workload, position): SideWorkload[] => {
    const at = (...keys: string[]): Path => ['workloads', position, ...keys];
    const candidate = attempt(at(workload.mix === undefined ? 'model' : 'mix'), () => candidateOf(workload));
    const budget =
      workload.budget === undefined ? null : (attempt(at('budget'), () => parseUsd(source.scalarSource(at('budget')), 'budget')) ?? null);
    const perRequest =
      workload.tokens_per_request === undefined
        ? undefined
        : attempt(at('tokens_per_request'), () => parseTokens(source.scalarSource(at('tokens_per_request')), 'tokens_per_request'));
    const tokens =
      workload.tokens !== undefined
        ? attempt(at('tokens'), () => parseTokens(source.scalarSource(at('tokens')), 'tokens'))
        : workload.requests === undefined
          ? null
          : attempt(at('requests'), () => {
              const [count = '', per = ''] = (workload.requests ?? '').split('/');
              const daily = per.toLowerCase() === 'day';
              const days = daily ? BigInt(daysPerMonth) : 1n;
              const product = `${workload.requests}${daily ? ` × ${days} days` : ''} × ${formatTokens(perRequest ?? 0n)} tokens_per_request`;
              return tokensWithinLimit(parseRequests(count) * days * (perRequest ?? 0n), product);
            });
    const shareAt = (key: 'input_share' | 'cached_share' | 'cache_write_share') =>
      workload[key] === undefined ? undefined : parseShare(source.scalarSource(at(key)), key);
    const cacheKey = workload.cached_share === undefined && workload.cache_write_share !== undefined ? 'cache_write_share' : 'cached_share';
    const accounting = attempt(
      at(workload.cached_share === undefined && workload.cache_write_share === undefined ? 'input_share' : cacheKey),
      () =>
        workloadAccounting(
          { input: shareAt('input_share'), cached: shareAt('cached_share'), cacheWrite: shareAt('cache_write_share') },
          { input: 'input_share', cached: 'cached_share', cacheWrite: 'cache_write_share' },
        ),
    );
    // Under --usage, `usage:` says which records are the workload's; without it, its model does.
    const usage =
      otherSide !== undefined
        ? undefined
        : workload.usage !== undefined
          ? selectorOf(workload.usage, at('usage'))
          : candidate?.kind === 'model'
            ? { model: candidate.model.model.id }
            : undefined;
    const unreadRequestSize = perRequest === undefined && workload.tokens_per_request !== undefined;
    if (candidate === undefined || tokens === undefined || unreadRequestSize || accounting === undefined || usage === null) return [];
    const model = workload.mix === undefined ? index.resolve(workload.model ?? '').id : 'mix';
    const optional = {
      ...(accounting.inputShare === null ? {} : { accounting }),
      ...(perRequest === undefined ? {} : { tokensPerRequest: perRequest }),
      ...(usage === undefined ? {} : { usage }),
    };
    return [{ name: workload.name, candidate, model, tokens, budget, position: source.position(at()), ...optional }];
  });
  if (problems.length > 0 || warnAt === undefined || failAt === undefined) {
    throw new GacostError('invalid-budget', `invalid budget file ${file}`, problems);
  }
  const perDay = input.workloads.some((workload) => workload.requests?.toLowerCase().endsWith('/day'));
  return { catalog, totalBudget, thresholds: { warnAt, failAt }, daysPerMonth: perDay ? daysPerMonth : undefined, workloads };
}
