import type { BudgetCheck } from '../core/budget-check.js';
import { candidateId, MIX_PERCENT_SCALE, type Candidate } from '../core/candidate.js';
import { RATE_SCALE } from '../core/capacity.js';
import { formatDecimal } from '../core/decimal.js';
import { SHARE_SCALE, type Accounting } from '../core/pricing.js';
import type { Assumption } from '../core/assumptions.js';
import type { Ranking } from '../core/compare.js';
import type { CatalogDiff } from '../core/catalog-diff.js';
import type { Forecast } from '../core/forecast.js';
import { percentText, usdText, type Usd } from '../core/money.js';
import type { CatalogInfo } from '../core/catalog.js';
import type { ModelList } from '../core/model-list.js';
import type { Projection } from '../core/projection.js';
import { describeAssumption } from './describe-assumption.js';
import type { Renderer, Result } from './formats.js';
import {
  budgetLineRecord,
  checkRecords,
  diffRecords,
  effectRecords,
  ExactNumber,
  forecastRecords,
  modelRecords,
  projectionRecords,
  rankingRecords,
  tokensPerUserText,
} from './records.js';

export const JSON_SCHEMA_VERSION = 1;

type Json = string | number | boolean | null | ExactNumber | readonly Json[] | { readonly [key: string]: Json };

export const renderJson: Renderer = (result) => {
  const json = {
    projection: projectionJson,
    models: modelsJson,
    check: checkJson,
    compare: rankingJson,
    forecast: forecastJson,
    diff: diffJson,
  } satisfies { [Kind in Result['kind']]: (result: Extract<Result, { kind: Kind }>) => Json };
  return stringifyExact((json[result.kind] as (result: Result) => Json)(result)) + '\n';
};

function diffJson(diff: CatalogDiff): Json {
  const records = diffRecords(diff);
  let next = 0;
  return {
    schema_version: JSON_SCHEMA_VERSION,
    old: catalogJson(diff.old),
    new: catalogJson(diff.new),
    changes: diff.changes.map((change) => ({
      model: change.id,
      name: change.name,
      change: change.change,
      prices: change.prices.map(() => {
        const { price, old_per_mtok_usd, new_per_mtok_usd, change_pct } = records[next++] ?? {};
        return { price: price ?? null, old: old_per_mtok_usd ?? null, new: new_per_mtok_usd ?? null, change_pct: change_pct ?? null };
      }),
    })),
    effects: diff.effects === null ? null : effectRecords(diff),
    total:
      diff.total === null
        ? null
        : {
            old_cost_usd: new ExactNumber(usdText(diff.total.oldCost)),
            new_cost_usd: new ExactNumber(usdText(diff.total.newCost)),
            delta_usd: new ExactNumber(usdText(diff.total.delta)),
            change_pct: diff.total.changePct === null ? null : new ExactNumber(percentText(diff.total.changePct)),
          },
  };
}

function forecastJson(forecast: Forecast): Json {
  const usd = (value: Usd | null) => (value === null ? null : new ExactNumber(usdText(value)));
  const { notes, ...pricing } = pricingJson(forecast.accounting, forecast.candidates, forecast.assumptions);
  return {
    schema_version: JSON_SCHEMA_VERSION,
    catalog: catalogJson(forecast.catalog),
    assumptions: { ...pricing, growth: forecast.growth.text, notes },
    budget_usd: usd(forecast.budget),
    credits_usd: usd(forecast.credits),
    outlook: forecast.outlooks.map((outlook) => ({
      model: candidateId(outlook.candidate),
      budget_exceeded_month: outlook.budgetExceededMonth,
      credits_run_out_month: outlook.creditsRunOutMonth,
      credits_expire_after_days: outlook.creditExpiry === 'unknown' ? null : outlook.creditExpiry,
      credits_lost_usd: usd(outlook.creditsLost),
    })),
    rows: forecastRecords(forecast),
  };
}

function rankingJson(ranking: Ranking): Json {
  return {
    schema_version: JSON_SCHEMA_VERSION,
    catalog: catalogJson(ranking.catalog),
    tokens: new ExactNumber(ranking.tokens.toString()),
    assumptions: pricingJson(ranking.accounting, ranking.candidates, ranking.assumptions),
    rows: rankingRecords(ranking),
  };
}

