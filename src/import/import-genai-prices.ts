import { isMap, isSeq, type Node } from 'yaml';
import type { MatchRule } from '../core/catalog.js';
import { isIsoDate } from '../core/dates.js';
import { formatTokens, parseTokens } from '../core/quantity.js';
import { GacostError, isGacostError } from '../errors.js';
import {
  countUnmapped,
  EntryProblem,
  emptyImport,
  fieldsOf,
  type ImportedCatalog,
  type ImportedContextTier,
  type ImportedModel,
  type ImportedPriceEntry,
  type ImportedPrices,
  type ImportedProvider,
  isHttpUrl,
  isModelId,
  listPrice,
  nameValue,
  PriceListSource,
  providerKey,
  scalarText,
  stringValue,
} from './imported-catalog.js';

const GENAI_PRICES_SOURCE = 'https://github.com/pydantic/genai-prices';
const PRICE_FIELDS: Record<string, keyof ImportedPrices> = {
  input_mtok: 'input',
  output_mtok: 'output',
  cache_read_mtok: 'cached_input',
  cache_write_mtok: 'cache_write',
  cache_write_1h_mtok: 'cache_write_1h',
  input_audio_mtok: 'input_audio',
  cache_audio_read_mtok: 'cached_input_audio',
  input_image_mtok: 'input_image',
  cache_image_read_mtok: 'cached_input_image',
  input_video_mtok: 'input_video',
  output_audio_mtok: 'output_audio',
  output_image_mtok: 'output_image',
  output_video_mtok: 'output_video',
  output_reasoning_mtok: 'output_reasoning',
  output_citation_mtok: 'output_citation',
  web_searches_kcount: 'web_searches_per_1k',
  storage_searches_kcount: 'file_searches_per_1k',
  requests_kcount: 'requests_per_1k',
  input_document_kpages: 'document_pages_per_1k',
  input_annotated_document_kpages: 'annotated_document_pages_per_1k',
  input_text_messages_kcount: 'text_messages_per_1k',
  audio_hours: 'audio_per_hour',
  input_audio_hours: 'input_audio_per_hour',
};
const RULE_TESTS = ['equals', 'starts_with', 'ends_with', 'contains', 'regex'] as const;
const PER_MILLION = 0;

type DatedPrices = ImportedPrices & { from: string | null; hours?: string; tiers: ContextTier[] };
type ContextTier = ImportedContextTier;

/**
 * A genai-prices provider file, or its published data (data.json: a list of providers, as the
 * `@pydantic/genai-prices` package ships it): USD per 1M tokens (input_mtok, output_mtok, cache_read_mtok,
 * cache_write_mtok, cache_write_1h_mtok), context tiers ({base, tiers}), dated price lists (constraint
 * start_date), each model's match rule, and the provider's own rules (provider_match, model_match,
 * fallback_model_providers). Ids are written as provider/id, so that lists of several providers make one
 * catalog. A time-of-day window (constraint start_time/end_time, UTC) becomes a price with `hours`; prices
 * by the call, page or hour (web_searches_kcount, requests_kcount, …) keep their unit in their key.
 */
export function importGenaiPrices(text: string, file: string, options: { provider?: string; checked: string }): ImportedCatalog {
  const notA = 'a genai-prices provider file (id, name, pricing_urls, models) or data file (a list of them)';
  const source = PriceListSource.parse(text, file, notA);
  const result = emptyImport();
  const root = source.document.contents;
  for (const providerNode of isSeq(root) ? (root.items as Node[]) : [root]) importProvider(providerNode, source, result, options, notA);
  return result;
}

function importProvider(
  node: Node | null,
  source: PriceListSource,
  result: ImportedCatalog,
  options: { provider?: string; checked: string },
  notA: string,
): void {
  let data: Map<string, Node | null>;
  let providerName: string | undefined;
  try {
    data = fieldsOf(node, 'provider files with a field given twice');
    providerName = nameValue(data.get('name'), 'name') || nameValue(data.get('id'), 'id');
  } catch (error) {
    if (!(error instanceof EntryProblem)) throw error;
    throw new GacostError('invalid-import', `${source.at(error.node)}: ${error.message}`);
  }
  const providerId = stringValue(data.get('id'));
  const models = data.get('models');
  if (providerId === undefined || !isSeq(models)) throw new GacostError('invalid-import', `${source.at(node)}: not ${notA}`);
  const provider = providerKey(providerId);
  if (options.provider !== undefined && options.provider !== provider) return;
  if (result.providers.has(provider))
    throw new GacostError('invalid-import', `${source.at(data.get('id'))}: provider ${providerId} is given twice`);
  const pricingPage = providerPricingPage(data.get('pricing_urls'), source, result);
  result.providers.set(provider, { name: providerName || providerId, source: pricingPage, ...providerRules(data, source, result) });
  // Names are case-insensitive in a catalog: the first model of an id keeps it.
  const firstOfId = new Map<string, Node>();
  for (const entry of models.items as Node[]) {
    const id = scalarText(isMap(entry) ? (entry.get('id', true) as Node | undefined) : undefined);
    try {
      const model = importModel(entry, { provider, source, result, pricingPage, checked: options.checked, firstOfId });
      if (model !== undefined) result.models.push(model);
    } catch (error) {
      if (!(error instanceof EntryProblem)) throw error;
      source.report(result, error.node, `${id ?? 'a model'}: ${error.message}; not imported`, error.reason);
    }
  }
}

