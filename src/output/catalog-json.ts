import type { CatalogInfo } from '../core/catalog.js';
import type { CatalogJson } from './contract.js';
import type { ExactJson } from './exact.js';

/** Which prices a result used: catalog version, content hash, as-of date, tier, the base of an overlay, how fresh its prices are and, for an updated catalog, its data's origin. */
export function catalogJson(catalog: CatalogInfo): ExactJson<CatalogJson> {
  return {
    version: catalog.version,
    effective: catalog.effective,
    hash: catalog.hash,
    as_of: catalog.asOf,
    tier: catalog.tier,
    base: catalog.base === null ? null : { ...catalog.base },
    checked: catalog.checked,
    stale_days: catalog.staleDays,
    updated: catalog.updated === null ? null : { ...catalog.updated },
  };
}
