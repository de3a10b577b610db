import { type ActualLine, type ActualsCheck, isActualsCheck, isStale } from '../core/budget-actuals.js';
import { type BudgetCheck, type BudgetLine, type BudgetStatus, tokenPricingOf, type UsageSelector } from '../core/budget-check.js';
import { candidateId } from '../core/candidate.js';
import { formatDecimal } from '../core/decimal.js';
import { percentDisplay, percentText, usdDisplay, usdText } from '../core/money.js';
import { type Accounting, SHARE_SCALE } from '../core/pricing.js';
import { formatTokensShort } from '../core/quantity.js';
import { catalogJson } from './catalog-json.js';
import type { CheckJson } from './contract.js';
import { describeAssumption } from './describe-assumption.js';
import { noDataReason, selectorText, staleNote, thresholdDisplay } from './describe-budget.js';
import { nameOf, namesOf } from './display-names.js';
import { type Cell, exact } from './exact.js';
import {
  type BarGroup,
  countCell,
  countFigure,
  exactText,
  nameCell,
  pagePercent,
  pageUsd,
  percentCell,
  percentFigure,
  prose,
  textCell,
  usdCell,
  viewNotes,
} from './report.js';
import { JSON_SCHEMA_VERSION, type ResultSpec } from './spec.js';
import { describeUsageAssumption, unpricedJson } from './usage.js';
import { candidateName, catalogNote, type DisplayCell, type DisplayTable, left, right } from './view.js';
import { agree, counted } from './words.js';

/** One row per workload of `check`, the same fields in JSON and CSV; the shares say how its tokens were priced. */
const CHECK_FIELDS = [
  'name',
  'model',
  'tokens',
  'cost_usd',
  'budget_usd',
  'pct',
  'status',
  'input_share',
  'cached_share',
  'cache_write_share',
] as const;

function budgetLineRecord(line: BudgetLine) {
  return {
    cost_usd: exact(usdText(line.cost)),
    budget_usd: line.budget === null ? null : exact(usdText(line.budget)),
    pct: line.pct === null ? null : exact(percentText(line.pct)),
    status: line.status,
  } satisfies Record<'cost_usd' | 'budget_usd' | 'pct' | 'status', Cell>;
}

function workloadRecords(check: BudgetCheck) {
  return check.workloads.map((workload) => ({
    name: workload.name,
    model: candidateId(workload.candidate),
    tokens: workload.tokens === null ? null : exact(workload.tokens.toString()),
    ...budgetLineRecord(workload),
  }));
}

/** A workload's token mix as shares from 0 to 1, as compare's JSON gives them: all null when every token is priced at the output price. */
function sharesRecord(accounting: Accounting | undefined) {
  const share = (value: bigint | null) => (value === null ? null : exact(formatDecimal(value, SHARE_SCALE)));
  const input = accounting?.inputShare ?? null;
  return {
    input_share: share(input),
    cached_share: share(input === null ? null : (accounting?.cachedShare ?? 0n)),
    cache_write_share: share(input === null ? null : (accounting?.cacheWriteShare ?? 0n)),
  } satisfies Record<'input_share' | 'cached_share' | 'cache_write_share', Cell>;
}

/** The rows of a projected check: each workload with its token mix. */
function projectedRecords(check: BudgetCheck) {
  return workloadRecords(check).map(
    (record, at) => ({ ...record, ...sharesRecord(check.workloads[at]?.accounting) }) satisfies Record<(typeof CHECK_FIELDS)[number], Cell>,
  );
}

