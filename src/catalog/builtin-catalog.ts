import { readFileSync } from 'node:fs';
import type { Catalog } from '../core/catalog.js';

/**
 * The built-in catalog, validated and compiled to JSON at build time (scripts/build.mjs) so that
 * start-up needs neither yaml nor zod.
 */
export function loadBuiltinCatalog(): Catalog {
  return JSON.parse(readFileSync(new URL('./builtin-catalog.json', import.meta.url), 'utf8')) as Catalog;
}
