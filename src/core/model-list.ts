import type { Catalog, CatalogInfo, Model, Provider } from './catalog.js';
import { catalogInfo } from './catalog.js';
import { GacostError } from '../errors.js';

export interface ModelList {
  readonly kind: 'models';
  readonly catalog: CatalogInfo;
  readonly providerFilter: string | null;
  readonly providers: Readonly<Record<string, Provider>>;
  readonly models: readonly Model[];
}

/** The catalog's models in catalog order, optionally those of one provider (by key, case-insensitive). */
export function listModels(catalog: Catalog, provider?: string): ModelList {
  const wanted = provider?.trim().toLowerCase();
  if (wanted !== undefined && !Object.hasOwn(catalog.providers, wanted)) {
    throw new GacostError(
      'invalid-option',
      `unknown provider ${JSON.stringify(provider)}; the catalog's providers are ${Object.keys(catalog.providers).join(', ')}`,
    );
  }
  const models = wanted === undefined ? catalog.models : catalog.models.filter((model) => model.provider === wanted);
  const providers = Object.fromEntries(
    Object.entries(catalog.providers).filter(([key]) => models.some((model) => model.provider === key)),
  );
  return { kind: 'models', catalog: catalogInfo(catalog), providerFilter: wanted ?? null, providers, models };
}
