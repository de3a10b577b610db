// What the bundle (scripts/build.mjs) and the in-process tests (vitest.config.ts) define for
// src/catalog/builtin-catalog.ts: the built-in catalog without its models, the few models a run with
// the defaults needs (those the defaults name, and the rest of their providers'), and every model as
// one JSON text that is parsed only when a command needs them all. Parsing the whole catalog on every
// start costs more than the start-up target allows (npm run bench measures it).

/** @param catalog a validated catalog (core/catalog.ts) */
export function builtinCatalogDefines(catalog) {
  const { models, ...rest } = catalog;
  const named = new Set([...(catalog.defaults?.candidates ?? []), catalog.defaults?.baseline].filter(Boolean).map((name) => name.toLowerCase()));
  const defaultProviders = new Set(models.filter((model) => [model.id, ...model.aliases].some((name) => named.has(name.toLowerCase()))).map((model) => model.provider));
  const isEager = (model) => defaultProviders.has(model.provider) || [model.id, ...model.aliases].some((name) => named.has(name.toLowerCase()));
  const eagerModels = models.flatMap((model, index) => (isEager(model) ? [[index, model]] : []));
  return {
    __BUILTIN_CATALOG__: JSON.stringify({ ...rest, eagerModels }),
    __BUILTIN_MODELS__: JSON.stringify(JSON.stringify(models.map((model) => (isEager(model) ? null : model)))),
  };
}
