import { type BigIntStats, fstatSync } from 'node:fs';
import type { Readable } from 'node:stream';
import type { Command } from '@commander-js/extra-typings';
import type { OptionNames, ReadIo } from '../app/options.js';
import type { BudgetConfig, SideWorkload } from '../budget/load-budget.js';
import { loadBuiltinCatalog } from '../catalog/builtin-catalog.js';
import type { Catalog, PriceContext } from '../core/catalog.js';
import { refuseUnknownTier } from '../core/resolve-model.js';
import type { StagePlan } from '../core/stages.js';
import type { Provenance } from '../core/usage-pricing.js';
import { GacostError } from '../errors.js';
import type { CliIo } from '../io/cli-io.js';
import type { InputFiles } from '../io/input-files.js';
import { cacheDir, loadUserCatalog } from '../io/user-catalog.js';
import type { ResultSpec } from '../output/spec.js';
import { agree, counted, countedPhrase } from '../output/words.js';
import type { OutputFlags } from './output-flags.js';

/** What commands need from outside the core, loaded only when asked for. */
export interface CommandContext {
  /** The date prices are looked up for, and the service tier. */
  readonly prices: PriceContext;
  /** The folder relative paths are read from and written to. */
  readonly cwd: string;
  /** Whether --catalog names the catalog, which then wins over a budget file's own. */
  readonly catalogGiven: boolean;
  catalog(): Promise<Catalog>;
  /** A catalog named on the command line: a file, or "builtin". */
  catalogAt(path: string): Promise<Catalog>;
  loadStagesFile(path: string, tokensPerUser: bigint | undefined): Promise<StagePlan>;
  /** A budget file, priced with the catalog it names (or the one in force). */
  loadBudgetFile(path: string): Promise<BudgetConfig>;
  /** A budget file priced as one side of a catalog diff: with `catalog` on `prices`, next to `otherSide`. */
  loadBudgetSide(path: string, prices: PriceContext, catalog: Catalog, otherSide: Catalog): Promise<BudgetConfig<SideWorkload>>;
}

/** The global flags: each command names those it uses, and any other is refused, not ignored. */
export const GLOBAL_FLAGS = ['catalog', 'asOf', 'tier'] as const;
export type GlobalFlag = (typeof GLOBAL_FLAGS)[number];

/** A command as src/cli.ts lists it: its declaration, the global flags it uses and the examples its --help ends with. */
export interface CommandSpec {
  readonly globals: readonly GlobalFlag[];
  /** Two or three, each as typed after `gacost `. */
  readonly examples: readonly string[];
  /** `program` is the whole CLI, for a command that describes it (completion). */
  declare(host: CommandHost, program: () => Command<any, any, any>): Command<any, any, any>;
}

/** What a command's declaration needs from the CLI around it. */
export interface CommandHost {
  readonly io: CliIo;
  /** Every file this run has read, which its output must not replace. */
  readonly inputs: InputFiles;
  /** The loaders and prices of this run, once the global flags are parsed. */
  context(): CommandContext;
  /** Prints a result, drawn by its kind's spec, in the format asked for, to stdout or to --out-file. */
  emit<Result extends object>(spec: ResultSpec<Result, any>, result: Result, flags: OutputFlags): Promise<void>;
  /** One line on stderr, its control characters escaped. */
  stderrLine(text: string): void;
  /** A GitHub workflow command gacost means to give (a githubAnnotation line): its own `::` kept, the rest escaped as any stderr line. */
  workflowCommand(command: string): void;
  setExitCode(code: number): void;
}

/**
 * How a message names an option: by its flag (`tokensPerRequest` is --tokens-per-request). The
 * library's `models` is --model, which takes one or more.
 */
