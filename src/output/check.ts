import type { BudgetCheck, BudgetLine, BudgetStatus } from '../core/budget-check.js';
import { candidateId } from '../core/candidate.js';
import { percentDisplay, percentText, usdDisplay, usdText } from '../core/money.js';
import { formatTokens } from '../core/quantity.js';
import { catalogJson } from './catalog-json.js';
import type { CheckJson } from './contract.js';
import { describeAssumption } from './describe-assumption.js';
import { thresholdDisplay } from './describe-budget.js';
import { exact, type Cell } from './exact.js';
import { JSON_SCHEMA_VERSION, type ResultSpec } from './spec.js';
import { candidateName, catalogNote, left, right, type DisplayCell } from './view.js';

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
    const budgetCells = (line: BudgetLine): DisplayCell[] => [
      { text: line.budget === null ? '—' : usdDisplay(line.budget) },
      { text: line.pct === null ? '—' : percentDisplay(line.pct), tone: STATUS_TEXT[line.status].tone ?? 'plain' },
    ];
    const failing = check.workloads.filter((workload) => workload.status === 'fail').length + (check.total.status === 'fail' ? 1 : 0);
    const warning = check.workloads.filter((workload) => workload.status === 'warn').length + (check.total.status === 'warn' ? 1 : 0);
    const verdict = failing > 0 ? `${failing} over budget` : warning > 0 ? `within budget, ${warning} near it` : 'within budget';
    return {
      title: `gacost budget check: ${verdict}`,
      columns: [left('Status'), left('Workload'), left('Model'), right('Tokens/mo'), right('Cost/mo'), right('Budget'), right('Used')],
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
  csv: (check) => ({
    fields: CHECK_FIELDS,
    records: [...workloadRecords(check), { name: 'total', model: null, tokens: null, ...budgetLineRecord(check.total) }],
  }),

  json: (check) => ({
    schema_version: JSON_SCHEMA_VERSION,
    catalog: catalogJson(check.catalog),
    thresholds: {
      warn_at_pct: exact(percentText(check.thresholds.warnAt)),
      fail_at_pct: exact(percentText(check.thresholds.failAt)),
    },
    assumptions: { token_pricing: 'output', notes: check.assumptions.map(describeAssumption) },
    total: budgetLineRecord(check.total),
    workloads: workloadRecords(check),
  }),
};
