import { PRICE_LIST_ORDER, type PriceSet } from '../core/catalog.js';
import type { ModelsJson } from './contract.js';
import { type ExactJson, exact } from './exact.js';

type PricesJson = ExactJson<NonNullable<ModelsJson['models'][number]['prices']>>;

/** A model's prices as `models` and `models --match` write them: each key only where the model has that price. */
export function pricesJson(prices: PriceSet): PricesJson {
  const json: { -readonly [Key in keyof PricesJson]: PricesJson[Key] } = {};
  for (const key of PRICE_LIST_ORDER) {
    const text = prices[key];
    if (text !== undefined) json[key] = exact(text);
  }
  return json;
}