/** How tokens were priced, the same in every result that prices tokens. */
function pricingJson(accounting: Accounting, candidates: readonly Candidate[], assumptions: readonly Assumption[]) {
  const share = (value: bigint | null) => (value === null ? null : new ExactNumber(formatDecimal(value, SHARE_SCALE)));
  return {
    token_pricing: accounting.inputShare === null ? 'output' : 'input_output',
    input_share: share(accounting.inputShare),
    cached_share: share(accounting.inputShare === null ? null : (accounting.cachedShare ?? 0n)),
    mix: mixJson(candidates),
    notes: assumptions.map(describeAssumption),
  };
}

function checkJson(check: BudgetCheck): Json {
  return {
    schema_version: JSON_SCHEMA_VERSION,
    catalog: catalogJson(check.catalog),
    thresholds: {
      warn_at_pct: new ExactNumber(percentText(check.thresholds.warnAt)),
      fail_at_pct: new ExactNumber(percentText(check.thresholds.failAt)),
    },
    assumptions: { token_pricing: 'output', notes: check.assumptions.map(describeAssumption) },
    total: budgetLineRecord(check.total),
    workloads: checkRecords(check),
  };
}

function projectionJson(projection: Projection): Json {
  const { plan } = projection;
  const rates = projection.assumptions.find((assumption) => assumption.code === 'request-rates');
  const { notes, ...pricing } = pricingJson(projection.accounting, projection.candidates, projection.assumptions);
  return {
    schema_version: JSON_SCHEMA_VERSION,
    catalog: catalogJson(projection.catalog),
    assumptions: {
      ...pricing,
      tokens_per_user: plan.tokensPerUser === null ? null : new ExactNumber(tokensPerUserText(plan.tokensPerUser)),
      stages: plan.source,
      tokens_per_request: rates === undefined ? null : new ExactNumber(rates.tokensPerRequest.toString()),
      peak_factor: rates === undefined ? null : new ExactNumber(formatDecimal(rates.peakFactor, RATE_SCALE)),
      notes,
    },
    rows: projectionRecords(projection),
  };
}

/** The routing mix's parts, or null without one. */
function mixJson(candidates: readonly Candidate[]): Json {
  const mix = candidates.find((candidate) => candidate.kind === 'mix');
  if (mix === undefined || mix.kind !== 'mix') return null;
  return mix.parts.map((part) => ({ model: part.model.model.id, percent: new ExactNumber(formatDecimal(part.percent, MIX_PERCENT_SCALE)) }));
}

function modelsJson(list: ModelList): Json {
  const records = modelRecords(list);
  return {
    schema_version: JSON_SCHEMA_VERSION,
    catalog: catalogJson(list.catalog),
    providers: list.providers as unknown as Json,
    models: list.models.map(({ model, prices, status, from }, index) => {
      const record = records[index] ?? {};
      return {
        id: model.id,
        name: model.name,
        provider: model.provider,
        channel: model.channel ?? null,
        aliases: [...model.aliases],
        status,
        prices:
          prices === null
            ? null
            : {
                input: record.input_per_mtok_usd ?? null,
                cached_input: record.cached_input_per_mtok_usd ?? null,
                output: record.output_per_mtok_usd ?? null,
              },
        prices_from: from,
        tiers: Object.keys(model.tiers ?? {}),
        retired: model.retired ?? null,
        source: model.source,
        checked: model.checked,
        notes: model.notes ?? null,
      };
    }),
  };
}

/** Which prices a result used: catalog version, content hash, as-of date, tier, and the base of an overlay. */
export function catalogJson(catalog: CatalogInfo): Json {
  return {
    version: catalog.version,
    effective: catalog.effective,
    hash: catalog.hash,
    as_of: catalog.asOf,
    tier: catalog.tier,
    base: catalog.base === null ? null : { ...catalog.base },
  };
}

/** JSON with exact decimals written as they are (Node 20 has no JSON.rawJSON), indented by two spaces. */
function stringifyExact(value: Json, indent = ''): string {
  if (value instanceof ExactNumber) return value.text;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = `${indent}  `;
  let text = '';
  if (Array.isArray(value)) {
    for (const item of value as readonly Json[]) text += `${text === '' ? '' : ','}\n${inner}${stringifyExact(item, inner)}`;
    return text === '' ? '[]' : `[${text}\n${indent}]`;
  }
  const record = value as { readonly [key: string]: Json };
  for (const key of Object.keys(record)) {
    const item = record[key];
    if (item !== undefined) text += `${text === '' ? '' : ','}\n${inner}${JSON.stringify(key)}: ${stringifyExact(item, inner)}`;
  }
  return text === '' ? '{}' : `{${text}\n${indent}}`;
}