/** The provider's other names (provider_match), the model names it claims (model_match) and whose models it also serves. */
function providerRules(
  data: Map<string, Node | null>,
  source: PriceListSource,
  result: ImportedCatalog,
): Omit<ImportedProvider, 'name' | 'source'> {
  const rules: { -readonly [K in keyof ImportedProvider]?: ImportedProvider[K] } = {};
  for (const [field, key] of [
    ['provider_match', 'match'],
    ['model_match', 'model_match'],
  ] as const) {
    const node = data.get(field);
    if (node === undefined || node === null) continue;
    try {
      rules[key] = matchRule(node, field);
    } catch (error) {
      if (!(error instanceof EntryProblem)) throw error;
      source.report(result, error.node, `${field}: ${error.message}; not imported`, error.reason);
    }
  }
  const fallbacks = data.get('fallback_model_providers');
  if (isSeq(fallbacks)) rules.fallback_providers = (fallbacks.items as Node[]).flatMap((item) => stringValue(item) ?? []).map(providerKey);
  return rules;
}

/** A genai-prices match clause as a catalog's match rule (the same tests), refused where a catalog would refuse it. */
function matchRule(node: Node | null | undefined, field: string): MatchRule {
  const clause = fieldsOf(node, 'models with a field given twice');
  const [entry, ...more] = [...clause];
  if (entry === undefined || more.length > 0)
    throw new EntryProblem(node, `${field}: expected one test per clause`, 'match rules gacost cannot read');
  const [test, value] = entry;
  if (test === 'or' || test === 'and') {
    const parts = isSeq(value) ? (value.items as Node[]) : [];
    if (parts.length === 0)
      throw new EntryProblem(value ?? node, `${field}.${test}: expected a list of clauses`, 'match rules gacost cannot read');
    const rules = parts.map((part) => matchRule(part, `${field}.${test}`));
    return test === 'or' ? { or: rules } : { and: rules };
  }
  const text = nameValue(value, `${field}.${test}`);
  if (!(RULE_TESTS as readonly string[]).includes(test) || !text) {
    throw new EntryProblem(
      value ?? node,
      `${field}: ${test} is not a match test gacost knows, or its text is empty`,
      'match rules gacost cannot read',
    );
  }
  if (test === 'regex') {
    try {
      new RegExp(text, 'i');
    } catch {
      throw new EntryProblem(
        value,
        `${field}.regex: ${JSON.stringify(text)} is not a JavaScript regular expression`,
        'match rules whose regex JavaScript cannot read',
      );
    }
  }
  return { [test]: text } as MatchRule;
}

/** The provider's first pricing page where it is a URL, else the genai-prices repository's. */
function providerPricingPage(urls: Node | null | undefined, source: PriceListSource, result: ImportedCatalog): string {
  const first = isSeq(urls) ? (urls.items[0] as Node | undefined) : undefined;
  if (first === undefined) return GENAI_PRICES_SOURCE;
  const url = stringValue(first);
  if (url !== undefined && isHttpUrl(url)) return url;
  source.report(
    result,
    first,
    "pricing_urls: not an http(s) URL; the genai-prices repository's is written instead",
    "pricing URLs that are not an http(s) URL (the genai-prices repository's is written instead)",
  );
  return GENAI_PRICES_SOURCE;
}

interface ImportContext {
  readonly provider: string;
  readonly source: PriceListSource;
  readonly result: ImportedCatalog;
  readonly pricingPage: string;
  readonly checked: string;
  readonly firstOfId: Map<string, Node>;
}

