import { type CandidatePrice, priceCandidate } from '../core/candidate.js';
import type { Catalog, PriceContext } from '../core/catalog.js';
import { ModelIndex, type PricedModel } from '../core/resolve-model.js';
import {
  accountingOf,
  candidateNamed,
  OPTION_KEYS,
  type PriceOptions,
  type PricingOptions,
  pricesOf,
  type Tokens,
  tokensOf,
} from './options.js';

/** The date and tier prices are looked up for; the tier must be one the catalog has. */
export function priceContext(catalog: Catalog, options: PriceOptions = {}): PriceContext {
  return pricesOf(catalog, options);
}

/** The model a name (id, alias, or a name its match rules claim) means, priced on the date: `unknown-model`, `ambiguous-model` or `no-published-price` otherwise. */
export function resolveModel(catalog: Catalog, name: string, options: PriceOptions = {}): PricedModel {
  return new ModelIndex(catalog, pricesOf(catalog, options)).resolvePriced(name);
}

/** What a number of tokens of one model (or a mix, "a=90,b=10") costs, exactly; `cost` in femto-dollars (usdText shows it). */
export function priceTokens(
  catalog: Catalog,
  model: string,
  tokens: Tokens,
  options: Omit<PricingOptions, 'models' | 'mix'> = {},
): CandidatePrice {
  const index = new ModelIndex(catalog, pricesOf(catalog, options));
  return priceCandidate(candidateNamed(model, index, 'model'), tokensOf(tokens, 'tokens'), accountingOf(options, OPTION_KEYS));
}
