import { Argument, Command, CommanderError, Option } from 'commander';
import { loadBuiltinCatalog } from './catalog/builtin-catalog.js';
import { runCatalogDiff } from './commands/catalog-diff.js';
import { createContext } from './commands/context.js';
import { DEFAULT_BUDGET_FILE, runCheck, type CheckOptions } from './commands/check.js';
import { runCompare } from './commands/compare.js';
import { runForecast } from './commands/forecast.js';
import { runModels } from './commands/models.js';
import { runProject } from './commands/project.js';
import { getExitCode } from './core/budget-check.js';
import type { PriceContext } from './core/catalog.js';
import { isIsoDate } from './core/dates.js';
import { GacostError, isGacostError, type ErrorCode } from './errors.js';
import { processIo, type CliIo } from './io/cli-io.js';
import { InputFiles } from './io/input-files.js';
import { writeOutputFile } from './io/write-output.js';
import { FORMATS, render, type Format } from './output/render.js';
import type { Result } from './output/results.js';
import { budgetNotices, noticeLine } from './output/describe-budget.js';
import { escapeControls } from './output/escape-controls.js';
import { IMPORT_FORMATS, SCHEMA_KINDS, type ImportFormat, type SchemaKind } from './lazy-choices.js';

declare const __GACOST_VERSION__: string;

interface OutputOptions {
  readonly format: Format;
  readonly outFile?: string;
}

export interface CliOutcome {
  readonly exitCode: number;
  /** The code of the error that ended the run, if one did (tests assert it rather than wording). */
  readonly errorCode?: ErrorCode | 'usage' | 'internal';
}