function importModel(entry: Node, context: ImportContext): ImportedModel | undefined {
  const { result, source } = context;
  const fields = fieldsOf(entry, 'models with a field given twice');
  const idNode = fields.get('id');
  const listId = scalarText(idNode);
  const id = listId === undefined ? undefined : `${context.provider}/${listId}`;
  if (id === undefined || !isModelId(id)) {
    throw new EntryProblem(
      idNode ?? entry,
      `id: ${id === undefined ? 'missing' : 'expected letters, digits and . _ : / @ + -'}`,
      'models without an id gacost accepts',
    );
  }
  const first = context.firstOfId.get(id.toLowerCase());
  if (first !== undefined) {
    throw new EntryProblem(
      idNode,
      `already the id of the model at ${source.lineCol(first)} (ids are case-insensitive)`,
      'models with the id of an earlier model (case-insensitive)',
    );
  }
  context.firstOfId.set(id.toLowerCase(), idNode ?? entry);
  const checked = checkedDate(fields.get('prices_checked'), context.checked);
  const pricesNode = fields.get('prices');
  const entries = isSeq(pricesNode) ? (pricesNode.items as Node[]) : [pricesNode];
  const dated: DatedPrices[] = [];
  let previous: { from: string | null; node: Node | null | undefined } | undefined;
  for (const priceEntry of entries) {
    const conditional = isSeq(pricesNode) ? fieldsOf(priceEntry, 'models with a field given twice') : undefined;
    const constraint = fieldsOf(conditional?.get('constraint'), 'models with a field given twice');
    const keys = [...constraint.keys()].filter((key) => key !== 'type');
    if (keys.some((key) => !['start_date', 'start_time', 'end_time'].includes(key))) {
      countUnmapped(result, 'conditional prices of kinds gacost does not read');
      continue;
    }
    const pricesOf = () => mapPrices(conditional === undefined ? priceEntry : conditional.get('prices'), result);
    if (keys.includes('start_time') || keys.includes('end_time')) {
      if (dated.length === 0)
        throw new EntryProblem(priceEntry, 'a time-of-day price before any all-day price', 'models whose first price has hours');
      const startNode = constraint.get('start_date');
      const { prices, tiers } = pricesOf();
      dated.push({ from: startNode === undefined ? null : startDate(startNode), hours: windowOf(constraint), ...prices, tiers });
      continue;
    }
    const startNode = constraint.get('start_date');
    const from = startNode === undefined ? null : startDate(startNode);
    if (previous !== undefined) {
      if (from === null) {
        throw new EntryProblem(priceEntry, 'only the first price may have no start_date', 'models with an undated price after the first');
      }
      if (previous.from !== null && from <= previous.from) {
        throw new EntryProblem(
          startNode,
          `start_date ${from} is not after ${previous.from} (at ${source.lineCol(previous.node)}): dated prices go oldest first, one per date`,
          'models whose dated prices are out of order or share a date',
        );
      }
    }
    previous = { from, node: startNode };
    const { prices, tiers } = pricesOf();
    dated.push({ from, ...prices, tiers });
  }
  if (dated.length === 0) {
    countUnmapped(result, 'models whose only prices are conditional');
    return undefined;
  }
  const noTokenPrice = (set: DatedPrices) => Object.keys(pricesOnly(set)).length === 0;
  if (dated.some(noTokenPrice) && !dated.every(noTokenPrice)) {
    throw new EntryProblem(
      pricesNode ?? entry,
      'prices: a dated price with no token price among others that have one',
      'models with a dated price that has no token price',
    );
  }
  const contextTiers = dated.map((set) => set.tiers);
  // Context tiers the same in every entry are the model's; else each entry keeps its own.
  const sameTiers = contextTiers.every((tiers) => JSON.stringify(tiers) === JSON.stringify(contextTiers[0]));
  const modelTiers = sameTiers ? (contextTiers[0] ?? []) : [];
  // No token price (free, or billed per image or request) or a 0 in a price list: never a free model.
  const unpublished = dated.every(noTokenPrice) || [...dated, ...contextTiers.flat()].some((set) => set.output === '0');
  const history = dated.map(
    (set): ImportedPriceEntry => ({
      ...(set.from === null ? {} : { from: set.from }),
      ...(set.hours === undefined ? {} : { hours: set.hours }),
      ...pricesOnly(set),
      ...(sameTiers ? {} : { context_tiers: set.tiers }),
    }),
  );
  const matchNode = fields.get('match');
  const match = matchNode === undefined || matchNode === null ? undefined : matchRule(matchNode, 'match');
  return {
    id,
    name: nameValue(fields.get('name'), 'name') || listId || id,
    provider: context.provider,
    aliases: [],
    ...(match === undefined ? {} : { match }),
    prices: unpublished ? 'unpublished' : history.length === 1 && dated[0]?.from === null ? pricesOnly(dated[0]) : history,
    ...(!unpublished && modelTiers.length > 0 ? { context_tiers: modelTiers } : {}),
    source: context.pricingPage,
    checked,
  };
}

