import { loadCatalog } from '../catalog/load-catalog.js';
import type { Catalog, CatalogUpdate, Model, Provider } from '../core/catalog.js';
import { newestChecked } from '../core/catalog.js';
import { GacostError, isGacostError } from '../errors.js';
import { importGenaiPrices } from './import-genai-prices.js';
import { importedModelOf, mergeHistory } from './import-history.js';
import { catalogYaml } from './imported-catalog.js';

export interface UpdatedCatalog {
  readonly catalog: Catalog;
  /** The data's models imported, and those of them the catalog in use keeps by hand instead. */
  readonly models: number;
  readonly curated: number;
  readonly unmapped: ReadonlyMap<string, number>;
  readonly problems: readonly string[];
}

/** A catalog's providers and models, as one part of a catalog that includes it. */
interface CatalogPart {
  readonly providers: Readonly<Record<string, Provider>>;
  readonly models: readonly Model[];
}

/**
 * The catalog in use (`current`) updated with genai-prices' published data (`text`, read from `name`)
 * on `since`: the data converted by gacost's importer and merged onto the catalog in use's models of
 * the data's providers as a refresh merges them (import/import-history.ts: a dated price is never
 * dropped, an undated change applies from `since`, a model the data no longer lists stays); the models
 * kept by hand (`curated`), the providers the data does not have and the catalog in use's defaults
 * kept as they are; the whole validated as any catalog is (names unique, defaults priced, rules sound).
 * Its version is the update's date.
 */
export function updateCatalog(
  text: string,
  name: string,
  current: Catalog,
  curated: readonly string[],
  since: string,
  update: CatalogUpdate,
): UpdatedCatalog {
  const imported = importGenaiPrices(text, name, { checked: since });
  if (imported.models.length === 0)
    throw new GacostError('invalid-import', `${name} has no model with token prices: not genai-prices data`);
  const [year, month, day] = since.split('-');
  const version = `${year}.${Number(month)}.${Number(day)}`;
  const handKept = new Set(curated.map((id) => id.toLowerCase()));
  const isHandKept = (model: { id: string }) => handKept.has(model.id.toLowerCase());
  const dataHas = (model: { provider: string }) => imported.providers.has(model.provider);
  const dataModels = imported.models.length;
  const fresh = imported.models.filter((model) => !isHandKept(model));
  const curatedCount = imported.models.length - fresh.length;
  const previous = current.models.filter((model) => dataHas(model) && !isHandKept(model)).map(importedModelOf);
  imported.models.splice(0, imported.models.length, ...mergeHistory(previous, fresh, since));
  const fetched = loadCatalog(catalogYaml(imported, { version, effective: since, origin: name }), `${name} (imported)`, undefined, {
    included: true,
  });
  const parts = {
    kept: {
      providers: Object.fromEntries(Object.entries(current.providers).filter(([key]) => !imported.providers.has(key))),
      models: current.models.filter((model) => isHandKept(model) || !dataHas(model)),
    },
    fetched: { providers: fetched.providers, models: fetched.models },
    curated: curatedCount,
  };
  const included = new Map<string, CatalogPart>([
    [`catalog ${current.version}`, parts.kept],
    [name, parts.fetched],
  ]);
  // JSON is YAML: the catalog that includes both parts, with the catalog in use's defaults.
  const top = JSON.stringify({
    schema: 1,
    version,
    effective: since,
    currency: 'USD',
    ...(current.defaults === undefined ? {} : { defaults: current.defaults }),
    providers: {},
    models: [],
    include: [...included.keys()],
  });
  let catalog: Catalog;
  try {
    catalog = loadCatalog(top, `the catalog updated from ${name}`, undefined, {
      loadInclude: (reference) => {
        const part = included.get(reference) as CatalogPart;
        return { schema: 1, version, effective: since, currency: 'USD', providers: part.providers, models: part.models, hash: '' };
      },
    });
  } catch (error) {
    if (!isGacostError(error)) throw error;
    // The catalog in use and the data disagree in a way no update can settle alone (a name both give to different models): said, nothing stored.
    throw new GacostError(
      'invalid-import',
      `${name} does not fit the catalog in use: ${error.problems[0] ?? error.message}`,
      error.problems,
    );
  }
  return {
    catalog: { ...catalog, checked: newestChecked(catalog.models), updated: update },
    models: dataModels,
    curated: parts.curated,
    unmapped: imported.unmapped,
    problems: imported.problems,
  };
}
