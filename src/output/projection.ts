import { type Candidate, candidateId } from '../core/candidate.js';
import { RATE_SCALE } from '../core/capacity.js';
import { formatDecimal, groupThousands, roundToScale } from '../core/decimal.js';
import { percentDisplay, priceDisplay, usdDisplay } from '../core/money.js';
import type { Projection } from '../core/projection.js';
import { formatTokensShort } from '../core/quantity.js';
import { tokensPerUserText } from '../core/stages.js';
import { catalogJson } from './catalog-json.js';
import { COMPARISON_FIELDS, comparisonCells, PRICED_ON_FIELDS, pricedOnCells } from './comparison.js';
import type { ProjectionJson } from './contract.js';
import { describeAssumption } from './describe-assumption.js';
import { nameOf, namesOf, observedProse } from './display-names.js';
import { type Cell, exact } from './exact.js';
import { observedJson, observedOf } from './observed.js';
import {
  type BarGroup,
  chartUnits,
  countCell,
  exactText,
  nameCell,
  pagePercent,
  percentCell,
  percentFigure,
  prose,
  textCell,
  usdCell,
} from './report.js';
import { JSON_SCHEMA_VERSION, type ResultSpec } from './spec.js';
import { tokenPricingJson } from './token-pricing-json.js';
import {
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
import { counted } from './words.js';

/** The tidy rows of `project`: one per (stage, model), the same fields in JSON and CSV. */
const PROJECTION_FIELDS = ['stage', 'users', 'tokens', ...COMPARISON_FIELDS] as const;
/** Added to each row when request rates are asked for (--tokens-per-request). */
const CAPACITY_FIELDS = ['avg_rpm', 'peak_rpm', 'free_tier'] as const;

const withRates = (projection: Projection) => projection.rows.some((row) => row.capacity !== null);
const observedIn = (projection: Projection) => observedOf([projection.baseline, ...projection.candidates]);
const rate = (scaled: bigint) => formatDecimal(roundToScale(scaled, RATE_SCALE, 1), 1);

function records(projection: Projection) {
  const observed = observedIn(projection) !== undefined;
  return projection.rows.map((row) => {
    const record = {
      stage: row.stage,
      users: row.users === null ? null : exact(String(row.users)),
      tokens: exact(row.tokens.toString()),
      ...comparisonCells(row),
      ...(observed ? pricedOnCells(row) : {}),
    } satisfies Record<(typeof PROJECTION_FIELDS)[number], Cell>;
    if (row.capacity === null) return record;
    return {
      ...record,
      avg_rpm: exact(formatDecimal(row.capacity.averageRpm, RATE_SCALE)),
      peak_rpm: exact(formatDecimal(row.capacity.peakRpm, RATE_SCALE)),
      free_tier: row.capacity.freeTier,
    } satisfies Record<(typeof CAPACITY_FIELDS)[number], Cell> & typeof record;
  });
}

export const projectionSpec: ResultSpec<Projection, ProjectionJson> = {
  view(projection) {
    const { baseline } = projection;
    const rates = withRates(projection);
    const models =
      projection.candidates.length === 1
        ? candidateProse(projection.candidates[0] as Candidate)
        : counted(projection.candidates.length, 'model');
    const tokens = projection.rows.map((row) => row.tokens);
    const stages = new Set(projection.rows.map((row) => row.stage)).size;
    const least = tokens.reduce((a, b) => (b < a ? b : a), tokens[0] ?? 0n);
    const most = tokens.reduce((a, b) => (b > a ? b : a), 0n);
    const span =
      least === most
        ? `${formatTokensShort(most)} tokens a month`
        : `${formatTokensShort(least)} to ${formatTokensShort(most)} tokens a month`;
    return {
      title: `Monthly cost on ${models} against ${candidateProse(baseline)}: ${counted(stages, 'stage')}, ${span}`,
      columns: [
        left('Stage'),
        { ...right('Users'), drop: 1 },
        { ...right('Tokens/mo'), short: 'Tokens' },
        left('Model'),
        { ...left('ID'), wide: true },
        { ...right('$/1M'), drop: 3 },
        { ...right('Monthly cost'), short: 'Cost' },
        // With request rates, what the user asked about: the baseline's cost goes before them.
        { ...right(`${baselineName(baseline)} (baseline)`), short: 'Baseline', ...(rates ? { drop: 5 } : {}) },
        { ...right('Savings'), drop: 2 },
        { ...right('Saved'), ...(rates ? { drop: 6 } : {}) },
        ...(rates
          ? [{ ...right('Avg req/min'), short: 'Avg/min', drop: 4 }, { ...right('Peak req/min'), short: 'Peak/min' }, left('Free tier')]
          : []),
      ],
      rows: projection.rows.map((row) => {
        const tone: Tone = row.savings < 0n ? 'bad' : 'good';
        const cells: DisplayCell[] = [
          { text: row.stage },
          { text: row.users === null ? '—' : groupThousands(String(row.users)) },
          { text: formatTokensShort(row.tokens) },
          { text: candidateName(row.candidate) },
          { text: candidateId(row.candidate) },
          { text: priceDisplay(row.price) },
          { text: usdDisplay(row.cost), tone: 'strong' },
          { text: usdDisplay(row.baselineCost) },
          { text: usdDisplay(row.savings), tone },
          { text: row.savingsPct === null ? '—' : percentDisplay(row.savingsPct), tone },
        ];
        if (row.capacity === null) return cells;
        const freeTier = row.capacity.freeTier;
        return [
          ...cells,
          { text: rate(row.capacity.averageRpm) },
          { text: rate(row.capacity.peakRpm) },
          freeTier === null ? { text: 'n/a' } : { text: freeTier, tone: freeTier === 'ok' ? 'good' : 'bad' },
        ];
      }),
      notes: [
        baseline.kind === 'model'
          ? `Baseline: ${candidateProse(baseline)} at ${priceDisplay(baseline.model.output)} per 1M output tokens.`
          : baselineNote(baseline),
        `Assumptions: ${projection.assumptions.map(describeAssumption).join('; ')}.`,
        catalogNote(projection.catalog),
      ],
    };
  },

  csv: (projection) => ({
    fields: [
      ...PROJECTION_FIELDS,
      ...(observedIn(projection) === undefined ? [] : PRICED_ON_FIELDS),
      ...(withRates(projection) ? CAPACITY_FIELDS : []),
    ],
    records: records(projection),
  }),

  json(projection) {
    const { plan } = projection;
    const rates = projection.assumptions.find((assumption) => assumption.code === 'request-rates');
    const { notes, ...pricing } = tokenPricingJson(projection.accounting, projection.candidates, projection.assumptions);
    return {
      schema_version: JSON_SCHEMA_VERSION,
      catalog: catalogJson(projection.catalog),
      assumptions: {
        ...pricing,
        tokens_per_user: plan.tokensPerUser === null ? null : exact(tokensPerUserText(plan.tokensPerUser)),
        stages: plan.source,
        tokens_per_request: rates === undefined ? null : exact(rates.tokensPerRequest.toString()),
        peak_factor: rates === undefined ? null : exact(formatDecimal(rates.peakFactor, RATE_SCALE)),
        notes,
      },
      observed: observedJson(observedIn(projection)),
      rows: records(projection),
    };
  },

  report(projection, json) {
    const models = [...new Set(json.rows.map((row) => row.model))];
    const baseline = candidateId(projection.baseline);
    const names = namesOf([...projection.candidates, projection.baseline]);
    const name = (id: string) => nameOf(names, id);
    const observed = observedIn(projection);
    const stages = [...new Set(json.rows.map((row) => row.stage))];
    const groups = stages.map((stage): BarGroup => {
      const rows = json.rows.filter((row) => row.stage === stage);
      // One model: its savings; several: the best of them, which fits over the group however many there are.
      const saved = rows.flatMap((row) => (row.savings_pct === null ? [] : [exactText(row.savings_pct)]));
      const best = saved.reduce<string | undefined>(
        (most, pct) => (most === undefined || chartUnits(pct) > chartUnits(most) ? pct : most),
        undefined,
      );
      const note =
        best === undefined
          ? undefined
          : best.startsWith('-')
            ? `${pagePercent(best.slice(1))} more`
            : `${rows.length > 1 ? 'up to ' : ''}${pagePercent(best)} saved`;
      return {
        label: stage,
        bars: [
          ...rows.map((row) => ({ series: models.indexOf(row.model), value: exactText(row.cost_usd) })),
          { series: models.length, value: exactText(rows[0]?.baseline_cost_usd ?? 0) },
        ],
        ...(note === undefined ? {} : { note }),
      };
    });
    const [first] = json.rows;
    return {
      title: [`Monthly cost by stage: ${models.map(name).join(', ')} against ${name(baseline)}`],
      summary: [
        ...(observed === undefined ? [] : [observedProse(observed)]),
        ...(first === undefined || models.length !== 1 || first.savings_pct === null || first.model === baseline
          ? []
          : [
              exactText(first.savings_pct).startsWith('-')
                ? prose`${name(first.model)} costs ${percentFigure(exactText(first.savings_pct).slice(1))} more than the baseline at the first stage.`
                : prose`${name(first.model)} costs ${percentFigure(first.savings_pct)} less than the baseline at the first stage.`,
            ]),
      ],
      catalogs: [{ label: 'Catalog', catalog: json.catalog }],
      sections: [
        {
          chart: {
            kind: 'bars',
            id: 'project-stages',
            title: [`Monthly cost per stage: ${models.map(name).join(', ')} against the baseline ${name(baseline)}`],
            orientation: 'vertical',
            stacked: false,
            categoryTitle: 'Stage',
            axis: { title: 'USD a month', unit: 'usd' },
            series: [...models.map((id) => ({ name: name(id) })), { name: `${name(baseline)} (baseline)`, style: 'baseline' as const }],
            groups,
            rules: [],
          },
          table: {
            caption: 'Cost by stage',
            columns: [
              left('Stage'),
              right('Users'),
              right('Tokens/mo'),
              left('Model'),
              right('$/1M'),
              right('Monthly cost'),
              right('Baseline cost'),
              right('Savings'),
              right('Saved'),
            ],
            rows: json.rows.map((row) => [
              textCell(row.stage),
              row.users === null ? textCell('—') : countCell(row.users),
              countCell(row.tokens),
              nameCell(name(row.model), row.model),
              usdCell(row.price_per_mtok_usd),
              usdCell(row.cost_usd),
              usdCell(row.baseline_cost_usd),
              usdCell(row.savings_usd),
              percentCell(row.savings_pct),
            ]),
          },
        },
      ],
      notes: json.assumptions.notes,
    };
  },
};
