import type { BudgetLine } from '../core/budget-check.js';
import {
  type BudgetDiff,
  type DiffField,
  type MeasuredWorkload,
  mixText,
  type SideWorkload,
  TOTAL_LINE,
  type WorkloadDiff,
} from '../core/budget-diff.js';
import { candidateId } from '../core/candidate.js';
import { formatDecimal, readDecimal } from '../core/decimal.js';
import { type Percent, percentDisplay, percentText, type Usd, usdDisplay, usdExact, usdText } from '../core/money.js';
import { SHARE_SCALE } from '../core/pricing.js';
import { formatTokens } from '../core/quantity.js';
import { catalogJson } from './catalog-json.js';
import type { BudgetDiffJson } from './contract.js';
import { noDataWithin } from './describe-budget.js';
import { type Cell, exact } from './exact.js';
import { markdownText, renderMarkdown, STATUS_MARKS } from './markdown.js';
import { countCell, exactText, prose, textCell, usdCell, usdFigure } from './report.js';
import { JSON_SCHEMA_VERSION, type ResultSpec } from './spec.js';
import { describeUsageAssumption, provenanceJson, provenanceText, unpricedJson } from './usage.js';
import { candidateName, candidateProse, catalogNote, type DisplayCell, type DisplayTable, left, right } from './view.js';
import { agree, counted } from './words.js';

/** The first line of `gacost diff --format markdown`: a CI step finds its earlier comment by it, and updates it. */
const DIFF_COMMENT_MARKER = '<!-- gacost-diff -->';

/** One row per workload of `gacost diff`, then the total, the same fields in CSV as the JSON's workloads flattened. */
const BUDGET_DIFF_FIELDS = [
  'name',
  'change',
  'changed_fields',
  'base_model',
  'head_model',
  'base_tokens',
  'head_tokens',
  'base_cost_usd',
  'head_cost_usd',
  'difference_usd',
  'change_pct',
  'base_budget_usd',
  'head_budget_usd',
  'base_status',
  'head_status',
] as const;

const FIELD_TITLES: Record<DiffField, string> = {
  model: 'model',
  mix: 'mix',
  tokens: 'tokens',
  input_share: 'input share',
  cached_share: 'cached share',
  cache_write_share: 'cache write share',
  budget: 'budget',
};

/** A field's exact text as people read it: tokens as 1B, shares in percent, a budget in dollars; — where unset. */
function fieldText(field: DiffField, value: string | null): string {
  if (value === null) return '—';
  if (field === 'tokens') return formatTokens(BigInt(value));
  if (field === 'budget') return usdExact(value);
  if (field.endsWith('_share')) return `${formatDecimal(readDecimal(value, SHARE_SCALE) as bigint, SHARE_SCALE - 2)}%`;
  return value;
}

const signedUsd = (value: Usd) => `${value > 0n ? '+' : ''}${usdDisplay(value)}`;
const signedPct = (value: Percent | null) => (value === null ? '—' : `${value > 0n ? '+' : ''}${percentDisplay(value)}`);

/** The total before and after and the difference, in words: "$1,000.00 → $1,250.00 a month (+$250.00, +25%)". */
function headline(diff: BudgetDiff): string {
  const change =
    diff.delta === 0n ? 'no change' : `${signedUsd(diff.delta)}${diff.changePct === null ? '' : `, ${signedPct(diff.changePct)}`}`;
  return `${usdDisplay(diff.base.total.cost)} → ${usdDisplay(diff.head.total.cost)} a month (${change})`;
}

function trafficText(diff: BudgetDiff): string {
  const { traffic } = diff;
  if (traffic.kind === 'projected') return 'On the tokens each file states, priced as gacost check prices them.';
  const sources = traffic.sources.length === 1 ? '1 source' : `${traffic.sources.length} sources`;
  return `On the traffic the logs measured: ${'month' in traffic.basis ? traffic.basis.month : `the ${traffic.basis.days} days of records, scaled to 30`} (${traffic.records} priced records from ${sources}), each workload's records re-priced on each side's model or mix at their own day's prices.`;
}

type MeasuredTraffic = Extract<BudgetDiff['traffic'], { readonly kind: 'measured' }>;

/** The period measured, as a reason names it: "2026-10", or "the 30 days measured". */
const periodText = (traffic: MeasuredTraffic): string =>
  'month' in traffic.basis ? traffic.basis.month : `the ${traffic.basis.days} days measured`;

/** Why a workload of measured traffic has no record to price; null when it has records. */
const noDataText = (traffic: MeasuredTraffic, workload: MeasuredWorkload): string | null =>
  workload.noData === null ? null : noDataWithin(workload.noData, periodText(traffic));

