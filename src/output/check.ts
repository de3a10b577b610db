import { isActualsCheck, type ActualLine, type ActualsCheck } from '../core/budget-actuals.js';
import type { BudgetCheck, BudgetLine, BudgetStatus, UsageSelector } from '../core/budget-check.js';
import { candidateId } from '../core/candidate.js';
import { percentDisplay, percentText, usdDisplay, usdText } from '../core/money.js';
import { formatTokens } from '../core/quantity.js';
import { catalogJson } from './catalog-json.js';
import type { CheckJson } from './contract.js';
import { describeAssumption } from './describe-assumption.js';
import { thresholdDisplay } from './describe-budget.js';
import { exact, type Cell } from './exact.js';
import { countCell, exactText, percentCell, textCell, usdCell, usdExact, viewNotes, type BarGroup } from './report.js';
import { JSON_SCHEMA_VERSION, type ResultSpec } from './spec.js';
import { describeUsageAssumption } from './usage.js';
import { candidateName, catalogNote, left, right, type DisplayCell, type DisplayTable } from './view.js';

/** One row per workload of `check`, the same fields in JSON and CSV. */
const CHECK_FIELDS = ['name', 'model', 'tokens', 'cost_usd', 'budget_usd', 'pct', 'status'] as const;

function budgetLineRecord(line: BudgetLine) {
  return {
    cost_usd: exact(usdText(line.cost)),
    budget_usd: line.budget === null ? null : exact(usdText(line.budget)),
    pct: line.pct === null ? null : exact(percentText(line.pct)),
    status: line.status,
  } satisfies Record<'cost_usd' | 'budget_usd' | 'pct' | 'status', Cell>;
}

function workloadRecords(check: BudgetCheck) {
  return check.workloads.map(
    (workload) =>
      ({
        name: workload.name,
        model: candidateId(workload.candidate),
        tokens: exact(workload.tokens.toString()),
        ...budgetLineRecord(workload),
      }) satisfies Record<(typeof CHECK_FIELDS)[number], Cell>,
  );
}

const STATUS_TEXT: Record<BudgetStatus, DisplayCell> = {
  ok: { text: 'ok', tone: 'good', status: 'ok' },
  warn: { text: 'warn', tone: 'warn', status: 'warn' },
  fail: { text: 'FAIL', tone: 'bad', status: 'fail' },
  none: { text: '—', status: 'none' },
};

