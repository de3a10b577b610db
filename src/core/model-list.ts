import { GacostError } from '../errors.js';
import type { Catalog, CatalogInfo, Model, PriceContext, PriceSet, Provider } from './catalog.js';
import { catalogInfo, lookupPrices, providerNamed } from './catalog.js';

export interface ListedModel {
  readonly model: Model;
  /** The prices in force on the as-of date (with the tier applied); null when there are none. */
  readonly prices: PriceSet | null;
  /** Why there are no prices: not published, not yet priced, or retired by the as-of date. */
  readonly status: 'priced' | 'unpublished' | 'not-yet' | 'retired';
  /** The date the prices apply from, where the catalog gives one. */
  readonly from: string | null;
}

export interface ModelList {
  readonly kind: 'models';
  readonly catalog: CatalogInfo;
  readonly providerFilter: string | null;
  /** The text searched for, trimmed, as given (the search itself ignores case). */
  readonly search: string | null;
  readonly providers: Readonly<Record<string, Provider>>;
  readonly models: readonly ListedModel[];
}

export interface ModelFilter {
  /** A provider's key, in any case. */
  readonly provider?: string | undefined;
  /** Text that the model's id, name, an alias, or its provider's key or name contains, in any case. */
  readonly search?: string | undefined;
}

/**
 * The catalog's models in catalog order with their prices on the as-of date, optionally those of one
 * provider (by key, case-insensitive) and those a search finds; with a tier, only the models that
 * have it, at its prices.
 */
export function listModels(catalog: Catalog, context: PriceContext, filter: ModelFilter = {}): ModelList {
  const wanted = providerKey(catalog, filter.provider);
  const search = filter.search?.trim();
  const { tier } = context;
  const models = catalog.models
    .filter((model) => wanted === undefined || model.provider === wanted)
    .filter((model) => search === undefined || found(catalog, model, search.toLowerCase()))
    .filter((model) => tier === null || model.tiers?.[tier] !== undefined)
    .map((model) => listedModel(model, context));
  const listedProviders = new Set<string>(models.map((listed) => listed.model.provider));
  const providers = Object.fromEntries(Object.entries(catalog.providers).filter(([key]) => listedProviders.has(key)));
  return {
    kind: 'models',
    catalog: catalogInfo(catalog, context),
    providerFilter: wanted ?? null,
    search: search ?? null,
    providers,
    models,
  };
}

/** Whether a model's id, name, an alias, or its provider's key or name contains the (lower-case) text. */
function found(catalog: Catalog, model: Model, text: string): boolean {
  const names = [model.id, model.name, ...model.aliases, model.provider, catalog.providers[model.provider]?.name ?? ''];
  return names.some((name) => name.toLowerCase().includes(text));
}

/** The key of the provider a name means (its key or a name its match rule claims, any case), refused unless the catalog has it. */
export function providerKey(catalog: Catalog, provider: string | undefined): string | undefined {
  if (provider === undefined) return undefined;
  const wanted = providerNamed(catalog, provider);
  if (wanted === undefined) {
    throw new GacostError(
      'invalid-option',
      `unknown provider ${JSON.stringify(provider)}; the catalog's providers are ${Object.keys(catalog.providers).join(', ')}`,
    );
  }
  return wanted;
}

/** A model's prices on the as-of date, at the context's tier (which the caller has made sure it has). */
export function listedModel(model: Model, context: PriceContext): ListedModel {
  const lookup = lookupPrices(model, context.asOf);
  if (lookup.kind !== 'priced') return { model, prices: null, status: lookup.kind, from: null };
  const { from, ...prices } = lookup.prices;
  return { model, prices: context.tier === null ? prices : { ...prices, ...model.tiers?.[context.tier] }, status: 'priced', from };
}
