import { candidateId } from '../core/candidate.js';
import { type Ranking, TIMES_SCALE } from '../core/compare.js';
import { divideRounded, formatDecimal, roundToScale } from '../core/decimal.js';
import { percentDisplay, priceDisplay, usdDisplay, usdText } from '../core/money.js';
import { formatTokens } from '../core/quantity.js';
import { catalogJson } from './catalog-json.js';
import { COMPARISON_FIELDS, comparisonCells, PRICED_ON_FIELDS, pricedOnCells } from './comparison.js';
import type { CompareJson } from './contract.js';
import { describeAssumption } from './describe-assumption.js';
import { nameOf, namesOf, observedProse } from './display-names.js';
import { type Cell, exact } from './exact.js';
import { observedJson, observedOf } from './observed.js';
import {
  countCell,
  countFigure,
  exactText,
  nameCell,
  pageUsd,
  percentCell,
  percentFigure,
  prose,
  textCell,
  tokensFigure,
  usdCell,
  usdFigure,
} from './report.js';
import { JSON_SCHEMA_VERSION, type ResultSpec } from './spec.js';
import { tokenPricingJson } from './token-pricing-json.js';
import {
  bar,
  baselineName,
  baselineNote,
  candidateName,
  candidateProse,
  catalogNote,
  type DisplayCell,
  left,
  right,
  type Tone,
} from './view.js';
import { agree, counted } from './words.js';

/** One row per ranked candidate of `compare`, cheapest first. */
const [, ...AFTER_MODEL] = COMPARISON_FIELDS;
const COMPARE_FIELDS = ['rank', 'model', 'provider', ...AFTER_MODEL, 'times_cheaper'] as const;

const observedIn = (ranking: Ranking) => observedOf([ranking.baseline, ...ranking.candidates]);

function records(ranking: Ranking) {
  const observed = observedIn(ranking) !== undefined;
  return ranking.rows.map((row) => {
    const { model, ...compared } = comparisonCells({ ...row, baseline: ranking.baseline, baselineCost: ranking.baselineCost });
    return {
      rank: exact(String(row.rank)),
      model,
      provider: row.candidate.kind === 'model' ? row.candidate.model.model.provider : null,
      ...compared,
      times_cheaper: row.timesCheaper === null ? null : exact(formatDecimal(row.timesCheaper, TIMES_SCALE)),
      ...(observed ? pricedOnCells({ candidate: row.candidate, baseline: ranking.baseline }) : {}),
    } satisfies Record<(typeof COMPARE_FIELDS)[number], Cell>;
  });
}

/** The candidates ranked but cut by --top (or by its default, for a whole catalog). */
const omitted = (ranking: Ranking) => ranking.ranked - ranking.rows.length;

/** 4000n (40.00) → "40× cheaper"; 50n (0.5) → "2× dearer". */
function timesText(times: bigint | null): string {
  if (times === null) return 'free';
  const hundred = 10n ** BigInt(TIMES_SCALE);
  if (times === hundred) return 'same';
  if (times > hundred) return `${formatDecimal(roundToScale(times, TIMES_SCALE, 1), 1)}× cheaper`;
  return `${formatDecimal(divideRounded(hundred * 10n, times), 1)}× dearer`;
}

/** Bars a ranking's chart draws, so that it fits a printed page; its table has every row. */
const CHARTED_ROWS = 30;

/** A savings percent against the baseline in words: "97.5% below the baseline", "20% above the baseline". */
const againstBaselineProse = (pct: string) =>
  pct.startsWith('-') ? prose`${percentFigure(pct.slice(1))} above the baseline` : prose`${percentFigure(pct)} below the baseline`;

