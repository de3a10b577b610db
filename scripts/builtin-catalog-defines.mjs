import { createRequire } from 'node:module';

// What the bundle (scripts/build.mjs) and the in-process tests (vitest.config.ts) define for
// src/catalog/builtin-catalog.ts: the built-in catalog without its models, with the few models a run
// with the defaults needs (those the defaults name, and the rest of the default candidates' providers'); and every
// other model as one JSON text, read and parsed only when a command needs them all (the bundle reads
// it from dist/catalog-models.json). Loading the whole catalog on every start costs more than the
// start-up target allows (npm run bench measures it). Beside them, the newest checked date of its
// models (for the staleness note, without reading them all) and the ids of the models kept by hand,
// which `gacost catalog update` keeps as they are rather than replace with the fetched data's.

/**
 * @param catalog a validated catalog (core/catalog.ts)
 * @param curated the ids of its models written or corrected by hand
 */
export function builtinCatalogDefines(catalog, curated = []) {
  // The selection is src/catalog/eager-models.ts's, shared with the user's updated catalog: read from
  // the built file reader, which the build makes before it needs this.
  const { eagerModels: eagerOf } = createRequire(import.meta.url)('../dist/read-files.cjs');
  const { models, ...rest } = catalog;
  const eagerModels = eagerOf(catalog);
  const eager = new Set(eagerModels.map(([index]) => index));
  return {
    __BUILTIN_CATALOG__: JSON.stringify({
      ...rest,
      checked: models.reduce((newest, model) => (model.checked > newest ? model.checked : newest), ''),
      curated,
      eagerModels,
    }),
    __BUILTIN_MODELS__: JSON.stringify(JSON.stringify(models.map((model, index) => (eager.has(index) ? null : model)))),
  };
}
