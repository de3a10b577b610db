import { dirname, isAbsolute, join } from 'node:path';
import { Command } from '@commander-js/extra-typings';
import { diffBudgets } from '../app/diff.js';
import { loadBuiltinCatalog } from '../catalog/builtin-catalog.js';
import { getDiffExitCode, TOTAL_LINE } from '../core/budget-diff.js';
import { usdText } from '../core/money.js';
import { GacostError } from '../errors.js';
import { noticeLine, overBudgetText } from '../output/describe-budget.js';
import { budgetDiffSpec, unmatchedText } from '../output/diff.js';
import { renderText } from '../output/render.js';
import { withBudgetGateFlags } from './budget-flags.js';
import { type CommandSpec, cliReadIo, warnRulePriced } from './context.js';
import { annotates, writeGithubFiles } from './github-actions.js';
import { withOutputFlags } from './output-flags.js';
import { withUsageReadFlags } from './usage-flags.js';

const declaration = () =>
  withOutputFlags(
    withBudgetGateFlags(
      withUsageReadFlags(
        new Command('diff')
          .description(
            'what a change of a budget file costs: two budget files priced alike, workload by workload, and the monthly difference',
          )
          .argument(
            '<base>',
            'the budget file before: a path, or git:REF:path (read with git show; the path from the repository root, or ./path)',
          )
          .argument('<head>', 'the budget file after: a path, or git:REF:path')
          .option(
            '--usage <sources...>',
            "price both on the traffic these usage logs measured (a month of it), re-priced on each side's models",
          ),
        '--usage',
      ),
      {
        warnOnly: 'report budgets newly exceeded but exit 0',
        github: 'annotate the budgets head newly exceeds as GitHub Actions ::error:: lines',
      },
    ),
  );

/** The two sides' difference, then an annotation per budget newly broken, then the exit code (1 when head breaks a budget base kept). */
export const diffCommand: CommandSpec = {
  globals: ['catalog', 'asOf', 'tier'],
  examples: [
    'diff git:HEAD~1:gacost.yaml gacost.yaml',
    'diff git:origin/main:gacost.yaml gacost.yaml --format markdown',
    'diff git:HEAD~1:gacost.yaml gacost.yaml --usage logs/',
  ],
  declare: (host) =>
    declaration().action(async (base, head, flags) => {
      const context = host.context();
      const { usage, from, provider, skipBad, inputShare, cachedShare, cacheWriteShare } = flags;
      const ambient = await context.catalog();
      const { loadCatalogFile } = await import('../read-files.js');
      const diff = await diffBudgets(
        ambient,
        base,
        head,
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
          env: host.io.env,
        },
        {
          ...cliReadIo(host, context),
          // As check reads it: --catalog first, then head's catalog: (a file beside head on disk), then the catalog in force.
          catalogFor: (reference, fromGit) => {
            if (context.catalogGiven || reference === undefined) return ambient;
            if ('builtin' in reference) return loadBuiltinCatalog();
            if (fromGit)
              throw new GacostError(
                'invalid-option',
                `${head} names catalog: ${reference.path}, which gacost diff does not read from git: give the catalog with --catalog`,
              );
            const path = isAbsolute(reference.path) ? reference.path : join(dirname(head), reference.path);
            return loadCatalogFile(path, loadBuiltinCatalog, context.cwd, host.inputs);
          },
        },
      );
      if (diff.traffic.kind === 'measured') warnRulePriced(host, diff.traffic.provenance);
      await host.emit(budgetDiffSpec, diff, flags);
      const unmatched = unmatchedText(diff);
      if (unmatched !== undefined) host.stderrLine(`gacost: note: ${unmatched}`);
      const github = annotates(host, flags.github);
      // As check says a line over budget, and that base kept it (or had no such workload).
      for (const name of diff.newlyBroken) {
        const pair = diff.workloads.find((line) => line.name === name);
        const line = name === TOTAL_LINE ? diff.head.total : pair?.head;
        const over = line && overBudgetText(name === TOTAL_LINE ? 'total of all workloads' : name, line);
        if (!over) continue;
        const text = `${over}; ${pair !== undefined && pair.base === null ? `not in ${base}` : `${base} kept it`}`;
        const notice = { level: 'error' as const, text, ...(pair?.head?.position === undefined ? {} : { position: pair.head.position }) };
        if (github) host.workflowCommand(noticeLine(notice, true, 'gacost diff'));
        else host.stderrLine(noticeLine(notice, false));
      }
      writeGithubFiles(host, () => renderText(budgetDiffSpec, diff, 'markdown', { color: false, width: undefined }), {
        diff_verdict: diff.newlyBroken.length > 0 ? 'fail' : 'pass',
        difference_usd: usdText(diff.delta),
        base_usd: usdText(diff.base.total.cost),
        head_usd: usdText(diff.head.total.cost),
      });
      host.setExitCode(flags.warnOnly === true ? 0 : getDiffExitCode(diff));
    }),
};
