import type { ModelMatchList, NameMatch } from '../core/model-match.js';
import { type PricePerMtok, parsePrice, priceDisplay } from '../core/money.js';
import { catalogJson } from './catalog-json.js';
import type { ModelMatchJson } from './contract.js';
import { type Cell, exact } from './exact.js';
import { pricesJson } from './prices-json.js';
import { JSON_SCHEMA_VERSION, type ResultSpec } from './spec.js';
import { catalogNote, left, right } from './view.js';
import { agree, counted } from './words.js';

const MATCH_FIELDS = [
  'name',
  'model',
  'provider',
  'via',
  'resolution',
  'rule',
  'input_per_mtok_usd',
  'cached_input_per_mtok_usd',
  'cache_write_per_mtok_usd',
  'cache_write_1h_per_mtok_usd',
  'output_per_mtok_usd',
  'reason',
  'in_logs_model',
] as const;

const exactPrice = (text: string | undefined) => (text === undefined ? null : exact(text));

function record({ name, resolved, prices, reason, inLogs }: NameMatch) {
  return {
    name,
    model: resolved?.model.id ?? null,
    provider: resolved?.model.provider ?? null,
    via: resolved?.via ?? null,
    resolution: resolved?.resolution ?? null,
    rule: resolved?.rule ?? null,
    input_per_mtok_usd: exactPrice(prices?.input),
    cached_input_per_mtok_usd: exactPrice(prices?.cached_input),
    cache_write_per_mtok_usd: exactPrice(prices?.cache_write),
    cache_write_1h_per_mtok_usd: exactPrice(prices?.cache_write_1h),
    output_per_mtok_usd: exactPrice(prices?.output),
    reason,
    in_logs_model: 'model' in inLogs ? inLogs.model.id : null,
  } satisfies Record<(typeof MATCH_FIELDS)[number], Cell>;
}

/** Whether a log's record of the name would be priced on another model than the name typed here. */
function loggedElsewhere({ resolved, inLogs }: NameMatch): boolean {
  return resolved !== null && (!('model' in inLogs) || inLogs.model !== resolved.model);
}

export const modelMatchSpec: ResultSpec<ModelMatchList, ModelMatchJson> = {
  view(list) {
    const scope = list.providerFilter === null ? '' : ` among ${list.providerFilter}'s models`;
    const resolved = list.matches.filter((match) => match.resolved !== null).length;
    const price = (text: string | undefined) => (text === undefined ? '—' : priceDisplay(parsePrice(text) as PricePerMtok));
    const none = { text: '' };
    return {
      title: `${resolved} of ${counted(list.matches.length, 'name')} ${agree(resolved, 'resolves', 'resolve')}${scope}, prices in USD per 1M tokens`,
      // Why a name has no price is a sentence: a note under the table, which wraps, not a column.
      columns: [
        left('Name'),
        left('Model'),
        { ...left('Provider'), drop: 2 },
        { ...left('Via'), drop: 1 },
        right('Input'),
        { ...right('Cached input'), short: 'Cached' },
        right('Output'),
      ],
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
        ...list.matches.flatMap(({ name, reason }) => (reason === null ? [] : [`${name}: ${reason}${/[.?!]$/.test(reason) ? '' : '.'}`])),
        ...list.matches.flatMap((match) =>
          loggedElsewhere(match)
            ? [
                `${match.name} in a usage log: ${'model' in match.inLogs ? `${match.inLogs.model.id} (${match.inLogs.resolution})` : match.inLogs.reason}`,
              ]
            : [],
        ),
        'Names resolve by id, then alias, then match rule (case-insensitive; in a usage log, an alias counts only within the provider that served the record); — = not published.',
        catalogNote(list.catalog),
      ],
    };
  },

  csv: (list) => ({ fields: MATCH_FIELDS, records: list.matches.map(record) }),

  json: (list) => ({
    schema_version: JSON_SCHEMA_VERSION,
    catalog: catalogJson(list.catalog),
    matches: list.matches.map(({ name, resolved, prices, reason, inLogs }) => ({
      name,
      model: resolved?.model.id ?? null,
      provider: resolved?.model.provider ?? null,
      via: resolved?.via ?? null,
      resolution: resolved?.resolution ?? null,
      rule: resolved?.rule ?? null,
      prices: prices === null ? null : pricesJson(prices),
      reason,
      in_logs:
        'model' in inLogs
          ? { model: inLogs.model.id, resolution: inLogs.resolution, reason: null }
          : { model: null, resolution: null, reason: inLogs.reason },
    })),
  }),
};
