/**
 * Reads the files a user names: catalogs (with the catalogs they extend), stage files, budget files
 * and price lists to import. Built as a bundle of its own and loaded only when a command reads a file,
 * so the default path (the built-in catalog, preset stages) never loads yaml or zod.
 */

import { realpathSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { type BudgetConfig, type CatalogLoader, loadBudget, type SideWorkload } from './budget/load-budget.js';
import { type BaseLoader, type IncludeLoader, loadCatalog } from './catalog/load-catalog.js';
import type { Catalog, PriceContext } from './core/catalog.js';
import type { Environment } from './core/environment.js';
import type { StagePlan } from './core/stages.js';
import { GacostError, isGacostError } from './errors.js';
import { importGenaiPrices } from './import/import-genai-prices.js';
import { importedModelOf, mergeHistory } from './import/import-history.js';
import { importLitellm } from './import/import-litellm.js';
import { catalogYaml, type ImportedCatalog } from './import/imported-catalog.js';
import type { InputFiles } from './io/input-files.js';
import { readInputFile } from './io/read-input-file.js';
import { loadStages } from './stages/load-stages.js';

/** Overlays may stack this deep (a loop is caught by its files, whatever its length). */
const MAX_OVERLAY_DEPTH = 32;

export { eagerModels } from './catalog/eager-models.js';
/** For the build, which reads the built-in catalog with these loaders and keeps its eager models inline. */
export { InputFiles } from './io/input-files.js';

/** A catalog file; an overlay's base is loaded too ("builtin" needs `builtin`, the CLI's own catalog). */
export function loadCatalogFile(path: string, builtin: (() => Catalog) | undefined, cwd: string, inputs: InputFiles): Catalog {
  const text = readInputFile(path, 'catalog', cwd, inputs);
  return loadOverlay(text, path, { builtin, cwd, inputs }, [{ path, real: realPathOf(resolve(cwd, path)) }]);
}

/** The catalog files an overlay extends, itself first: the paths as named, and as the file system resolves them. */
type OverlayChain = readonly { readonly path: string; readonly real: string }[];

interface OverlayContext {
  readonly builtin: (() => Catalog) | undefined;
  readonly cwd: string;
  readonly inputs: InputFiles;
}

function loadOverlay(text: string, path: string, context: OverlayContext, chain: OverlayChain, included = false): Catalog {
  /** A catalog file named by `extends` or `include`, relative to the file that names it, caught in a loop of such names. */
  const loadLinked = (key: 'extends' | 'include', reference: string, fromFile: string, at: string): Catalog => {
    const linkedPath = resolve(context.cwd, dirname(fromFile), reference);
    const real = realPathOf(linkedPath);
    if (chain.some((link) => link.real === real)) {
      const loop = [...chain.map((link) => link.path), linkedPath].join(' → ');
      throw new GacostError('invalid-catalog', `${at}: ${key}: ${reference} makes a loop: ${loop}`);
    }
    if (chain.length >= MAX_OVERLAY_DEPTH) {
      throw new GacostError('invalid-catalog', `${at}: ${key}: catalogs extend or include each other more than ${MAX_OVERLAY_DEPTH} deep`);
    }
    let linkedText: string;
    try {
      linkedText = readInputFile(linkedPath, 'catalog', context.cwd, context.inputs);
    } catch (error) {
      if (!isGacostError(error)) throw error;
      throw new GacostError(error.code, `${at}: ${key}: ${error.message}`);
    }
    return loadOverlay(linkedText, linkedPath, context, [...chain, { path: linkedPath, real }], key === 'include');
  };
  const loadBase: BaseLoader = (reference, fromFile, extendsAt) => {
    if (reference !== 'builtin') return loadLinked('extends', reference, fromFile, extendsAt);
    if (context.builtin === undefined)
      throw new GacostError('invalid-catalog', `${extendsAt}: extends: the built-in catalog cannot extend itself`);
    return context.builtin();
  };
  const loadInclude: IncludeLoader = (reference, fromFile, at) => loadLinked('include', reference, fromFile, at);
  return loadCatalog(text, path, loadBase, { loadInclude, included });
}

/** The file's path with every link resolved, so that a loop is caught however its files are named; as given when it cannot be resolved. */
function realPathOf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

export function loadStagesFile(path: string, tokensPerUser: bigint | undefined, cwd: string, inputs: InputFiles): StagePlan {
  return loadStages(readInputFile(path, 'stage file', cwd, inputs), path, tokensPerUser);
}

export function loadBudgetFile(
  path: string,
  env: Environment,
  prices: PriceContext,
  cwd: string,
  inputs: InputFiles,
  catalogFor: CatalogLoader,
): BudgetConfig {
  return loadBudget(readInputFile(path, 'budget file', cwd, inputs), path, env, prices, catalogFor);
}

/** A budget file given as text (`gacost diff` reads one side from git): `file` stands for it in messages. */
export function loadBudgetText(
  text: string,
  file: string,
  env: Environment,
  prices: PriceContext,
  catalogFor: CatalogLoader,
): BudgetConfig {
  return loadBudget(text, file, env, prices, catalogFor);
}

/** A budget file priced as one side of a catalog diff, with `catalog` next to `otherSide`. */
export function loadBudgetFileSide(
  path: string,
  env: Environment,
  prices: PriceContext,
  cwd: string,
  inputs: InputFiles,
  catalog: Catalog,
  otherSide: Catalog,
): BudgetConfig<SideWorkload> {
  return loadBudget(readInputFile(path, 'budget file', cwd, inputs), path, env, prices, () => catalog, otherSide);
}

/** Leaves out the models named (by id, any case), counted, so that none is dropped unsaid. */
function excludeModels(imported: ImportedCatalog, ids: readonly string[]): void {
  const excluded = new Set(ids.map((id) => id.trim().toLowerCase()));
  const kept = imported.models.filter((model) => !excluded.has(model.id.toLowerCase()));
  const left = imported.models.length - kept.length;
  if (left > 0) imported.unmapped.set('models left out with --exclude', left);
  imported.models.splice(0, imported.models.length, ...kept);
}

/** The price lists `gacost catalog import` reads. */
export type ImportFormat = 'litellm' | 'genai-prices';

/** A price list imported: the catalog's YAML, and what was not imported, by reason. */
export interface ImportOutcome {
  readonly yaml: string;
  readonly models: number;
  /** Models imported as unpublished: the list priced them 0. */
  readonly unpublished: number;
  readonly unmapped: ReadonlyMap<string, number>;
  /** The list's entries skipped or changed for a problem, each "file:line:col: what". */
  readonly problems: readonly string[];
}

/**
 * Converts a LiteLLM or genai-prices price list to a gacost catalog, validated before it is returned;
 * with `history`, merged onto that catalog (an earlier import of the list), whose past prices stay.
 */
export function importCatalogFile(
  from: ImportFormat,
  path: string,
  options: {
    readonly provider?: string;
    readonly exclude?: readonly string[];
    readonly history?: string;
    readonly asOf: string;
    readonly cwd: string;
    readonly inputs: InputFiles;
  },
): ImportOutcome {
  const text = readInputFile(path, `${from} price list`, options.cwd, options.inputs);
  const provider = options.provider?.trim().toLowerCase();
  const imported = (from === 'litellm' ? importLitellm : importGenaiPrices)(text, path, { provider, checked: options.asOf });
  if (options.history !== undefined) {
    const earlier = loadCatalog(readInputFile(options.history, 'catalog', options.cwd, options.inputs), options.history, undefined, {
      included: true,
    });
    imported.models.splice(0, imported.models.length, ...mergeHistory(earlier.models.map(importedModelOf), imported.models, options.asOf));
    // A model kept from the earlier catalog keeps its provider, which the list may no longer have.
    for (const model of imported.models) {
      const kept = earlier.providers[model.provider];
      if (imported.providers.has(model.provider) || kept === undefined) continue;
      const { name, source, match, model_match: modelMatch, fallback_providers: fallbacks } = kept;
      imported.providers.set(model.provider, {
        name,
        ...(source === undefined ? {} : { source }),
        ...(match === undefined ? {} : { match }),
        ...(modelMatch === undefined ? {} : { model_match: modelMatch }),
        ...(fallbacks === undefined ? {} : { fallback_providers: fallbacks }),
      });
    }
  }
  excludeModels(imported, options.exclude ?? []);
  if (imported.models.length === 0) {
    const reason = `${path} has no chat model with token prices${provider === undefined ? '' : ` from provider ${provider}`}`;
    throw new GacostError('invalid-import', reason, imported.problems.length > 0 ? [...imported.problems, reason] : []);
  }
  const [year, month] = options.asOf.split('-');
  const yaml = catalogYaml(imported, {
    version: `${year}.${Number(month)}.0`,
    effective: options.asOf,
    origin: `${from} ${path === '-' ? 'standard input' : basename(path)}`,
  });
  try {
    // A price list may fall back to providers of another list (Azure to OpenAI's): checked where it is included.
    loadCatalog(yaml, `${path} (imported)`, undefined, { included: true });
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

/** A catalog given as text (YAML or JSON) rather than a file: `name` stands for its file in messages, and its `extends`/`include` are relative to `cwd`. */
export function loadCatalogText(
  text: string,
  name: string,
  builtin: (() => Catalog) | undefined,
  cwd: string,
  inputs: InputFiles,
): Catalog {
  return loadOverlay(text, name, { builtin, cwd, inputs }, [{ path: name, real: resolve(cwd, name) }]);
}

export { updateCatalog } from './import/update-catalog.js';
