/** See builtin-catalog-defines.mjs. */
export function builtinCatalogDefines(catalog: unknown): { __BUILTIN_CATALOG__: string; __BUILTIN_MODELS__: string };
