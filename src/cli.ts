import { Command, CommanderError } from '@commander-js/extra-typings';
import { type CommandHost, type CommandSpec, createContext, GLOBAL_FLAGS, type GlobalFlag } from './commands/context.js';
import { settleFormat } from './commands/output-flags.js';
import { projectCommand } from './commands/project.js';
import { refuseRepeatedFlags } from './commands/repeated-flags.js';
import type { CatalogInfo, PriceContext } from './core/catalog.js';
import { isIsoDate } from './core/dates.js';
import { type ErrorCode, GacostError, isGacostError } from './errors.js';
import { type CliIo, processIo } from './io/cli-io.js';
import { InputFiles } from './io/input-files.js';
import { writeOutputFile } from './io/write-output.js';
import { escapeControls } from './output/escape-controls.js';
import { renderPieces } from './output/render.js';
import { staleNote } from './output/view.js';

declare const __GACOST_VERSION__: string;

export interface CliOutcome {
  readonly exitCode: number;
  /** The code of the error that ended the run, if one did (tests assert it rather than wording). */
  readonly errorCode?: ErrorCode | 'usage' | 'internal';
}

/** Runs the CLI on `argv` (node, script, args…) with the streams, environment and folder of `io`. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<CliOutcome> {
  let exitCode = 0;
  try {
    const { program, flushWarnings } = buildProgram(io, (code) => (exitCode = code), await commandsOf(argv.slice(2)));
    await program.parseAsync(argv);
    flushWarnings();
    return { exitCode };
  } catch (error) {
    return handleError(error, io);
  }
}

function buildProgram(io: CliIo, setExitCode: (code: number) => void, commands: readonly (readonly [Group, CommandSpec])[]) {
  const program = new Command('gacost')
    .description('Project LLM API spend stage by stage and compare models, with exact money arithmetic.')
    .version(typeof __GACOST_VERSION__ === 'string' ? __GACOST_VERSION__ : '0.0.0-dev')
    .option(
      '--catalog <file>',
      'pricing catalog YAML to use instead of the built-in one, builtin, or - for standard input (also GACOST_CATALOG)',
    )
    .option('--as-of <date>', 'price on this date, YYYY-MM-DD (also GACOST_AS_OF; default today, UTC)')
    .option('--tier <name>', 'price on this service tier, e.g. batch, flex or priority')
    .option('--no-color', 'no ANSI colour in tables (also NO_COLOR or TERM=dumb; FORCE_COLOR forces it)')
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    // commander's own usage errors, on one line like every other error. commander writes to writeErr
    // only the help it shows when no command is given: one line too, and it stays off stdout.
    .configureOutput({
      writeOut: io.stdout,
      writeErr: () => stderrLine(io, 'gacost: error: no command given; see gacost --help'),
      outputError: (text) => stderrLine(io, `gacost: ${oneLine(text)} (see gacost --help)`),
    });
  const inputs = new InputFiles();
  // A command's warnings wait for its result: a run that fails says its error alone, in one line, not
  // after warnings about input it then could not finish (lines skipped of a log it cannot total).
  let waiting: string[] | undefined = [];
  const flushWarnings = () => {
    for (const line of waiting ?? []) stderrLine(io, line);
    waiting = undefined;
  };
  const host: CommandHost = {
    io,
    inputs,
    context: () => {
      const globals = program.opts();
      return createContext(globals.catalog, io, priceContextOf(globals, io.env), inputs);
    },
    async emit(spec, result, flags) {
      flushWarnings();
      // `--out-file -` is stdout, as if no --out-file were given.
      const outFile = flags.outFile === '-' ? undefined : flags.outFile;
      const color = outFile === undefined && flags.format === 'table' && program.opts().color && (await colorWanted(io));
      const pieces =
        flags.format === 'html'
          ? [(await import('./commands/on-demand.js')).renderPage(spec, result)]
          : renderPieces(spec, result, flags.format, { color, width: flags.wide === true ? undefined : await tableWidth(io) });
      // Said once a run, whatever the format: the JSON has it as catalog.stale_days, the table and page in their note.
      const stale = 'catalog' in result ? staleNote(result.catalog as CatalogInfo) : undefined;
      if (stale !== undefined) stderrLine(io, `gacost: note: ${stale}`);
      if (outFile === undefined) for (const piece of pieces) io.stdout(piece);
      else writeOutputFile(outFile, pieces, io.cwd, inputs);
    },
    stderrLine: (text) => (waiting === undefined ? stderrLine(io, text) : waiting.push(text)),
    workflowCommand: (command) => io.stderr(`::${escapeControls(command.replace(/^::/, ''))}\n`),
    setExitCode,
  };

  // Which of the global flags each command uses: one it does not use is refused, not ignored.
  const globalsUsed = new Map<Command<any, any, any>, readonly GlobalFlag[]>();
  const examples = new Map<Command<any, any, any>, readonly string[]>([[program, PROGRAM_EXAMPLES]]);
  const catalog = new Command('catalog').description('check, compare, import and export pricing catalogs').copyInheritedSettings(program);
  catalog.configureOutput({
    ...catalog.configureOutput(),
    writeErr: () => stderrLine(io, 'gacost: error: no catalog command given; see gacost catalog --help'),
  });
  examples.set(catalog, CATALOG_EXAMPLES);
  for (const [group, spec] of commands) {
    const parent = group === 'catalog' ? catalog : program;
    const command = spec.declare(host, () => program);
    globalsUsed.set(command, spec.globals);
    examples.set(command, spec.examples);
    // Added commands, unlike those made with .command(), take the program's settings only when told to.
    parent.addCommand(command.copyInheritedSettings(parent));
    if (group === 'catalog' && !program.commands.includes(catalog)) program.addCommand(catalog);
  }
  for (const command of [program, ...program.commands, ...catalog.commands]) {
    refuseRepeatedFlags(command as Command<any, any, any>);
    const lines = examples.get(command as Command<any, any, any>);
    const text = `\nExamples:\n${lines?.map((example) => `  $ gacost ${example}`).join('\n')}\n`;
    // Not after the help shown for a missing command, which goes to stderr as one line.
    if (lines !== undefined) command.addHelpText('after', ({ error }) => (error ? '' : text));
  }
  program.hook('preAction', (_program, action) => {
    const globals = program.opts();
    for (const flag of GLOBAL_FLAGS) {
      if (globals[flag] !== undefined && !(globalsUsed.get(action) ?? []).includes(flag)) {
        throw new GacostError('invalid-option', `--${flag === 'asOf' ? 'as-of' : flag} does not apply to gacost ${commandPath(action)}`);
      }
    }
    priceContextOf(globals, io.env);
    settleFormat(action);
    oneStandardInput(action, globals.catalog);
  });
  return { program, flushWarnings };
}

/**
 * The width a table is fitted to: a terminal's own, and 80 columns (a terminal's usual width) for a
 * pipe or a file, or a terminal that does not tell its width, so that what is saved stays the same.
 */