/**
 * What measured traffic leaves unjudged, as check --usage says it: the workloads without a record (no
 * data, not within budget) and the records no workload picks (in neither side's cost, never dropped unsaid).
 */
function unjudgedNotes(diff: BudgetDiff): string[] {
  const { traffic } = diff;
  if (traffic.kind === 'projected') return [];
  const noData = new Map<string, string[]>();
  for (const workload of traffic.workloads) {
    const reason = noDataText(traffic, workload);
    if (reason !== null) noData.set(reason, [...(noData.get(reason) ?? []), workload.name]);
  }
  const unmatched = unmatchedText(diff);
  return [
    ...[...noData].map(([reason, names]) => `No data (not within budget: nothing to judge): ${names.join(', ')}: ${reason}.`),
    ...(unmatched === undefined ? [] : [`${unmatched.replace(/^./, (letter) => letter.toUpperCase())}.`]),
  ];
}

/** The records of measured traffic no workload picks, counted and named (the CLI says it on stderr too); undefined where there are none. */
export function unmatchedText(diff: BudgetDiff): string | undefined {
  const { traffic } = diff;
  if (traffic.kind === 'projected' || traffic.unmatched.records === 0) return undefined;
  const { records, observedCost, names } = traffic.unmatched;
  const named = names.map((entry) => `${entry.name} (${counted(entry.records, 'record')})`).join(', ');
  const cost = observedCost === 0n ? '' : ` (${usdDisplay(observedCost)} a month on the logs' own models)`;
  return `${counted(records, 'record')} of ${periodText(traffic)} ${agree(records, 'matches', 'match')} no workload, in neither side's cost${cost}: ${named}`;
}

function verdictText(diff: BudgetDiff): string {
  const named = (lines: readonly string[]) => lines.map((line) => (line === TOTAL_LINE ? 'the total' : line)).join(', ');
  const base = diff.baseBreaks.length === 0 ? '' : ` Base breaks ${named(diff.baseBreaks)} already.`;
  return diff.newlyBroken.length > 0
    ? `Head breaks budgets base kept: ${named(diff.newlyBroken)}.${base}`
    : `No budget newly broken.${base}`;
}

/** A side's model or mix in a table's cell: "GPT-4o · OpenAI", or a mix with its parts; — where the side has no such workload. */
const routeCell = (side: SideWorkload | null): string =>
  side === null ? '—' : side.candidate.kind === 'mix' ? candidateProse(side.candidate) : candidateName(side.candidate);

/** What changed of a workload, in words: "model GPT-4o via OpenAI → Routing mix of GPT-4o mini 90%, GPT-4o 10%; tokens 1B → 2B". */
function changesText(workload: WorkloadDiff): string {
  const routed = (side: SideWorkload | null) => (side === null ? '—' : candidateProse(side.candidate));
  const modelChanged = workload.fields.some((change) => change.field === 'model' || change.field === 'mix');
  return [
    ...(modelChanged ? [`model ${routed(workload.base)} → ${routed(workload.head)}`] : []),
    ...workload.fields
      .filter((change) => change.field !== 'model' && change.field !== 'mix')
      .map(
        (change) => `${FIELD_TITLES[change.field]} ${fieldText(change.field, change.before)} → ${fieldText(change.field, change.after)}`,
      ),
  ].join('; ');
}

function usageNotes(diff: BudgetDiff): string[] {
  const { traffic } = diff;
  if (traffic.kind === 'projected') return [];
  const priced = traffic.provenance.slice(0, 5).map(provenanceText);
  const more = traffic.provenance.length > 5 ? `, and ${traffic.provenance.length - 5} more (JSON lists them all)` : '';
  const unpriced = traffic.unpriced.map(
    (entry) => `${entry.name} (${entry.totals.records} ${entry.totals.records === 1 ? 'record' : 'records'})`,
  );
  return [
    ...unjudgedNotes(diff),
    ...(priced.length === 0 ? [] : [`Log names priced: ${priced.join('; ')}${more}.`]),
    ...(unpriced.length === 0 ? [] : [`Not priced, in neither side's cost (never counted as $0): ${unpriced.join(', ')}.`]),
    ...traffic.assumptions.map((assumption) => `${describeUsageAssumption(assumption)}.`),
  ];
}

const STATUS_WORDS: Record<BudgetLine['status'], string> = { ok: 'ok', warn: 'warn', fail: 'FAIL', none: '—', 'no-data': 'no data' };

