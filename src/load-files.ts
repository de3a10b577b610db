/**
 * Everything that needs yaml and zod, loaded on demand: the default path (the built-in catalog,
 * preset stages) never pays for parsing YAML at start-up.
 */
import { loadBudget, type BudgetConfig, type CatalogLoader } from './budget/load-budget.js';
import { loadCatalog } from './catalog/load-catalog.js';
import type { Catalog } from './core/catalog.js';
import type { StagePlan } from './core/stages.js';
import { readInputFile } from './io/read-input-file.js';
import { loadStages } from './stages/load-stages.js';

export function loadCatalogFile(path: string): Catalog {
  return loadCatalog(readInputFile(path, 'catalog'), path);
}

export function loadStagesFile(path: string, tokensPerUser?: bigint): StagePlan {
  return loadStages(readInputFile(path, 'stage file'), path, tokensPerUser);
}

export function loadBudgetFile(path: string, env: NodeJS.ProcessEnv, catalogFor: CatalogLoader): BudgetConfig {
  return loadBudget(readInputFile(path, 'budget file'), path, env, catalogFor);
}