async function tableWidth(io: CliIo): Promise<number> {
  const columns = (await io.stdoutIsTerminal()) ? io.stdoutColumns?.() : undefined;
  return columns !== undefined && Number.isInteger(columns) && columns > 0 ? columns : PIPED_TABLE_WIDTH;
}

const PIPED_TABLE_WIDTH = 80;

type Group = '' | 'catalog';

/**
 * Every command, in the order --help lists them: adding one is a line here (its file declares its
 * flags, the global flags it uses and its examples). `catalog` commands are listed under gacost catalog.
 * A run declares only the command it runs, and loads only its code: `project`'s comes with the CLI,
 * the other pricing commands' from commands/on-demand-pricing.ts, the rest's from commands/on-demand.ts.
 */
const COMMANDS: readonly (readonly [Group, string, () => Promise<CommandSpec>])[] = [
  ['', 'project', async () => projectCommand],
  ['', 'compare', async () => (await import('./commands/on-demand-pricing.js')).compareCommand],
  ['', 'forecast', async () => (await import('./commands/on-demand-pricing.js')).forecastCommand],
  ['', 'models', async () => (await import('./commands/on-demand-pricing.js')).modelsCommand],
  ['', 'check', async () => (await import('./commands/on-demand.js')).checkCommand],
  ['', 'diff', async () => (await import('./commands/on-demand.js')).diffCommand],
  ['', 'init', async () => (await import('./commands/on-demand.js')).initCommand],
  ['catalog', 'validate', async () => (await import('./commands/on-demand.js')).catalogValidateCommand],
  ['catalog', 'diff', async () => (await import('./commands/on-demand.js')).catalogDiffCommand],
  ['catalog', 'import', async () => (await import('./commands/on-demand.js')).catalogImportCommand],
  ['catalog', 'export', async () => (await import('./commands/on-demand.js')).catalogExportCommand],
  ['catalog', 'update', async () => (await import('./commands/on-demand.js')).catalogUpdateCommand],
  ['', 'usage', async () => (await import('./commands/on-demand.js')).usageCommand],
  ['', 'reconcile', async () => (await import('./commands/on-demand.js')).reconcileCommand],
  ['', 'schema', async () => (await import('./commands/on-demand-pricing.js')).schemaCommand],
  ['', 'completion', async () => (await import('./commands/on-demand.js')).completionCommand],
];

