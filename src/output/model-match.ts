import type { ModelMatchList, NameMatch } from '../core/model-match.js';
import { parsePrice, priceDisplay, type PricePerMtok } from '../core/money.js';
import { catalogJson } from './catalog-json.js';
import type { ModelMatchJson } from './contract.js';
import { exact, type Cell } from './exact.js';
import { pricesJson } from './prices-json.js';
import { JSON_SCHEMA_VERSION, type ResultSpec } from './spec.js';
import { catalogNote, left, right } from './view.js';

const MATCH_FIELDS = ['name', 'model', 'provider', 'via', 'input_per_mtok_usd', 'cached_input_per_mtok_usd', 'cache_write_per_mtok_usd', 'cache_write_1h_per_mtok_usd', 'output_per_mtok_usd', 'reason'] as const;

const exactPrice = (text: string | undefined) => (text === undefined ? null : exact(text));

function record({ name, resolved, prices, reason }: NameMatch) {
  return {
    name,
    model: resolved?.model.id ?? null,
    provider: resolved?.model.provider ?? null,
    via: resolved?.via ?? null,
    input_per_mtok_usd: exactPrice(prices?.input),
    cached_input_per_mtok_usd: exactPrice(prices?.cached_input),
    cache_write_per_mtok_usd: exactPrice(prices?.cache_write),
    cache_write_1h_per_mtok_usd: exactPrice(prices?.cache_write_1h),
    output_per_mtok_usd: exactPrice(prices?.output),
    reason,
  } satisfies Record<(typeof MATCH_FIELDS)[number], Cell>;
}


export const modelMatchSpec: ResultSpec<ModelMatchList, ModelMatchJson> = {
  view(list) {
    const scope = list.providerFilter === null ? '' : ` among ${list.providerFilter}'s models`;
    const resolved = list.matches.filter((match) => match.resolved !== null).length;
    const price = (text: string | undefined) => (text === undefined ? '—' : priceDisplay(parsePrice(text) as PricePerMtok));
    const none = { text: '' };
    return {
      title: `${catalogNote(list.catalog).slice(0, -1)}: ${resolved} of ${list.matches.length} names resolve${scope}, prices in USD per 1M tokens`,
      // Why a name has no price is a sentence: a note under the table, which wraps, not a column.
      columns: [left('Name'), left('Model'), { ...left('Provider'), drop: 2 }, { ...left('Via'), drop: 1 }, right('Input'), { ...right('Cached input'), short: 'Cached' }, right('Output')],
      rows: list.matches.map(({ name, resolved: found, prices }) => [
        { text: name },
        { text: found?.model.id ?? '—' },
        { text: found?.model.provider ?? '—' },
        { text: found?.via ?? '—' },
        prices === null ? none : { text: price(prices.input) },
        prices === null ? none : { text: price(prices.cached_input) },
        prices === null ? { text: 'see below', tone: 'warn' } : { text: price(prices.output) },
      ]),
      notes: [
        ...list.matches.flatMap(({ name, reason }) => (reason === null ? [] : [`${name}: ${reason}${/[.?!]$/.test(reason) ? '' : "."}`])),
        'Names resolve by id, then alias, then match rule (case-insensitive); — = not published.',
      ],
    };
  },

  csv: (list) => ({ fields: MATCH_FIELDS, records: list.matches.map(record) }),

  json: (list) => ({
    schema_version: JSON_SCHEMA_VERSION,
    catalog: catalogJson(list.catalog),
    matches: list.matches.map(({ name, resolved, prices, reason }) => ({
      name,
      model: resolved?.model.id ?? null,
      provider: resolved?.model.provider ?? null,
      via: resolved?.via ?? null,
      prices: prices === null ? null : pricesJson(prices),
      reason,
    })),
  }),
};
