import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { Catalog, Model } from '../core/catalog.js';
import { GacostError } from '../errors.js';
import { errnoReason } from './errno-reason.js';

/**
 * The user's updated catalog (`gacost catalog update`), stored in a cache folder: catalog.json, the
 * validated catalog without its models but with those a run with the defaults needs (as the build
 * keeps the built-in one), and the rest as one JSON text in a file named by its hash, read only when
 * a command needs every model. A run with it parses no YAML and, on the default path, reads one small
 * file. catalog.json is written last, by a rename: a run sees the old catalog or the new, whole.
 */
const CATALOG_FILE = 'catalog.json';
const FORMAT = 'gacost updated catalog 1';

interface StoredCatalog {
  readonly format: typeof FORMAT;
  /** The built-in catalog it was made over: a gacost with another built-in catalog does not use it. */
  readonly builtin: { readonly version: string; readonly hash: string };
  /** The file holding the models not in eagerModels (each null there), and how many models the catalog has. */
  readonly models: string;
  readonly count: number;
  readonly catalog: Omit<Catalog, 'models' | 'eagerModels'> & { readonly eagerModels: readonly [number, Model][] };
}

/**
 * The cache folder, by the platform's convention: GACOST_CACHE_DIR; else %LOCALAPPDATA%\gacost on
 * Windows, ~/Library/Caches/gacost on macOS, $XDG_CACHE_HOME/gacost or ~/.cache/gacost elsewhere.
 * Only the run's environment is asked (not the system's idea of home), so that a run with none of
 * these (or GACOST_CACHE_DIR=off) has no updated catalog.
 */
export function cacheDir(env: NodeJS.ProcessEnv, cwd: string, platform: NodeJS.Platform = process.platform): string | undefined {
  const under = (folder: string | undefined, ...rest: string[]) => (folder ? resolve(cwd, folder, ...rest) : undefined);
  // off turns the folder off, rather than naming a folder "off".
  if (env.GACOST_CACHE_DIR === 'off') return undefined;
  if (env.GACOST_CACHE_DIR) return resolve(cwd, env.GACOST_CACHE_DIR);
  if (platform === 'win32') return under(env.LOCALAPPDATA, 'gacost');
  if (platform === 'darwin') return under(env.HOME, 'Library', 'Caches', 'gacost');
  // XDG: a relative path is invalid and is ignored.
  if (env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME)) return join(env.XDG_CACHE_HOME, 'gacost');
  return under(env.HOME, '.cache', 'gacost');
}

export type UserCatalog =
  | { readonly kind: 'none' }
  | { readonly kind: 'current'; readonly catalog: Catalog }
  /** Made over another built-in catalog than this gacost's (gacost was upgraded since). */
  | { readonly kind: 'outdated'; readonly builtin: { readonly version: string; readonly hash: string }; readonly fetched: string };

