import { GacostError } from '../errors.js';
import type { Assumption } from './assumptions.js';
import { type Candidate, priceCandidate } from './candidate.js';
import type { CatalogInfo } from './catalog.js';
import { decimalReason, readDecimal } from './decimal.js';
import { MAX_USD, MONEY_SCALE, PERCENT_SCALE, type Percent, percentOf, sumUsd, type Usd, usdDisplay } from './money.js';
import { type Accounting, ALL_OUTPUT, SHARE_SCALE, type Share } from './pricing.js';
import { notePrice, type PriceNotes, pricingAssumptions } from './pricing-assumptions.js';

/**
 * ok below warn_at; warn from warn_at up to and including fail_at; fail above; none without a budget;
 * no-data (on actual usage) where the line has no record to judge, never ok.
 */
export type BudgetStatus = 'ok' | 'warn' | 'fail' | 'none' | 'no-data';

export interface Thresholds {
  readonly warnAt: Percent;
  readonly failAt: Percent;
}

export const DEFAULT_THRESHOLDS: Thresholds = { warnAt: wholePercent(80n), failAt: wholePercent(100n) };

export interface WorkloadSpec {
  readonly name: string;
  readonly candidate: Candidate;
  readonly tokens: bigint;
  readonly budget: Usd | null;
  /** Its own token mix (input, cache reads and writes, output); without, the check's default mix. */
  readonly accounting?: Accounting;
  /** Tokens per request, when the file gives requests: with an input share it sizes the prompt for context tiers, as project's --tokens-per-request. */
  readonly tokensPerRequest?: bigint;
  /**
   * Which records of `check --usage` are the workload's: its `usage:`, else its model; none for a
   * workload given by flags or a mix without `usage:`.
   */
  readonly usage?: UsageSelector;
  /** Where the workload is in its budget file (file:line:col), to point at it. */
  readonly position?: string;
}

/** A workload as a budget file gives it: without tokens when it is only checked on actual usage. */
export interface BudgetWorkload extends Omit<WorkloadSpec, 'tokens'> {
  readonly tokens: bigint | null;
}

/** The workloads of a budget file for a projection, which needs every workload's tokens. */
export function projectedWorkloads<Workload extends Pick<BudgetWorkload, 'name' | 'tokens' | 'position'>>(
  workloads: readonly Workload[],
): (Omit<Workload, 'tokens'> & { readonly tokens: bigint })[] {
  const tokenless = workloads.filter((workload) => workload.tokens === null);
  if (tokenless.length > 0) {
    const named = tokenless
      .map((workload) => `${JSON.stringify(workload.name)}${workload.position === undefined ? '' : ` (${workload.position})`}`)
      .join(', ');
    throw new GacostError(
      'invalid-budget',
      `${tokenless.length === 1 ? 'workload' : 'workloads'} ${named} ${tokenless.length === 1 ? 'has' : 'have'} no tokens or requests to project: give them, or check actual spend with --usage`,
    );
  }
  return workloads.map((workload) => ({ ...workload, tokens: workload.tokens ?? 0n }));
}

/** Fields a usage record must all match to count for a workload: model by catalog id, provider by catalog key. */
export interface UsageSelector {
  readonly model?: string;
  readonly provider?: string;
  readonly project?: string;
  readonly key?: string;
  readonly user?: string;
  readonly session?: string;
}

export interface BudgetLine {
  readonly cost: Usd;
  readonly budget: Usd | null;
  /** cost as a percentage of the budget, rounded to 4 decimal places; null without a budget. */
  readonly pct: Percent | null;
  readonly status: BudgetStatus;
}

export interface WorkloadResult extends BudgetLine {
  readonly name: string;
  readonly candidate: Candidate;
  /** The month's tokens the workload assumes; null on actual usage for a workload that gives none. */
  readonly tokens: bigint | null;
  /** How the tokens were priced; none on actual usage, where each record's own tokens are. */
  readonly accounting?: Accounting;
  /** Where the workload is in its budget file (file:line:col), for an annotation to point at. */
  readonly position?: string;
}

