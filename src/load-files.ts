/**
 * Everything that needs yaml and zod, loaded on demand: the default path (the built-in catalog,
 * preset stages) never pays for parsing YAML at start-up.
 */
import { z } from 'zod';
import { budgetFileSchema } from './budget/budget-schema.js';
import { loadBudget, type BudgetConfig, type CatalogLoader, type SideWorkload } from './budget/load-budget.js';
import { catalogSchema } from './catalog/catalog-schema.js';
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
import { outputSchema } from './output/contract.js';
import type { ImportFormat, SchemaKind } from './lazy-choices.js';
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

/** JSON Schema generated from the zod schemas that gacost itself validates and prints with. */
export function jsonSchemaOf(kind: SchemaKind): string {
  const schemas = { catalog: catalogSchema, budget: budgetFileSchema, output: outputSchema } satisfies Record<SchemaKind, z.ZodType>;
  const titles: Record<SchemaKind, string> = {
    catalog: 'gacost pricing catalog',
    budget: 'gacost budget file (gacost.yaml)',
    output: 'gacost JSON output',
  };
  const schema = z.toJSONSchema(schemas[kind], { io: 'input', unrepresentable: 'any' });
  return `${JSON.stringify({ ...schema, title: titles[kind] }, null, 2)}\n`;
}

export interface ImportOutcome {
  readonly yaml: string;
  readonly models: number;
  readonly unmapped: ReadonlyMap<string, number>;
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
    throw new GacostError('invalid-import', `${path} has no chat model with token prices${provider === undefined ? '' : ` from provider ${provider}`}`);
  }
  const [year, month] = options.asOf.split('-');
  const yaml = catalogYaml(imported, { version: `${year}.${Number(month)}.0`, effective: options.asOf, origin: `${from} ${basename(path)}` });
  loadCatalog(yaml, `${path} (imported)`); // what we write must validate and project
  return { yaml, models: imported.models.length, unmapped: imported.unmapped };
}

/** Every file's problems (file:line:col each), and a line for each valid file. */
export function validateCatalogFiles(paths: readonly string[], builtin: () => Catalog, cwd: string, inputs: InputFiles): { valid: string[]; problems: string[] } {
  const valid: string[] = [];
  const problems: string[] = [];
  for (const path of paths) {
    try {
      const catalog = path === 'builtin' ? builtin() : loadCatalogFile(path, builtin, cwd, inputs);
      valid.push(`${path}: ok, ${catalog.models.length} models, version ${catalog.version}, hash ${catalog.hash}`);
    } catch (error) {
      if (!isGacostError(error)) throw error;
      problems.push(...(error.problems.length > 0 ? error.problems : [error.message]));
    }
  }
  return { valid, problems };
}