/** The global flags that take a value: what follows one is its value, not a command's name. */
const GLOBAL_VALUE_FLAGS: ReadonlySet<string> = new Set(['--catalog', '--as-of', '--tier']);

/**
 * The commands a run declares: the one its arguments name (`project`, `catalog diff`), or every
 * command where the run may need them all (none for --version before a command): help, no command or an unknown one (whose error suggests
 * the nearest name), and `completion`, which describes them all.
 */
async function commandsOf(args: readonly string[]): Promise<(readonly [Group, CommandSpec])[]> {
  const names: string[] = [];
  for (let at = 0; at < args.length && names.length < 2; at += 1) {
    const arg = args[at] ?? '';
    if (arg === '--help' || arg === '-h' || arg === '--') break;
    // --version before any command is the whole run: no command need be declared.
    if (arg === '--version' || arg === '-V') return [];
    if (GLOBAL_VALUE_FLAGS.has(arg)) at += 1;
    else if (!arg.startsWith('-')) names.push(arg);
    if (names.length === 1 && names[0] !== 'catalog') break;
  }
  const [group, name] = names[0] === 'catalog' ? ['catalog', names[1]] : ['', names[0]];
  const named = COMMANDS.filter((command) => command[0] === group && command[1] === name && name !== 'completion');
  return Promise.all((named.length === 1 ? named : COMMANDS).map(async ([group, , load]) => [group, await load()] as const));
}

/** The examples at the end of gacost --help and gacost catalog --help. */
const PROGRAM_EXAMPLES = ['project --tokens 5B', 'compare --tokens 1B --top 5', 'check --config budgets/production.yaml'];
const CATALOG_EXAMPLES = [
  'catalog validate my-catalog.yaml',
  'catalog diff builtin my-catalog.yaml --tokens 1B',
  'catalog export --format sql --dialect duckdb',
];

/** The options whose values are files (or usage sources), which may be `-` for standard input. */
const FILE_OPTIONS = ['stages', 'config', 'fromUsage', 'usage'] as const;

