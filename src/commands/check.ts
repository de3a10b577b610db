import { Command, Option } from '@commander-js/extra-typings';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BudgetConfig } from '../budget/load-budget.js';
import { ActualsCollector, isActualsCheck, isStale, nothingToCheck, type ActualsCheck } from '../core/budget-actuals.js';
import { checkBudgets, getExitCode, parseUsd, projectedWorkloads, workloadAccounting, type BudgetCheck } from '../core/budget-check.js';
import { catalogInfo } from '../core/catalog.js';
import { providerKey } from '../core/model-list.js';
import { parseShare, type Accounting } from '../core/pricing.js';
import { parseTokens } from '../core/quantity.js';
import { ModelIndex } from '../core/resolve-model.js';
import { contextThresholds, dayBoundaries, UsageTally } from '../core/usage.js';
import { GacostError } from '../errors.js';
import { USAGE_FORMATS } from '../usage/usage-format.js';
import { budgetNotices, noticeLine, nothingToCheckReason, staleNote } from '../output/describe-budget.js';
import { usageStdin, usageStdinFile, warnRulePriced, warnSkipped, type CommandContext, type CommandHost } from './context.js';
import { withOutputFlags } from './output-flags.js';

const DEFAULT_BUDGET_FILE = 'gacost.yaml';

const declaration = () =>
  withOutputFlags(
    new Command('check')
      .description('project every workload of a budget file (gacost.yaml) and fail when a budget is exceeded')
      .option('--config <path>', `budget file, or - for standard input (default: ${DEFAULT_BUDGET_FILE} in the current directory)`)
      .addOption(new Option('--model <id>', 'one workload without a file: its model').conflicts('config'))
      .addOption(new Option('--tokens <quantity>', 'one workload without a file: its monthly tokens').conflicts('config'))
      .addOption(new Option('--budget <usd>', 'one workload without a file: its monthly budget in USD').conflicts('config'))
      .option('--usage <sources...>', 'check actual spend instead: usage files, folders or - (as gacost usage reads them), month to date and projected to its end')
      .addOption(new Option('--from <format>', 'with --usage: the format of every source (default: told by each file)').choices(USAGE_FORMATS))
      .option('--provider <key>', 'with --usage: the provider of records that name none')
      .option('--strict', 'with --usage: exit 2 when any record of the month cannot be priced')
      .option('--skip-bad', 'with --usage: skip and count records gacost cannot read, rather than refusing the input')
      .option('--allow-empty', 'with --usage: exit 0 when no workload has a record of the month (their status is no-data), rather than 2')
      .option('--input-share <share>', 'without --usage: share of all tokens that are input, e.g. 75% (default: every token priced as output); for the workloads that set no input_share')
      .option('--cached-share <share>', 'without --usage: share of input tokens read from cache, e.g. 50%')
      .option('--cache-write-share <share>', 'without --usage: share of input tokens written to the cache, e.g. 10%')
      .option('--warn-only', 'report budgets exceeded but exit 0')
      .option('--github', 'print the over-budget and warning lines on stderr as GitHub Actions ::error:: and ::warning:: annotations'),
  );

type CheckOptions = ReturnType<ReturnType<typeof declaration>['opts']>;

/** The result first, then a notice per line over or near its budget, then the exit code (1 when over). */
export const checkCommand = (host: CommandHost) =>
  declaration().action(async (flags) => {
    const check = flags.usage === undefined ? await runCheck(flags, host.context()) : await runActualsCheck(flags.usage, flags, host);
    await host.emit(check, flags);
    if (isActualsCheck(check) && check.actuals.read.outside > 0) {
      const { read, period } = check.actuals;
      host.stderrLine(`gacost: note: ${read.outside} ${read.outside === 1 ? 'record' : 'records'} outside ${period.start} to ${period.asOf} (the month to date) left out`);
    }
    if (isActualsCheck(check) && isStale(check.actuals)) host.stderrLine(`gacost: note: ${staleNote(check.actuals)}`);
    for (const notice of budgetNotices(check)) {
      if (flags.github === true) host.workflowCommand(noticeLine(notice, true));
      else host.stderrLine(noticeLine(notice, false));
    }
    host.setExitCode(getExitCode(check, { warnOnly: flags.warnOnly === true }));
    if (flags.strict && isActualsCheck(check) && check.actuals.total.unpricedRecords > 0) {
      throw new GacostError('unpriced-usage', `${check.actuals.total.unpricedRecords} records could not be priced (--strict)`);
    }
    // A gate with no record to judge must not pass: the result (every line no-data) is written, then exit 2.
    if (isActualsCheck(check) && nothingToCheck(check) && flags.allowEmpty !== true) {
      throw new GacostError('no-usage-data', `nothing to check: ${nothingToCheckReason(check)}; --allow-empty passes such a run`);
    }
  });

/** The token mix the share flags give, as a default for the file's workloads; undefined without them. */
function shareFlagsOf(options: CheckOptions): Accounting | undefined {
  const given = (text: string | undefined, flag: string) => (text === undefined ? undefined : parseShare(text, flag));
  const shares = { input: given(options.inputShare, '--input-share'), cached: given(options.cachedShare, '--cached-share'), cacheWrite: given(options.cacheWriteShare, '--cache-write-share') };
  if (Object.values(shares).every((share) => share === undefined)) return undefined;
  return workloadAccounting(shares, { input: '--input-share', cached: '--cached-share', cacheWrite: '--cache-write-share' });
}

