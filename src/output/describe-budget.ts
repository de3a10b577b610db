import type { BudgetCheck, BudgetLine } from '../core/budget-check.js';
import { percentDisplay, subtractUsd, usdDisplay } from '../core/money.js';

export interface BudgetNotice {
  readonly level: 'error' | 'warning';
  readonly text: string;
}

/** One notice per failing or warning line, workloads first, then the total. */
export function budgetNotices(check: BudgetCheck): BudgetNotice[] {
  const lines: [string, BudgetLine][] = [
    ...check.workloads.map((workload): [string, BudgetLine] => [workload.name, workload]),
    ['total of all workloads', check.total],
  ];
  return lines.flatMap(([name, line]): BudgetNotice[] => {
    if (line.budget === null || line.pct === null || (line.status !== 'fail' && line.status !== 'warn')) return [];
    const spent = `${name}: ${usdDisplay(line.cost)} a month is ${percentDisplay(line.pct)} of its ${usdDisplay(line.budget)} budget`;
    return line.status === 'fail'
      ? [{ level: 'error', text: `${spent}, ${usdDisplay(subtractUsd(line.cost, line.budget))} over` }]
      : [{ level: 'warning', text: `${spent} (warnings start at ${percentDisplay(check.thresholds.warnAt)})` }];
  });
}