export const compareSpec: ResultSpec<Ranking, CompareJson> = {
  view(ranking) {
    const { baseline } = ranking;
    const max = ranking.rows.reduce((most, row) => (row.cost > most ? row.cost : most), 0n);
    const shown =
      ranking.rows.length < ranking.ranked ? `top ${ranking.rows.length} of ${ranking.ranked}` : counted(ranking.ranked, 'candidate');
    return {
      title: `${formatTokens(ranking.tokens)} tokens a month, cheapest first (${shown}); baseline ${baselineName(baseline)} at ${usdDisplay(ranking.baselineCost)}`,
      columns: [
        right('#'),
        left('Model'),
        { ...left('ID'), wide: true },
        right('$/1M'),
        { ...right('Monthly cost'), short: 'Cost' },
        { ...right('Savings'), drop: 2 },
        right('Saved'),
        { ...right('vs baseline'), drop: 3 },
        { ...left(''), shrink: false, drop: 1 },
      ],
      rows: ranking.rows.map((row): DisplayCell[] => {
        const tone: Tone = row.savings < 0n ? 'bad' : 'good';
        return [
          { text: String(row.rank) },
          { text: candidateName(row.candidate) },
          { text: candidateId(row.candidate) },
          { text: priceDisplay(row.price) },
          { text: usdDisplay(row.cost), tone: 'strong' },
          { text: usdDisplay(row.savings), tone },
          { text: row.savingsPct === null ? '—' : percentDisplay(row.savingsPct), tone },
          { text: timesText(row.timesCheaper) },
          { text: bar(row.cost, max), tone: 'dim' },
        ];
      }),
      notes: [
        ...(ranking.selection === 'curated'
          ? ["The catalog's comparison set; --top N ranks the whole catalog (--top all shows all of it), --provider P one provider's."]
          : []),
        ...(omitted(ranking) > 0 ? [`${omitted(ranking)} more not shown; --top all shows all ${ranking.ranked}.`] : []),
        baselineNote(baseline),
        `Assumptions: ${ranking.assumptions.map(describeAssumption).join('; ')}.`,
        catalogNote(ranking.catalog),
      ],
    };
  },

  csv: (ranking) => ({
    fields: observedIn(ranking) === undefined ? COMPARE_FIELDS : [...COMPARE_FIELDS, ...PRICED_ON_FIELDS],
    records: records(ranking),
  }),

  json: (ranking) => ({
    schema_version: JSON_SCHEMA_VERSION,
    catalog: catalogJson(ranking.catalog),
    tokens: exact(ranking.tokens.toString()),
    selection: ranking.selection,
    omitted: omitted(ranking),
    assumptions: tokenPricingJson(ranking.accounting, ranking.candidates, ranking.assumptions),
    observed: observedJson(observedIn(ranking)),
    rows: records(ranking),
  }),
  report(ranking, json) {
    const baseline = candidateId(ranking.baseline);
    const names = namesOf([...ranking.candidates, ranking.baseline]);
    const name = (id: string) => nameOf(names, id);
    const baselineLabel = candidateProse(ranking.baseline);
    const baselineCost = exactText(json.rows[0]?.baseline_cost_usd ?? exact(usdText(ranking.baselineCost)));
    const [cheapest] = json.rows;
    return {
      title: prose`${tokensFigure(ranking.tokens)} tokens a month, cheapest first; baseline ${baselineLabel} at ${usdFigure(baselineCost)}`,
      summary:
        cheapest === undefined
          ? []
          : [
              prose`Cheapest: ${name(cheapest.model)} at ${usdFigure(cheapest.cost_usd)} a month${cheapest.savings_pct === null ? '' : prose`, ${againstBaselineProse(exactText(cheapest.savings_pct))}`}.`,
              ...(omitted(ranking) > 0
                ? [
                    prose`${countFigure(omitted(ranking))} more ranked ${agree(omitted(ranking), 'model is', 'models are')} not shown; --top all shows all ${String(ranking.ranked)}.`,
                  ]
                : []),
            ],
      catalogs: [{ label: 'Catalog', catalog: json.catalog }],
      sections: [
        {
          chart: {
            kind: 'bars',
            id: 'compare-ranking',
            title: prose`Monthly cost of ${tokensFigure(ranking.tokens)} tokens, cheapest first${json.rows.length > CHARTED_ROWS ? ` (the first ${CHARTED_ROWS}; the table has all ${json.rows.length})` : ''}`,
            orientation: 'horizontal',
            stacked: false,
            categoryTitle: 'Model',
            axis: { title: 'USD a month', unit: 'usd' },
            series: [{ name: 'monthly cost' }, { name: `${baselineLabel} (baseline)`, style: 'baseline' }],
            groups: json.rows.slice(0, CHARTED_ROWS).map((row) => ({
              label: `${exactText(row.rank)}. ${name(row.model)}`,
              bars: [{ series: row.model === baseline ? 1 : 0, value: exactText(row.cost_usd) }],
            })),
            rules: [{ kind: 'baseline', label: `baseline ${baselineLabel}: ${pageUsd(baselineCost)}`, value: baselineCost }],
          },
          table: {
            caption: `Ranking${omitted(ranking) > 0 ? ` (${omitted(ranking)} more not shown)` : ''}`,
            columns: [
              right('#'),
              left('Model'),
              right('$/1M'),
              right('Monthly cost'),
              right('Savings'),
              right('Saved'),
              right('Times cheaper'),
            ],
            rows: json.rows.map((row) => [
              countCell(row.rank),
              nameCell(name(row.model), row.model),
              usdCell(row.price_per_mtok_usd),
              usdCell(row.cost_usd),
              usdCell(row.savings_usd),
              percentCell(row.savings_pct),
              row.times_cheaper === null ? textCell('—') : { ...countCell(row.times_cheaper), text: `${exactText(row.times_cheaper)}×` },
            ]),
          },
        },
      ],
      notes: [
        ranking.baseline.kind === 'observed'
          ? prose`Baseline: ${observedProse(ranking.baseline.observed)}`
          : prose`Baseline: ${baselineLabel} at ${usdFigure(baselineCost)} a month.`,
        ...json.assumptions.notes,
      ],
    };
  },
};