const STATUS_TEXT: Record<BudgetStatus, DisplayCell> = {
  ok: { text: 'ok', tone: 'good', status: 'ok' },
  warn: { text: 'warn', tone: 'warn', status: 'warn' },
  fail: { text: 'FAIL', tone: 'bad', status: 'fail' },
  none: { text: '—', status: 'none' },
  'no-data': { text: 'no data', tone: 'warn', status: 'no-data' },
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
      title: `gacost budget check, monthly cost of ${counted(check.workloads.length, 'workload')}: ${verdict}`,
      columns: [
        left('Status'),
        left('Workload'),
        left('Model'),
        { ...left('ID'), wide: true },
        { ...right('Tokens/mo'), short: 'Tokens', drop: 1 },
        { ...right('Cost/mo'), short: 'Cost' },
        right('Budget'),
        right('Used'),
      ],
      rows: [
        ...check.workloads.map((workload): DisplayCell[] => [
          STATUS_TEXT[workload.status],
          { text: workload.name },
          { text: candidateName(workload.candidate) },
          { text: candidateId(workload.candidate) },
          { text: formatTokensShort(workload.tokens ?? 0n) },
          { text: usdDisplay(workload.cost) },
          ...budgetCells(workload),
        ]),
        [
          STATUS_TEXT[check.total.status],
          { text: 'Total', tone: 'strong' },
          { text: '' },
          { text: '' },
          { text: formatTokensShort(check.workloads.reduce((sum, workload) => sum + (workload.tokens ?? 0n), 0n)) },
          { text: usdDisplay(check.total.cost), tone: 'strong' },
          ...budgetCells(check.total),
        ],
      ],
      notes: [
        `Warn at ${thresholdDisplay(check.thresholds.warnAt)} of a budget, fail above ${thresholdDisplay(check.thresholds.failAt)}.`,
        `Assumptions: ${check.assumptions.map(describeAssumption).join('; ')}.`,
        catalogNote(check.catalog),
      ],
    };
  },

  // The total is the last row, named "total" with no model, so a sheet can sum or look it up.
  csv: (check) =>
    isActualsCheck(check)
      ? {
          fields: ACTUALS_FIELDS,
          records: [
            ...check.workloads.map((workload, at) => ({
              name: workload.name,
              usage: selectorText(selectorOf(check, at)),
              ...actualsRecord(check, workload, actualOf(check, at)),
            })),
            { name: 'total', usage: null, ...actualsRecord(check, check.total, check.actuals.total) },
          ],
        }
      : {
          fields: CHECK_FIELDS,
          records: [
            ...projectedRecords(check),
            { name: 'total', model: null, tokens: null, ...budgetLineRecord(check.total), ...sharesRecord(undefined) },
          ],
        },

  report(check, json) {
    const view = checkSpec.view(check);
    // The table's notes but its assumptions, which the JSON's notes give; a note the table has already (a stale export) once.
    const shown = viewNotes(view).filter((note) => !note.startsWith('Assumptions: '));
    const actuals = json.usage !== undefined;
    const names = namesOf(check.workloads.map((workload) => workload.candidate));
    const name = (id: string) => nameOf(names, id);
    const lines = [
      ...json.workloads.map((workload) => ({ ...workload, label: `${workload.name} · ${name(workload.model)}` })),
      { ...json.total, label: 'Total', name: 'Total', model: '', tokens: null },
    ];
    const warn = exactText(json.thresholds.warn_at_pct);
    const fail = exactText(json.thresholds.fail_at_pct);
    const status = (value: BudgetStatus) => (value === 'none' || value === 'no-data' ? {} : { status: value });
    const spent = (line: (typeof lines)[number]) =>
      line.budget_usd === null ? 'no budget' : `${pageUsd(exactText(line.cost_usd))} of ${pageUsd(exactText(line.budget_usd))}`;
    const groups = lines.map(
      (line): BarGroup => ({
        label: line.label,
        bars: actuals
          ? [
              {
                series: 0,
                value: line.month_to_date?.pct === null || line.month_to_date === undefined ? null : exactText(line.month_to_date.pct),
              },
              { series: 1, value: line.pct === null ? null : exactText(line.pct), ...status(line.status) },
            ]
          : [{ series: 0, value: line.pct === null ? null : exactText(line.pct), ...status(line.status) }],
        note:
          line.no_data_reason !== undefined && line.no_data_reason !== null
            ? `no data: ${line.no_data_reason}`
            : line.budget_usd === null
              ? 'no budget'
              : `${line.status}: ${spent(line)}${actuals ? ' projected' : ''}`,
      }),
    );
    return {
      title: [view.title ?? 'Budget check'],
      summary: [
        ...json.workloads.map((workload) => [`${workload.name}: ${name(workload.model)}.`]),
        prose`Warn at ${percentFigure(warn)} of a budget, fail above ${percentFigure(fail)}.`,
        ...(json.usage === undefined
          ? []
          : [
              prose`${json.usage.month}: ${countFigure(json.usage.days_elapsed)} of ${countFigure(json.usage.days_in_month)} days to date; ${json.usage.sources.flatMap((source, at) => [...(at === 0 ? [] : [', ']), ...prose`${countFigure(source.records)} ${agree(Number(exactText(source.records)), 'record', 'records')} read from ${source.path}`])}, ${countFigure(json.usage.outside_records)} outside the month left out, ${countFigure(json.usage.bad_records)} unreadable.`,
            ]),
      ],
      catalogs: [{ label: 'Catalog', catalog: json.catalog }],
      sections: [
        {
          chart: {
            kind: 'bars',
            id: 'check-budgets',
            title: [
              actuals
                ? `Spend against each budget: the month to date and projected to ${json.usage?.month ?? 'the month'}'s end`
                : 'Monthly spend against each budget',
            ],
            orientation: 'horizontal',
            stacked: false,
            categoryTitle: 'Workload',
            axis: { title: '% of budget', unit: 'percent' },
            series: actuals
              ? [{ name: 'month to date' }, { name: 'projected to month end (in its status colour)' }]
              : [{ name: '% of budget' }],
            groups,
            rules: [
              { kind: 'warn', label: `warn at ${pagePercent(warn)}`, value: warn },
              { kind: 'fail', label: `fail above ${pagePercent(fail)}`, value: fail },
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
              line.model === '' ? textCell('') : nameCell(name(line.model), line.model),
              ...(actuals
                ? [usdCell(line.month_to_date?.cost_usd ?? null), percentCell(line.month_to_date?.pct ?? null)]
                : [line.tokens === null ? textCell('') : countCell(line.tokens)]),
              usdCell(line.cost_usd),
              usdCell(line.budget_usd),
              percentCell(line.pct),
            ]),
          },
        },
        ...(actuals
          ? [
              {
                chart: null,
                table: {
                  caption: 'The month to date in the logs',
                  columns: [left('Workload'), right('Records'), right('Unpriced'), right('Tokens')],
                  rows: lines.map((line) => [
                    textCell(line.name),
                    line.records === undefined ? textCell('—') : countCell(line.records),
                    line.unpriced_records === undefined ? textCell('—') : countCell(line.unpriced_records),
                    line.month_to_date?.tokens === undefined ? textCell('—') : countCell(line.month_to_date.tokens),
                  ]),
                },
              },
            ]
          : []),
      ],
      notes: [
        ...shown,
        ...json.assumptions.notes.filter((note) => !shown.some((line) => line.toLowerCase().startsWith(note.toLowerCase()))),
      ].filter((note) => !note.startsWith('Warn at ')),
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
        assumptions: { token_pricing: tokenPricingOf(check), notes: check.assumptions.map(describeAssumption) },
        total: budgetLineRecord(check.total),
        workloads: projectedRecords(check),
      };
    }
    const { actuals } = check;
    return {
      ...common,
      assumptions: { token_pricing: 'recorded', notes: [...actualsAssumptions(check), ...(isStale(actuals) ? [staleNote(actuals)] : [])] },
      total: { ...budgetLineRecord(check.total), ...actualJson(check, actuals.total) },
      workloads: workloadRecords(check).map((record, at) => ({
        ...record,
        usage: selectorOf(check, at),
        ...actualJson(check, actualOf(check, at)),
      })),
      usage: {
        as_of: actuals.period.asOf,
        month: actuals.period.month,
        month_start: actuals.period.start,
        days_elapsed: actuals.period.daysElapsed,
        days_in_month: actuals.period.daysInMonth,
        sources: actuals.read.sources.map((source) => ({ path: source.path, format: source.format, records: source.records })),
        outside_records: actuals.read.outside,
        newest_record: actuals.newest,
        bad_records: [...actuals.read.bad.values()].reduce((sum, entry) => sum + entry.count, 0),
        unpriced: actuals.unpriced.map(unpricedJson),
      },
    };
  },
};

