import { Command } from '@commander-js/extra-typings';
import { catalogUpdate } from '../app/catalog-update.js';
import { GENAI_PRICES_DATA_URL } from '../io/fetch-data.js';
import { catalogDiffSpec } from '../output/catalog-diff.js';
import { counted } from '../output/words.js';
import { type CommandSpec, flagName } from './context.js';
import { withOutputFlags } from './output-flags.js';

/** Entries of the data not imported are named up to this many; the rest are counted. */
const PROBLEMS_NAMED = 5;

const declaration = () =>
  withOutputFlags(
    new Command('update')
      .description("fetch genai-prices' newest published prices and keep them as your catalog, between gacost releases")
      .option('--from <url-or-file>', `where to read the data: a mirror's URL or a file (default ${GENAI_PRICES_DATA_URL})`)
      .option('--dry-run', 'show what would change, and store nothing')
      .option('--reset', 'remove the updated catalog: runs use the built-in one again'),
  );

/** The diff against the catalog in use on stdout; on stderr what was read, what was not imported, and where it was stored. */
export const catalogUpdateCommand: CommandSpec = {
  globals: ['asOf'],
  examples: ['catalog update --dry-run', 'catalog update --from ./data.json', 'catalog update --reset'],
  declare: (host) =>
    declaration().action(async (flags) => {
      const { io } = host;
      const update = await catalogUpdate(
        { from: flags.from, dryRun: flags.dryRun, reset: flags.reset, asOf: host.context().prices.asOf },
        { names: flagName, env: io.env, cwd: io.cwd, inputs: host.inputs, onNote: (text) => host.stderrLine(`gacost: note: ${text}`) },
      );
      if (update.kind === 'reset') {
        host.stderrLine(
          `gacost: ${update.removed ? 'removed the updated catalog' : 'no updated catalog'} in ${JSON.stringify(update.folder)}: runs use the built-in catalog ${update.builtin}`,
        );
        return;
      }
      await host.emit(catalogDiffSpec, update.diff, flags);
      host.stderrLine(
        `gacost: ${counted(update.models, 'model')} in ${update.from}${update.curated > 0 ? `, ${update.curated} of them kept as catalog ${update.currentVersion} has them by hand` : ''}`,
      );
      // The data's entries not imported, the first few named (catalog import --from genai-prices lists them all).
      for (const problem of update.problems.slice(0, PROBLEMS_NAMED)) host.stderrLine(`gacost: warning: ${problem}`);
      if (update.problems.length > PROBLEMS_NAMED)
        host.stderrLine(
          `gacost: warning: ${counted(update.problems.length - PROBLEMS_NAMED, 'more entry', 'more entries')} not imported (gacost catalog import --from genai-prices FILE names them all)`,
        );
      const unmapped = [...update.unmapped].sort(([a, x], [b, y]) => y - x || a.localeCompare(b, 'en'));
      for (const [reason, count] of unmapped) host.stderrLine(`gacost: warning: not imported: ${count} ${reason}`);
      if (update.stored === null) {
        host.stderrLine('gacost: --dry-run: nothing stored');
        return;
      }
      const { stored } = update;
      host.stderrLine(
        `gacost: stored catalog ${stored.version} (hash ${stored.hash.slice(0, 12)}) in ${JSON.stringify(stored.folder)}: later runs use it (gacost catalog update --reset returns to the built-in one)`,
      );
      if (io.env.GACOST_CATALOG) host.stderrLine('gacost: note: GACOST_CATALOG is set: runs use that catalog, not the updated one');
    }),
};
