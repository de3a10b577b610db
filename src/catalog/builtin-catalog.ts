import type { Catalog, Model } from '../core/catalog.js';
import { builtinModelsText } from './builtin-models.js';

/**
 * The built-in catalog, validated at build time and inlined by scripts/build.mjs (see
 * scripts/builtin-catalog-defines.mjs): all but its models, with the models a run with the defaults
 * needs, each at its index in the catalog; every other model is read (builtin-models.ts) and parsed on
 * first use.
 */
declare const __BUILTIN_CATALOG__: Omit<Catalog, 'models' | 'eagerModels'> & {
  readonly eagerModels: readonly [number, Model][];
  readonly curated: readonly string[];
};

/** The ids of the built-in models written or corrected by hand, which `gacost catalog update` keeps as they are. */
export function builtinCuratedIds(): readonly string[] {
  return __BUILTIN_CATALOG__.curated;
}

/**
 * Every built-in model, read and parsed once a process: they are data no run changes, and the library
 * (or a test) may load the catalog many times. The same objects as the eager models, so that a model
 * found there is the catalog's own.
 */
let everyModel: readonly Model[] | undefined;
function builtinModels(): readonly Model[] {
  if (everyModel === undefined) {
    const models = JSON.parse(builtinModelsText()) as Model[];
    for (const [index, model] of __BUILTIN_CATALOG__.eagerModels) models[index] = model;
    everyModel = models;
  }
  return everyModel;
}

export function loadBuiltinCatalog(): Catalog {
  const { eagerModels, curated: _, ...catalog } = __BUILTIN_CATALOG__;
  return {
    ...catalog,
    eagerModels: eagerModels.map(([, model]) => model),
    get models(): readonly Model[] {
      return builtinModels();
    },
  };
}
