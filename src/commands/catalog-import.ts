import { Command, Option } from '@commander-js/extra-typings';
import { catalogImport, IMPORT_FORMATS } from '../app/catalog-import.js';
import { GacostError } from '../errors.js';
import { writeOutputFile } from '../io/write-output.js';
import { counted } from '../output/words.js';
import { type CommandSpec, flagName } from './context.js';
import { outFileOption } from './output-flags.js';

/** The catalog on stdout or --out-file; on stderr how many models were imported and, by reason, what was not. */
export const catalogImportCommand: CommandSpec = {
  globals: ['asOf'],
  examples: [
    'catalog import --from litellm model_prices.json --provider openai --out-file openai.yaml',
    'catalog import --from genai-prices anthropic.yml',
    'catalog import --from litellm - < model_prices.json',
  ],
  declare: (host) =>
    new Command('import')
      .description('convert a LiteLLM or genai-prices price list into a gacost catalog')
      .addOption(new Option('--from <format>', "the list's format").choices(IMPORT_FORMATS).makeOptionMandatory())
      .argument('<file>', 'the price list, or - for standard input')
      .option('--provider <key>', "only this provider's models (its key as gacost writes it, e.g. openai)")
      .option(
        '--exclude <ids...>',
        'leave out these models, by the id the catalog would give them (e.g. those a catalog of yours keeps by hand)',
      )
      .option(
        '--keep-history <catalog>',
        'a catalog an earlier import of the list wrote: its past prices, and its models the list no longer has, stay; a price the list changed without a date applies from the as-of date',
      )
      .addOption(
        outFileOption(
          'write the catalog to a file (whole or not at all) instead of stdout, - for stdout (--out, its former name, still works)',
        ),
      )
      // Kept, hidden, for the scripts that use it: --out-file is every other command's name for it.
      .addOption(new Option('--out <path>').hideHelp())
      .action(async (file, flags) => {
        const { io, inputs } = host;
        if (flags.out !== undefined && flags.outFile !== undefined && flags.out !== flags.outFile) {
          throw new GacostError('conflicting-options', '--out is the former name of --out-file: give one of them');
        }
        const outFile = flags.outFile ?? flags.out;
        if (file === '-') await inputs.readStdin(io.stdin, `${flags.from} price list`);
        const { from, provider, exclude, keepHistory } = flags;
        const outcome = await catalogImport(
          file,
          { from, provider, exclude, keepHistory, asOf: host.context().prices.asOf },
          { names: flagName, cwd: io.cwd, inputs },
        );
        if (outFile === undefined || outFile === '-') io.stdout(outcome.yaml);
        else writeOutputFile(outFile, outcome.yaml, io.cwd, inputs);
        host.stderrLine(`gacost: imported ${counted(outcome.models, 'model')} from ${file}`);
        for (const problem of outcome.problems) host.stderrLine(`gacost: warning: ${problem}`);
        if (outcome.unpublished > 0)
          host.stderrLine(
            `gacost: warning: imported as unpublished: ${counted(outcome.unpublished, 'model')} the list prices 0 or not by the token (free, or billed another way: gacost does not price them at $0)`,
          );
        const unmapped = [...outcome.unmapped].sort(([a, x], [b, y]) => y - x || a.localeCompare(b, 'en'));
        for (const [reason, count] of unmapped) host.stderrLine(`gacost: warning: not imported: ${count} ${reason}`);
      }),
};
