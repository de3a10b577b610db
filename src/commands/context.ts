import { loadBuiltinCatalog } from '../catalog/builtin-catalog.js';
import type { Catalog } from '../core/catalog.js';
import type { StagePlan } from '../core/stages.js';

/** What commands need from outside the core, loaded only when asked for. */
export interface CommandContext {
  catalog(): Promise<Catalog>;
  loadStagesFile(path: string, tokensPerUser: bigint | undefined): Promise<StagePlan>;
}

/** `--catalog FILE` wins over GACOST_CATALOG, which wins over the built-in catalog. */
export function createContext(catalogFlag: string | undefined, env: NodeJS.ProcessEnv): CommandContext {
  const catalogPath = catalogFlag ?? (env.GACOST_CATALOG || undefined);
  const loaders = () => import('../load-files.js');
  return {
    async catalog() {
      return catalogPath === undefined ? loadBuiltinCatalog() : (await loaders()).loadCatalogFile(catalogPath);
    },
    async loadStagesFile(path, tokensPerUser) {
      return (await loaders()).loadStagesFile(path, tokensPerUser);
    },
  };
}
