import type { Catalog } from '../core/catalog.js';

/** The built-in catalog, validated at build time and inlined by scripts/build.mjs. */
declare const __BUILTIN_CATALOG__: Catalog;

export function loadBuiltinCatalog(): Catalog {
  return __BUILTIN_CATALOG__;
}
