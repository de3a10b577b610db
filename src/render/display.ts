import type { BudgetCheck, BudgetLine, BudgetStatus } from '../core/budget-check.js';
import type { CatalogInfo, Provider } from '../core/catalog.js';
import { divideRounded, formatDecimal, groupThousands, roundToScale } from '../core/decimal.js';
import { TIMES_SCALE, type Ranking } from '../core/compare.js';
import type { CatalogDiff, ModelChange } from '../core/catalog-diff.js';
import { DAYS_PER_MONTH, type Forecast, type Outlook } from '../core/forecast.js';
import type { Candidate } from '../core/candidate.js';
import { RATE_SCALE } from '../core/capacity.js';
import type { ModelList } from '../core/model-list.js';
import { parsePrice, percentDisplay, priceDisplay, usdDisplay, type Percent, type PricePerMtok, type Usd } from '../core/money.js';
import type { Projection } from '../core/projection.js';
import { formatTokens } from '../core/quantity.js';
import type { PricedModel } from '../core/resolve-model.js';
import { downtimeHoursPerYear, downtimeMinutesPerMonth } from '../core/sla.js';
import { describeAssumption } from './describe-assumption.js';
import { thresholdDisplay } from './describe-budget.js';
import type { Result } from './formats.js';

/** How a cell may be emphasised; each human format decides what that looks like. */
export type Tone = 'plain' | 'strong' | 'dim' | 'good' | 'bad' | 'warn';

export interface DisplayCell {
  readonly text: string;
  readonly tone?: Tone;
  /** A budget status, which Markdown shows with a mark. */
  readonly status?: BudgetStatus;
}

export interface DisplayTable {
  readonly title?: string;
  /** A second table shown after this one's notes (catalog diff: the cost effect). */
  readonly next?: DisplayTable;
  readonly columns: readonly { readonly title: string; readonly align: 'left' | 'right' }[];
  readonly rows: readonly (readonly DisplayCell[])[];
  readonly notes: readonly string[];
}

/** The people-facing view of a result, shared by the table and Markdown renderers. */
export function displayOf(result: Result): DisplayTable {
  switch (result.kind) {
    case 'projection':
      return projectionDisplay(result);
    case 'models':
      return modelsDisplay(result);
    case 'check':
      return checkDisplay(result);
    case 'compare':
      return rankingDisplay(result);
    case 'forecast':
      return forecastDisplay(result);
    case 'diff':
      return diffDisplay(result);
  }
}

function diffDisplay(diff: CatalogDiff): DisplayTable {
  const count = (kind: ModelChange['change']) => diff.changes.filter((change) => change.change === kind).length;
  const side = (info: CatalogInfo) => `${info.version} (${info.hash.slice(0, 12)}) as of ${info.asOf}`;
  const price = (text: string | null) => (text === null ? '—' : priceDisplay(parsePrice(text) as PricePerMtok));
  const signed = (pct: Percent | null) => (pct === null ? '—' : `${pct > 0n ? '+' : ''}${percentDisplay(pct)}`);
  const effects = diff.effects;
  return {
    title: `Catalog diff: ${side(diff.old)} → ${side(diff.new)}: ${count('added')} added, ${count('removed')} removed, ${count('repriced')} repriced`,
    columns: [left('Model'), left('Change'), left('Price'), right('Old $/1M'), right('New $/1M'), right('Change')],
    rows: diff.changes.flatMap((change) =>
      change.prices.map((entry): DisplayCell[] => [
        { text: change.id },
        { text: change.change, tone: change.change === 'removed' ? 'bad' : change.change === 'added' ? 'good' : 'plain' },
        { text: entry.key.replace('_', ' ') },
        { text: price(entry.old) },
        { text: price(entry.new), tone: 'strong' },
        { text: signed(entry.changePct), tone: entry.changePct === null ? 'plain' : entry.changePct > 0n ? 'bad' : 'good' },
      ]),
    ),
    notes: diff.changes.length === 0 ? ['No price changed.'] : ['Prices in USD per 1M tokens; — = none on that side.'],
    ...(effects === null || diff.total === null
      ? {}
      : {
          next: {
            title: 'Monthly cost effect',
            columns: [left('Workload'), left('Model'), right('Tokens/mo'), right('Old cost'), right('New cost'), right('Change'), right('%')],
            rows: [
              ...effects.map((effect): DisplayCell[] => [
                { text: effect.name },
                { text: effect.model },
                { text: formatTokens(effect.tokens) },
                { text: effect.oldCost === null ? '—' : usdDisplay(effect.oldCost) },
                { text: effect.newCost === null ? '—' : usdDisplay(effect.newCost), tone: 'strong' },
                { text: effect.delta === null ? '—' : `${effect.delta > 0n ? '+' : ''}${usdDisplay(effect.delta)}`, tone: (effect.delta ?? 0n) > 0n ? 'bad' : 'good' },
                { text: signed(effect.changePct) },
              ]),
              [
                { text: 'Total', tone: 'strong' },
                { text: '' },
                { text: '' },
                { text: usdDisplay(diff.total.oldCost) },
                { text: usdDisplay(diff.total.newCost), tone: 'strong' },
                { text: `${diff.total.delta > 0n ? '+' : ''}${usdDisplay(diff.total.delta)}`, tone: diff.total.delta > 0n ? 'bad' : 'good' },
                { text: signed(diff.total.changePct) },
              ],
            ],
            notes: ['A workload a side cannot price (— there) counts as $0 in that side\'s total.'],
          },
        }),
  };
}