export const checkSpec: ResultSpec<BudgetCheck, CheckJson> = {
  view(check) {
    if (isActualsCheck(check)) return actualsView(check);
    const budgetCells = (line: BudgetLine): DisplayCell[] => [
      { text: line.budget === null ? '—' : usdDisplay(line.budget) },
      { text: line.pct === null ? '—' : percentDisplay(line.pct), tone: STATUS_TEXT[line.status].tone ?? 'plain' },
    ];
    const failing = check.workloads.filter((workload) => workload.status === 'fail').length + (check.total.status === 'fail' ? 1 : 0);
    const warning = check.workloads.filter((workload) => workload.status === 'warn').length + (check.total.status === 'warn' ? 1 : 0);
    const verdict = failing > 0 ? `${failing} over budget` : warning > 0 ? `within budget, ${warning} near it` : 'within budget';
    return {
      title: `gacost budget check: ${verdict}`,
      columns: [left('Status'), left('Workload'), left('Model'), { ...right('Tokens/mo'), short: 'Tokens', drop: 1 }, { ...right('Cost/mo'), short: 'Cost' }, right('Budget'), right('Used')],
      rows: [
        ...check.workloads.map((workload): DisplayCell[] => [
          STATUS_TEXT[workload.status],
          { text: workload.name },
          { text: candidateName(workload.candidate) },
          { text: formatTokens(workload.tokens) },
          { text: usdDisplay(workload.cost) },
          ...budgetCells(workload),
        ]),
        [
          STATUS_TEXT[check.total.status],
          { text: 'Total', tone: 'strong' },
          { text: '' },
          { text: formatTokens(check.workloads.reduce((sum, workload) => sum + workload.tokens, 0n)) },
          { text: usdDisplay(check.total.cost), tone: 'strong' },
          ...budgetCells(check.total),
        ],
      ],
      notes: [
        `Warn at ${thresholdDisplay(check.thresholds.warnAt)} of a budget, fail above ${thresholdDisplay(check.thresholds.failAt)}. ${catalogNote(check.catalog)}`,
        `Assumptions: ${check.assumptions.map(describeAssumption).join('; ')}.`,
      ],
    };
  },

  // The total is the last row, named "total" with no model, so a sheet can sum or look it up.
  csv: (check) =>
    isActualsCheck(check)
      ? {
          fields: ACTUALS_FIELDS,
          records: [
            ...check.workloads.map((workload, at) => ({ name: workload.name, usage: selectorText(selectorOf(check, at)), ...actualsRecord(workload, actualOf(check, at)) })),
            { name: 'total', usage: null, ...actualsRecord(check.total, check.actuals.total) },
          ],
        }
      : {
    fields: CHECK_FIELDS,
    records: [...workloadRecords(check), { name: 'total', model: null, tokens: null, ...budgetLineRecord(check.total) }],
  },

  report(check, json) {
    const view = checkSpec.view(check);
    const actuals = json.usage !== undefined;
    const lines = [...json.workloads.map((workload) => ({ ...workload, label: workload.name })), { ...json.total, label: 'Total', name: 'Total', model: '', tokens: null }];
    const warn = exactText(json.thresholds.warn_at_pct);
    const fail = exactText(json.thresholds.fail_at_pct);
    const status = (value: BudgetStatus) => (value === 'none' ? {} : { status: value });
    const spent = (line: (typeof lines)[number]) => (line.budget_usd === null ? 'no budget' : `${usdExact(exactText(line.cost_usd))} of ${usdExact(exactText(line.budget_usd))}`);
    const groups = lines.map(
      (line): BarGroup => ({
        label: line.label,
        bars: actuals
          ? [
              { series: 0, value: line.month_to_date?.pct === null || line.month_to_date === undefined ? null : exactText(line.month_to_date.pct) },
              { series: 1, value: line.pct === null ? null : exactText(line.pct), ...status(line.status) },
            ]
          : [{ series: 0, value: line.pct === null ? null : exactText(line.pct), ...status(line.status) }],
        note: line.budget_usd === null ? 'no budget' : `${line.status}: ${spent(line)}${actuals ? ' projected' : ''}`,
      }),
    );
    return {
      title: view.title ?? 'Budget check',
      summary: [],
      catalogs: [{ label: 'Catalog', catalog: json.catalog }],
      sections: [
        {
          chart: {
            kind: 'bars',
            id: 'check-budgets',
            title: actuals ? `Spend against each budget: the month to date and projected to ${json.usage?.month ?? 'the month'}'s end` : 'Monthly spend against each budget',
            orientation: 'horizontal',
            stacked: false,
            categoryTitle: 'Workload',
            axis: { title: '% of budget', unit: 'percent', scale: 'linear' },
            series: actuals ? [{ name: 'month to date' }, { name: 'projected to month end (in its status colour)' }] : [{ name: '% of budget' }],
            groups,
            rules: [
              { kind: 'warn', label: `warn at ${warn}%`, value: warn },
              { kind: 'fail', label: `fail above ${fail}%`, value: fail },
            ],
          },
          table: {
            caption: 'Spend and budgets',
            columns: [
              left('Status'),
              left('Workload'),
              left('Model'),
              ...(actuals ? [right('Month to date'), right('Used to date')] : [right('Tokens/mo')]),
              right(actuals ? 'Projected' : 'Cost/mo'),
              right('Budget'),
              right('Used'),
            ],
            rows: lines.map((line) => [
              textCell(line.status),
              textCell(line.name),
              textCell(line.model),
              ...(actuals
                ? [usdCell(line.month_to_date?.cost_usd ?? null), percentCell(line.month_to_date?.pct ?? null)]
                : [line.tokens === null ? textCell('') : countCell(line.tokens)]),
              usdCell(line.cost_usd),
              usdCell(line.budget_usd),
              percentCell(line.pct),
            ]),
          },
        },
      ],
      notes: [...viewNotes(view).filter((note) => !note.startsWith('Assumptions: ')), ...json.assumptions.notes],
    };
  },

  json: (check) => {
    const common = {
      schema_version: JSON_SCHEMA_VERSION,
      catalog: catalogJson(check.catalog),
      thresholds: {
        warn_at_pct: exact(percentText(check.thresholds.warnAt)),
        fail_at_pct: exact(percentText(check.thresholds.failAt)),
      },
    };
    if (!isActualsCheck(check)) {
      return {
        ...common,
        assumptions: { token_pricing: 'output', notes: check.assumptions.map(describeAssumption) },
        total: budgetLineRecord(check.total),
        workloads: workloadRecords(check),
      };
    }
    const { actuals } = check;
    return {
      ...common,
      assumptions: { token_pricing: 'recorded', notes: actualsAssumptions(check) },
      total: { ...budgetLineRecord(check.total), ...actualJson(actuals.total) },
      workloads: workloadRecords(check).map((record, at) => ({ ...record, usage: selectorOf(check, at), ...actualJson(actualOf(check, at)) })),
      usage: {
        as_of: actuals.period.asOf,
        month: actuals.period.month,
        month_start: actuals.period.start,
        days_elapsed: actuals.period.daysElapsed,
        days_in_month: actuals.period.daysInMonth,
        sources: actuals.read.sources.map((source) => ({ path: source.path, format: source.format, records: source.records })),
        outside_records: actuals.read.outside,
        bad_records: [...actuals.read.bad.values()].reduce((sum, entry) => sum + entry.count, 0),
        unpriced: actuals.unpriced.map((entry) => ({ name: entry.name, records: entry.totals.records, input_tokens: entry.totals.inputTokens, output_tokens: entry.totals.outputTokens, reason: entry.reason })),
      },
    };
  },
};

/** One row per workload of `check --usage`, then the total (every record of the month). */
const ACTUALS_FIELDS = ['name', 'usage', 'records', 'unpriced_records', 'month_to_date_usd', 'month_to_date_pct', 'projected_usd', 'budget_usd', 'pct', 'status'] as const;

