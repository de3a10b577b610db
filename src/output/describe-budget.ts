import type { BudgetCheck, BudgetLine } from '../core/budget-check.js';
import { percentDisplay, percentText, subtractUsd, usdDisplay, type Percent } from '../core/money.js';
import { githubAnnotation } from './github-annotation.js';

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
      : [{ level: 'warning', text: `${spent} (warnings start at ${thresholdDisplay(check.thresholds.warnAt)})` }];
  });
}

/** A notice as its stderr line (without the line end): gacost's own, or a GitHub Actions annotation. */
export function noticeLine(notice: BudgetNotice, github: boolean): string {
  if (github) return githubAnnotation(notice.level, { title: 'gacost budget' }, notice.text);
  return `gacost: ${notice.level === 'error' ? 'over budget' : 'warning'}: ${notice.text}`;
}

/**
 * A warn or fail threshold exactly as the budget file set it: rounded to one place as measured
 * percentages are, a warn_at of 0.0001% would read as a threshold of 0%.
 */
export function thresholdDisplay(threshold: Percent): string {
  return `${percentText(threshold)}%`;
}