const statusCell = (line: BudgetLine | null): DisplayCell =>
  line === null ? { text: '—' } : { text: STATUS_WORDS[line.status], status: line.status };

function workloadRows(diff: BudgetDiff): DisplayCell[][] {
  return diff.workloads.map((workload) => [
    { text: workload.name },
    { text: workload.change, tone: workload.change === 'unchanged' ? 'dim' : 'plain' },
    { text: routeCell(workload.base) },
    { text: routeCell(workload.head) },
    { text: workload.base === null ? '—' : usdDisplay(workload.base.cost) },
    { text: workload.head === null ? '—' : usdDisplay(workload.head.cost), tone: 'strong' },
    { text: signedUsd(workload.delta), tone: workload.delta > 0n ? 'bad' : workload.delta < 0n ? 'good' : 'plain' },
    statusCell(workload.base),
    statusCell(workload.head),
  ]);
}

function diffView(diff: BudgetDiff): DisplayTable {
  const changed = diff.workloads.filter((workload) => workload.fields.length > 0);
  return {
    title: `gacost diff: ${headline(diff)}${diff.newlyBroken.length > 0 ? `; ${diff.newlyBroken.length} newly over budget` : ''}`,
    columns: [
      left('Workload'),
      { ...left('Change'), drop: 2 },
      { ...left('Base model'), short: 'Base', drop: 1 },
      { ...left('Head model'), short: 'Head', drop: 1 },
      { ...right('Base cost/mo'), short: 'Base $' },
      { ...right('Head cost/mo'), short: 'Head $' },
      { ...right('Difference'), short: 'Diff' },
      { ...left('Base status'), short: 'Was', drop: 3 },
      { ...left('Head status'), short: 'Now' },
    ],
    rows: [
      ...workloadRows(diff),
      [
        { text: 'Total', tone: 'strong' },
        { text: '' },
        { text: '' },
        { text: '' },
        { text: usdDisplay(diff.base.total.cost) },
        { text: usdDisplay(diff.head.total.cost), tone: 'strong' },
        { text: signedUsd(diff.delta), tone: diff.delta > 0n ? 'bad' : diff.delta < 0n ? 'good' : 'plain' },
        statusCell(diff.base.total),
        statusCell(diff.head.total),
      ],
    ],
    notes: [
      `Base ${diff.base.source}, head ${diff.head.source}. ${verdictText(diff)}`,
      ...changed.map((workload) => `${workload.name}: ${changesText(workload)}.`),
      trafficText(diff),
      ...usageNotes(diff),
      ...(diff.notes.length === 0 ? [] : [`Assumptions: ${diff.notes.join('; ')}.`]),
      catalogNote(diff.catalog),
    ],
  };
}

/** A side's line of a workload, as JSON and CSV give it. */
function lineJson(workload: SideWorkload | null) {
  if (workload === null) return null;
  const { candidate } = workload;
  return {
    model: candidateId(candidate),
    mix: candidate.kind === 'mix' ? mixText(candidate) : null,
    tokens: workload.tokens === null ? null : exact(workload.tokens.toString()),
    ...totalJson(workload),
  };
}

function totalJson(line: BudgetLine) {
  return {
    cost_usd: exact(usdText(line.cost)),
    budget_usd: line.budget === null ? null : exact(usdText(line.budget)),
    pct: line.pct === null ? null : exact(percentText(line.pct)),
    status: line.status,
  };
}

/** The PR comment: the marker, a headline, a table per changed workload, then every figure folded away. */
function diffMarkdown(diff: BudgetDiff): string {
  const verdict = diff.newlyBroken.length > 0 ? `❌ ${markdownText(verdictText(diff))}` : `✅ ${markdownText(verdictText(diff))}`;
  const changes = diff.workloads.filter((workload) => workload.change !== 'unchanged');
  const sections = changes.map((workload) => {
    const rows: [string, string, string][] = [
      ['Model', routeCell(workload.base), routeCell(workload.head)],
      ...workload.fields
        .filter((change) => change.field !== 'model' && change.field !== 'mix' && change.field !== 'budget')
        .map((change): [string, string, string] => [
          FIELD_TITLES[change.field].replace(/^./, (letter) => letter.toUpperCase()),
          fieldText(change.field, change.before),
          fieldText(change.field, change.after),
        ]),
      [
        'Cost/mo',
        workload.base === null ? '—' : usdDisplay(workload.base.cost),
        workload.head === null ? '—' : usdDisplay(workload.head.cost),
      ],
      [
        'Budget',
        workload.base?.budget == null ? '—' : usdDisplay(workload.base.budget),
        workload.head?.budget == null ? '—' : usdDisplay(workload.head.budget),
      ],
      ['Status', statusMark(workload.base), statusMark(workload.head)],
    ];
    return [
      `#### ${markdownText(workload.name)}: ${workload.change}, ${signedUsd(workload.delta)} a month`,
      '',
      '| | Base | Head |',
      '| --- | --- | --- |',
      ...rows.map((row) => `| ${row.map(markdownText).join(' | ')} |`),
      '',
    ].join('\n');
  });
  return [
    DIFF_COMMENT_MARKER,
    `### gacost: ${markdownText(headline(diff))}`,
    '',
    verdict,
    '',
    ...unjudgedNotes(diff).map((note) => `⚠️ ${markdownText(note)}\n`),
    changes.length === 0 ? 'No workload changed.\n' : sections.join('\n'),
    '<details><summary>Every workload, the traffic and prices</summary>',
    '',
    renderMarkdown(diffView(diff)).trimEnd(),
    '',
    '</details>',
    '',
  ].join('\n');
}

