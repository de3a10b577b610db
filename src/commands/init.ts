import { writeFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { Command } from '@commander-js/extra-typings';
import { INSTALLED_BUDGET_SCHEMA, init } from '../app/init.js';
import { GacostError } from '../errors.js';
import { errnoReason } from '../io/errno-reason.js';
import { type CommandSpec, cliReadIo } from './context.js';
import { withUsageReadFlags } from './usage-flags.js';

const DEFAULT_FILE = 'gacost.yaml';

const declaration = () =>
  withUsageReadFlags(
    new Command('init')
      .description('write a starter budget file (gacost.yaml): a workload per model named, or per model the usage logs use')
      .argument('[models...]', 'models (ids or aliases), one workload each')
      .option('--tokens <quantity>', "each model's monthly tokens (default 100M, a placeholder)")
      .option(
        '--from-usage <sources...>',
        'usage logs instead: a workload per model they use, at the month of tokens they measured and with its token mix',
      ),
    '--from-usage',
  ).option('--out-file <path>', `the file to write, never one that exists (default ${DEFAULT_FILE}); - for stdout`);

/** Writes the starter file, refusing to replace one; `--out-file -` prints it. */
export const initCommand: CommandSpec = {
  globals: ['catalog', 'asOf', 'tier'],
  examples: ['init gpt-4o gpt-4o-mini', 'init --from-usage logs/', 'init deepseek-v4-flash --tokens 2B --out-file budgets/gacost.yaml'],
  declare: (host) =>
    declaration().action(async (models, flags) => {
      const context = host.context();
      const outFile = flags.outFile ?? DEFAULT_FILE;
      const path = resolve(context.cwd, outFile);
      // The installed package's schema, from the folder the file is written to (the project's root is this run's folder).
      const fromFile = relative(outFile === '-' ? context.cwd : dirname(path), resolve(context.cwd, INSTALLED_BUDGET_SCHEMA))
        .split(sep)
        .join('/');
      const text = await init(
        await context.catalog(),
        models,
        {
          asOf: context.prices.asOf,
          tier: context.prices.tier ?? undefined,
          tokens: flags.tokens,
          fromUsage: flags.fromUsage,
          from: flags.from,
          provider: flags.provider,
          skipBad: flags.skipBad,
          schemaPath: fromFile.startsWith('.') ? fromFile : `./${fromFile}`,
        },
        cliReadIo(host, context),
      );
      if (outFile === '-') {
        host.io.stdout(text);
        return;
      }
      try {
        // wx: created here, or refused; a file that exists is never replaced.
        writeFileSync(path, text, { flag: 'wx' });
      } catch (error) {
        const exists = (error as NodeJS.ErrnoException).code === 'EEXIST';
        throw new GacostError(
          'unwritable-file',
          exists
            ? `${outFile} exists already: gacost init never replaces a file (give --out-file another path, or remove it)`
            : `cannot write ${outFile}: ${errnoReason(error)}`,
        );
      }
      host.stderrLine(
        `gacost: wrote ${outFile}: set each budget, then run gacost check${outFile === DEFAULT_FILE ? '' : ` --config ${outFile}`}`,
      );
    }),
};
