import { type ActualLine, type Actuals, type ActualsCheck, isActualsCheck, type NoData, type UsagePeriod } from '../core/budget-actuals.js';
import type { BudgetCheck, BudgetLine, UsageSelector, WorkloadResult } from '../core/budget-check.js';
import { type Percent, percentDisplay, percentText, subtractUsd, type Usd, usdDisplay } from '../core/money.js';
import { annotationPlace, githubAnnotation } from './github-annotation.js';
import { agree, counted } from './words.js';

export interface BudgetNotice {
  readonly level: 'error' | 'warning';
  readonly text: string;
  /** The workload's place in its budget file (file:line:col), which an annotation points at. */
  readonly position?: string;
}

/** One notice per failing or warning line, workloads first, then the total. */
export function budgetNotices(check: BudgetCheck): BudgetNotice[] {
  if (isActualsCheck(check)) return actualsNotices(check);
  const lines: [string, BudgetLine & { readonly position?: string }][] = [
    ...check.workloads.map((workload): [string, WorkloadResult] => [workload.name, workload]),
    ['total of all workloads', check.total],
  ];
  return lines.flatMap(([name, line]): BudgetNotice[] => {
    const at = line.position === undefined ? {} : { position: line.position };
    const over = overBudgetText(name, line);
    if (over !== undefined) return [{ level: 'error', text: over, ...at }];
    if (line.budget === null || line.pct === null || line.status !== 'warn') return [];
    const warning = `${spentText(name, line.cost, line.budget, line.pct)} (warnings start at ${thresholdDisplay(check.thresholds.warnAt)})`;
    return [{ level: 'warning', text: warning, ...at }];
  });
}

/** A line's monthly cost against its budget: "summaries: $1,200.00 a month is 171.4% of its $700.00 budget". */
const spentText = (name: string, cost: Usd, budget: Usd, pct: Percent): string =>
  `${name}: ${usdDisplay(cost)} a month is ${percentDisplay(pct)} of its ${usdDisplay(budget)} budget`;

/** A line over its budget as check's notice says it (diff's too): its cost, share of the budget and how far over; undefined within it. */
export function overBudgetText(name: string, line: BudgetLine): string | undefined {
  if (line.budget === null || line.pct === null || line.status !== 'fail') return undefined;
  return `${spentText(name, line.cost, line.budget, line.pct)}, ${usdDisplay(subtractUsd(line.cost, line.budget))} over`;
}

/**
 * On actual usage: one notice per failing or warning line, saying whether the month to date is over
 * already or the projection is; then one for the records that could not be priced.
 */