function statusMark(line: BudgetLine | null): string {
  if (line === null) return '—';
  const used = line.pct === null ? '' : ` (${percentDisplay(line.pct)})`;
  return `${STATUS_MARKS[line.status]} ${line.status === 'none' ? 'no budget' : STATUS_WORDS[line.status]}${used}`;
}

export const budgetDiffSpec: ResultSpec<BudgetDiff, BudgetDiffJson> = {
  view: diffView,
  markdown: diffMarkdown,

  csv: (diff) => ({
    fields: BUDGET_DIFF_FIELDS,
    records: [
      ...diff.workloads.map((workload) => {
        const [base, head] = [lineJson(workload.base), lineJson(workload.head)];
        return {
          name: workload.name,
          change: workload.change,
          changed_fields: workload.fields.map((change) => change.field).join(' '),
          base_model: base?.mix ?? base?.model ?? null,
          head_model: head?.mix ?? head?.model ?? null,
          base_tokens: base?.tokens ?? null,
          head_tokens: head?.tokens ?? null,
          base_cost_usd: base?.cost_usd ?? null,
          head_cost_usd: head?.cost_usd ?? null,
          difference_usd: exact(usdText(workload.delta)),
          change_pct: workload.changePct === null ? null : exact(percentText(workload.changePct)),
          base_budget_usd: base?.budget_usd ?? null,
          head_budget_usd: head?.budget_usd ?? null,
          base_status: base?.status ?? null,
          head_status: head?.status ?? null,
        } satisfies Record<(typeof BUDGET_DIFF_FIELDS)[number], Cell>;
      }),
      {
        name: TOTAL_LINE,
        change: null,
        changed_fields: null,
        base_model: null,
        head_model: null,
        base_tokens: null,
        head_tokens: null,
        base_cost_usd: exact(usdText(diff.base.total.cost)),
        head_cost_usd: exact(usdText(diff.head.total.cost)),
        difference_usd: exact(usdText(diff.delta)),
        change_pct: diff.changePct === null ? null : exact(percentText(diff.changePct)),
        base_budget_usd: totalJson(diff.base.total).budget_usd,
        head_budget_usd: totalJson(diff.head.total).budget_usd,
        base_status: totalJson(diff.base.total).status,
        head_status: totalJson(diff.head.total).status,
      },
    ],
  }),

  json: (diff) => {
    const { traffic } = diff;
    return {
      schema_version: JSON_SCHEMA_VERSION,
      catalog: catalogJson(diff.catalog),
      traffic: traffic.kind,
      base: { source: diff.base.source, total: totalJson(diff.base.total), breaks: [...diff.baseBreaks] },
      head: { source: diff.head.source, total: totalJson(diff.head.total), breaks: [...diff.headBreaks] },
      difference_usd: exact(usdText(diff.delta)),
      change_pct: diff.changePct === null ? null : exact(percentText(diff.changePct)),
      verdict: diff.newlyBroken.length > 0 ? 'fail' : 'pass',
      newly_broken: [...diff.newlyBroken],
      workloads: diff.workloads.map((workload) => ({
        name: workload.name,
        change: workload.change,
        changes: workload.fields.map((change) => ({ ...change })),
        base: lineJson(workload.base),
        head: lineJson(workload.head),
        difference_usd: exact(usdText(workload.delta)),
        change_pct: workload.changePct === null ? null : exact(percentText(workload.changePct)),
      })),
      usage:
        traffic.kind === 'projected'
          ? null
          : {
              month: 'month' in traffic.basis ? traffic.basis.month : null,
              days: 'days' in traffic.basis ? traffic.basis.days : null,
              sources: traffic.sources.map((source) => ({ path: source.path, format: source.format, records: source.records })),
              records: traffic.records,
              provenance: traffic.provenance.map(provenanceJson),
              unpriced: traffic.unpriced.map(unpricedJson),
              workloads: traffic.workloads.map((workload) => ({
                name: workload.name,
                usage: { ...workload.selector },
                records: workload.records,
                tokens: exact(workload.tokens.toString()),
                observed_cost_usd: exact(usdText(workload.observedCost)),
                no_data_reason: noDataText(traffic, workload),
              })),
              unmatched: {
                records: traffic.unmatched.records,
                observed_cost_usd: exact(usdText(traffic.unmatched.observedCost)),
                log_models: traffic.unmatched.names.map((entry) => ({ log_model: entry.name, records: entry.records })),
              },
            },
      assumptions: {
        notes: [
          ...diff.notes,
          ...(traffic.kind === 'measured' ? traffic.assumptions.map((assumption) => describeUsageAssumption(assumption)) : []),
        ],
      },
    };
  },

  report(diff, json) {
    const view = diffView(diff);
    const cost = (line: { readonly cost_usd: unknown } | null) => (line === null ? null : exactText(line.cost_usd as never));
    return {
      title: [view.title ?? 'gacost diff'],
      summary: [
        prose`Monthly cost ${usdFigure(json.base.total.cost_usd)} before, ${usdFigure(json.head.total.cost_usd)} after: a difference of ${usdFigure(json.difference_usd)}.`,
        [`${trafficText(diff)} ${verdictText(diff)}`],
      ],
      catalogs: [{ label: 'Catalog', catalog: json.catalog }],
      sections: [
        {
          chart: {
            kind: 'bars',
            id: 'budget-diff',
            title: ['Monthly cost of each workload, base and head'],
            orientation: 'horizontal',
            stacked: false,
            categoryTitle: 'Workload',
            axis: { title: 'USD a month', unit: 'usd' },
            series: [{ name: `base: ${json.base.source}`, style: 'baseline' }, { name: `head: ${json.head.source}` }],
            groups: [
              ...json.workloads.map((workload) => ({
                label: workload.name,
                bars: [
                  { series: 0, value: cost(workload.base) },
                  { series: 1, value: cost(workload.head) },
                ],
                note: `${workload.change}${workload.change_pct === null ? '' : `, ${/^(-|0$)/.test(exactText(workload.change_pct)) ? '' : '+'}${exactText(workload.change_pct)}%`}`,
              })),
            ],
            rules: [],
          },
          table: {
            caption: 'Each workload, base and head',
            columns: [
              left('Workload'),
              left('Change'),
              left('Base model'),
              left('Head model'),
              right('Base cost'),
              right('Head cost'),
              right('Difference'),
              left('Base status'),
              left('Head status'),
            ],
            rows: [
              ...json.workloads.map((workload, at) => [
                textCell(workload.name),
                textCell(workload.change),
                textCell(routeCell(diff.workloads[at]?.base ?? null)),
                textCell(routeCell(diff.workloads[at]?.head ?? null)),
                usdCell(workload.base?.cost_usd ?? null),
                usdCell(workload.head?.cost_usd ?? null),
                usdCell(workload.difference_usd),
                textCell(workload.base?.status ?? '—'),
                textCell(workload.head?.status ?? '—'),
              ]),
              [
                textCell('Total'),
                textCell(''),
                textCell(''),
                textCell(''),
                usdCell(json.base.total.cost_usd),
                usdCell(json.head.total.cost_usd),
                usdCell(json.difference_usd),
                textCell(json.base.total.status),
                textCell(json.head.total.status),
              ],
            ],
          },
        },
        ...(json.usage === null
          ? []
          : [
              {
                chart: null,
                table: {
                  caption: 'Measured traffic of each workload',
                  columns: [left('Workload'), left('Usage'), right('Records'), right('Tokens/mo'), right('On its logged models')],
                  rows: json.usage.workloads.map((workload) => [
                    textCell(workload.name),
                    textCell(
                      Object.entries(workload.usage)
                        .map(([field, value]) => `${field}=${value}`)
                        .join(' '),
                    ),
                    countCell(workload.records),
                    countCell(workload.tokens),
                    usdCell(workload.observed_cost_usd),
                  ]),
                },
              },
            ]),
      ],
      notes: view.notes.filter((note) => !note.startsWith('Catalog ')),
    };
  },
};
