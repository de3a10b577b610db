import { Command, Option } from '@commander-js/extra-typings';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkBudgets, getExitCode, parseUsd, type BudgetCheck } from '../core/budget-check.js';
import { catalogInfo } from '../core/catalog.js';
import { parseTokens } from '../core/quantity.js';
import { ModelIndex } from '../core/resolve-model.js';
import { GacostError } from '../errors.js';
import { budgetNotices, noticeLine } from '../output/describe-budget.js';
import type { CommandContext, CommandHost } from './context.js';
import { withOutputFlags } from './output-flags.js';

const DEFAULT_BUDGET_FILE = 'gacost.yaml';

const declaration = () =>
  withOutputFlags(
    new Command('check')
      .description('project every workload of a budget file (gacost.yaml) and fail when a budget is exceeded')
      .option('--config <path>', `budget file (default: ${DEFAULT_BUDGET_FILE} in the current directory)`)
      .addOption(new Option('--model <id>', 'one workload without a file: its model').conflicts('config'))
      .addOption(new Option('--tokens <quantity>', 'one workload without a file: its monthly tokens').conflicts('config'))
      .addOption(new Option('--budget <usd>', 'one workload without a file: its monthly budget in USD').conflicts('config'))
      .option('--warn-only', 'report budgets exceeded but exit 0')
      .option('--github', 'print the over-budget and warning lines on stderr as GitHub Actions ::error:: and ::warning:: annotations'),
  );

type CheckOptions = ReturnType<ReturnType<typeof declaration>['opts']>;

/** The result first, then a notice per line over or near its budget, then the exit code (1 when over). */
export const checkCommand = (host: CommandHost) =>
  declaration().action(async (flags) => {
    const check = await runCheck(flags, host.context());
    await host.emit(check, flags);
    for (const notice of budgetNotices(check)) host.stderrLine(noticeLine(notice, flags.github === true));
    host.setExitCode(getExitCode(check, { warnOnly: flags.warnOnly === true }));
  });

/** Projects every workload of a budget file (or one given by flags) against its budgets. */
async function runCheck(options: CheckOptions, context: CommandContext): Promise<BudgetCheck> {
  const inlineWorkload = [options.model, options.tokens, options.budget];
  if (inlineWorkload.some((value) => value !== undefined)) {
    if (inlineWorkload.some((value) => value === undefined)) {
      throw new GacostError('invalid-option', 'a check without a budget file needs --model, --tokens and --budget together');
    }
    const tokens = parseTokens(options.tokens ?? '', '--tokens');
    const budget = parseUsd(options.budget ?? '', '--budget');
    const catalog = await context.catalog();
    const model = new ModelIndex(catalog, context.prices).resolvePriced(options.model ?? '');
    return checkBudgets(catalogInfo(catalog, context.prices), [{ name: options.model ?? '', candidate: { kind: 'model', model }, tokens, budget }], null);
  }
  const path = options.config ?? DEFAULT_BUDGET_FILE;
  if (options.config === undefined && !existsSync(resolve(context.cwd, path))) {
    throw new GacostError(
      'invalid-option',
      `no ${DEFAULT_BUDGET_FILE} in this directory; pass --config PATH, or --model, --tokens and --budget`,
    );
  }
  const config = await context.loadBudgetFile(path);
  return checkBudgets(catalogInfo(config.catalog, context.prices), config.workloads, config.totalBudget, config.thresholds, config.daysPerMonth);
}
