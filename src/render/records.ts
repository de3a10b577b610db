import { formatDecimal } from '../core/decimal.js';
import type { BudgetCheck, BudgetLine } from '../core/budget-check.js';
import { candidateId } from '../core/candidate.js';
import { TIMES_SCALE, type Ranking } from '../core/compare.js';
import type { CatalogDiff } from '../core/catalog-diff.js';
import type { Forecast } from '../core/forecast.js';
import { RATE_SCALE } from '../core/capacity.js';
import type { ListedModel, ModelList } from '../core/model-list.js';
import { percentText, priceText, usdText, type Usd } from '../core/money.js';
import type { Projection, ProjectionRow } from '../core/projection.js';
import { TOKENS_PER_USER_SCALE } from '../core/stages.js';

/** A number written exactly as its decimal text, never through a float. */
export class ExactNumber {
  constructor(readonly text: string) {}
}

export type Cell = string | ExactNumber | null;
export type FlatRecord = Readonly<Record<string, Cell>>;

/** A candidate's price and cost against the baseline: the fields `project` and `compare` rows share. */
const COMPARISON_FIELDS = [
  'model',
  'price_per_mtok_usd',
  'cost_usd',
  'baseline',
  'baseline_cost_usd',
  'savings_usd',
  'savings_pct',
] as const;

/** The tidy rows of `project`: one per (stage, model), the same fields in JSON and CSV. */
export const PROJECTION_FIELDS = ['stage', 'users', 'tokens', ...COMPARISON_FIELDS] as const;

type Compared = Pick<ProjectionRow, 'candidate' | 'price' | 'cost' | 'baseline' | 'baselineCost' | 'savings' | 'savingsPct'>;

function comparisonCells(row: Compared): Record<(typeof COMPARISON_FIELDS)[number], Cell> {
  return {
    model: candidateId(row.candidate),
    price_per_mtok_usd: new ExactNumber(priceText(row.price)),
    cost_usd: new ExactNumber(usdText(row.cost)),
    baseline: row.baseline.model.id,
    baseline_cost_usd: new ExactNumber(usdText(row.baselineCost)),
    savings_usd: new ExactNumber(usdText(row.savings)),
    savings_pct: row.savingsPct === null ? null : new ExactNumber(percentText(row.savingsPct)),
  };
}

/** Added to each row when request rates are asked for (--tokens-per-request). */
export const CAPACITY_FIELDS = ['avg_rpm', 'peak_rpm', 'free_tier'] as const;

export function projectionFields(projection: Projection): readonly string[] {
  return projection.rows.some((row) => row.capacity !== null) ? [...PROJECTION_FIELDS, ...CAPACITY_FIELDS] : PROJECTION_FIELDS;
}

export function projectionRecords(projection: Projection): FlatRecord[] {
  return projection.rows.map((row) => {
    const record = {
      stage: row.stage,
      users: row.users === null ? null : new ExactNumber(String(row.users)),
      tokens: new ExactNumber(row.tokens.toString()),
      ...comparisonCells(row),
    } satisfies Record<(typeof PROJECTION_FIELDS)[number], Cell>;
    if (row.capacity === null) return record;
    return {
      ...record,
      avg_rpm: new ExactNumber(formatDecimal(row.capacity.averageRpm, RATE_SCALE)),
      peak_rpm: new ExactNumber(formatDecimal(row.capacity.peakRpm, RATE_SCALE)),
      free_tier: row.capacity.freeTier,
    } satisfies Record<(typeof CAPACITY_FIELDS)[number], Cell> & typeof record;
  });
}

export function tokensPerUserText(scaled: bigint): string {
  return formatDecimal(scaled, TOKENS_PER_USER_SCALE);
}

export const MODEL_FIELDS = [
  'id',
  'name',
  'provider',
  'channel',
  'input_per_mtok_usd',
  'cached_input_per_mtok_usd',
  'output_per_mtok_usd',
  'source',
  'checked',
] as const;

export function modelRecords(list: ModelList): FlatRecord[] {
  return list.models.map((listed) => modelRecord(listed));
}

function modelRecord({ model, prices }: ListedModel): Record<(typeof MODEL_FIELDS)[number], Cell> {
  const exact = (text: string | undefined) => (text === undefined ? null : new ExactNumber(text));
  return {
    id: model.id,
    name: model.name,
    provider: model.provider,
    channel: model.channel ?? null,
    input_per_mtok_usd: exact(prices?.input),
    cached_input_per_mtok_usd: exact(prices?.cached_input),
    output_per_mtok_usd: exact(prices?.output),
    source: model.source,
    checked: model.checked,
  };
}