function checkedDate(node: Node | null | undefined, importDate: string): string {
  if (node === undefined) return importDate;
  const date = scalarText(node);
  if (date !== undefined && isIsoDate(date)) return date;
  throw new EntryProblem(
    node,
    `prices_checked: ${JSON.stringify(date ?? null)} is not a real calendar date (YYYY-MM-DD)`,
    'models with a prices_checked that is not a date',
  );
}

function startDate(node: Node | null): string {
  const date = scalarText(node);
  if (date !== undefined && isIsoDate(date)) return date;
  throw new EntryProblem(
    node,
    `start_date: ${JSON.stringify(date ?? null)} is not a real calendar date (YYYY-MM-DD)`,
    'models with a start_date that is not a date',
  );
}

function pricesOnly({ from: _from, hours: _hours, tiers: _tiers, ...prices }: DatedPrices): ImportedPrices {
  return prices;
}

/** A constraint's start_time and end_time ("00:30:00Z") as catalog hours ("00:30:00-16:30:00"), UTC. */
function windowOf(constraint: Map<string, Node | null>): string {
  const time = (key: string) => {
    const node = constraint.get(key);
    const text = scalarText(node);
    const match = text === undefined ? null : /^(([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d)?)(?:Z|[+-]00:00)$/.exec(text);
    if (match?.[1] === undefined) {
      throw new EntryProblem(
        node ?? null,
        `${key}: ${JSON.stringify(text ?? null)} is not a UTC time of day (HH:MM:SSZ)`,
        'time-of-day prices whose window is not a UTC time of day',
      );
    }
    return match[1];
  };
  const [start, end] = [time('start_time'), time('end_time')];
  const seconds = (at: string) => `${at}:00`.slice(0, 8);
  if (seconds(start) === seconds(end)) {
    throw new EntryProblem(
      constraint.get('start_time') ?? null,
      `start_time and end_time are both ${start}: no window of the day`,
      'time-of-day prices whose window is not a UTC time of day',
    );
  }
  return `${start}-${end}`;
}

/** input_mtok etc., each a number or {base, tiers: [{start, price}]}; context tiers grouped by start. */
function mapPrices(node: Node | null | undefined, result: ImportedCatalog): { prices: ImportedPrices; tiers: ContextTier[] } {
  const mapped: ImportedPrices = {};
  const byStart = new Map<bigint, ImportedPrices>();
  for (const [field, value] of fieldsOf(node, 'models with a field given twice')) {
    const key = PRICE_FIELDS[field];
    if (key === undefined) {
      countUnmapped(result, `price fields with no gacost equivalent (${field})`);
      continue;
    }
    if (!isMap(value)) {
      mapped[key] = listPrice(value, PER_MILLION, field);
      continue;
    }
    const tiered = fieldsOf(value, 'models with a field given twice');
    mapped[key] = listPrice(tiered.get('base'), PER_MILLION, `${field}.base`, value);
    const tiers = tiered.get('tiers');
    for (const tierNode of isSeq(tiers) ? (tiers.items as Node[]) : []) {
      const tier = fieldsOf(tierNode, 'models with a field given twice');
      const start = tierStart(tier.get('start'), tierNode, field);
      if (byStart.get(start)?.[key] !== undefined)
        throw new EntryProblem(
          tierNode,
          `${field}: a second tier starting at ${formatTokens(start)} tokens`,
          'models with two prices for one context tier',
        );
      byStart.set(start, { ...byStart.get(start), [key]: listPrice(tier.get('price'), PER_MILLION, `${field}.tiers.price`, tierNode) });
    }
  }
  const tiers = [...byStart].map(([start, tier]) => ({ above: formatTokens(start), ...tier }));
  return { prices: mapped, tiers };
}

function tierStart(node: Node | null | undefined, tier: Node, field: string): bigint {
  try {
    return parseTokens(scalarText(node) ?? '', 'context tier start');
  } catch (error) {
    if (!isGacostError(error)) throw error;
    throw new EntryProblem(
      node ?? tier,
      `${field}.tiers.start: ${error.message}`,
      `models with a context tier start gacost cannot count (${field})`,
    );
  }
}
