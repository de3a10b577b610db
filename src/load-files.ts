/**
 * Everything that needs yaml and zod, loaded on demand: the default path (the built-in catalog,
 * preset stages) never pays for parsing YAML at start-up.
 */
import { z } from 'zod';
import { budgetFileSchema } from './budget/budget-schema.js';
import { loadBudget, type BudgetConfig, type CatalogLoader } from './budget/load-budget.js';
import { catalogSchema } from './catalog/catalog-schema.js';
import { loadCatalog } from './catalog/load-catalog.js';
import type { Catalog, PriceContext } from './core/catalog.js';
import type { StagePlan } from './core/stages.js';
import { readInputFile } from './io/read-input-file.js';
import { outputSchema } from './render/output-schema.js';
import type { SchemaKind } from './schema-kinds.js';
import { loadStages } from './stages/load-stages.js';

export function loadCatalogFile(path: string): Catalog {
  return loadCatalog(readInputFile(path, 'catalog'), path);
}

export function loadStagesFile(path: string, tokensPerUser?: bigint): StagePlan {
  return loadStages(readInputFile(path, 'stage file'), path, tokensPerUser);
}

export function loadBudgetFile(path: string, env: NodeJS.ProcessEnv, prices: PriceContext, catalogFor: CatalogLoader): BudgetConfig {
  return loadBudget(readInputFile(path, 'budget file'), path, env, prices, catalogFor);
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