/** The updated catalog stored in `dir`, if any; a damaged one is refused with a one-line reason. */
export function loadUserCatalog(dir: string | undefined, builtin: Pick<Catalog, 'hash'>): UserCatalog {
  if (dir === undefined) return { kind: 'none' };
  let stored: StoredCatalog;
  try {
    stored = JSON.parse(readFileSync(join(dir, CATALOG_FILE), 'utf8')) as StoredCatalog;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
    throw damaged(dir, error instanceof SyntaxError ? 'not JSON' : errnoReason(error));
  }
  const updated = isStoredCatalog(stored) ? stored.catalog.updated : undefined;
  if (updated === undefined) throw damaged(dir, 'not a catalog gacost stored');
  if (stored.builtin.hash !== builtin.hash) return { kind: 'outdated', builtin: stored.builtin, fetched: updated.fetched };
  const { eagerModels, ...catalog } = stored.catalog;
  let models: Model[] | undefined;
  return {
    kind: 'current',
    catalog: {
      ...catalog,
      eagerModels: eagerModels.map(([, model]) => model),
      get models(): readonly Model[] {
        if (models === undefined) {
          let read: unknown;
          try {
            read = JSON.parse(readFileSync(join(dir, stored.models), 'utf8'));
          } catch (error) {
            throw damaged(dir, `${stored.models}: ${error instanceof SyntaxError ? 'not JSON' : errnoReason(error)}`);
          }
          // Every model but the eager ones, each where the catalog has it: anything else would price a part of the catalog as if it were all.
          const eagerAt = new Set(eagerModels.map(([index]) => index));
          const whole =
            Array.isArray(read) &&
            read.length === stored.count &&
            read.every((model: unknown, index) => (eagerAt.has(index) ? model === null : isModel(model)));
          if (!whole) throw damaged(dir, `${stored.models}: not the ${stored.count} models of the catalog`);
          models = read as Model[];
          // The same objects as eagerModels, so that a model found there is the catalog's own.
          for (const [index, model] of eagerModels) models[index] = model;
        }
        return models;
      },
    },
  };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isModel = (value: unknown): boolean => isObject(value) && typeof value.id === 'string';

/** The shape this gacost stores (the catalog was validated before it was stored; a file edited or cut since is damaged). */
function isStoredCatalog(value: unknown): value is StoredCatalog {
  if (!isObject(value) || value.format !== FORMAT || typeof value.models !== 'string' || !Number.isSafeInteger(value.count)) return false;
  const { builtin, catalog } = value;
  if (!isObject(builtin) || typeof builtin.hash !== 'string' || typeof builtin.version !== 'string') return false;
  if (
    !isObject(catalog) ||
    typeof catalog.version !== 'string' ||
    typeof catalog.hash !== 'string' ||
    !isObject(catalog.providers) ||
    !isObject(catalog.updated) ||
    typeof catalog.updated.fetched !== 'string'
  )
    return false;
  const count = value.count as number;
  return (
    Array.isArray(catalog.eagerModels) &&
    catalog.eagerModels.every(
      (entry: unknown) => Array.isArray(entry) && Number.isSafeInteger(entry[0]) && entry[0] >= 0 && entry[0] < count && isModel(entry[1]),
    )
  );
}

const damaged = (dir: string, reason: string) =>
  new GacostError(
    'invalid-catalog',
    `the updated catalog in ${JSON.stringify(dir)} is damaged (${reason}): run gacost catalog update again, or gacost catalog update --reset`,
  );

/**
 * Stores `catalog` as the user's updated catalog, made over `builtin`, with the models `eager` picks
 * kept in catalog.json; files of an earlier one are removed once it is replaced.
 */
export function storeUserCatalog(
  dir: string,
  catalog: Catalog,
  builtin: Pick<Catalog, 'version' | 'hash'>,
  eager: readonly [number, Model][],
): void {
  const modelsFile = `models-${catalog.hash.slice(0, 16)}.json`;
  const eagerIndexes = new Set(eager.map(([index]) => index));
  const { models, eagerModels: _, ...rest } = catalog;
  const stored: StoredCatalog = {
    format: FORMAT,
    builtin: { version: builtin.version, hash: builtin.hash },
    models: modelsFile,
    count: models.length,
    catalog: { ...rest, eagerModels: eager },
  };
  try {
    mkdirSync(dir, { recursive: true });
    writeWhole(join(dir, modelsFile), JSON.stringify(models.map((model, index) => (eagerIndexes.has(index) ? null : model))));
    writeWhole(join(dir, CATALOG_FILE), JSON.stringify(stored));
  } catch (error) {
    throw new GacostError('unwritable-file', `cannot store the updated catalog in ${JSON.stringify(dir)}: ${errnoReason(error)}`);
  }
  for (const file of readdirSync(dir))
    if (/^models-[0-9a-f]+\.json$/.test(file) && file !== modelsFile) rmSync(join(dir, file), { force: true });
}

/** Removes the updated catalog; whether there was one. */
export function removeUserCatalog(dir: string): boolean {
  try {
    const files = readdirSync(dir).filter((file) => file === CATALOG_FILE || /^models-[0-9a-f]+\.json$/.test(file));
    // catalog.json first: no run sees a catalog without its models.
    for (const file of files.sort((a, b) => Number(b === CATALOG_FILE) - Number(a === CATALOG_FILE))) rmSync(join(dir, file));
    return files.includes(CATALOG_FILE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new GacostError('unwritable-file', `cannot remove the updated catalog in ${JSON.stringify(dir)}: ${errnoReason(error)}`);
  }
}

/** A temporary file beside the target, renamed into place: the file is whole or as it was. */
function writeWhole(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  } finally {
    rmSync(temporary, { force: true });
  }
}
