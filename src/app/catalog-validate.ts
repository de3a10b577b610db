import type { Catalog } from '../core/catalog.js';
import { isGacostError } from '../errors.js';
import { type CatalogInput, loadCatalog } from './inputs.js';

/** One catalog checked: what it holds, or every problem (file:line:col each). */
export type CatalogValidation =
  | { readonly source: string; readonly valid: true; readonly models: number; readonly version: string; readonly hash: string }
  | { readonly source: string; readonly valid: false; readonly problems: readonly string[] };

/**
 * Catalogs checked, as `gacost catalog validate`: each loaded as a catalog file is (`builtin` the
 * built-in one), its problems listed rather than thrown. `load` reads one (default: loadCatalog from
 * `cwd`; the CLI's reads standard input for `-`). An error that is not a problem of the input is thrown.
 */
export async function catalogValidate(
  sources: readonly string[],
  io: { readonly cwd?: string; readonly load?: (source: CatalogInput) => Promise<Catalog> } = {},
): Promise<CatalogValidation[]> {
  const load = io.load ?? ((source: CatalogInput) => loadCatalog(source, { cwd: io.cwd }));
  const checked: CatalogValidation[] = [];
  for (const source of sources) {
    try {
      const catalog = await load(source);
      checked.push({ source, valid: true, models: catalog.models.length, version: catalog.version, hash: catalog.hash });
    } catch (error) {
      if (!isGacostError(error)) throw error;
      checked.push({ source, valid: false, problems: error.problems.length > 0 ? error.problems : [error.message] });
    }
  }
  return checked;
}