/** Projects every workload of a budget file (or one given by flags) against its budgets. */
async function runCheck(options: CheckOptions, context: CommandContext): Promise<BudgetCheck> {
  const usageOnly = (['from', 'provider', 'strict', 'skipBad', 'allowEmpty'] as const).find((flag) => options[flag] !== undefined);
  if (usageOnly !== undefined) throw new GacostError('invalid-option', `${flagName(usageOnly)} goes with --usage`);
  const defaultMix = shareFlagsOf(options);
  const inlineWorkload = [options.model, options.tokens, options.budget];
  if (inlineWorkload.some((value) => value !== undefined)) {
    if (inlineWorkload.some((value) => value === undefined)) {
      throw new GacostError('invalid-option', 'a check without a budget file needs --model, --tokens and --budget together');
    }
    const tokens = parseTokens(options.tokens ?? '', '--tokens');
    const budget = parseUsd(options.budget ?? '', '--budget');
    const catalog = await context.catalog();
    const model = new ModelIndex(catalog, context.prices).resolvePriced(options.model ?? '');
    return checkBudgets(catalogInfo(catalog, context.prices), [{ name: options.model ?? '', candidate: { kind: 'model', model }, tokens, budget }], null, undefined, undefined, defaultMix);
  }
  const config = await budgetFile(options, context, 'or --model, --tokens and --budget');
  const workloads = projectedWorkloads(config.workloads);
  return checkBudgets(catalogInfo(config.catalog, context.prices), workloads, config.totalBudget, config.thresholds, config.daysPerMonth, defaultMix);
}

/** --skip-bad for skipBad. */
function flagName(option: string): string {
  return `--${option.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

async function budgetFile(options: CheckOptions, context: CommandContext, otherwise: string): Promise<BudgetConfig> {
  const path = options.config ?? DEFAULT_BUDGET_FILE;
  if (options.config === undefined && !existsSync(resolve(context.cwd, path))) {
    throw new GacostError('invalid-option', `no ${DEFAULT_BUDGET_FILE} in this directory; pass --config PATH, ${otherwise}`);
  }
  return context.loadBudgetFile(path);
}

/**
 * Actual spend of the as-of month from usage sources, per workload (the records its usage: selector
 * picks) and in total (every record), to date and projected to the month's end, against the budgets.
 */
async function runActualsCheck(sources: readonly string[], options: CheckOptions, host: CommandHost): Promise<ActualsCheck> {
  const context = host.context();
  if ([options.model, options.tokens, options.budget].some((value) => value !== undefined)) {
    throw new GacostError('invalid-option', '--usage checks the workloads of a budget file by their models or usage: selectors; it does not go with --model, --tokens and --budget');
  }
  const shareFlag = (['inputShare', 'cachedShare', 'cacheWriteShare'] as const).find((flag) => options[flag] !== undefined);
  if (shareFlag !== undefined) {
    throw new GacostError('invalid-option', `${flagName(shareFlag)} prices assumed tokens; --usage prices each record's own tokens: give one or the other`);
  }
  const config = await budgetFile(options, context, 'whose workloads name their models or usage: selectors');
  const unselected = config.workloads.filter((workload) => workload.usage === undefined);
  if (unselected.length > 0) {
    throw new GacostError(
      'invalid-budget',
      `invalid budget file for --usage`,
      unselected.map((workload) => `${workload.position ?? workload.name}: workload ${JSON.stringify(workload.name)} is a mix with no usage: selector (such as usage: {project: web}) to pick its records; --usage checks actual spend, so every workload needs a model or a selector`),
    );
  }
  const { catalog } = config;
  const index = new ModelIndex(catalog, context.prices);
  const provider = providerKey(catalog, options.provider);
  const thresholds = contextThresholds(catalog);
  const collector = new ActualsCollector(index, config.workloads, thresholds, dayBoundaries(catalog), provider, context.prices.asOf);
  const { readUsage } = await import('../usage/read-usage.js');
  const read = await readUsage(sources, {
    from: options.from,
    skipBad: options.skipBad === true,
    refusalHint: '--skip-bad skips and counts such records',
    cwd: context.cwd,
    stdin: usageStdin(host),
    stdinFile: usageStdinFile(host),
    inputs: host.inputs,
    // Every record goes to the collector (the tally's own sums are not used).
    tally: new UsageTally({ thresholds: [], boundaries: [], groups: [], since: undefined, until: undefined, asOf: context.prices.asOf }, (record) => collector.add(record)),
  });
  warnSkipped(host, read);
  // A workload's token mix prices assumed tokens: with --usage each record's own tokens are priced instead.
  const mixed = config.workloads.filter((workload) => workload.accounting !== undefined).map((workload) => workload.name);
  if (mixed.length > 0) host.stderrLine(`gacost: note: the token mix (input_share, cached_share) of ${mixed.join(', ')} is not used: --usage prices each record's own tokens`);
  const check = collector.check(context.prices, config.totalBudget, config.thresholds, { sources: read.sources, bad: read.bad, otherFiles: read.otherFiles, notes: read.notes });
  warnRulePriced(host, check.actuals.provenance);
  return check;
}