function actualsNotices(check: ActualsCheck): BudgetNotice[] {
  const { period, unpriced } = check.actuals;
  const days = `${period.daysElapsed} of ${period.daysInMonth} days`;
  const lines: [string, ActualLine][] = [
    ...check.workloads.map((workload, at): [string, ActualLine] => [workload.name, check.actuals.workloads[at] as ActualLine]),
    ['total of all usage', check.actuals.total],
  ];
  // With no record at all, one notice says so for every line.
  const { total } = check.actuals;
  if (total.noData !== null)
    return [{ level: 'warning', text: `no data for any workload or the total: ${noDataReason(total.noData, period)}` }];
  const notices = lines.flatMap(([name, actual], at): BudgetNotice[] => {
    const position = check.workloads[at]?.position;
    return noticesOf(name, actual, at).map((notice) => (position === undefined ? notice : { ...notice, position }));
  });
  function noticesOf(name: string, actual: ActualLine, at: number): BudgetNotice[] {
    if (actual.noData !== null) return [{ level: 'warning', text: `${name}: no data: ${noDataReason(actual.noData, period)}` }];
    const status = (at < check.workloads.length ? check.workloads[at] : check.total)?.status;
    const { monthToDate: toDate, projected } = actual;
    if (projected.budget === null || projected.pct === null || toDate.pct === null || (status !== 'fail' && status !== 'warn')) return [];
    const budget = usdDisplay(projected.budget);
    if (toDate.status === 'fail') {
      return [
        {
          level: 'error',
          text: `${name}: ${usdDisplay(toDate.cost)} spent in ${days} is ${percentDisplay(toDate.pct)} of its ${budget} budget already, ${usdDisplay(subtractUsd(toDate.cost, projected.budget))} over`,
        },
      ];
    }
    const spent = `${name}: ${usdDisplay(projected.cost)} projected for ${period.month} (${usdDisplay(toDate.cost)} in ${days}) is ${percentDisplay(projected.pct)} of its ${budget} budget`;
    return status === 'fail'
      ? [{ level: 'error', text: `${spent}, ${usdDisplay(subtractUsd(projected.cost, projected.budget))} over` }]
      : [{ level: 'warning', text: `${spent} (warnings start at ${thresholdDisplay(check.thresholds.warnAt)})` }];
  }
  if (unpriced.length > 0) {
    const names = unpriced.map((entry) => `${entry.name} (${counted(entry.totals.records, 'record')})`).join(', ');
    const count = check.actuals.total.unpricedRecords;
    notices.push({
      level: 'warning',
      text: `${counted(count, 'record')} of ${period.month} could not be priced and ${agree(count, 'is', 'are')} not in the spend (never counted as $0): ${names}`,
    });
  }
  return notices;
}

/** Why a line of `check --usage` has no record to judge. */
export function noDataReason(noData: NoData, period: UsagePeriod): string {
  return noDataWithin(noData, `the month to date (${period.start} to ${period.asOf})`);
}

/** Why a line has no record of `month` (the period measured, in words) to judge: check --usage's reasons, and diff --usage's. */
export function noDataWithin(noData: NoData, month: string): string {
  switch (noData.code) {
    case 'nothing-read':
      return 'the sources hold no record';
    case 'none-in-month':
      return noData.read === 1
        ? `the one record read is not in ${month}`
        : `none of the ${counted(noData.read, 'record')} read is in ${month}`;
    case 'none-selected':
      return `no record of ${month} matches ${selectorText(noData.selector)}`;
    case 'none-priced':
      return `its ${counted(noData.unpriced, 'record')} of ${month} could not be priced (never counted as $0)`;
  }
}

/** A selector as `field=value` pairs: model as a catalog id, provider as a catalog key. */
export function selectorText(selector: UsageSelector): string {
  return Object.entries(selector)
    .map(([field, value]) => `${field}=${value}`)
    .join(' ');
}

/** Says that the newest record read is older than the month to date: the export stopped before it. */
export function staleNote(actuals: Actuals & { readonly newest: string }): string {
  const { period } = actuals;
  return `the newest record read is ${actuals.newest}, before the month to date ${period.start} to ${period.asOf} (a stale export?)`;
}

/** Why a check on actual usage has nothing to judge (see nothingToCheck). */
export function nothingToCheckReason(check: ActualsCheck): string {
  const { total } = check.actuals;
  if (total.noData !== null) return noDataReason(total.noData, check.actuals.period);
  const { period } = check.actuals;
  return `no workload has a record of the month to date (${period.start} to ${period.asOf}), and the total has no budget`;
}

/** A notice as its stderr line (without the line end): gacost's own, or a GitHub Actions annotation. */
export function noticeLine(notice: BudgetNotice, github: boolean, title = 'gacost budget'): string {
  if (github) return githubAnnotation(notice.level, { title, ...annotationPlace(notice.position) }, notice.text);
  return `gacost: ${notice.level === 'error' ? 'over budget' : 'warning'}: ${notice.text}`;
}

/**
 * A warn or fail threshold exactly as the budget file set it: rounded to one place as measured
 * percentages are, a warn_at of 0.0001% would read as a threshold of 0%.
 */
export function thresholdDisplay(threshold: Percent): string {
  return `${percentText(threshold)}%`;
}