function forecastDisplay(forecast: Forecast): DisplayTable {
  const withCredits = forecast.credits !== null;
  const max = forecast.rows.reduce((most, row) => (row.cost > most ? row.cost : most), 0n);
  const first = forecast.rows[0];
  const several = forecast.candidates.length > 1;
  return {
    title: `Forecast: ${forecast.rows.length / Math.max(1, forecast.candidates.length)} months from ${first === undefined ? '0' : formatTokens(first.tokens)} tokens, growing ${forecast.growth.text}`,
    columns: [
      right('Month'),
      ...(several ? [left('Model')] : []),
      right('Tokens'),
      right('Monthly cost'),
      right('Cumulative'),
      ...(withCredits ? [right('Credits left')] : []),
      left('Monthly spend'),
    ],
    rows: forecast.rows.map((row): DisplayCell[] => {
      const overBudget = forecast.budget !== null && row.cost > forecast.budget;
      return [
        { text: String(row.month) },
        ...(several ? [{ text: candidateName(row.candidate) }] : []),
        { text: formatTokens(row.tokens) },
        { text: usdDisplay(row.cost), tone: overBudget ? 'bad' : 'strong' },
        { text: usdDisplay(row.cumulative) },
        ...(withCredits ? [{ text: usdDisplay(row.creditsLeft ?? (0n as Usd)) }] : []),
        { text: bar(row.cost, max), tone: overBudget ? 'bad' : 'dim' },
      ];
    }),
    notes: [
      ...forecast.outlooks.map((outlook) => outlookNote(forecast, outlook, several)),
      `${catalogNote(forecast.catalog)} Assumptions: ${forecast.assumptions.map(describeAssumption).join('; ')}.`,
    ],
  };
}

/** The budget-crossing month and the credit runway of one candidate, in words. */
function outlookNote(forecast: Forecast, outlook: Outlook, named: boolean): string {
  const parts: string[] = [];
  if (forecast.budget !== null) {
    parts.push(
      outlook.budgetExceededMonth === null
        ? `monthly spend stays within ${usdDisplay(forecast.budget)}`
        : `monthly spend first exceeds ${usdDisplay(forecast.budget)} in month ${outlook.budgetExceededMonth}`,
    );
  }
  if (forecast.credits !== null) {
    const credits = `${usdDisplay(forecast.credits)} of credits`;
    const expiry = outlook.creditExpiry;
    const lost = outlook.creditsLost;
    if (outlook.creditsRunOutMonth === null && typeof expiry === 'number' && lost !== null && lost > 0n) {
      const month = Math.floor(expiry / DAYS_PER_MONTH);
      parts.push(`${credits} expire after ${expiry} days (the end of month ${month}) with ${usdDisplay(lost)} unspent, which is lost`);
    } else {
      const runway =
        outlook.creditsRunOutMonth === null ? `${credits} last the whole forecast` : `${credits} run out in month ${outlook.creditsRunOutMonth}`;
      const terms =
        expiry === 'never'
          ? 'they never expire'
          : typeof expiry === 'number'
            ? `they expire after ${expiry} days`
            : 'the catalog does not say whether they expire';
      parts.push(`${runway}; ${terms}`);
    }
  }
  const subject = named ? `${candidateName(outlook.candidate)}: ` : '';
  return parts.length === 0 ? `${subject}no --budget or --credits given.` : `${subject}${parts.join('; ')}.`;
}

