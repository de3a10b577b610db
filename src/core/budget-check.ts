import { GacostError } from '../errors.js';
import type { Assumption } from './assumptions.js';
import type { CatalogInfo } from './catalog.js';
import { parseDecimal } from './decimal.js';
import { MONEY_SCALE, PERCENT_SCALE, percentOf, sumUsd, type Percent, type Usd } from './money.js';
import { priceCandidate, type Candidate } from './candidate.js';
import { pricingAssumptions, type PriceNotes } from './pricing-assumptions.js';
import { ALL_OUTPUT } from './pricing.js';

/** ok below warn_at; warn from warn_at up to and including fail_at; fail above; none without a budget. */
export type BudgetStatus = 'ok' | 'warn' | 'fail' | 'none';

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
  readonly tokens: bigint;
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
): BudgetCheck {
  const results = workloads.map((workload): WorkloadResult => {
    const { cost } = priceCandidate(workload.candidate, workload.tokens, ALL_OUTPUT);
    return { name: workload.name, candidate: workload.candidate, tokens: workload.tokens, ...budgetLine(cost, workload.budget, thresholds) };
  });
  const total = budgetLine(sumUsd(results.map((result) => result.cost)), totalBudget, thresholds);
  const notes: PriceNotes = { fallbacks: new Map(), rounded: false };
  const assumptions: Assumption[] = pricingAssumptions(ALL_OUTPUT, workloads.map((workload) => workload.candidate), notes);
  if (daysPerMonth !== undefined) assumptions.push({ code: 'days-per-month', days: daysPerMonth });
  return { kind: 'check', catalog, thresholds, assumptions, workloads: results, total };
}

function budgetLine(cost: Usd, budget: Usd | null, thresholds: Thresholds): BudgetLine {
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
  const units = parseDecimal(text.trim().replace(/%$/, ''), PERCENT_SCALE);
  if (units === undefined || units === 0n) {
    throw new GacostError('invalid-option', `invalid ${what} ${JSON.stringify(text)}: expected a positive percentage such as 80%`);
  }
  return units as Percent;
}

/** "2000", "199.99" → USD; budgets are positive amounts. */
export function parseUsd(text: string, what: string): Usd {
  const units = parseDecimal(text.trim().replace(/^\$/, '').replaceAll(',', ''), MONEY_SCALE);
  if (units === undefined || units === 0n) {
    throw new GacostError('invalid-option', `invalid ${what} ${JSON.stringify(text)}: expected a positive amount in USD such as 200 or 199.99`);
  }
  return units as Usd;
}

function wholePercent(value: bigint): Percent {
  return (value * 10n ** BigInt(PERCENT_SCALE)) as Percent;
}
