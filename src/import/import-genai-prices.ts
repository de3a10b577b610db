import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { isIsoDate } from '../core/dates.js';
import { GacostError } from '../errors.js';
import { countUnmapped, emptyImport, perMillion, providerKey, type ImportedCatalog, type ImportedModel, type ImportedPrices } from './imported-catalog.js';

type Plain = string | Plain[] | { [key: string]: Plain };

const PRICE_FIELDS: Record<string, keyof ImportedPrices> = {
  input_mtok: 'input',
  output_mtok: 'output',
  cache_read_mtok: 'cached_input',
};

/** A YAML node as plain data, every scalar as its source text (so prices stay exact). */
function plain(node: unknown): Plain {
  if (isMap(node)) {
    return Object.fromEntries(node.items.map((pair) => [isScalar(pair.key) ? String(pair.key.value) : '', plain(pair.value)]));
  }
  if (isSeq(node)) return node.items.map(plain);
  if (isScalar(node)) return node.source ?? String(node.value);
  return '';
}

const record = (value: Plain | undefined): Record<string, Plain> =>
  value !== undefined && typeof value === 'object' && !Array.isArray(value) ? value : {};

/**
 * A genai-prices provider file: USD per 1M tokens (input_mtok, output_mtok, cache_read_mtok), context
 * tiers ({base, tiers}), dated price lists (constraint start_date). Time-of-day windows and other
 * kinds of price are counted as unmapped.
 */
export function importGenaiPrices(text: string, file: string, options: { provider?: string; checked: string }): ImportedCatalog {
  const document = parseDocument(text);
  const data = record(plain(document.contents as Node));
  if (document.errors.length > 0 || typeof data.id !== 'string' || !Array.isArray(data.models)) {
    throw new GacostError('invalid-import', `${file} is not a genai-prices provider file (id, name, pricing_urls, models)`);
  }
  const provider = providerKey(data.id);
  const result = emptyImport();
  if (options.provider !== undefined && options.provider !== provider) return result;
  const urls = Array.isArray(data.pricing_urls) ? data.pricing_urls : [];
  const source = typeof urls[0] === 'string' ? urls[0] : `https://github.com/pydantic/genai-prices`;
  result.providers.set(provider, { name: typeof data.name === 'string' ? data.name : data.id, source });
  const taken = new Set<string>();
  for (const entry of data.models) {
    const model = record(entry);
    if (typeof model.id !== 'string') continue;
    const imported = importModel(model, provider, source, options.checked, result, taken);
    if (imported) result.models.push(imported);
  }
  return result;
}

function importModel(
  model: Record<string, Plain>,
  provider: string,
  source: string,
  checked: string,
  result: ImportedCatalog,
  taken: Set<string>,
): ImportedModel | undefined {
  const id = String(model.id);
  const entries = Array.isArray(model.prices) ? model.prices.map(record) : [{ prices: model.prices ?? {} }];
  const dated: (ImportedPrices & { from: string | null })[] = [];
  let contextTiers: (ImportedPrices & { above: string })[] = [];
  for (const entry of entries) {
    const constraint = record(entry.constraint);
    const startDate = typeof constraint.start_date === 'string' ? constraint.start_date : undefined;
    if (Object.keys(constraint).some((key) => key !== 'start_date') || (startDate !== undefined && !isIsoDate(startDate))) {
      countUnmapped(result, 'time-of-day or other conditional price windows');
      continue;
    }
    const { prices, tiers } = mapPrices(record(entry.prices), result);
    dated.push({ from: startDate ?? null, ...prices });
    // gacost's context tiers are not dated: the newest entry's are the ones in force.
    if (contextTiers.length > 0) countUnmapped(result, 'context tiers of prices that a later dated price replaced');
    contextTiers = tiers;
  }
  const current = dated.at(-1);
  if (current === undefined || current.output === undefined) {
    countUnmapped(result, 'models without an output price per 1M tokens (embeddings, images, audio, free or unpriced)');
    return undefined;
  }
  if (dated.length > 1 && dated[0]?.from === null && dated.slice(1).some((price) => price.from === null)) {
    countUnmapped(result, 'price lists with more than one undated entry');
    return undefined;
  }
  const aliases = equalsMatches(model.match).filter((alias) => alias !== id && !taken.has(alias.toLowerCase()));
  for (const name of [id, ...aliases]) taken.add(name.toLowerCase());
  const checkedDate = typeof model.prices_checked === 'string' && isIsoDate(model.prices_checked) ? model.prices_checked : checked;
  return {
    id,
    name: typeof model.name === 'string' ? model.name : id,
    provider,
    aliases,
    prices: dated.length === 1 && current.from === null ? withoutFrom(current) : dated.map((price) => (price.from === null ? withoutFrom(price) : price)),
    ...(contextTiers.length > 0 ? { context_tiers: contextTiers } : {}),
    source,
    checked: checkedDate,
  };
}

function withoutFrom({ from: _from, ...prices }: ImportedPrices & { from: string | null }): ImportedPrices {
  return prices;
}

/** input_mtok etc., each a number or {base, tiers: [{start, price}]}; context tiers grouped by start. */
function mapPrices(prices: Record<string, Plain>, result: ImportedCatalog) {
  const mapped: ImportedPrices = {};
  const byStart = new Map<string, ImportedPrices>();
  for (const [field, value] of Object.entries(prices)) {
    const key = PRICE_FIELDS[field];
    if (key === undefined) {
      countUnmapped(result, `price fields with no gacost equivalent (${field})`);
      continue;
    }
    const tiered = record(value);
    const base = typeof value === 'string' ? value : typeof tiered.base === 'string' ? tiered.base : undefined;
    const exact = base === undefined ? undefined : perMillion(base);
    if (exact === undefined) {
      countUnmapped(result, `prices gacost cannot read exactly (${field})`);
      continue;
    }
    mapped[key] = exact;
    for (const tier of Array.isArray(tiered.tiers) ? tiered.tiers.map(record) : []) {
      const price = typeof tier.price === 'string' ? perMillion(tier.price) : undefined;
      if (typeof tier.start !== 'string' || price === undefined) continue;
      byStart.set(tier.start, { ...byStart.get(tier.start), [key]: price });
    }
  }
  const tiers = [...byStart].map(([start, tier]) => ({ above: start, ...tier }));
  return { prices: mapped, tiers };
}

/** Model names a genai-prices `match` clause accepts exactly. */
function equalsMatches(match: Plain | undefined): string[] {
  if (match === undefined || typeof match === 'string') return [];
  if (Array.isArray(match)) return match.flatMap(equalsMatches);
  return Object.entries(match).flatMap(([key, value]) => (key === 'equals' && typeof value === 'string' ? [value] : equalsMatches(value)));
}
