import { isMap, type Node, type Pair } from 'yaml';
import { RESERVED_MODEL_ID } from '../catalog/catalog-schema.js';
import { formatTokens, parseTokens } from '../core/quantity.js';
import { GacostError, isGacostError } from '../errors.js';
import {
  countUnmapped,
  EntryProblem,
  emptyImport,
  fieldsOf,
  type ImportedCatalog,
  type ImportedModel,
  type ImportedPrices,
  isHttpUrl,
  isModelId,
  listPrice,
  nameValue,
  PriceListSource,
  providerKey,
  scalarText,
  stringValue,
} from './imported-catalog.js';

const LITELLM_SOURCE = 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json';
const BASE_FIELDS: Record<string, keyof ImportedPrices> = {
  input_cost_per_token: 'input',
  output_cost_per_token: 'output',
  cache_read_input_token_cost: 'cached_input',
  cache_creation_input_token_cost: 'cache_write',
};
const BATCH_FIELDS: Record<string, keyof ImportedPrices> = {
  input_cost_per_token_batches: 'input',
  output_cost_per_token_batches: 'output',
};
const CONTEXT_FIELD =
  /^(input_cost_per_token|output_cost_per_token|cache_read_input_token_cost|cache_creation_input_token_cost)_above_(\d+)k_tokens$/;
const NOT_PRICES = new Set(['litellm_provider', 'mode', 'source']);
const PER_TOKEN = 6;

/**
 * LiteLLM's model_prices_and_context_window.json: USD per token, converted to per 1M tokens as exact
 * decimals read from the JSON text ("2.5e-06" → 2.5), never through a float.
 */
export function importLitellm(text: string, file: string, options: { provider?: string; checked: string }): ImportedCatalog {
  const notA = 'a LiteLLM price list (a JSON object keyed by model name)';
  // JSON is YAML: parsing it as YAML keeps each number's source text and position.
  const source = PriceListSource.parse(text, file, notA);
  const entries = source.document.contents;
  if (!text.trimStart().startsWith('{') || !isMap(entries)) throw new GacostError('invalid-import', `${file} is not ${notA}`);
  const result = emptyImport();
  // Names are case-insensitive in a catalog: the first entry of a name keeps it.
  const firstOfName = new Map<string, Node>();
  for (const pair of entries.items as Pair<Node, Node | null>[]) {
    const name = scalarText(pair.key) ?? '';
    try {
      const model = importEntry(name, pair, { ...options, source, result, firstOfName });
      if (model !== undefined) result.models.push(model);
    } catch (error) {
      if (!(error instanceof EntryProblem)) throw error;
      source.report(result, error.node, `${name}: ${error.message}; not imported`, error.reason);
    }
  }
  return result;
}

interface ImportContext {
  readonly provider?: string;
  readonly checked: string;
  readonly source: PriceListSource;
  readonly result: ImportedCatalog;
  readonly firstOfName: Map<string, Node>;
}

function importEntry(name: string, pair: Pair<Node, Node | null>, context: ImportContext): ImportedModel | undefined {
  const { result, source } = context;
  if (!isMap(pair.value)) return undefined; // e.g. "sample_spec" documentation entries
  const fields = fieldsOf(pair.value, 'entries with a field given twice');
  const providerName = nameValue(fields.get('litellm_provider'), 'litellm_provider');
  const provider = providerKey(providerName ?? 'unknown');
  if (context.provider !== undefined && provider !== context.provider) return undefined;
  const mode = stringValue(fields.get('mode'));
  if (mode !== 'chat') {
    countUnmapped(result, `entries that are not chat models (mode ${mode ?? 'unset'})`);
    return undefined;
  }
  if (!isModelId(name)) {
    countUnmapped(result, 'entries whose name is a pattern rather than a model name');
    return undefined;
  }
  if (name.toLowerCase() === RESERVED_MODEL_ID) {
    countUnmapped(result, `entries named "${RESERVED_MODEL_ID}", which names the routing mix`);
    return undefined;
  }
  const first = context.firstOfName.get(name.toLowerCase());
  if (first !== undefined) {
    throw new EntryProblem(
      pair.key,
      `already named by the entry at ${source.lineCol(first)} (names are case-insensitive)`,
      'entries naming the model of an earlier entry (case-insensitive)',
    );
  }
  context.firstOfName.set(name.toLowerCase(), pair.key);
  const prices: ImportedPrices = {};
  const batch: ImportedPrices = {};
  const contextTiers = new Map<bigint, ImportedPrices>();
  for (const [field, node] of fields) {
    if (NOT_PRICES.has(field) || !/cost/.test(field)) continue;
    const target = BASE_FIELDS[field] ?? BATCH_FIELDS[field];
    const contextMatch = CONTEXT_FIELD.exec(field);
    if (target !== undefined) {
      (BASE_FIELDS[field] ? prices : batch)[target] = listPrice(node, PER_TOKEN, field);
    } else if (contextMatch) {
      const [, base = '', thousands = ''] = contextMatch;
      const above = contextThreshold(`${thousands}K`, node, field);
      const key = BASE_FIELDS[base] ?? 'output';
      if (contextTiers.get(above)?.[key] !== undefined)
        throw new EntryProblem(
          node,
          `${field}: a second ${key} price above ${formatTokens(above)} tokens`,
          'models with two prices for one context tier',
        );
      contextTiers.set(above, { ...contextTiers.get(above), [key]: listPrice(node, PER_TOKEN, field) });
    } else {
      countUnmapped(result, `price fields with no gacost equivalent (${field})`);
    }
  }
  if (prices.output === undefined) {
    countUnmapped(result, 'chat entries without an output price per token');
    return undefined;
  }
  if (!result.providers.has(provider)) result.providers.set(provider, { name: providerName || provider });
  const model = {
    id: name,
    name,
    provider,
    aliases: [],
    source: pricingPage(name, fields.get('source'), context),
    checked: context.checked,
  };
  // LiteLLM writes 0 for models billed some other way (per hour, per instance): no price, not a free model.
  if ([prices, batch, ...contextTiers.values()].some((set) => set.output === '0')) return { ...model, prices: 'unpublished' };
  return {
    ...model,
    prices,
    ...(Object.keys(batch).length > 0 ? { tiers: { batch } } : {}),
    ...(contextTiers.size > 0
      ? { context_tiers: [...contextTiers].map(([above, tier]) => ({ above: formatTokens(above), ...tier })) }
      : {}),
  };
}

function contextThreshold(text: string, node: Node | null | undefined, field: string): bigint {
  try {
    return parseTokens(text, 'context threshold');
  } catch (error) {
    if (!isGacostError(error)) throw error;
    throw new EntryProblem(node, `${field}: ${error.message}`, `models with a context threshold gacost cannot count (${field})`);
  }
}

/** The entry's own pricing page where it gives one, else the list's. */
function pricingPage(name: string, node: Node | null | undefined, { source, result }: ImportContext): string {
  if (node === undefined) return LITELLM_SOURCE;
  const url = stringValue(node);
  if (url !== undefined && isHttpUrl(url)) return url;
  source.report(
    result,
    node,
    `${name}: source: not an http(s) URL; the list's URL is written instead`,
    "source fields that are not an http(s) URL (the list's URL is written instead)",
  );
  return LITELLM_SOURCE;
}
