// What the bundle (scripts/build.mjs) and the in-process tests (vitest.config.ts) define for
// src/catalog/builtin-catalog.ts: the built-in catalog without its models, with the few models a run
// with the defaults needs (those the defaults name, and the rest of the default candidates' providers'); and every
// other model as one JSON text, read and parsed only when a command needs them all (the bundle reads
// it from dist/catalog-models.json). Loading the whole catalog on every start costs more than the
// start-up target allows (npm run bench measures it).

/** @param catalog a validated catalog (core/catalog.ts) */
export function builtinCatalogDefines(catalog) {
  const { models, ...rest } = catalog;
  const { candidates = [], baseline, compare = [] } = catalog.defaults ?? {};
  const names = (list) => new Set(list.map((name) => name.toLowerCase()));
  const isNamed = (model, named) => [model.id, ...model.aliases].some((name) => named.has(name.toLowerCase()));
  const candidateNames = names(candidates);
  const named = names([...candidates, ...(baseline ? [baseline] : []), ...compare]);
  const candidateProviders = new Set(models.filter((model) => isNamed(model, candidateNames)).map((model) => model.provider));
  const isEager = (model) => candidateProviders.has(model.provider) || isNamed(model, named);
  const eagerModels = models.flatMap((model, index) => (isEager(model) ? [[index, model]] : []));
  return {
    __BUILTIN_CATALOG__: JSON.stringify({ ...rest, eagerModels }),
    __BUILTIN_MODELS__: JSON.stringify(JSON.stringify(models.map((model) => (isEager(model) ? null : model)))),
  };
}
