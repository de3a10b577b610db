import type { CatalogInfo } from '../core/catalog.js';
import type { CatalogJson } from './contract.js';
import type { ExactJson } from './exact.js';

/** Which prices a result used: catalog version, content hash, as-of date, tier, and the base of an overlay. */
export function catalogJson(catalog: CatalogInfo): ExactJson<CatalogJson> {
  return {
    version: catalog.version,
    effective: catalog.effective,
    hash: catalog.hash,
    as_of: catalog.asOf,
    tier: catalog.tier,
    base: catalog.base === null ? null : { ...catalog.base },
  };
}