/** Runs the CLI on `argv` (node, script, args…) with the streams, environment and folder of `io`. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<CliOutcome> {
  let exitCode = 0;
  const program = buildProgram(io, (code) => (exitCode = code));
  try {
    await program.parseAsync(argv);
    return { exitCode };
  } catch (error) {
    return handleError(error, io);
  }
}

function buildProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const { env } = io;
  const inputs = new InputFiles();
  const program = new Command('gacost')
    .description('Project LLM API spend stage by stage and compare models, with exact money arithmetic.')
    .version(typeof __GACOST_VERSION__ === 'string' ? __GACOST_VERSION__ : '0.0.0-dev')
    .option('--catalog <file>', 'pricing catalog YAML to use instead of the built-in one, or builtin (also GACOST_CATALOG)')
    .option('--as-of <date>', 'price on this date, YYYY-MM-DD (also GACOST_AS_OF; default today, UTC)')
    .option('--tier <name>', 'price on this service tier, e.g. batch, flex or priority')
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    // commander's own usage errors, on one line like every other error. commander writes to writeErr
    // only the help it shows when no command is given: one line too, and it stays off stdout.
    .configureOutput({
      writeOut: io.stdout,
      writeErr: () => stderrLine(io, 'gacost: error: no command given; see gacost --help'),
      outputError: (text) => stderrLine(io, `gacost: ${oneLine(text)} (see gacost --help)`),
    });
  const context = () => {
    const globals = program.opts<{ catalog?: string; asOf?: string; tier?: string }>();
    return createContext(globals.catalog, io, priceContextOf(globals, env), inputs);
  };
  const emit = async (result: Result, options: OutputOptions) => {
    const color = options.outFile === undefined && options.format === 'table' && (await colorWanted(io));
    const text = render(result, options.format, { color });
    if (options.outFile === undefined) io.stdout(text);
    else writeOutputFile(options.outFile, text, io.cwd, inputs);
  };

  withPricingOptions(
    program
      .command('project')
      .description('monthly spend at each growth stage (MVP, Beta, Launch, Growth) against a baseline')
      .addOption(
        new Option('--tokens <quantity>', "final stage's monthly tokens; earlier stages scale with their users").conflicts([
          'tokensPerUser',
          'stages',
        ]),
      )
      .option('--tokens-per-user <quantity>', 'monthly tokens per user (default 50K)')
      .option('--stages <file>', 'YAML list of stages (name, users, tokens) instead of the presets')
      .option('--baseline <id>', 'model to compare against (default from the catalog: GPT-4o)')
      .option('--tokens-per-request <quantity>', 'add average and peak requests per minute, and whether the free tier carries them')
      .option('--peak-factor <factor>', 'peak request rate as a multiple of the average (default 3)'),
  ).action(async (options) => emit(await runProject(options, context()), options));

  withPricingOptions(
    program
      .command('compare')
      .description('rank every priced model of the catalog for one monthly workload, cheapest first')
      .requiredOption('--tokens <quantity>', 'monthly tokens of the workload')
      .option('--provider <key>', 'only the models of this provider (instead of --model)')
      .option('--baseline <id>', 'model to compare against (default from the catalog: GPT-4o)')
      .option('--top <n>', 'show only the N cheapest'),
  ).action(async (options) => emit(await runCompare(options, context()), options));

  withPricingOptions(
    program
      .command('forecast')
      .description('month-by-month spend as traffic grows, with the month a budget is crossed and the credit runway')
      .requiredOption('--start <quantity>', "month 1's tokens")
      .requiredOption('--growth <rate>', 'growth such as 25%/mo, 0%/mo, -10%/mo or 10x/yr')
      .option('--months <n>', 'how many months', '12')
      .option('--budget <usd>', 'monthly budget: name the first month whose spend exceeds it')
      .option('--credits <usd>', 'prepaid credits: name the month they run out, and what expires unspent'),
  ).action(async (options) => emit(await runForecast(options, context()), options));

  withOutputOptions(
    program
      .command('models')
      .description('every catalog model with its prices, provider, source and checked date')
      .option('--provider <key>', 'only the models of this provider (e.g. global-api, openai)'),
  ).action(async (options) => emit(await runModels(options, context()), options));

  withOutputOptions(
    program
      .command('check')
      .description('project every workload of a budget file (gacost.yaml) and fail when a budget is exceeded')
      .option('--config <path>', `budget file (default: ${DEFAULT_BUDGET_FILE} in the current directory)`)
      .addOption(new Option('--model <id>', 'one workload without a file: its model').conflicts('config'))
      .addOption(new Option('--tokens <quantity>', 'one workload without a file: its monthly tokens').conflicts('config'))
      .addOption(new Option('--budget <usd>', 'one workload without a file: its monthly budget in USD').conflicts('config'))
      .option('--warn-only', 'report budgets exceeded but exit 0')
      .option('--github', 'print the over-budget and warning lines on stderr as GitHub Actions ::error:: and ::warning:: annotations'),
  ).action(async (options: OutputOptions & CheckOptions & { warnOnly?: boolean; github?: boolean }) => {
    const check = await runCheck(options, context());
    await emit(check, options);
    for (const notice of budgetNotices(check)) stderrLine(io, noticeLine(notice, options.github === true));
    setExitCode(getExitCode(check, { warnOnly: options.warnOnly === true }));
  });

  const catalog = program
    .command('catalog')
    .description('check, compare and import pricing catalogs')
    .configureOutput({ writeErr: () => stderrLine(io, 'gacost: error: no catalog command given; see gacost catalog --help') });
  catalog
    .command('validate')
    .description('check catalog files: exit 0 when all are valid, 2 with every problem listed')
    .argument('<files...>', 'catalog YAML files, or builtin for the built-in one')
    .action(async (files: string[]) => {
      const { validateCatalogFiles } = await import('./load-files.js');
      const outcome = validateCatalogFiles(files, loadBuiltinCatalog, io.cwd, inputs);
      io.stdout(outcome.valid.map((line) => `${line}\n`).join(''));
      for (const problem of outcome.problems) stderrLine(io, `gacost: error: ${problem}`);
      if (outcome.problems.length > 0) setExitCode(2);
    });
  withPricingOptions(
    catalog
      .command('diff')
      .description('models added, removed and repriced between two catalogs (or one on two dates), and the monthly cost effect')
      .argument('<old>', 'the old catalog: a file, or builtin')
      .argument('[new]', 'the new catalog (omit it to compare one catalog on --as-of and --vs-as-of)')
      .option('--vs-as-of <date>', 'price the new side on this date (the old side uses --as-of)')
      .option('--tokens <quantity>', 'monthly tokens: the cost effect on each changed model (or --model, --mix) at this volume')
      .option('--config <path>', "a budget file: the cost effect on each of its workloads"),
  ).action(async (oldPath: string, newPath: string | undefined, options) => emit(await runCatalogDiff(oldPath, newPath, options, context()), options));
  catalog
    .command('import')
    .description('convert a LiteLLM or genai-prices price list into a gacost catalog')
    .addOption(new Option('--from <format>', 'the list\'s format').choices(IMPORT_FORMATS).makeOptionMandatory())
    .argument('<file>', 'the price list')
    .option('--provider <key>', 'only this provider\'s models (its key as gacost writes it, e.g. openai)')
    .option('--out <file>', 'write the catalog to a file (whole or not at all) instead of stdout')
    .action(async (file: string, options: { from: ImportFormat; provider?: string; out?: string }) => {
      const { importCatalogFile } = await import('./load-files.js');
      const outcome = importCatalogFile(options.from, file, { provider: options.provider, asOf: context().prices.asOf, cwd: io.cwd, inputs });
      if (options.out === undefined) io.stdout(outcome.yaml);
      else writeOutputFile(options.out, outcome.yaml, io.cwd, inputs);
      stderrLine(io, `gacost: imported ${outcome.models} models from ${file}`);
      const unmapped = [...outcome.unmapped].sort(([a, x], [b, y]) => y - x || a.localeCompare(b, 'en'));
      for (const [reason, count] of unmapped) stderrLine(io, `gacost: warning: not imported: ${count} ${reason}`);
    });

  program
    .command('schema')
    .description('print the JSON Schema of the catalog, the budget file or the JSON output (for editors and validators)')
    .addArgument(new Argument('<kind>', 'what to describe').choices(SCHEMA_KINDS))
    .action(async (kind: SchemaKind) => io.stdout((await import('./load-files.js')).jsonSchemaOf(kind)));

  return program;
}

/** Candidates and token accounting, shared by the commands that price tokens. */
function withPricingOptions(command: Command): Command {
  return withOutputOptions(
    command
      .option('--model <ids...>', 'candidate models, by id or alias, comma-separated or repeated (default from the catalog)')
      .option(
        '--mix <model=percent,...>',
        'add a routing mix, e.g. deepseek-v4-flash=90,qwen3-32b=5,deepseek-r1=5 (shares of traffic, summing to 100; one mix per run)',
        onlyOnce('--mix'),
      )
      .option('--input-share <share>', 'share of all tokens that are input, e.g. 75% or 0.75 (default: every token priced as output)')
      .option('--cached-share <share>', 'share of input tokens read from cache, e.g. 50%'),
  );
}

