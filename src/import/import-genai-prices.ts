import { isMap, isSeq, type Node } from 'yaml';
import { isIsoDate } from '../core/dates.js';
import { formatTokens, parseTokens } from '../core/quantity.js';
import { RESERVED_MODEL_ID } from '../catalog/catalog-schema.js';
import { GacostError, isGacostError } from '../errors.js';
import {
  countUnmapped,
  emptyImport,
  EntryProblem,
  fieldsOf,
  isHttpUrl,
  isModelId,
  listPrice,
  PriceListSource,
  providerKey,
  scalarText,
  stringValue,
  type ImportedCatalog,
  type ImportedModel,
  type ImportedPrices,
} from './imported-catalog.js';

const GENAI_PRICES_SOURCE = 'https://github.com/pydantic/genai-prices';
const PRICE_FIELDS: Record<string, keyof ImportedPrices> = {
  input_mtok: 'input',
  output_mtok: 'output',
  cache_read_mtok: 'cached_input',
};
const PER_MILLION = 0;

type DatedPrices = ImportedPrices & { from: string | null };
type ContextTier = ImportedPrices & { above: string };
/** An exact `match` name of a model, and where the list gives it. */
type MatchName = { name: string; node: Node };

/**
 * A genai-prices provider file: USD per 1M tokens (input_mtok, output_mtok, cache_read_mtok), context
 * tiers ({base, tiers}), dated price lists (constraint start_date). Time-of-day windows and other
 * kinds of price are counted as unmapped.
 */
export function importGenaiPrices(text: string, file: string, options: { provider?: string; checked: string }): ImportedCatalog {
  const notA = 'a genai-prices provider file (id, name, pricing_urls, models)';
  const source = PriceListSource.parse(text, file, notA);
  let data: Map<string, Node | null>;
  try {
    data = fieldsOf(source.document.contents, 'provider files with a field given twice');
  } catch (error) {
    if (!(error instanceof EntryProblem)) throw error;
    throw new GacostError('invalid-import', `${source.at(error.node)}: ${error.message}`);
  }
  const providerId = stringValue(data.get('id'));
  const models = data.get('models');
  if (providerId === undefined || !isSeq(models)) throw new GacostError('invalid-import', `${file} is not ${notA}`);
  const provider = providerKey(providerId);
  const result = emptyImport();
  if (options.provider !== undefined && options.provider !== provider) return result;
  const pricingPage = providerPricingPage(data.get('pricing_urls'), source, result);
  result.providers.set(provider, { name: stringValue(data.get('name')) || providerId, source: pricingPage });
  // Names are case-insensitive in a catalog: the first model of an id keeps it.
  const firstOfId = new Map<string, Node>();
  const matches = new Map<ImportedModel, MatchName[]>();
  for (const entry of models.items as Node[]) {
    const id = scalarText(isMap(entry) ? (entry.get('id', true) as Node | undefined) : undefined);
    try {
      const model = importModel(entry, { provider, source, result, pricingPage, checked: options.checked, firstOfId });
      if (model === undefined) continue;
      result.models.push(model.imported);
      matches.set(model.imported, model.matches);
    } catch (error) {
      if (!(error instanceof EntryProblem)) throw error;
      source.report(result, error.node, `${id ?? 'a model'}: ${error.message}; not imported`, error.reason);
    }
  }
  addAliases(source, result, matches);
  return result;
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

function importModel(entry: Node, context: ImportContext): { imported: ImportedModel; matches: MatchName[] } | undefined {
  const { result, source } = context;
  const fields = fieldsOf(entry, 'models with a field given twice');
  const idNode = fields.get('id');
  const id = scalarText(idNode);
  if (id === undefined || !isModelId(id)) {
    throw new EntryProblem(idNode ?? entry, `id: ${id === undefined ? 'missing' : 'expected letters, digits and . _ : / @ + -'}`, 'models without an id gacost accepts');
  }
  if (id.toLowerCase() === RESERVED_MODEL_ID) {
    throw new EntryProblem(idNode, `id: "${RESERVED_MODEL_ID}" is reserved: it names the routing mix`, `models with the reserved id "${RESERVED_MODEL_ID}"`);
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
    if ([...constraint.keys()].some((key) => key !== 'start_date')) {
      countUnmapped(result, 'time-of-day or other conditional price windows');
      continue;
    }
    const startNode = constraint.get('start_date');
    const from = startNode === undefined ? null : startDate(startNode);
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
  if (dated.length === 0 || dated.some((price) => price.output === undefined)) {
    countUnmapped(result, 'models without an output price per 1M tokens (embeddings, images, audio, free or unpriced)');
    return undefined;
  }
  // A 0 in a price list means billed some other way, never a free model.
  const unpublished = [...dated, ...contextTiers].some((set) => set.output === '0');
  const imported: ImportedModel = {
    id,
    name: stringValue(fields.get('name')) || id,
    provider: context.provider,
    aliases: [],
    prices: unpublished
      ? 'unpublished'
      : dated.length === 1 && dated[0]?.from === null
        ? withoutFrom(dated[0])
        : dated.map((price) => (price.from === null ? withoutFrom(price) : price)),
    ...(!unpublished && contextTiers.length > 0 ? { context_tiers: contextTiers } : {}),
    source: context.pricingPage,
    checked,
  };
  return { imported, matches: equalsMatches(fields.get('match')) };
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

/** Model names a genai-prices `match` clause accepts exactly, each with its node. */
function equalsMatches(match: Node | null | undefined): MatchName[] {
  if (isSeq(match)) return match.items.flatMap((item) => equalsMatches(item as Node));
  if (!isMap(match)) return [];
  return match.items.flatMap((pair) => {
    const value = pair.value as Node | null;
    if (scalarText(pair.key as Node) !== 'equals') return equalsMatches(value);
    const name = stringValue(value);
    return name ? [{ name, node: value as Node }] : [];
  });
}

/**
 * A model's exact match names become its aliases, but never a name that is another model's id or an
 * earlier model's alias: two models of one name would make the catalog ambiguous.
 */
function addAliases(source: PriceListSource, result: ImportedCatalog, matches: ReadonlyMap<ImportedModel, MatchName[]>): void {
  const ids = new Set(result.models.map((model) => model.id.toLowerCase()));
  const taken = new Set<string>();
  for (const model of result.models) {
    for (const { name, node } of matches.get(model) ?? []) {
      const key = name.toLowerCase();
      if (key === model.id.toLowerCase() || model.aliases.some((alias) => alias.toLowerCase() === key)) continue;
      if (ids.has(key) || taken.has(key)) {
        source.report(result, node, `${model.id}: match ${name}: already names another model (names are case-insensitive); not made an alias`, 'match names that already name another model (not made aliases)');
        continue;
      }
      taken.add(key);
      model.aliases.push(name);
    }
  }
}