export interface BudgetCheck {
  readonly kind: 'check';
  readonly catalog: CatalogInfo;
  readonly thresholds: Thresholds;
  readonly assumptions: readonly Assumption[];
  readonly workloads: readonly WorkloadResult[];
  readonly total: BudgetLine;
}

export function checkBudgets(
  catalog: CatalogInfo,
  workloads: readonly WorkloadSpec[],
  totalBudget: Usd | null,
  thresholds: Thresholds = DEFAULT_THRESHOLDS,
  daysPerMonth?: number,
  defaultAccounting: Accounting = ALL_OUTPUT,
): BudgetCheck {
  const notes: PriceNotes = { fallbacks: new Map(), rounded: false, contextTiers: new Map() };
  const results = workloads.map((workload): WorkloadResult => {
    const mix = workload.accounting ?? defaultAccounting;
    const accounting =
      mix.inputShare === null || workload.tokensPerRequest === undefined ? mix : { ...mix, tokensPerRequest: workload.tokensPerRequest };
    const priced = priceCandidate(workload.candidate, workload.tokens, accounting);
    notePrice(notes, priced);
    const { cost } = priced;
    return {
      name: workload.name,
      candidate: workload.candidate,
      tokens: workload.tokens,
      accounting,
      ...budgetLine(cost, workload.budget, thresholds),
      ...(workload.position === undefined ? {} : { position: workload.position }),
    };
  });
  const total = budgetLine(sumUsd(results.map((result) => result.cost)), totalBudget, thresholds);
  const assumptions: Assumption[] = [
    ...tokenMixAssumptions(results),
    // The shared assumptions but their first, the one token mix of a command that has one.
    ...pricingAssumptions(
      ALL_OUTPUT,
      workloads.map((workload) => workload.candidate),
      notes,
    ).slice(1),
  ];
  if (daysPerMonth !== undefined) assumptions.push({ code: 'days-per-month', days: daysPerMonth });
  return { kind: 'check', catalog, thresholds, assumptions, workloads: results, total };
}

/**
 * How the tokens were priced: one assumption when every workload is priced alike (as `compare`
 * says it), else one per token mix naming its workloads.
 */
function tokenMixAssumptions(results: readonly WorkloadResult[]): Assumption[] {
  const groups = new Map<string, { accounting: Accounting; workloads: string[] }>();
  for (const result of results) {
    const accounting = result.accounting ?? ALL_OUTPUT;
    const key = [accounting.inputShare, accounting.cachedShare, accounting.cacheWriteShare ?? null].join('/');
    const group = groups.get(key) ?? { accounting, workloads: [] };
    group.workloads.push(result.name);
    groups.set(key, group);
  }
  const alike = groups.size <= 1;
  return [...groups.values()].map(({ accounting, workloads }): Assumption => {
    const named = alike ? {} : { workloads };
    return accounting.inputShare === null
      ? { code: 'all-tokens-at-output-price', ...named }
      : {
          code: 'token-mix',
          inputShare: accounting.inputShare,
          cachedShare: accounting.cachedShare,
          cacheWriteShare: accounting.cacheWriteShare ?? null,
          ...named,
        };
  });
}

/** Whether a budget check priced tokens at the output price, by a token mix, or both (by workload). */
export function tokenPricingOf(check: BudgetCheck): 'output' | 'input_output' | 'mixed' {
  const mixed = check.workloads.filter((workload) => (workload.accounting ?? ALL_OUTPUT).inputShare !== null).length;
  return mixed === 0 ? 'output' : mixed === check.workloads.length ? 'input_output' : 'mixed';
}

/**
 * A workload's token mix from its shares (the budget file's or the flags'): the cache shares are
 * shares of input tokens, so they need an input share, and together they are at most all of it.
 */