/** --as-of (or GACOST_AS_OF, or today in UTC) and --tier. */
function priceContextOf(globals: { asOf?: string; tier?: string }, env: NodeJS.ProcessEnv): PriceContext {
  const asOf = globals.asOf ?? (env.GACOST_AS_OF || new Date().toISOString().slice(0, 10));
  if (!isIsoDate(asOf)) {
    const flag = globals.asOf === undefined ? 'GACOST_AS_OF' : '--as-of';
    throw new GacostError('invalid-option', `invalid ${flag} ${JSON.stringify(asOf)}: expected a date written as YYYY-MM-DD`);
  }
  const tier = globals.tier?.trim().toLowerCase();
  if (tier === '') throw new GacostError('invalid-option', `invalid --tier ${JSON.stringify(globals.tier)}: expected a service tier such as batch`);
  return { asOf, tier: tier ?? null };
}

/** For a flag given once: commander would silently keep only the last of several. */
function onlyOnce(flag: string): (value: string, previous: string | undefined) => string {
  return (value, previous) => {
    if (previous !== undefined) throw new GacostError('conflicting-options', `${flag} is given more than once: give one per run`);
    return value;
  };
}

function withOutputOptions(command: Command): Command {
  return command
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('table'))
    .option('--out-file <path>', 'write the result to a file (whole or not at all) instead of stdout');
}

/** Colour only for a terminal, unless NO_COLOR says no; FORCE_COLOR (other than 0) always wins. */
async function colorWanted(io: CliIo): Promise<boolean> {
  const { FORCE_COLOR, NO_COLOR } = io.env;
  if (FORCE_COLOR !== undefined) return FORCE_COLOR !== '0' && FORCE_COLOR !== 'false';
  if (NO_COLOR) return false;
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

/** The one place failures become stderr lines and exit codes: 0 help/version, 2 anything else. */
function handleError(error: unknown, io: CliIo): CliOutcome {
  if (error instanceof CommanderError) return error.exitCode === 0 ? { exitCode: 0 } : { exitCode: 2, errorCode: 'usage' };
  if (isGacostError(error)) {
    const lines = error.problems.length > 0 ? error.problems : [error.message];
    for (const line of lines) stderrLine(io, `gacost: error: ${line}`);
    return { exitCode: 2, errorCode: error.code };
  }
  const message = error instanceof Error ? error.message : String(error);
  stderrLine(io, `gacost: internal error: ${message} (please report this)`);
  if (io.env.GACOST_DEBUG && error instanceof Error) io.stderr(`${error.stack}
`);
  return { exitCode: 2, errorCode: 'internal' };
}
