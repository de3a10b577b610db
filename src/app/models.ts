import type { Catalog } from '../core/catalog.js';
import { listModels, type ModelList } from '../core/model-list.js';
import { type ModelMatchList, matchNames } from '../core/model-match.js';
import { GacostError } from '../errors.js';
import { OPTION_KEYS, type OptionNames, type PriceOptions, pricesOf } from './options.js';

/** The models listed, and whether their table shows every column. */
export type ModelsResult = ModelList & { readonly wide: boolean };

export interface ModelsOptions extends PriceOptions {
  /** Only the models of this provider (its key, or a name its match rule claims). */
  readonly provider?: string;
  /** Only the models whose id, name, an alias, or provider's key or name contains this text (any case). */
  readonly search?: string;
  /** Instead of the list: which model each of these names resolves to, at what prices, or why none. */
  readonly match?: readonly string[];
  /** The table with every column whole (render's `wide` does the same). */
  readonly wide?: boolean;
}

/** The catalog's models with their prices on the date, as `gacost models`; with `match`, what each name resolves to. */
export function models(catalog: Catalog, options: ModelsOptions = {}, names: OptionNames = OPTION_KEYS): ModelsResult | ModelMatchList {
  if (options.match !== undefined && options.search !== undefined) {
    throw new GacostError(
      'conflicting-options',
      `${names('search')} applies to the list of models, which ${names('match')} does not print: give one or the other`,
    );
  }
  if (options.search?.trim() === '') throw new GacostError('invalid-option', `${names('search')} needs some text to look for`);
  const prices = pricesOf(catalog, options);
  if (options.match !== undefined) return matchNames(catalog, prices, options.match, options.provider);
  return { ...listModels(catalog, prices, { provider: options.provider, search: options.search }), wide: options.wide === true };
}