/** One row per workload of `check --usage`, then the total (every record of the month). */
const ACTUALS_FIELDS = [
  'name',
  'usage',
  'records',
  'unpriced_records',
  'month_to_date_usd',
  'month_to_date_pct',
  'projected_usd',
  'budget_usd',
  'pct',
  'status',
  'no_data_reason',
] as const;

const actualOf = (check: ActualsCheck, at: number): ActualLine => check.actuals.workloads[at] as ActualLine;

/** The workload's selector as the budget file resolved it (model as a catalog id, provider as a catalog key). */
function selectorOf(check: ActualsCheck, at: number): UsageSelector {
  return check.actuals.selectors[at] ?? {};
}

/** Why the line has no record to judge, or null. */
function noDataText(check: ActualsCheck, actual: ActualLine): string | null {
  return actual.noData === null ? null : noDataReason(actual.noData, check.actuals.period);
}

function actualJson(check: ActualsCheck, actual: ActualLine) {
  const pct = (line: BudgetLine) => (line.pct === null ? null : exact(percentText(line.pct)));
  return {
    no_data_reason: noDataText(check, actual),
    records: actual.records,
    unpriced_records: actual.unpricedRecords,
    month_to_date: {
      cost_usd: exact(usdText(actual.monthToDate.cost)),
      pct: pct(actual.monthToDate),
      status: actual.monthToDate.status,
      tokens: exact(actual.tokens.toString()),
    },
    projected: { cost_usd: exact(usdText(actual.projected.cost)), pct: pct(actual.projected), status: actual.projected.status },
  };
}

