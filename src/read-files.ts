/**
 * Reads the files a user names: catalogs (with the catalogs they extend), stage files, budget files
 * and price lists to import. Built as a bundle of its own and loaded only when a command reads a file,
 * so the default path (the built-in catalog, preset stages) never loads yaml or zod.
 */
import { loadBudget, type BudgetConfig, type CatalogLoader, type SideWorkload } from './budget/load-budget.js';
import { loadCatalog, type BaseLoader } from './catalog/load-catalog.js';
import type { Catalog, PriceContext } from './core/catalog.js';
import type { StagePlan } from './core/stages.js';
import { basename, dirname, resolve } from 'node:path';
import { GacostError, isGacostError } from './errors.js';
import { importGenaiPrices } from './import/import-genai-prices.js';
import { importLitellm } from './import/import-litellm.js';
import { catalogYaml } from './import/imported-catalog.js';
import type { InputFiles } from './io/input-files.js';
import { readInputFile } from './io/read-input-file.js';
import type { ImportFormat } from './commands/catalog-import.js';
import { loadStages } from './stages/load-stages.js';

const MAX_OVERLAY_DEPTH = 4;

/** For the build, which reads the built-in catalog with these loaders. */
export { InputFiles } from './io/input-files.js';

/** A catalog file; an overlay's base is loaded too ("builtin" needs `builtin`, the CLI's own catalog). */
export function loadCatalogFile(path: string, builtin: (() => Catalog) | undefined, cwd: string, inputs: InputFiles, depth = 0): Catalog {
  const loadBase: BaseLoader = (reference, fromFile) => {
    if (depth >= MAX_OVERLAY_DEPTH) {
      throw new GacostError('invalid-catalog', `${fromFile}: catalogs extend each other more than ${MAX_OVERLAY_DEPTH} deep; is there a loop?`);
    }
    if (reference === 'builtin') {
      if (builtin === undefined) throw new GacostError('invalid-catalog', `${fromFile}: the built-in catalog cannot extend itself`);
      return builtin();
    }
    return loadCatalogFile(resolve(cwd, dirname(fromFile), reference), builtin, cwd, inputs, depth + 1);
  };
  return loadCatalog(readInputFile(path, 'catalog', cwd, inputs), path, loadBase);
}

export function loadStagesFile(path: string, tokensPerUser: bigint | undefined, cwd: string, inputs: InputFiles): StagePlan {
  return loadStages(readInputFile(path, 'stage file', cwd, inputs), path, tokensPerUser);
}

export function loadBudgetFile(path: string, env: NodeJS.ProcessEnv, prices: PriceContext, cwd: string, inputs: InputFiles, catalogFor: CatalogLoader): BudgetConfig {
  return loadBudget(readInputFile(path, 'budget file', cwd, inputs), path, env, prices, catalogFor);
}

/** A budget file priced as one side of a catalog diff, with `catalog` next to `otherSide`. */
export function loadBudgetFileSide(
  path: string,
  env: NodeJS.ProcessEnv,
  prices: PriceContext,
  cwd: string,
  inputs: InputFiles,
  catalog: Catalog,
  otherSide: Catalog,
): BudgetConfig<SideWorkload> {
  return loadBudget(readInputFile(path, 'budget file', cwd, inputs), path, env, prices, () => catalog, otherSide);
}

export interface ImportOutcome {
  readonly yaml: string;
  readonly models: number;
  /** Models imported as unpublished: the list priced them 0. */
  readonly unpublished: number;
  readonly unmapped: ReadonlyMap<string, number>;
  /** The list's entries skipped or changed for a problem, each "file:line:col: what". */
  readonly problems: readonly string[];
}

/** Converts a LiteLLM or genai-prices price list to a gacost catalog, validated before it is returned. */
export function importCatalogFile(
  from: ImportFormat,
  path: string,
  options: { readonly provider?: string; readonly asOf: string; readonly cwd: string; readonly inputs: InputFiles },
): ImportOutcome {
  const text = readInputFile(path, `${from} price list`, options.cwd, options.inputs);
  const provider = options.provider?.trim().toLowerCase();
  const imported = (from === 'litellm' ? importLitellm : importGenaiPrices)(text, path, { provider, checked: options.asOf });
  if (imported.models.length === 0) {
    const reason = `${path} has no chat model with token prices${provider === undefined ? '' : ` from provider ${provider}`}`;
    throw new GacostError('invalid-import', reason, imported.problems.length > 0 ? [...imported.problems, reason] : []);
  }
  const [year, month] = options.asOf.split('-');
  const yaml = catalogYaml(imported, { version: `${year}.${Number(month)}.0`, effective: options.asOf, origin: `${from} ${basename(path)}` });
  try {
    loadCatalog(yaml, `${path} (imported)`);
  } catch (error) {
    // The importers refuse, entry by entry, whatever a catalog would refuse: anything left is a bug here.
    if (!isGacostError(error)) throw error;
    throw new Error(`the catalog imported from ${path} does not validate: ${error.problems[0] ?? error.message}`);
  }
  return {
    yaml,
    models: imported.models.length,
    unpublished: imported.models.filter((model) => model.prices === 'unpublished').length,
    unmapped: imported.unmapped,
    problems: imported.problems,
  };
}

