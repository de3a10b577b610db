import { isMap, isScalar, parseDocument, type Pair } from 'yaml';
import { GacostError } from '../errors.js';
import { countUnmapped, emptyImport, perTokenToPerMillion, providerKey, type ImportedCatalog, type ImportedPrices } from './imported-catalog.js';

const LITELLM_SOURCE = 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json';
const ID = /^[A-Za-z0-9][A-Za-z0-9._:/@+-]*$/;
const BASE_FIELDS: Record<string, keyof ImportedPrices> = {
  input_cost_per_token: 'input',
  output_cost_per_token: 'output',
  cache_read_input_token_cost: 'cached_input',
};
const BATCH_FIELDS: Record<string, keyof ImportedPrices> = {
  input_cost_per_token_batches: 'input',
  output_cost_per_token_batches: 'output',
};
const CONTEXT_FIELD = /^(input_cost_per_token|output_cost_per_token|cache_read_input_token_cost)_above_(\d+)k_tokens$/;
const NOT_PRICES = new Set(['litellm_provider', 'mode', 'source']);

/**
 * LiteLLM's model_prices_and_context_window.json: USD per token, converted to per 1M tokens as exact
 * decimals read from the JSON text ("2.5e-06" → 2.5), never through a float.
 */
export function importLitellm(text: string, file: string, options: { provider?: string; checked: string }): ImportedCatalog {
  // JSON is YAML: parsing it as YAML keeps each number's source text.
  const document = parseDocument(text, { uniqueKeys: false });
  if (!text.trimStart().startsWith('{') || document.errors.length > 0 || !isMap(document.contents)) {
    throw new GacostError('invalid-import', `${file} is not a LiteLLM price list (a JSON object keyed by model name)`);
  }
  const result = emptyImport();
  for (const pair of document.contents.items as Pair[]) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!isMap(pair.value)) continue; // e.g. "sample_spec" documentation entries
    const fields = new Map<string, string>();
    for (const field of pair.value.items as Pair[]) {
      if (isScalar(field.key) && isScalar(field.value)) fields.set(String(field.key.value), field.value.source ?? String(field.value.value));
    }
    const provider = providerKey(fields.get('litellm_provider') ?? 'unknown');
    if (options.provider !== undefined && provider !== options.provider) continue;
    if (fields.get('mode') !== 'chat') {
      countUnmapped(result, `entries that are not chat models (mode ${fields.get('mode') ?? 'unset'})`);
      continue;
    }
    if (!ID.test(key)) {
      countUnmapped(result, 'entries whose name is a pattern rather than a model name');
      continue;
    }
    const prices: ImportedPrices = {};
    const batch: ImportedPrices = {};
    const context = new Map<string, ImportedPrices>();
    for (const [field, value] of fields) {
      if (NOT_PRICES.has(field) || !/cost/.test(field)) continue;
      const target = BASE_FIELDS[field] ?? BATCH_FIELDS[field];
      const contextMatch = CONTEXT_FIELD.exec(field);
      const perMillion = perTokenToPerMillion(value);
      if (perMillion === undefined && (target !== undefined || contextMatch)) {
        countUnmapped(result, `prices finer than gacost keeps (${field})`);
        continue;
      }
      if (target !== undefined && perMillion !== undefined) {
        (BASE_FIELDS[field] ? prices : batch)[target] = perMillion;
      } else if (contextMatch && perMillion !== undefined) {
        const [, base = '', thousands = ''] = contextMatch;
        const tier = context.get(thousands) ?? {};
        tier[BASE_FIELDS[base] ?? 'output'] = perMillion;
        context.set(thousands, tier);
      } else {
        countUnmapped(result, `price fields with no gacost equivalent (${field})`);
      }
    }
    if (prices.output === undefined) {
      countUnmapped(result, 'chat entries without an output price per token');
      continue;
    }
    if (!result.providers.has(provider)) result.providers.set(provider, { name: fields.get('litellm_provider') ?? provider });
    result.models.push({
      id: key,
      name: key,
      provider,
      aliases: [],
      prices,
      ...(Object.keys(batch).length > 0 ? { tiers: { batch } } : {}),
      ...(context.size > 0
        ? { context_tiers: [...context].map(([thousands, tier]) => ({ above: `${thousands}K`, ...tier })) }
        : {}),
      source: /^https?:\/\//.test(fields.get('source') ?? '') ? (fields.get('source') ?? LITELLM_SOURCE) : LITELLM_SOURCE,
      checked: options.checked,
    });
  }
  return result;
}
