import { isMap, isSeq, type Node } from 'yaml';
import { isIsoDate } from '../core/dates.js';
import { formatTokens, parseTokens } from '../core/quantity.js';
import { GacostError, isGacostError } from '../errors.js';
import {
  countUnmapped,
  emptyImport,
  EntryProblem,
  fieldsOf,
  isHttpUrl,
  isModelId,
  listPrice,
  nameValue,
  PriceListSource,
  providerKey,
  scalarText,
  stringValue,
  type ImportedCatalog,
  type ImportedModel,
  type ImportedPrices,
  type ImportedProvider,
} from './imported-catalog.js';
import type { MatchRule } from '../core/catalog.js';

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
};
const RULE_TESTS = ['equals', 'starts_with', 'ends_with', 'contains', 'regex'] as const;
const PER_MILLION = 0;

type DatedPrices = ImportedPrices & { from: string | null };
type ContextTier = ImportedPrices & { above: string };

/**
 * A genai-prices provider file, or its published data (data.json: a list of providers, as the
 * `@pydantic/genai-prices` package ships it): USD per 1M tokens (input_mtok, output_mtok, cache_read_mtok,
 * cache_write_mtok, cache_write_1h_mtok), context tiers ({base, tiers}), dated price lists (constraint
 * start_date), each model's match rule, and the provider's own rules (provider_match, model_match,
 * fallback_model_providers). Ids are written as provider/id, so that lists of several providers make one
 * catalog. Time-of-day windows and other kinds of price are counted as unmapped.
 */
export function importGenaiPrices(text: string, file: string, options: { provider?: string; checked: string }): ImportedCatalog {
  const notA = 'a genai-prices provider file (id, name, pricing_urls, models) or data file (a list of them)';
  const source = PriceListSource.parse(text, file, notA);
  const result = emptyImport();
  const root = source.document.contents;
  for (const providerNode of isSeq(root) ? (root.items as Node[]) : [root]) importProvider(providerNode, source, result, options, notA);
  return result;
}