export function workloadAccounting(
  shares: { readonly input?: Share; readonly cached?: Share; readonly cacheWrite?: Share },
  names: { readonly input: string; readonly cached: string; readonly cacheWrite: string },
): Accounting {
  if (shares.input === undefined) {
    const orphan = shares.cached !== undefined ? names.cached : shares.cacheWrite !== undefined ? names.cacheWrite : undefined;
    if (orphan !== undefined) throw new GacostError('invalid-option', `${orphan} is a share of input tokens: give ${names.input} too`);
    return ALL_OUTPUT;
  }
  if ((shares.cached ?? 0n) + (shares.cacheWrite ?? 0n) > 10n ** BigInt(SHARE_SCALE)) {
    throw new GacostError(
      'invalid-option',
      `${names.cached} and ${names.cacheWrite} are shares of the same input tokens: together at most 100%`,
    );
  }
  return {
    inputShare: shares.input,
    cachedShare: shares.cached ?? null,
    ...(shares.cacheWrite === undefined ? {} : { cacheWriteShare: shares.cacheWrite }),
  };
}

/** A cost against its budget (none: status none). */
export function budgetLine(cost: Usd, budget: Usd | null, thresholds: Thresholds): BudgetLine {
  if (budget === null) return { cost, budget, pct: null, status: 'none' };
  return { cost, budget, pct: percentOf(cost, budget), status: statusOf(cost, budget, thresholds) };
}

/** Compared exactly (no rounded percentage): 100.00001% of the budget fails. */
export function statusOf(cost: Usd, budget: Usd, thresholds: Thresholds): BudgetStatus {
  const spentScaled = cost * 100n * 10n ** BigInt(PERCENT_SCALE);
  if (spentScaled > thresholds.failAt * budget) return 'fail';
  if (spentScaled >= thresholds.warnAt * budget) return 'warn';
  return 'ok';
}

/** 1 when any line fails (a budget is exceeded), unless warnings only were asked for. */
export function getExitCode(check: BudgetCheck, options: { readonly warnOnly: boolean }): 0 | 1 {
  const failed = check.total.status === 'fail' || check.workloads.some((workload) => workload.status === 'fail');
  return failed && !options.warnOnly ? 1 : 0;
}

/** "80%" or "80" → 80 as a Percent (scale 4). */
export function parsePercent(text: string, what: string): Percent {
  const expected = 'expected a positive percentage such as 80%';
  const units = readDecimal(text.trim().replace(/%$/, ''), PERCENT_SCALE);
  if (typeof units !== 'bigint' || units === 0n) {
    const reason = typeof units === 'bigint' ? expected : decimalReason(units, PERCENT_SCALE, expected);
    throw new GacostError('invalid-option', `invalid ${what} ${JSON.stringify(text)}: ${reason}`);
  }
  return units as Percent;
}

/**
 * An amount in USD as people write it: an optional "$", then a decimal ("200", "199.99", ".25",
 * "1e3"), or digits grouped in threes by commas ("1,000", "$1,234,567.89"). A comma anywhere else
 * is refused: "1,5" is not read as 15.
 */
export const USD_TEXT = /^\$?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\+?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)$/;

/** "2000", "199.99", "$1,250.50" → USD; budgets and credits are positive, and at most MAX_USD. */
export function parseUsd(text: string, what: string): Usd {
  const invalid = (reason: string) => new GacostError('invalid-option', `invalid ${what} ${JSON.stringify(text)}: ${reason}`);
  const expected = 'expected a positive amount in USD such as 200, 199.99 or $1,250.50';
  const trimmed = text.trim();
  if (!USD_TEXT.test(trimmed)) {
    throw invalid(trimmed.includes(',') ? 'commas go only between groups of three digits, as in 1,000 or $1,250.50' : expected);
  }
  const units = readDecimal(trimmed.replace(/^\$/, '').replaceAll(',', ''), MONEY_SCALE);
  if (typeof units !== 'bigint') throw invalid(decimalReason(units, MONEY_SCALE, expected));
  if (units === 0n) throw invalid(expected);
  if (units > MAX_USD) throw invalid(`more than the maximum of ${usdDisplay(MAX_USD)}`);
  return units as Usd;
}

function wholePercent(value: bigint): Percent {
  return (value * 10n ** BigInt(PERCENT_SCALE)) as Percent;
}
