import { isGacostError } from '../errors.js';
import {
  type BudgetCheck,
  type BudgetLine,
  type BudgetStatus,
  type BudgetWorkload,
  statusOf,
  type Thresholds,
  type UsageSelector,
  type WorkloadResult,
} from './budget-check.js';
import { catalogInfo, type PriceContext, providerNamed } from './catalog.js';
import { divideRounded } from './decimal.js';
import { percentOf, type Usd } from './money.js';
import type { ModelIndex } from './resolve-model.js';
import { UsageAggregate, type UsageRecord } from './usage.js';
import { type ProvenanceShare, priceUsage, type UnpricedName, type UsageAssumption, type UsageSources } from './usage-pricing.js';

/** The month `check --usage` looks at: from its first day up to and including the as-of day. */
export interface UsagePeriod {
  readonly asOf: string;
  /** YYYY-MM */
  readonly month: string;
  /** The first day of the month, YYYY-MM-DD. */
  readonly start: string;
  /** Days from the first of the month to the as-of day, both included. */
  readonly daysElapsed: number;
  readonly daysInMonth: number;
}

function usagePeriod(asOf: string): UsagePeriod {
  const [year = 0, month = 0, day = 0] = asOf.split('-').map(Number);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { asOf, month: asOf.slice(0, 7), start: `${asOf.slice(0, 7)}-01`, daysElapsed: day, daysInMonth };
}

/** Actual spend of a line (a workload, or every record): the month to date and its projection to the month's end. */
export interface ActualLine {
  /** Records of the month that the line selects, priced or not. */
  readonly records: number;
  /** Of those, records whose model could not be priced (never counted as $0: left out of the cost). */
  readonly unpricedRecords: number;
  /** Input and output tokens of the priced records. */
  readonly tokens: bigint;
  readonly monthToDate: BudgetLine;
  readonly projected: BudgetLine;
  /** Why the line has no record to judge (its status is then no-data); null when it has records. */
  readonly noData: NoData | null;
}

/**
 * Why a line has no record to judge: none was read; none of those read is in the month to date; the
 * month has records, but none the workload's selector picks; or every record it picks could not be
 * priced (never counted as $0, so never "within budget").
 */
export type NoData =
  | { readonly code: 'nothing-read' }
  | { readonly code: 'none-in-month'; readonly read: number }
  | { readonly code: 'none-selected'; readonly selector: UsageSelector }
  | { readonly code: 'none-priced'; readonly unpriced: number };

export interface Actuals {
  readonly period: UsagePeriod;
  readonly read: UsageSources;
  /** How the month's records were resolved and priced (see usage's provenance). */
  readonly provenance: readonly ProvenanceShare[];
  readonly unpriced: readonly UnpricedName[];
  readonly assumptions: readonly UsageAssumption[];
  readonly total: ActualLine;
  /** Per workload, in the budget file's order. */
  readonly workloads: readonly ActualLine[];
  /** Each workload's selector, in the same order. */
  readonly selectors: readonly UsageSelector[];
  /** The day of the newest dated record read, in the month or not; null when no record has a date. */
  readonly newest: string | null;
}

/** A budget check whose lines are actual spend: each line's cost, pct and status are its projection's. */
export interface ActualsCheck extends BudgetCheck {
  readonly actuals: Actuals;
}

export function isActualsCheck(check: BudgetCheck): check is ActualsCheck {
  return 'actuals' in check;
}

/**
 * Sorts usage records of the as-of month into the total and each workload whose selector they
 * match, as they are read; then prices each at the prices of its own day.
 */
export class ActualsCollector {
  readonly period: UsagePeriod;
  /** Records outside the month to date (earlier months, or after the as-of day). */
  outside = 0;
  /** Records of the month to date. */
  private inMonth = 0;
  /** The day of the newest dated record read (YYYY-MM-DD). */
  newest: string | null = null;
  private readonly total: UsageAggregate;
  private readonly perWorkload: UsageAggregate[];
  private readonly selection: UsageSelection;

  constructor(
    private readonly index: ModelIndex,
    private readonly workloads: readonly BudgetWorkload[],
    private readonly thresholds: readonly bigint[],
    boundaries: readonly number[],
    private readonly defaultProvider: string | undefined,
    asOf: string,
  ) {
    this.period = usagePeriod(asOf);
    this.selection = new UsageSelection(index, defaultProvider);
    const numbers = thresholds.map(Number);
    this.total = new UsageAggregate(numbers, [], boundaries);
    this.perWorkload = workloads.map(() => new UsageAggregate(numbers, [], boundaries));
  }

  add(record: UsageRecord): void {
    const dated = record.time?.slice(0, 10);
    if (dated !== undefined && (this.newest === null || dated > this.newest)) this.newest = dated;
    const day = dated ?? this.period.asOf;
    if (day < this.period.start || day > this.period.asOf) {
      this.outside += 1;
      return;
    }
    this.inMonth += 1;
    this.total.add(record);
    for (const [at, workload] of this.workloads.entries()) {
      if (workload.usage !== undefined && this.selection.selects(workload.usage, record)) this.perWorkload[at]?.add(record);
    }
  }

