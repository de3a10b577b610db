import { Command } from '@commander-js/extra-typings';
import { builtinCuratedIds, loadBuiltinCatalog } from '../catalog/builtin-catalog.js';
import { catalogInfo, type Catalog } from '../core/catalog.js';
import { diffCatalogs, type CatalogDiff } from '../core/catalog-diff.js';
import { GacostError, isGacostError } from '../errors.js';
import { fetchText, GENAI_PRICES_DATA_URL } from '../io/fetch-data.js';
import { cacheDir, loadUserCatalog, removeUserCatalog, storeUserCatalog } from '../io/user-catalog.js';
import type { CommandHost } from './context.js';
import { withOutputFlags } from './output-flags.js';

/** Entries of the data not imported are named up to this many; the rest are counted. */
const PROBLEMS_NAMED = 5;

const declaration = () =>
  withOutputFlags(
    new Command('update')
      .description("fetch genai-prices' newest published prices and keep them as your catalog, between gacost releases")
      .option('--from <url-or-file>', `where to read the data: a mirror's URL or a file (default ${GENAI_PRICES_DATA_URL})`)
      .option('--dry-run', 'show what would change, and store nothing')
      .option('--reset', 'remove the updated catalog: runs use the built-in one again'),
  );

/**
 * genai-prices' published data, validated and converted by the importer over the catalog in use (the
 * updated one, else the built-in one: import/import-history.ts keeps every past price and the models
 * kept by hand), printed as a catalog diff against it, and stored in the cache folder
 * (io/user-catalog.ts), which later runs use. Anything wrong with the download: one line, exit 2,
 * the stored catalog as it was.
 */
export const catalogUpdateCommand = (host: CommandHost) =>
  declaration().action(async (flags) => {
    const { io } = host;
    const dir = cacheDir(io.env, io.cwd);
    const folder = (): string => {
      if (dir !== undefined) return dir;
      const why = io.env.GACOST_CACHE_DIR === 'off' ? 'GACOST_CACHE_DIR=off turns it off' : 'set GACOST_CACHE_DIR (or HOME)';
      throw new GacostError('invalid-option', `no cache folder for the updated catalog: ${why}`);
    };
    // --dry-run stores nothing, so it needs no folder; the rest do, and say so before any download.
    if (flags.dryRun !== true) folder();
    const builtin = loadBuiltinCatalog();
    if (flags.reset === true) {
      if (flags.from !== undefined || flags.dryRun === true) throw new GacostError('conflicting-options', '--reset removes the updated catalog: give it alone');
      const removed = removeUserCatalog(folder());
      host.stderrLine(`gacost: ${removed ? 'removed the updated catalog' : 'no updated catalog'} in ${JSON.stringify(folder())}: runs use the built-in catalog ${builtin.version}`);
      return;
    }
    const { prices } = host.context();
    const current = catalogInUse(dir, builtin, host);
    if (prices.asOf < current.effective) {
      throw new GacostError('invalid-option', `the update's date ${prices.asOf} (--as-of) is before catalog ${current.version}'s (effective ${current.effective}): new prices would replace its past ones`);
    }
    const from = flags.from ?? GENAI_PRICES_DATA_URL;
    const text = await fetchText(from, 'genai-prices data', io.cwd, host.inputs);
    refuseNonData(text, from);
    const { updateCatalog, eagerModels } = await import('../read-files.js');
    const updated = updateCatalog(text, from, current, builtinCuratedIds(), prices.asOf, { from, fetched: new Date().toISOString() });
    const oldInfo = catalogInfo(current, prices);
    const newInfo = catalogInfo(updated.catalog, prices);
    const diff: CatalogDiff = { kind: 'diff', old: oldInfo, new: newInfo, changes: diffCatalogs(current, oldInfo, updated.catalog, newInfo), effects: null, total: null };
    await host.emit(diff, flags);
    host.stderrLine(`gacost: ${updated.models} models in ${from}${updated.curated > 0 ? `, ${updated.curated} of them kept as catalog ${current.version} has them by hand` : ''}`);
    // The data's entries not imported, the first few named (catalog import --from genai-prices lists them all).
    for (const problem of updated.problems.slice(0, PROBLEMS_NAMED)) host.stderrLine(`gacost: warning: ${problem}`);
    if (updated.problems.length > PROBLEMS_NAMED) host.stderrLine(`gacost: warning: ${updated.problems.length - PROBLEMS_NAMED} more entries not imported (gacost catalog import --from genai-prices FILE names them all)`);
    const unmapped = [...updated.unmapped].sort(([a, x], [b, y]) => y - x || a.localeCompare(b, 'en'));
    for (const [reason, count] of unmapped) host.stderrLine(`gacost: warning: not imported: ${count} ${reason}`);
    if (flags.dryRun === true) {
      host.stderrLine('gacost: --dry-run: nothing stored');
      return;
    }
    storeUserCatalog(folder(), updated.catalog, builtin, eagerModels(updated.catalog));
    host.stderrLine(`gacost: stored catalog ${updated.catalog.version} (hash ${updated.catalog.hash.slice(0, 12)}) in ${JSON.stringify(folder())}: later runs use it (gacost catalog update --reset returns to the built-in one)`);
    if (io.env.GACOST_CATALOG) host.stderrLine('gacost: note: GACOST_CATALOG is set: runs use that catalog, not the updated one');
  });

/** The catalog an update starts from: the stored one, else (none, made over another built-in one, or damaged: said) the built-in one. */
function catalogInUse(dir: string | undefined, builtin: Catalog, host: CommandHost): Catalog {
  try {
    const stored = loadUserCatalog(dir, builtin);
    if (stored.kind !== 'current') return builtin;
    // Its models read now: a damaged file is found here, not halfway through the update.
    void stored.catalog.models;
    return stored.catalog;
  } catch (error) {
    if (!isGacostError(error) || error.code !== 'invalid-catalog') throw error;
    host.stderrLine(`gacost: note: ${error.message.replace(/: run gacost catalog update.*$/, '')}: the update starts from the built-in catalog ${builtin.version}`);
    return builtin;
  }
}

/** The published data is a JSON list of providers: anything else (an error page, a download cut short) is refused before it is imported. */
function refuseNonData(text: string, from: string): void {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new GacostError('invalid-import', `${from} is not JSON (${(error as Error).message}): a download cut short, or not genai-prices data`);
  }
  if (!Array.isArray(data) || data.length === 0) throw new GacostError('invalid-import', `${from} is not genai-prices data: expected a JSON list of providers`);
}