function actualsRecord(check: ActualsCheck, line: BudgetLine, actual: ActualLine) {
  const { cost_usd, ...gate } = budgetLineRecord(line);
  return {
    no_data_reason: noDataText(check, actual),
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
    ...check.actuals.assumptions.map((assumption) => describeUsageAssumption(assumption)),
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
  const empty = lines.filter((line) => line.status === 'no-data').length;
  const gated = lines.length - empty;
  const verdict =
    gated === 0 || lines.every((line) => line.status === 'no-data' || line.status === 'none')
      ? 'no data to check'
      : [
          failing > 0 ? `${failing} over budget` : warning > 0 ? `within budget, ${warning} near it` : 'within budget',
          ...(empty > 0 ? [`${empty} without data`] : []),
        ].join(', ');
  const assumptions = actualsAssumptions(check).slice(1);
  const noData = new Map<string, string[]>();
  const lineNames = [...check.workloads.map((workload) => workload.name), 'Total'];
  for (const [at, actual] of [...actuals.workloads, actuals.total].entries()) {
    if (actual.noData === null) continue;
    const reason = noDataReason(actual.noData, period);
    noData.set(reason, [...(noData.get(reason) ?? []), lineNames[at] ?? '']);
  }
  const unpriced = actuals.unpriced.map((entry) => `${entry.name} (${counted(entry.totals.records, 'record')})`).join(', ');
  return {
    title: `gacost budget check on actual usage, ${period.start} to ${period.asOf}: ${verdict}`,
    columns: [
      left('Status'),
      left('Workload'),
      left('Usage'),
      { ...right('Records'), drop: 1 },
      right('To date'),
      right('Projected'),
      right('Budget'),
      right('Used'),
    ],
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
      `Warn at ${thresholdDisplay(check.thresholds.warnAt)} of a budget, fail above ${thresholdDisplay(check.thresholds.failAt)} (projected or to date).`,
      ...[...noData].map(([reason, names]) => `No data (not within budget: nothing to judge): ${names.join(', ')}: ${reason}.`),
      ...(isStale(actuals) ? [`${staleNote(actuals).replace(/^t/, 'T')}.`] : []),
      ...(unpriced === '' ? [] : [`Not priced, not in the spend (never counted as $0): ${unpriced}.`]),
      ...(assumptions.length > 0 ? [`Assumptions: ${assumptions.join('; ')}.`] : []),
      catalogNote(check.catalog),
    ],
  };
}