const BAR_WIDTH = 24;

/** A bar of whole blocks, scaled so that `max` fills the width; a non-zero value shows at least one. */
export function bar(value: bigint, max: bigint): string {
  if (max <= 0n || value <= 0n) return '';
  const blocks = divideRounded(value * BigInt(BAR_WIDTH), max);
  return '█'.repeat(Math.max(1, Number(blocks)));
}

function rankingDisplay(ranking: Ranking): DisplayTable {
  const { baseline } = ranking;
  const max = ranking.rows.reduce((most, row) => (row.cost > most ? row.cost : most), 0n);
  const shown = ranking.rows.length < ranking.ranked ? `top ${ranking.rows.length} of ${ranking.ranked}` : `${ranking.ranked} candidates`;
  return {
    title: `${formatTokens(ranking.tokens)} tokens a month, cheapest first (${shown}); baseline ${baseline.model.name} at ${usdDisplay(ranking.baselineCost)}`,
    columns: [right('#'), left('Model'), right('$/1M'), right('Monthly cost'), right('Savings'), right('Saved'), right('vs baseline'), left('')],
    rows: ranking.rows.map((row): DisplayCell[] => {
      const tone: Tone = row.savings < 0n ? 'bad' : 'good';
      return [
        { text: String(row.rank) },
        { text: candidateName(row.candidate) },
        { text: priceDisplay(row.price) },
        { text: usdDisplay(row.cost), tone: 'strong' },
        { text: usdDisplay(row.savings), tone },
        { text: row.savingsPct === null ? '—' : percentDisplay(row.savingsPct), tone },
        { text: timesText(row.timesCheaper) },
        { text: bar(row.cost, max), tone: 'dim' },
      ];
    }),
    notes: [
      `${catalogNote(ranking.catalog)} Baseline: ${baseline.model.name} via ${baseline.providerName}.`,
      `Assumptions: ${ranking.assumptions.map(describeAssumption).join('; ')}.`,
    ],
  };
}

/** 4000n (40.00) → "40× cheaper"; 50n (0.5) → "2× dearer". */
function timesText(times: bigint | null): string {
  if (times === null) return 'free';
  const hundred = 10n ** BigInt(TIMES_SCALE);
  if (times === hundred) return 'same';
  if (times > hundred) return `${formatDecimal(roundToScale(times, TIMES_SCALE, 1), 1)}× cheaper`;
  return `${formatDecimal(divideRounded(hundred * 10n, times), 1)}× dearer`;
}

const left = (title: string) => ({ title, align: 'left' as const });
const right = (title: string) => ({ title, align: 'right' as const });
const modelName = (priced: PricedModel) => `${priced.model.name} · ${priced.providerName}`;
const candidateName = (candidate: Candidate) => (candidate.kind === 'model' ? modelName(candidate.model) : 'Routing mix');
const rate = (scaled: bigint) => formatDecimal(roundToScale(scaled, RATE_SCALE, 1), 1);
const catalogNote = (catalog: CatalogInfo) => {
  const base = catalog.base === null ? '' : ` over ${catalog.base.version} (${catalog.base.hash.slice(0, 12)})`;
  const tier = catalog.tier === null ? '' : `, ${catalog.tier} tier`;
  return `Catalog ${catalog.version}${base} (effective ${catalog.effective}, hash ${catalog.hash.slice(0, 12)}), prices as of ${catalog.asOf}${tier}.`;
};

