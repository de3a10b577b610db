import { builtinCuratedIds, loadBuiltinCatalog } from '../catalog/builtin-catalog.js';
import { type Catalog, catalogInfo } from '../core/catalog.js';
import { type CatalogDiff, diffCatalogs } from '../core/catalog-diff.js';
import type { Environment } from '../core/environment.js';
import { GacostError, isGacostError } from '../errors.js';
import { fetchText, GENAI_PRICES_DATA_URL } from '../io/fetch-data.js';
import { cacheDir, loadUserCatalog, removeUserCatalog, storeUserCatalog } from '../io/user-catalog.js';
import { type PriceOptions, priceDateOf, type ReadIo, readIoOf } from './options.js';

export interface CatalogUpdateOptions extends Pick<PriceOptions, 'asOf'> {
  /** Where to read genai-prices' data: a mirror's URL or a file (default its published data). */
  readonly from?: string;
  /** Show what would change, and store nothing. */
  readonly dryRun?: boolean;
  /** Remove the updated catalog: runs use the built-in one again. */
  readonly reset?: boolean;
}

export interface CatalogUpdateIo extends ReadIo {
  /** Where the cache folder is found: GACOST_CACHE_DIR, XDG_CACHE_HOME, HOME (default process.env). */
  readonly env?: Environment;
  /** A note the CLI says on stderr: the stored catalog could not be read, and the update starts from the built-in one. */
  readonly onNote?: (text: string) => void;
}

export type CatalogUpdate =
  | { readonly kind: 'reset'; readonly removed: boolean; readonly folder: string; readonly builtin: string }
  | {
      readonly kind: 'update';
      /** The data read, and the catalog made of it against the catalog in use. */
      readonly from: string;
      readonly diff: CatalogDiff;
      readonly models: number;
      /** Models kept as the catalog in use has them by hand. */
      readonly curated: number;
      readonly currentVersion: string;
      /** The data's entries not imported, each "where: why". */
      readonly problems: readonly string[];
      readonly unmapped: ReadonlyMap<string, number>;
      /** Where it was stored (none with dryRun). */
      readonly stored: { readonly folder: string; readonly version: string; readonly hash: string } | null;
    };

/**
 * genai-prices' published data, validated and converted by the importer over the catalog in use (the
 * updated one, else the built-in one: import/import-history.ts keeps every past price and the models
 * kept by hand), as a catalog diff against it, and stored in the cache folder (io/user-catalog.ts),
 * which later runs use, as `gacost catalog update`. Anything wrong with the download throws, the
 * stored catalog as it was.
 */
export async function catalogUpdate(options: CatalogUpdateOptions = {}, updateIo: CatalogUpdateIo = {}): Promise<CatalogUpdate> {
  const io = readIoOf(updateIo);
  const env = updateIo.env ?? process.env;
  const dir = cacheDir(env, io.cwd);
  const folder = (): string => {
    if (dir !== undefined) return dir;
    const why = env.GACOST_CACHE_DIR === 'off' ? 'GACOST_CACHE_DIR=off turns it off' : 'set GACOST_CACHE_DIR (or HOME)';
    throw new GacostError('invalid-option', `no cache folder for the updated catalog: ${why}`);
  };
  // A dry run stores nothing, so it needs no folder; the rest do, and say so before any download.
  if (options.dryRun !== true) folder();
  const builtin = loadBuiltinCatalog();
  if (options.reset === true) {
    if (options.from !== undefined || options.dryRun === true)
      throw new GacostError('conflicting-options', `${io.names('reset')} removes the updated catalog: give it alone`);
    return { kind: 'reset', removed: removeUserCatalog(folder()), folder: folder(), builtin: builtin.version };
  }
  const prices = priceDateOf(options);
  const current = catalogInUse(dir, builtin, updateIo.onNote);
  if (prices.asOf < current.effective) {
    throw new GacostError(
      'invalid-option',
      `the update's date ${prices.asOf} (${io.names('asOf')}) is before catalog ${current.version}'s (effective ${current.effective}): new prices would replace its past ones`,
    );
  }
  const from = options.from ?? GENAI_PRICES_DATA_URL;
  const text = await fetchText(from, 'genai-prices data', io.cwd, io.inputs);
  refuseNonData(text, from);
  const { updateCatalog, eagerModels } = await import('../read-files.js');
  const updated = updateCatalog(text, from, current, builtinCuratedIds(), prices.asOf, { from, fetched: new Date().toISOString() });
  const oldInfo = catalogInfo(current, prices);
  const newInfo = catalogInfo(updated.catalog, prices);
  const diff: CatalogDiff = {
    kind: 'diff',
    old: oldInfo,
    new: newInfo,
    changes: diffCatalogs(current, oldInfo, updated.catalog, newInfo),
    effects: null,
    total: null,
  };
  let stored: { folder: string; version: string; hash: string } | null = null;
  if (options.dryRun !== true) {
    storeUserCatalog(folder(), updated.catalog, builtin, eagerModels(updated.catalog));
    stored = { folder: folder(), version: updated.catalog.version, hash: updated.catalog.hash };
  }
  return {
    kind: 'update',
    from,
    diff,
    models: updated.models,
    curated: updated.curated,
    currentVersion: current.version,
    problems: updated.problems,
    unmapped: updated.unmapped,
    stored,
  };
}

/** The catalog an update starts from: the stored one, else (none, made over another built-in one, or damaged: noted) the built-in one. */
function catalogInUse(dir: string | undefined, builtin: Catalog, onNote: ((text: string) => void) | undefined): Catalog {
  try {
    const stored = loadUserCatalog(dir, builtin);
    if (stored.kind !== 'current') return builtin;
    // Its models read now: a damaged file is found here, not halfway through the update.
    void stored.catalog.models;
    return stored.catalog;
  } catch (error) {
    if (!isGacostError(error) || error.code !== 'invalid-catalog') throw error;
    onNote?.(
      `${error.message.replace(/: run gacost catalog update.*$/, '')}: the update starts from the built-in catalog ${builtin.version}`,
    );
    return builtin;
  }
}

/** The published data is a JSON list of providers: anything else (an error page, a download cut short) is refused before it is imported. */
function refuseNonData(text: string, from: string): void {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new GacostError(
      'invalid-import',
      `${from} is not JSON (${(error as Error).message}): a download cut short, or not genai-prices data`,
    );
  }
  if (!Array.isArray(data) || data.length === 0)
    throw new GacostError('invalid-import', `${from} is not genai-prices data: expected a JSON list of providers`);
}