export const flagName: OptionNames = (option) =>
  option === 'models' ? '--model' : `--${option.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;

/** What the use cases that read files take from a run: its folder, the files it read, its standard input, flag names in messages. */
export function cliReadIo(host: CommandHost, context: CommandContext): ReadIo {
  return {
    names: flagName,
    cwd: context.cwd,
    inputs: host.inputs,
    stdin: usageStdin(host),
    stdinFile: usageStdinFile(host),
    onRead: (read) => warnSkipped(host, read),
  };
}

/** Standard input for a usage source named `-`, or a one-line refusal where the run has none or it is a folder (`< dir`). */
function usageStdin(host: CommandHost): () => Readable {
  return () => {
    if (host.io.stdin === undefined) throw new GacostError('unreadable-file', 'cannot read usage -: this run has no standard input');
    const stdin = host.io.stdin();
    const { fd } = stdin as { fd?: unknown };
    if (typeof fd === 'number' && isDirectory(fd))
      throw new GacostError('unreadable-file', 'cannot read usage -: standard input is a directory, not a file');
    return stdin;
  };
}

/**
 * The file standard input is, where it is one (`- < log.jsonl`): recorded with the usage files, so
 * that --out-file never replaces it and a file also named is read once. A pipe or a terminal is none.
 */
function usageStdinFile(host: CommandHost): () => BigIntStats | undefined {
  return () => {
    const { fd } = (host.io.stdin?.() ?? {}) as { fd?: unknown };
    if (typeof fd !== 'number') return undefined;
    try {
      const stats = fstatSync(fd, { bigint: true });
      return stats.isFile() ? stats : undefined;
    } catch {
      return undefined;
    }
  };
}

function isDirectory(fd: number): boolean {
  try {
    return fstatSync(fd).isDirectory();
  } catch {
    return false;
  }
}

type Skipped = ReadonlyMap<string, { readonly count: number; readonly positions: readonly string[] }>;

/** What the usage readers skipped, as warnings on stderr: bad records (with --skip-bad) and files not read, the first few named. */
function warnSkipped(host: CommandHost, read: { readonly bad: Skipped; readonly otherFiles: Skipped }): void {
  for (const [reason, { count, positions }] of [...read.bad, ...read.otherFiles]) {
    host.stderrLine(
      `gacost: warning: skipped ${countedPhrase(count, reason)} (${positions.join(', ')}${count > positions.length ? ', …' : ''})`,
    );
  }
}

/** Log names priced by a broader match rule are warned of by name, up to this many; the JSON lists them all. */
const RULE_WARNINGS = 5;

/**
 * A warning for each log name that a match rule or a dropped variant, not its id or a dated form of
 * it, took to a model: a newer model (`claude-fable-5-1`) may be priced as an older one.
 */
export function warnRulePriced(host: CommandHost, entries: readonly Provenance[]): void {
  const seen = new Map<string, string>();
  for (const entry of entries) {
    if (entry.resolution !== 'rule') continue;
    const key = `${entry.logModel}\u0000${entry.model}`;
    const how = entry.rule?.startsWith('variant ') ? `with its ${entry.rule} dropped` : `by its match rule ${entry.rule ?? ''}`;
    if (!seen.has(key))
      seen.set(
        key,
        `gacost: warning: ${JSON.stringify(entry.logModel)} is priced as ${entry.model} ${how}, not by its id or a dated form of it: a newer or other model may cost otherwise (an overlay can name it)`,
      );
  }
  const lines = [...seen.values()];
  for (const line of lines.slice(0, RULE_WARNINGS)) host.stderrLine(line);
  if (lines.length > RULE_WARNINGS)
    host.stderrLine(
      `gacost: warning: ${counted(lines.length - RULE_WARNINGS, 'more log name')} ${agree(lines.length - RULE_WARNINGS, 'is', 'are')} priced by a match rule (--format json lists them under provenance)`,
    );
}

/**
 * Which catalog: `--catalog FILE`, then (for a budget file) its `catalog:` key, then GACOST_CATALOG,
 * then the user's updated catalog (`gacost catalog update`, in the cache folder), then the built-in
 * one; "builtin" names the built-in one wherever a catalog file is asked for. An updated catalog made
 * over another built-in catalog than this gacost's (gacost was upgraded since) is not used, with a
 * note. The tier must be one the catalog has. Every file read is recorded in `inputs`, which the
 * output must not replace.
 */
export function createContext(
  catalogFlag: string | undefined,
  io: Pick<CliIo, 'env' | 'cwd' | 'stdin' | 'stderr'>,
  prices: PriceContext,
  inputs: InputFiles,
): CommandContext {
  const { env, cwd } = io;
  const ambientPath = catalogFlag ?? (env.GACOST_CATALOG || undefined);
  let ambientCatalog: Catalog | undefined;
  // The catalog a run uses when none is named: read once, on first use.
  const defaultCatalog = (): Catalog => {
    if (ambientCatalog !== undefined) return ambientCatalog;
    const builtin = loadBuiltinCatalog();
    const dir = cacheDir(env, cwd);
    const user = loadUserCatalog(dir, builtin);
    if (user.kind === 'outdated') {
      io.stderr(
        `gacost: note: the catalog updated on ${user.fetched.slice(0, 10)} in ${JSON.stringify(dir)} was made over built-in catalog ${user.builtin.version}, not this gacost's ${builtin.version}: the built-in one is used (gacost catalog update makes a new one)\n`,
      );
    }
    ambientCatalog = user.kind === 'current' ? user.catalog : builtin;
    return ambientCatalog;
  };
  const loaders = () => import('../read-files.js');
  // A file given as `-` is standard input, read here (it may wait on a stream) before the synchronous readers take it.
  const stdinFor = async (path: string | undefined, what: string) => {
    if (path === '-') await inputs.readStdin(io.stdin, what);
  };
  // The built-in catalog needs no YAML parser: it is not loaded for it.
  const catalogAt = async (path: string) => {
    if (path === 'builtin') return loadBuiltinCatalog();
    await stdinFor(path, 'catalog');
    return (await loaders()).loadCatalogFile(path, loadBuiltinCatalog, cwd, inputs);
  };
  const withKnownTier = (catalog: Catalog) => {
    refuseUnknownTier(prices.tier, [catalog]);
    return catalog;
  };
  return {
    prices,
    cwd,
    catalogGiven: catalogFlag !== undefined,
    async catalog() {
      return withKnownTier(ambientPath === undefined ? defaultCatalog() : await catalogAt(ambientPath));
    },
    catalogAt,
    async loadStagesFile(path, tokensPerUser) {
      await stdinFor(path, 'stage file');
      return (await loaders()).loadStagesFile(path, tokensPerUser, cwd, inputs);
    },
    async loadBudgetFile(path) {
      await stdinFor(path, 'budget file');
      await stdinFor(catalogFlag ?? ambientPath, 'catalog');
      const { loadBudgetFile, loadCatalogFile } = await loaders();
      const fileOrBuiltin = (file: string) =>
        file === 'builtin' ? loadBuiltinCatalog() : loadCatalogFile(file, loadBuiltinCatalog, cwd, inputs);
      return loadBudgetFile(path, env, prices, cwd, inputs, (reference) => {
        if (catalogFlag !== undefined) return withKnownTier(fileOrBuiltin(catalogFlag));
        if (reference === undefined) return withKnownTier(ambientPath === undefined ? defaultCatalog() : fileOrBuiltin(ambientPath));
        return withKnownTier(
          'builtin' in reference ? loadBuiltinCatalog() : loadCatalogFile(reference.path, loadBuiltinCatalog, cwd, inputs),
        );
      });
    },
    async loadBudgetSide(path, sidePrices, catalog, otherSide) {
      await stdinFor(path, 'budget file');
      return (await loaders()).loadBudgetFileSide(path, env, sidePrices, cwd, inputs, catalog, otherSide);
    },
  };
}