  /** Every line priced and compared with its budget; `read` is what the sources gave. */
  check(prices: PriceContext, totalBudget: Usd | null, thresholds: Thresholds, read: Omit<UsageSources, 'outside'>): ActualsCheck {
    const options = { provider: this.defaultProvider, asOf: this.period.asOf, by: [], repricings: [] };
    const seen = this.outside + this.inMonth;
    const line = (aggregate: UsageAggregate, budget: Usd | null, selector?: UsageSelector) => {
      const report = priceUsage(aggregate, this.index, this.thresholds, options);
      const { totals } = report;
      const records = totals.records + totals.unpricedRecords;
      const noData: NoData | null =
        totals.records > 0
          ? null
          : records > 0
            ? { code: 'none-priced', unpriced: totals.unpricedRecords }
            : seen === 0
              ? { code: 'nothing-read' }
              : this.inMonth === 0 || selector === undefined
                ? { code: 'none-in-month', read: seen }
                : { code: 'none-selected', selector };
      const actual = actualLine(totals.cost, budget, thresholds, this.period, {
        records,
        unpricedRecords: totals.unpricedRecords,
        tokens: BigInt(totals.inputTokens) + BigInt(totals.outputTokens),
        noData,
      });
      return { report, actual };
    };
    const total = line(this.total, totalBudget);
    const workloads = this.workloads.map(
      (workload, at) => line(this.perWorkload[at] ?? this.total, workload.budget, workload.usage ?? {}).actual,
    );
    const gate = (actual: ActualLine): BudgetLine => ({
      ...actual.projected,
      status: worse(actual.monthToDate.status, actual.projected.status),
    });
    return {
      kind: 'check',
      catalog: catalogInfo(this.index.catalog, prices),
      thresholds,
      assumptions: [],
      workloads: this.workloads.map((workload, at): WorkloadResult => {
        const actual = workloads[at] as ActualLine;
        return {
          name: workload.name,
          candidate: workload.candidate,
          tokens: workload.tokens,
          ...gate(actual),
          ...(workload.position === undefined ? {} : { position: workload.position }),
        };
      }),
      total: gate(total.actual),
      actuals: {
        period: this.period,
        read: { ...read, outside: this.outside },
        unpriced: total.report.unpriced,
        provenance: total.report.provenance.entries,
        assumptions: total.report.assumptions,
        total: total.actual,
        workloads,
        selectors: this.workloads.map((workload) => workload.usage ?? {}),
        newest: this.newest,
      },
    };
  }
}

/** Which usage records a workload's selector picks: model and provider as the catalog resolves the record's model. */
export class UsageSelection {
  private readonly resolved = new Map<string, { readonly model: string; readonly provider: string } | null>();

  constructor(
    private readonly index: ModelIndex,
    private readonly defaultProvider: string | undefined,
  ) {}

  /** Whether every field of the selector matches: model and provider as the catalog resolves the record's model. */
  selects(selector: UsageSelector, record: UsageRecord): boolean {
    if (selector.project !== undefined && record.project !== selector.project) return false;
    if (selector.key !== undefined && record.key !== selector.key) return false;
    if (selector.user !== undefined && record.user !== selector.user) return false;
    if (selector.session !== undefined && record.session !== selector.session) return false;
    if (selector.model === undefined && selector.provider === undefined) return true;
    const model = this.resolve(record);
    if (model !== null)
      return (
        (selector.model === undefined || model.model === selector.model) &&
        (selector.provider === undefined || model.provider === selector.provider)
      );
    // A model the catalog cannot name still belongs to the provider its record names.
    const named = record.provider === undefined ? undefined : providerNamed(this.index.catalog, record.provider);
    return selector.model === undefined && named !== undefined && named === selector.provider;
  }

  /** The record's model as `gacost usage` resolves it: with the record's provider, else the default one. */
  private resolve(record: UsageRecord): { readonly model: string; readonly provider: string } | null {
    const provider =
      (record.provider === undefined ? undefined : providerNamed(this.index.catalog, record.provider)) ?? this.defaultProvider;
    const id = `${provider ?? ''}\u0000${record.model}`;
    let found = this.resolved.get(id);
    if (found === undefined) {
      try {
        const model = this.index.matchLogged(record.model, provider).model;
        found = { model: model.id, provider: model.provider };
      } catch (error) {
        if (!isGacostError(error)) throw error;
        found = null;
      }
      this.resolved.set(id, found);
    }
    return found;
  }
}

const SEVERITY: Record<BudgetStatus, number> = { none: 0, 'no-data': 0, ok: 1, warn: 2, fail: 3 };

function worse(a: BudgetStatus, b: BudgetStatus): BudgetStatus {
  return SEVERITY[a] >= SEVERITY[b] ? a : b;
}

/**
 * Month-to-date spend, and its projection to the month's end at the current daily rate: spend ÷ days
 * elapsed (the as-of day included) × days in the month, rounded to the femto-dollar.
 */
function actualLine(
  cost: Usd,
  budget: Usd | null,
  thresholds: Thresholds,
  period: UsagePeriod,
  counts: Pick<ActualLine, 'records' | 'unpricedRecords' | 'tokens' | 'noData'>,
): ActualLine {
  const projected = divideRounded(cost * BigInt(period.daysInMonth), BigInt(period.daysElapsed)) as Usd;
  const compared = (spent: Usd): BudgetLine =>
    counts.noData !== null
      ? { cost: spent, budget, pct: null, status: 'no-data' }
      : budget === null
        ? { cost: spent, budget, pct: null, status: 'none' }
        : { cost: spent, budget, pct: percentOf(spent, budget), status: statusOf(spent, budget, thresholds) };
  return { ...counts, monthToDate: compared(cost), projected: compared(projected) };
}

/**
 * Whether a check on actual usage has nothing to judge: no workload has a record of the month, and
 * the total has none either, or no budget to hold it to.
 */
export function nothingToCheck(check: ActualsCheck): boolean {
  const { actuals } = check;
  return (
    actuals.workloads.every((line) => line.noData !== null) && (actuals.total.noData !== null || actuals.total.projected.budget === null)
  );
}

/** Whether the newest record read is older than the month to date: an export that stopped before it. */
export function isStale(actuals: Actuals): actuals is Actuals & { readonly newest: string } {
  return actuals.newest !== null && actuals.newest < actuals.period.start;
}