/** One row per workload of `check`, the same fields in JSON and CSV. */
export const CHECK_FIELDS = ['name', 'model', 'tokens', 'cost_usd', 'budget_usd', 'pct', 'status'] as const;

export function checkRecords(check: BudgetCheck): FlatRecord[] {
  return check.workloads.map(
    (workload) =>
      ({
        name: workload.name,
        model: candidateId(workload.candidate),
        tokens: new ExactNumber(workload.tokens.toString()),
        ...budgetLineRecord(workload),
      }) satisfies Record<(typeof CHECK_FIELDS)[number], Cell>,
  );
}

export function budgetLineRecord(line: BudgetLine): Record<'cost_usd' | 'budget_usd' | 'pct' | 'status', Cell> {
  return {
    cost_usd: new ExactNumber(usdText(line.cost)),
    budget_usd: line.budget === null ? null : new ExactNumber(usdText(line.budget)),
    pct: line.pct === null ? null : new ExactNumber(percentText(line.pct)),
    status: line.status,
  };
}

/** One row per ranked candidate of `compare`, cheapest first. */
const [, ...AFTER_MODEL] = COMPARISON_FIELDS;
export const COMPARE_FIELDS = ['rank', 'model', 'provider', ...AFTER_MODEL, 'times_cheaper'] as const;

export function rankingRecords(ranking: Ranking): FlatRecord[] {
  return ranking.rows.map((row) => {
    const { model, ...compared } = comparisonCells({ ...row, baseline: ranking.baseline, baselineCost: ranking.baselineCost });
    return {
      rank: new ExactNumber(String(row.rank)),
      model,
      provider: row.candidate.kind === 'model' ? row.candidate.model.model.provider : null,
      ...compared,
      times_cheaper: row.timesCheaper === null ? null : new ExactNumber(formatDecimal(row.timesCheaper, TIMES_SCALE)),
    } satisfies Record<(typeof COMPARE_FIELDS)[number], Cell>;
  });
}

/** One row per (month, candidate) of `forecast`. */
export const FORECAST_FIELDS = ['month', 'model', 'tokens', 'cost_usd', 'cumulative_usd', 'credits_left_usd'] as const;

export function forecastRecords(forecast: Forecast): FlatRecord[] {
  return forecast.rows.map(
    (row) =>
      ({
        month: new ExactNumber(String(row.month)),
        model: candidateId(row.candidate),
        tokens: new ExactNumber(row.tokens.toString()),
        cost_usd: new ExactNumber(usdText(row.cost)),
        cumulative_usd: new ExactNumber(usdText(row.cumulative)),
        credits_left_usd: row.creditsLeft === null ? null : new ExactNumber(usdText(row.creditsLeft)),
      }) satisfies Record<(typeof FORECAST_FIELDS)[number], Cell>,
  );
}

/** One row per changed price of `catalog diff`. */
export const DIFF_FIELDS = ['model', 'name', 'change', 'price', 'old_per_mtok_usd', 'new_per_mtok_usd', 'change_pct'] as const;

export function diffRecords(diff: CatalogDiff): FlatRecord[] {
  const exact = (text: string | null) => (text === null ? null : new ExactNumber(text));
  return diff.changes.flatMap((change) =>
    change.prices.map(
      (price) =>
        ({
          model: change.id,
          name: change.name,
          change: change.change,
          price: price.key,
          old_per_mtok_usd: exact(price.old),
          new_per_mtok_usd: exact(price.new),
          change_pct: price.changePct === null ? null : new ExactNumber(percentText(price.changePct)),
        }) satisfies Record<(typeof DIFF_FIELDS)[number], Cell>,
    ),
  );
}

/** What the price changes do to each workload, for JSON. */
export function effectRecords(diff: CatalogDiff): FlatRecord[] {
  const usd = (value: Usd | null) => (value === null ? null : new ExactNumber(usdText(value)));
  return (diff.effects ?? []).map((effect) => ({
    name: effect.name,
    model: effect.model,
    tokens: new ExactNumber(effect.tokens.toString()),
    old_cost_usd: usd(effect.oldCost),
    new_cost_usd: usd(effect.newCost),
    delta_usd: usd(effect.delta),
    change_pct: effect.changePct === null ? null : new ExactNumber(percentText(effect.changePct)),
  }));
}