const actualOf = (check: ActualsCheck, at: number): ActualLine => check.actuals.workloads[at] as ActualLine;

/** The workload's selector as the budget file resolved it (model as a catalog id, provider as a catalog key). */
function selectorOf(check: ActualsCheck, at: number): UsageSelector {
  return check.actuals.selectors[at] ?? {};
}

function selectorText(selector: UsageSelector): string {
  return Object.entries(selector).map(([field, value]) => `${field}=${value}`).join(' ');
}

function actualJson(actual: ActualLine) {
  const pct = (line: BudgetLine) => (line.pct === null ? null : exact(percentText(line.pct)));
  return {
    records: actual.records,
    unpriced_records: actual.unpricedRecords,
    month_to_date: { cost_usd: exact(usdText(actual.monthToDate.cost)), pct: pct(actual.monthToDate), status: actual.monthToDate.status, tokens: exact(actual.tokens.toString()) },
    projected: { cost_usd: exact(usdText(actual.projected.cost)), pct: pct(actual.projected), status: actual.projected.status },
  };
}

function actualsRecord(line: BudgetLine, actual: ActualLine) {
  const { cost_usd, ...gate } = budgetLineRecord(line);
  return {
    records: exact(String(actual.records)),
    unpriced_records: exact(String(actual.unpricedRecords)),
    month_to_date_usd: exact(usdText(actual.monthToDate.cost)),
    month_to_date_pct: actual.monthToDate.pct === null ? null : exact(percentText(actual.monthToDate.pct)),
    projected_usd: cost_usd,
    ...gate,
  } satisfies Record<Exclude<(typeof ACTUALS_FIELDS)[number], 'name' | 'usage'>, Cell>;
}

function actualsAssumptions(check: ActualsCheck): string[] {
  const { period } = check.actuals;
  return [
    `actual spend of ${period.start} to ${period.asOf} (${period.daysElapsed} of ${period.daysInMonth} days), each record at its own day's prices, projected to the month's end at the daily rate so far`,
    ...check.actuals.assumptions.map(describeUsageAssumption),
    ...check.actuals.read.notes,
  ];
}

function actualsView(check: ActualsCheck): DisplayTable {
  const { actuals } = check;
  const { period } = actuals;
  const budgetCells = (line: BudgetLine): DisplayCell[] => [
    { text: line.budget === null ? '—' : usdDisplay(line.budget) },
    { text: line.pct === null ? '—' : percentDisplay(line.pct), tone: STATUS_TEXT[line.status].tone ?? 'plain' },
  ];
  const lines: BudgetLine[] = [...check.workloads, check.total];
  const failing = lines.filter((line) => line.status === 'fail').length;
  const warning = lines.filter((line) => line.status === 'warn').length;
  const verdict = failing > 0 ? `${failing} over budget` : warning > 0 ? `within budget, ${warning} near it` : 'within budget';
  const assumptions = actualsAssumptions(check).slice(1);
  const unpriced = actuals.unpriced.map((entry) => `${entry.name} (${entry.totals.records} ${entry.totals.records === 1 ? 'record' : 'records'})`).join(', ');
  return {
    title: `gacost budget check on actual usage, ${period.start} to ${period.asOf}: ${verdict}`,
    columns: [left('Status'), left('Workload'), left('Usage'), { ...right('Records'), drop: 1 }, right('To date'), right('Projected'), right('Budget'), right('Used')],
    rows: [
      ...check.workloads.map((workload, at): DisplayCell[] => {
        const actual = actualOf(check, at);
        return [
          STATUS_TEXT[workload.status],
          { text: workload.name },
          { text: selectorText(selectorOf(check, at)) },
          { text: String(actual.records) },
          { text: usdDisplay(actual.monthToDate.cost) },
          { text: usdDisplay(actual.projected.cost) },
          ...budgetCells(workload),
        ];
      }),
      [
        STATUS_TEXT[check.total.status],
        { text: 'Total', tone: 'strong' },
        { text: 'all records' },
        { text: String(actuals.total.records) },
        { text: usdDisplay(actuals.total.monthToDate.cost), tone: 'strong' },
        { text: usdDisplay(actuals.total.projected.cost), tone: 'strong' },
        ...budgetCells(check.total),
      ],
    ],
    notes: [
      `To date: ${period.daysElapsed} of ${period.daysInMonth} days, each record at its own day's prices; Projected: to ${period.month}-${String(period.daysInMonth).padStart(2, '0')} at the daily rate so far; Used: the projection's share of the budget.`,
      `Warn at ${thresholdDisplay(check.thresholds.warnAt)} of a budget, fail above ${thresholdDisplay(check.thresholds.failAt)} (projected or to date). ${catalogNote(check.catalog)}`,
      ...(unpriced === '' ? [] : [`Not priced, not in the spend (never counted as $0): ${unpriced}.`]),
      ...(assumptions.length > 0 ? [`Assumptions: ${assumptions.join('; ')}.`] : []),
    ],
  };
}