function projectionDisplay(projection: Projection): DisplayTable {
  const { baseline } = projection;
  const withRates = projection.rows.some((row) => row.capacity !== null);
  return {
    columns: [
      left('Stage'),
      right('Users'),
      right('Tokens/mo'),
      left('Model'),
      right('$/1M'),
      right('Monthly cost'),
      right(`${baseline.model.name} (baseline)`),
      right('Savings'),
      right('Saved'),
      ...(withRates ? [right('Avg req/min'), right('Peak req/min'), left('Free tier')] : []),
    ],
    rows: projection.rows.map((row) => {
      const tone: Tone = row.savings < 0n ? 'bad' : 'good';
      const cells: DisplayCell[] = [
        { text: row.stage },
        { text: row.users === null ? '—' : groupThousands(String(row.users)) },
        { text: formatTokens(row.tokens) },
        { text: candidateName(row.candidate) },
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
      `${catalogNote(projection.catalog)} Baseline: ${baseline.model.name} via ${baseline.providerName} at ${priceDisplay(baseline.output)} per 1M output tokens.`,
      `Assumptions: ${projection.assumptions.map(describeAssumption).join('; ')}.`,
    ],
  };
}

function modelsDisplay(list: ModelList): DisplayTable {
  const scope = list.providerFilter === null ? '' : ` from ${list.providerFilter}`;
  const price = (text: string | undefined) => (text === undefined ? '—' : priceDisplay(parsePrice(text) as PricePerMtok));
  return {
    title: `${catalogNote(list.catalog).slice(0, -1)}: ${list.models.length} models${scope}, prices in USD per 1M tokens`,
    columns: [left('ID'), left('Name'), left('Provider'), right('Input'), right('Cached input'), right('Output'), left('Checked'), left('Source')],
    rows: list.models.map(({ model, prices, status }) => {
      const missing: Record<typeof status, string> = {
        priced: '—',
        unpublished: 'unpublished',
        'not-yet': `from ${model.prices === 'unpublished' ? '' : (model.prices[0]?.from ?? '')}`,
        retired: `retired ${model.retired ?? ''}`,
      };
      return [
        { text: model.id },
        { text: model.name },
        { text: model.channel === undefined ? model.provider : `${model.provider} (${model.channel})` },
        { text: price(prices?.input) },
        { text: price(prices?.cached_input) },
        prices === null ? { text: missing[status], tone: 'warn' } : { text: price(prices.output) },
        { text: model.checked },
        { text: model.source, tone: 'dim' },
      ];
    }),
    notes: ['— = not published.', ...Object.values(list.providers).flatMap(providerFacts)],
  };
}

const STATUS_TEXT: Record<BudgetStatus, DisplayCell> = {
  ok: { text: 'ok', tone: 'good', status: 'ok' },
  warn: { text: 'warn', tone: 'warn', status: 'warn' },
  fail: { text: 'FAIL', tone: 'bad', status: 'fail' },
  none: { text: '—', status: 'none' },
};

function checkDisplay(check: BudgetCheck): DisplayTable {
  const budgetCells = (line: BudgetLine): DisplayCell[] => [
    { text: line.budget === null ? '—' : usdDisplay(line.budget) },
    { text: line.pct === null ? '—' : percentDisplay(line.pct), tone: STATUS_TEXT[line.status].tone ?? 'plain' },
  ];
  const failing = check.workloads.filter((workload) => workload.status === 'fail').length + (check.total.status === 'fail' ? 1 : 0);
  const warning = check.workloads.filter((workload) => workload.status === 'warn').length + (check.total.status === 'warn' ? 1 : 0);
  const verdict =
    failing > 0 ? `${failing} over budget` : warning > 0 ? `within budget, ${warning} near it` : 'within budget';
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
}

/** Plan facts a provider's entry carries (endpoint, limits, credits, channels), in words. */
function providerFacts(provider: Provider): string[] {
  const facts: string[] = [];
  if (provider.models_available !== undefined && provider.endpoint !== undefined) {
    facts.push(`${provider.models_available} models on one endpoint (${provider.endpoint})`);
  }
  for (const limit of provider.rate_limits ?? []) facts.push(`${limit.plan} tier ${limit.requests_per_minute} requests/minute`);
  const expiry = provider.credits?.expire_after_days;
  if (expiry !== undefined) facts.push(expiry === 'never' ? 'credits never expire' : `credits expire after ${expiry} days`);
  const lines = facts.length > 0 ? [`${provider.name}: ${facts.join('; ')}.`] : [];
  for (const channel of Object.values(provider.channels ?? {})) {
    const terms: string[] = [];
    if (channel.uptime_sla_pct !== undefined) {
      const hours = formatDecimal(downtimeHoursPerYear(channel.uptime_sla_pct), 2);
      const minutes = formatDecimal(downtimeMinutesPerMonth(channel.uptime_sla_pct), 1);
      terms.push(`${channel.uptime_sla_pct}% uptime SLA (${hours} hours of downtime a year, ${minutes} minutes in a 30-day month)`);
    }
    if (channel.dedicated_capacity) terms.push('dedicated capacity');
    if (channel.dpa) terms.push('a DPA');
    if (channel.invoicing !== undefined) terms.push(`${channel.invoicing} invoicing`);
    if (channel.key_prefix !== undefined) terms.push(`keys start with ${channel.key_prefix}`);
    lines.push(`${provider.name} ${channel.name}: ${terms.join('; ')}.`);
  }
  return lines;
}
