/**
 * The inputs a use case prices with, read as the CLI reads them: catalogs (a file with its `extends`
 * and `include`, text, or an object in a file's shape) and stage files. The YAML and schema code is
 * loaded on the first call that reads a file.
 */
import { loadBuiltinCatalog } from '../catalog/builtin-catalog.js';
import type { Catalog } from '../core/catalog.js';
import type { StagePlan } from '../core/stages.js';
import { GacostError } from '../errors.js';
import { InputFiles } from '../io/input-files.js';
import { OPTION_KEYS, type OptionNames, type Tokens, tokensOf } from './options.js';

/** A catalog: "builtin", a file path, `{ text, name? }` (a file's content), or an object in a file's shape. */
export type CatalogInput = 'builtin' | string | { readonly text: string; readonly name?: string } | Record<string, unknown>;

const loaders = () => import('../read-files.js');

/** The catalog gacost ships, as of the package's build. */
export function builtinCatalog(): Catalog {
  return loadBuiltinCatalog();
}

/**
 * A catalog: "builtin" (default), a file path (YAML or JSON, read as `--catalog` reads it, with its
 * `extends` and `include`), `{ text }` (the file's content) or a catalog object in the file's shape
 * (`{ schema: 1, version, effective, currency, providers, models, … }`), validated exactly as a file.
 * Relative paths are resolved from `cwd` (default process.cwd()).
 */
export async function loadCatalog(
  source: CatalogInput = 'builtin',
  options: { readonly cwd?: string; readonly inputs?: InputFiles } = {},
): Promise<Catalog> {
  if (source === 'builtin') return loadBuiltinCatalog();
  const cwd = options.cwd ?? process.cwd();
  const inputs = options.inputs ?? new InputFiles();
  const { loadCatalogFile, loadCatalogText } = await loaders();
  if (typeof source === 'string') return loadCatalogFile(source, loadBuiltinCatalog, cwd, inputs);
  if (typeof source.text === 'string')
    return loadCatalogText(source.text, typeof source.name === 'string' ? source.name : '(catalog text)', loadBuiltinCatalog, cwd, inputs);
  let text: string;
  try {
    text = JSON.stringify(source);
  } catch (error) {
    throw new GacostError('invalid-catalog', `the catalog object cannot be read: ${(error as Error).message}`);
  }
  return loadCatalogText(text, '(catalog object)', loadBuiltinCatalog, cwd, inputs);
}

/** A stage file (YAML list of name, users, tokens), read as `--stages` reads it. */
export async function loadStages(
  path: string,
  options: { readonly tokensPerUser?: Tokens; readonly cwd?: string } = {},
  names: OptionNames = OPTION_KEYS,
): Promise<StagePlan> {
  const tokensPerUser = options.tokensPerUser === undefined ? undefined : tokensOf(options.tokensPerUser, names('tokensPerUser'));
  return (await loaders()).loadStagesFile(path, tokensPerUser, options.cwd ?? process.cwd(), new InputFiles());
}
