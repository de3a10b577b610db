import type { BudgetConfig } from '../budget/load-budget.js';
import { loadBuiltinCatalog } from '../catalog/builtin-catalog.js';
import type { Catalog, PriceContext } from '../core/catalog.js';
import type { StagePlan } from '../core/stages.js';
import type { CliIo } from '../io/cli-io.js';
import type { InputFiles } from '../io/input-files.js';
import type { Result } from '../output/results.js';
import type { OutputFlags } from './output-flags.js';

/** What commands need from outside the core, loaded only when asked for. */
export interface CommandContext {
  /** The date prices are looked up for, and the service tier. */
  readonly prices: PriceContext;
  /** The folder relative paths are read from and written to. */
  readonly cwd: string;
  catalog(): Promise<Catalog>;
  /** A catalog named on the command line: a file, or "builtin". */
  catalogAt(path: string): Promise<Catalog>;
  loadStagesFile(path: string, tokensPerUser: bigint | undefined): Promise<StagePlan>;
  /** A budget file, priced with `catalog` (for diffs) or with the catalog it names. */
  loadBudgetFile(path: string, prices?: PriceContext, catalog?: Catalog): Promise<BudgetConfig>;
}

/** What a command's declaration needs from the CLI around it. */
export interface CommandHost {
  readonly io: CliIo;
  /** Every file this run has read, which its output must not replace. */
  readonly inputs: InputFiles;
  /** The loaders and prices of this run, once the global flags are parsed. */
  context(): CommandContext;
  /** Prints a result in the format asked for, to stdout or to --out-file. */
  emit(result: Result, flags: OutputFlags): Promise<void>;
  /** One line on stderr, its control characters escaped. */
  stderrLine(text: string): void;
  setExitCode(code: number): void;
}

/**
 * Which catalog: `--catalog FILE`, then (for a budget file) its `catalog:` key, then GACOST_CATALOG,
 * then the built-in one. Every file read is recorded in `inputs`, which the output must not replace.
 */
export function createContext(catalogFlag: string | undefined, io: Pick<CliIo, 'env' | 'cwd'>, prices: PriceContext, inputs: InputFiles): CommandContext {
  const { env, cwd } = io;
  const ambientPath = catalogFlag ?? (env.GACOST_CATALOG || undefined);
  const loaders = () => import('../read-files.js');
  return {
    prices,
    cwd,
    async catalog() {
      return ambientPath === undefined ? loadBuiltinCatalog() : (await loaders()).loadCatalogFile(ambientPath, loadBuiltinCatalog, cwd, inputs);
    },
    async catalogAt(path) {
      return path === 'builtin' ? loadBuiltinCatalog() : (await loaders()).loadCatalogFile(path, loadBuiltinCatalog, cwd, inputs);
    },
    async loadStagesFile(path, tokensPerUser) {
      return (await loaders()).loadStagesFile(path, tokensPerUser, cwd, inputs);
    },
    async loadBudgetFile(path, sidePrices = prices, sideCatalog) {
      const { loadBudgetFile, loadCatalogFile } = await loaders();
      return loadBudgetFile(path, env, sidePrices, cwd, inputs, (reference) => {
        if (sideCatalog !== undefined) return sideCatalog;
        if (catalogFlag !== undefined) return loadCatalogFile(catalogFlag, loadBuiltinCatalog, cwd, inputs);
        if (reference === undefined) return ambientPath === undefined ? loadBuiltinCatalog() : loadCatalogFile(ambientPath, loadBuiltinCatalog, cwd, inputs);
        return 'builtin' in reference ? loadBuiltinCatalog() : loadCatalogFile(reference.path, loadBuiltinCatalog, cwd, inputs);
      });
    },
  };
}
