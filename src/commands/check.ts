import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, Option } from '@commander-js/extra-typings';
import { checkBudget } from '../app/check.js';
import { isActualsCheck, isStale, nothingToCheck } from '../core/budget-actuals.js';
import { getExitCode } from '../core/budget-check.js';
import { GacostError } from '../errors.js';
import { checkSpec } from '../output/check.js';
import { budgetNotices, nothingToCheckReason, noticeLine, staleNote } from '../output/describe-budget.js';
import { renderText } from '../output/render.js';
import { counted } from '../output/words.js';
import { withBudgetGateFlags } from './budget-flags.js';
import { type CommandSpec, cliReadIo, flagName, warnRulePriced } from './context.js';
import { annotates, writeGithubFiles } from './github-actions.js';
import { withOutputFlags } from './output-flags.js';
import { withUsageReadFlags } from './usage-flags.js';

const DEFAULT_BUDGET_FILE = 'gacost.yaml';

const declaration = () =>
  withOutputFlags(
    withBudgetGateFlags(
      withUsageReadFlags(
        new Command('check')
          .description('project every workload of a budget file (gacost.yaml) and fail when a budget is exceeded')
          .option('--config <path>', `budget file, or - for standard input (default: ${DEFAULT_BUDGET_FILE} in the current directory)`)
          .addOption(new Option('--model <id>', 'one workload without a file: its model').conflicts('config'))
          .addOption(new Option('--tokens <quantity>', 'one workload without a file: its monthly tokens').conflicts('config'))
          .addOption(new Option('--budget <usd>', 'one workload without a file: its monthly budget in USD').conflicts('config'))
          .option(
            '--usage <sources...>',
            'check actual spend instead: usage files, folders or - (as gacost usage reads them), month to date and projected to its end',
          ),
        '--usage',
      )
        .option('--strict', 'with --usage: exit 2 when any record of the month cannot be priced')
        .option(
          '--allow-empty',
          'with --usage: exit 0 when no workload has a record of the month (their status is no-data), rather than 2',
        ),
      {
        warnOnly: 'report budgets exceeded but exit 0',
        github: 'print the over-budget and warning lines on stderr as GitHub Actions ::error:: and ::warning:: annotations',
      },
    ),
  );

/** The result first, then a notice per line over or near its budget, then the exit code (1 when over). */
export const checkCommand: CommandSpec = {
  globals: ['catalog', 'asOf', 'tier'],
  examples: ['check', 'check --config budgets/production.yaml --github', 'check --model deepseek-v4-flash --tokens 5B --budget 1000'],
  declare: (host) =>
    declaration().action(async (flags) => {
      const context = host.context();
      const { usage, model, tokens, budget, config } = flags;
      if (usage === undefined) {
        const gate = (['strict', 'allowEmpty'] as const).find((flag) => flags[flag] !== undefined);
        if (gate !== undefined) throw new GacostError('invalid-option', `${flagName(gate)} goes with --usage`);
      }
      const inline = [model, tokens, budget];
      if (usage === undefined && inline.some((value) => value !== undefined) && inline.some((value) => value === undefined)) {
        throw new GacostError('invalid-option', 'a check without a budget file needs --model, --tokens and --budget together');
      }
      const path = config ?? DEFAULT_BUDGET_FILE;
      const otherwise = usage === undefined ? 'or --model, --tokens and --budget' : 'whose workloads name their models or usage: selectors';
      const workloads = inline.some((value) => value !== undefined)
        ? [{ model: model ?? '', tokens: tokens ?? '', budget }]
        : { config: path };
      const { from, provider, skipBad, inputShare, cachedShare, cacheWriteShare } = flags;
      const check = await checkBudget(
        () => context.catalog(),
        workloads,
        {
          asOf: context.prices.asOf,
          tier: context.prices.tier ?? undefined,
          usage,
          from,
          provider,
          skipBad,
          inputShare,
          cachedShare,
          cacheWriteShare,
        },
        {
          ...cliReadIo(host, context),
          readBudget: async (file) => {
            if (config === undefined && !existsSync(resolve(context.cwd, file)))
              throw new GacostError('invalid-option', `no ${DEFAULT_BUDGET_FILE} in this directory; pass --config PATH, ${otherwise}`);
            return context.loadBudgetFile(file);
          },
          onNote: (text) => host.stderrLine(`gacost: note: ${text}`),
        },
      );
      if (isActualsCheck(check)) warnRulePriced(host, check.actuals.provenance);
      await host.emit(checkSpec, check, flags);
      if (isActualsCheck(check) && check.actuals.read.outside > 0) {
        const { read, period } = check.actuals;
        host.stderrLine(
          `gacost: note: ${counted(read.outside, 'record')} outside ${period.start} to ${period.asOf} (the month to date) left out`,
        );
      }
      if (isActualsCheck(check) && isStale(check.actuals)) host.stderrLine(`gacost: note: ${staleNote(check.actuals)}`);
      const github = annotates(host, flags.github);
      for (const notice of budgetNotices(check)) {
        if (github) host.workflowCommand(noticeLine(notice, true));
        else host.stderrLine(noticeLine(notice, false));
      }
      const exitCode = getExitCode(check, { warnOnly: flags.warnOnly === true });
      writeGithubFiles(host, () => renderText(checkSpec, check, 'markdown', { color: false, width: undefined }), {
        check_verdict: getExitCode(check, { warnOnly: false }) === 1 ? 'fail' : 'pass',
      });
      host.setExitCode(exitCode);
      if (flags.strict && isActualsCheck(check) && check.actuals.total.unpricedRecords > 0) {
        throw new GacostError('unpriced-usage', `${counted(check.actuals.total.unpricedRecords, 'record')} could not be priced (--strict)`);
      }
      // A gate with no record to judge must not pass: the result (every line no-data) is written, then exit 2.
      if (isActualsCheck(check) && nothingToCheck(check) && flags.allowEmpty !== true) {
        throw new GacostError('no-usage-data', `nothing to check: ${nothingToCheckReason(check)}; --allow-empty passes such a run`);
      }
    }),
};