function importProvider(node: Node | null, source: PriceListSource, result: ImportedCatalog, options: { provider?: string; checked: string }, notA: string): void {
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
  if (result.providers.has(provider)) throw new GacostError('invalid-import', `${source.at(data.get('id'))}: provider ${providerId} is given twice`);
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
function providerRules(data: Map<string, Node | null>, source: PriceListSource, result: ImportedCatalog): Omit<ImportedProvider, 'name' | 'source'> {
  const rules: { -readonly [K in keyof ImportedProvider]?: ImportedProvider[K] } = {};
  for (const [field, key] of [['provider_match', 'match'], ['model_match', 'model_match']] as const) {
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
  if (entry === undefined || more.length > 0) throw new EntryProblem(node, `${field}: expected one test per clause`, 'match rules gacost cannot read');
  const [test, value] = entry;
  if (test === 'or' || test === 'and') {
    const parts = isSeq(value) ? (value.items as Node[]) : [];
    if (parts.length === 0) throw new EntryProblem(value ?? node, `${field}.${test}: expected a list of clauses`, 'match rules gacost cannot read');
    const rules = parts.map((part) => matchRule(part, `${field}.${test}`));
    return test === 'or' ? { or: rules } : { and: rules };
  }
  const text = nameValue(value, `${field}.${test}`);
  if (!(RULE_TESTS as readonly string[]).includes(test) || !text) {
    throw new EntryProblem(value ?? node, `${field}: ${test} is not a match test gacost knows, or its text is empty`, 'match rules gacost cannot read');
  }
  if (test === 'regex') {
    try {
      new RegExp(text, 'i');
    } catch {
      throw new EntryProblem(value, `${field}.regex: ${JSON.stringify(text)} is not a JavaScript regular expression`, 'match rules whose regex JavaScript cannot read');
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
  source.report(result, first, "pricing_urls: not an http(s) URL; the genai-prices repository's is written instead", "pricing URLs that are not an http(s) URL (the genai-prices repository's is written instead)");
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
    throw new EntryProblem(idNode ?? entry, `id: ${id === undefined ? 'missing' : 'expected letters, digits and . _ : / @ + -'}`, 'models without an id gacost accepts');
  }
  const first = context.firstOfId.get(id.toLowerCase());
  if (first !== undefined) {
    throw new EntryProblem(idNode, `already the id of the model at ${source.lineCol(first)} (ids are case-insensitive)`, 'models with the id of an earlier model (case-insensitive)');
  }
  context.firstOfId.set(id.toLowerCase(), idNode ?? entry);
  const checked = checkedDate(fields.get('prices_checked'), context.checked);
  const pricesNode = fields.get('prices');
  const entries = isSeq(pricesNode) ? (pricesNode.items as Node[]) : [pricesNode];
  const dated: DatedPrices[] = [];
  let contextTiers: ContextTier[] = [];
  let previous: { from: string | null; node: Node | null | undefined } | undefined;
  for (const priceEntry of entries) {
    const conditional = isSeq(pricesNode) ? fieldsOf(priceEntry, 'models with a field given twice') : undefined;
    const constraint = fieldsOf(conditional?.get('constraint'), 'models with a field given twice');
    const keys = [...constraint.keys()];
    if (keys.some((key) => !['start_date', 'start_time', 'end_time'].includes(key))) {
      countUnmapped(result, 'conditional prices of kinds gacost does not read');
      continue;
    }
    const startNode = constraint.get('start_date');
    const from = startNode === undefined ? null : startDate(startNode);
    // A time-of-day window (DeepSeek's standard hours, beside the discount the list gives for the
    // rest of the day) replaces the price of its date: gacost keeps the standard price all day, an
    // upper bound for traffic in the discount hours.
    if (keys.includes('start_time') || keys.includes('end_time')) {
      const last = dated.at(-1);
      if (last !== undefined && last.from === (from ?? last.from)) {
        dated.pop();
        const { prices } = mapPrices(conditional?.get('prices'), result);
        dated.push({ from: last.from, ...prices });
        countUnmapped(result, 'discount hours of time-of-day prices (the standard hours\' price is kept for the whole day)');
        continue;
      }
      countUnmapped(result, 'time-of-day prices without a price for the rest of the day');
      continue;
    }
    if (previous !== undefined) {
      if (from === null) {
        throw new EntryProblem(priceEntry, 'only the first price may have no start_date', 'models with an undated price after the first');
      }
      if (previous.from !== null && from <= previous.from) {
        throw new EntryProblem(startNode, `start_date ${from} is not after ${previous.from} (at ${source.lineCol(previous.node)}): dated prices go oldest first, one per date`, 'models whose dated prices are out of order or share a date');
      }
    }
    previous = { from, node: startNode };
    const { prices, tiers } = mapPrices(conditional === undefined ? priceEntry : conditional.get('prices'), result);
    dated.push({ from, ...prices });
    // gacost's context tiers are not dated: the newest entry's are the ones in force.
    if (contextTiers.length > 0) countUnmapped(result, 'context tiers of prices that a later dated price replaced');
    contextTiers = tiers;
  }
  if (dated.length === 0) {
    countUnmapped(result, 'models whose only prices are conditional');
    return undefined;
  }
  const noTokenPrice = (set: DatedPrices) => Object.keys(withoutFrom(set)).length === 0;
  if (dated.some(noTokenPrice) && !dated.every(noTokenPrice)) {
    throw new EntryProblem(pricesNode ?? entry, 'prices: a dated price with no token price among others that have one', 'models with a dated price that has no token price');
  }
  // No token price (free, or billed per image or request) or a 0 in a price list: never a free model.
  const unpublished = dated.every(noTokenPrice) || [...dated, ...contextTiers].some((set) => set.output === '0');
  const matchNode = fields.get('match');
  const match = matchNode === undefined || matchNode === null ? undefined : matchRule(matchNode, 'match');
  return {
    id,
    name: nameValue(fields.get('name'), 'name') || listId || id,
    provider: context.provider,
    aliases: [],
    ...(match === undefined ? {} : { match }),
    prices: unpublished
      ? 'unpublished'
      : dated.length === 1 && dated[0]?.from === null
        ? withoutFrom(dated[0])
        : dated.map((price) => (price.from === null ? withoutFrom(price) : price)),
    ...(!unpublished && contextTiers.length > 0 ? { context_tiers: contextTiers } : {}),
    source: context.pricingPage,
    checked,
  };
}

function checkedDate(node: Node | null | undefined, importDate: string): string {
  if (node === undefined) return importDate;
  const date = scalarText(node);
  if (date !== undefined && isIsoDate(date)) return date;
  throw new EntryProblem(node, `prices_checked: ${JSON.stringify(date ?? null)} is not a real calendar date (YYYY-MM-DD)`, 'models with a prices_checked that is not a date');
}

function startDate(node: Node | null): string {
  const date = scalarText(node);
  if (date !== undefined && isIsoDate(date)) return date;
  throw new EntryProblem(node, `start_date: ${JSON.stringify(date ?? null)} is not a real calendar date (YYYY-MM-DD)`, 'models with a start_date that is not a date');
}

function withoutFrom({ from: _from, ...prices }: DatedPrices): ImportedPrices {
  return prices;
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
      if (byStart.get(start)?.[key] !== undefined) throw new EntryProblem(tierNode, `${field}: a second tier starting at ${formatTokens(start)} tokens`, 'models with two prices for one context tier');
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
    throw new EntryProblem(node ?? tier, `${field}.tiers.start: ${error.message}`, `models with a context tier start gacost cannot count (${field})`);
  }
}