/** Standard input is one stream: refused when two inputs (a flag's, an argument's) both name it `-`. */
function oneStandardInput(command: Command<any, any, any>, catalog: string | undefined): void {
  const options = command.opts() as Record<string, unknown>;
  const named: string[] = catalog === '-' ? ['--catalog'] : [];
  const dashes = (value: unknown) => (Array.isArray(value) ? value : [value]).filter((item) => item === '-').length;
  for (const option of FILE_OPTIONS) {
    const flag = `--${option.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
    for (let at = 0; at < dashes(options[option]); at += 1) named.push(flag);
  }
  command.registeredArguments.forEach((argument, at) => {
    for (let dash = 0; dash < dashes(command.processedArgs[at]); dash += 1) named.push(argument.name());
  });
  if (named.length > 1) {
    throw new GacostError(
      'conflicting-options',
      `standard input (-) is one stream: ${named.join(' and ')} cannot all read it; give ${named.length > 2 ? 'all but one' : 'one of them'} as a file`,
    );
  }
}

function commandPath(command: Command<any, any, any>): string {
  const names: string[] = [];
  for (let at: Command<any, any, any> | null = command; at?.parent; at = at.parent) names.unshift(at.name());
  return names.join(' ');
}

/** --as-of (or GACOST_AS_OF, or today in UTC) and --tier. */
function priceContextOf(globals: { asOf?: string; tier?: string }, env: NodeJS.ProcessEnv): PriceContext {
  const asOf = globals.asOf ?? (env.GACOST_AS_OF || new Date().toISOString().slice(0, 10));
  if (!isIsoDate(asOf)) {
    const flag = globals.asOf === undefined ? 'GACOST_AS_OF' : '--as-of';
    throw new GacostError('invalid-option', `invalid ${flag} ${JSON.stringify(asOf)}: expected a date written as YYYY-MM-DD`);
  }
  const tier = globals.tier?.trim().toLowerCase();
  if (tier === '')
    throw new GacostError('invalid-option', `invalid --tier ${JSON.stringify(globals.tier)}: expected a service tier such as batch`);
  return { asOf, tier: tier ?? null };
}

/**
 * Colour only for a terminal, unless NO_COLOR or TERM=dumb says no; FORCE_COLOR (other than 0) wins
 * over both (--no-color, checked before, over everything).
 */
async function colorWanted(io: CliIo): Promise<boolean> {
  const { FORCE_COLOR, NO_COLOR, TERM } = io.env;
  if (FORCE_COLOR !== undefined) return FORCE_COLOR !== '0' && FORCE_COLOR !== 'false';
  if (NO_COLOR || TERM === 'dumb') return false;
  return io.stdoutIsTerminal();
}

function oneLine(text: string): string {
  return text.trim().replace(/\s*\n\s*/g, ' ');
}

/**
 * Writes one line to stderr, whatever its text holds: a newline or another control character that
 * slipped into it (from a name, a path, a library's message) is shown escaped (see escapeControls),
 * so each problem stays one line and nothing reaches the terminal or a CI log as a command.
 */
function stderrLine(io: CliIo, text: string): void {
  io.stderr(`${escapeControls(text)}\n`);
}

/** What to do about an error, in the CLI's terms (the core's messages name no flags or commands). */
const HINTS: Partial<Record<ErrorCode, string>> = {
  'unknown-model': '("gacost models" lists them all)',
  'no-published-price': '(ask the provider for a quote and add it to a catalog given with --catalog)',
  'no-price-on-date': '(--as-of sets the date)',
};

/** The one place failures become stderr lines and exit codes: 0 help/version, 2 bad input, 3 a bug of gacost's. */
function handleError(error: unknown, io: CliIo): CliOutcome {
  if (error instanceof CommanderError) return error.exitCode === 0 ? { exitCode: 0 } : { exitCode: 2, errorCode: 'usage' };
  if (isGacostError(error)) {
    const lines = error.problems.length > 0 ? error.problems : [error.message];
    const hint = HINTS[error.code];
    for (const [at, line] of lines.entries())
      stderrLine(io, `gacost: error: ${line}${hint !== undefined && at === lines.length - 1 ? ` ${hint}` : ''}`);
    return { exitCode: 2, errorCode: error.code };
  }
  const message = error instanceof Error ? error.message : String(error);
  stderrLine(io, `gacost: internal error: ${message} (please report this)`);
  if (io.env.GACOST_DEBUG && error instanceof Error) io.stderr(`${error.stack}\n`);
  return { exitCode: 3, errorCode: 'internal' };
}
