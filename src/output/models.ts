import type { Provider } from '../core/catalog.js';
import { formatDecimal } from '../core/decimal.js';
import type { ListedModel, ModelList } from '../core/model-list.js';
import { type PricePerMtok, parsePrice, priceDisplay } from '../core/money.js';
import { downtimeHoursPerYear, downtimeMinutesPerMonth } from '../core/sla.js';
import { catalogJson } from './catalog-json.js';
import type { ModelsJson } from './contract.js';
import { type Cell, exact } from './exact.js';
import { pricesJson } from './prices-json.js';
import { JSON_SCHEMA_VERSION, type ResultSpec } from './spec.js';
import { catalogNote, type DisplayColumn, left, right } from './view.js';
import { counted } from './words.js';

const MODEL_FIELDS = [
  'id',
  'name',
  'provider',
  'channel',
  'input_per_mtok_usd',
  'cached_input_per_mtok_usd',
  'cache_write_per_mtok_usd',
  'cache_write_1h_per_mtok_usd',
  'output_per_mtok_usd',
  'source',
  'checked',
] as const;

const exactPrice = (text: string | undefined) => (text === undefined ? null : exact(text));

function record({ model, prices }: ListedModel) {
  return {
    id: model.id,
    name: model.name,
    provider: model.provider,
    channel: model.channel ?? null,
    input_per_mtok_usd: exactPrice(prices?.input),
    cached_input_per_mtok_usd: exactPrice(prices?.cached_input),
    cache_write_per_mtok_usd: exactPrice(prices?.cache_write),
    cache_write_1h_per_mtok_usd: exactPrice(prices?.cache_write_1h),
    output_per_mtok_usd: exactPrice(prices?.output),
    source: model.source,
    checked: model.checked,
  } satisfies Record<(typeof MODEL_FIELDS)[number], Cell>;
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

/**
 * The list as `gacost models` prints it. The table shows ids and prices, to fit 80 columns (an id
 * begins with its provider's key); `wide` adds each model's name, provider, checked date and source.
 */
export type ModelsResult = ModelList & { readonly wide: boolean };

/** What stderr says when a search found nothing, so that an empty list is not taken for a fault. */
export function noMatchNote(list: ModelList): string {
  const provider = list.providerFilter === null ? '' : ` among ${list.providerFilter}'s models`;
  const tier = list.catalog.tier === null ? '' : ` with the ${list.catalog.tier} tier`;
  return `gacost: note: no model${provider}${tier} matches ${JSON.stringify(list.search)}`;
}

export const modelsSpec: ResultSpec<ModelsResult, ModelsJson> = {
  view(list) {
    const scope = `${list.providerFilter === null ? '' : ` from ${list.providerFilter}`}${list.search === null ? '' : ` matching ${JSON.stringify(list.search)}`}`;
    const price = (text: string | undefined) => (text === undefined ? '—' : priceDisplay(parsePrice(text) as PricePerMtok));
    const rows = list.models.map(({ model, prices, status }) => {
      const missing: Record<typeof status, string> = {
        priced: '—',
        unpublished: 'unpublished',
        'not-yet': `from ${model.prices === 'unpublished' ? '' : (model.prices[0]?.from ?? '')}`,
        retired: `retired ${model.retired ?? ''}`,
      };
      const cells = {
        id: { text: model.id },
        name: { text: model.name },
        provider: { text: model.channel === undefined ? model.provider : `${model.provider} (${model.channel})` },
        input: { text: price(prices?.input) },
        cachedInput: { text: price(prices?.cached_input) },
        output: prices === null ? { text: missing[status], tone: 'warn' as const } : { text: price(prices.output) },
        checked: { text: model.checked },
        source: { text: model.source, tone: 'dim' as const },
      };
      return list.wide
        ? [cells.id, cells.name, cells.provider, cells.input, cells.cachedInput, cells.output, cells.checked, cells.source]
        : [cells.id, cells.input, cells.cachedInput, cells.output];
    });
    const prices = [right('Input'), right('Cached input'), right('Output')];
    return {
      title: `${counted(list.models.length, 'model')}${scope}, prices in USD per 1M tokens`,
      columns: list.wide
        ? [left('ID'), left('Name'), left('Provider'), ...prices, left('Checked'), left('Source')]
        : [
            { ...left('ID'), shrink: true },
            prices[0] as DisplayColumn,
            { ...(prices[1] as DisplayColumn), drop: 1 },
            prices[2] as DisplayColumn,
          ],
      rows,
      notes: [
        '— = not published.',
        ...(list.wide ? [] : ['Names, providers, checked dates and sources: --wide, or --format json or csv.']),
        ...Object.values(list.providers).flatMap(providerFacts),
        catalogNote(list.catalog),
      ],
    };
  },

  csv: (list) => ({ fields: MODEL_FIELDS, records: list.models.map(record) }),

  json: (list) => ({
    schema_version: JSON_SCHEMA_VERSION,
    catalog: catalogJson(list.catalog),
    search: list.search,
    providers: list.providers,
    models: list.models.map(({ model, prices, status, from }) => ({
      id: model.id,
      name: model.name,
      provider: model.provider,
      channel: model.channel ?? null,
      aliases: [...model.aliases],
      status,
      prices: prices === null ? null : pricesJson(prices),
      prices_from: from,
      tiers: Object.keys(model.tiers ?? {}),
      retired: model.retired ?? null,
      source: model.source,
      checked: model.checked,
      notes: model.notes ?? null,
    })),
  }),
};
