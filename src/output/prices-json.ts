import { MEDIA_PRICE_KEYS, type PriceKey, type PriceSet, UNIT_PRICE_KEYS } from '../core/catalog.js';
import type { ModelsJson } from './contract.js';
import { type ExactJson, exact } from './exact.js';

type PricesJson = ExactJson<NonNullable<ModelsJson['models'][number]['prices']>>;

/** Input to output, as a price list reads. */
const ORDER: readonly PriceKey[] = [
  'input',
  'cached_input',
  'cache_write',
  'cache_write_1h',
  'output',
  ...MEDIA_PRICE_KEYS,
  'output_reasoning',
  'output_citation',
  ...UNIT_PRICE_KEYS,
];

/** A model's prices as `models` and `models --match` write them: each key only where the model has that price. */
export function pricesJson(prices: PriceSet): PricesJson {
  const json: { -readonly [Key in keyof PricesJson]: PricesJson[Key] } = {};
  for (const key of ORDER) {
    const text = prices[key];
    if (text !== undefined) json[key] = exact(text);
  }
  return json;
}
