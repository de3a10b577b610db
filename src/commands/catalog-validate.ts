import { Command } from '@commander-js/extra-typings';
import { catalogValidate } from '../app/catalog-validate.js';
import { counted } from '../output/words.js';
import type { CommandSpec } from './context.js';

/** Every file's problems on stderr (file:line:col each), a line on stdout for each valid file; exit 2 if any has a problem. */
export const catalogValidateCommand: CommandSpec = {
  globals: [],
  examples: ['catalog validate my-catalog.yaml', 'catalog validate builtin', 'catalog validate - < my-catalog.yaml'],
  declare: (host) =>
    new Command('validate')
      .description('check catalog files: exit 0 when all are valid, 2 with every problem listed')
      .argument('<files...>', 'catalog YAML files, builtin for the built-in one, or - for standard input')
      .action(async (files) => {
        const context = host.context();
        const checked = await catalogValidate(files, { load: (source) => context.catalogAt(source as string) });
        for (const file of checked) {
          if (file.valid)
            host.io.stdout(`${file.source}: ok, ${counted(file.models, 'model')}, version ${file.version}, hash ${file.hash}\n`);
          else for (const problem of file.problems) host.stderrLine(`gacost: error: ${problem}`);
        }
        if (checked.some((file) => !file.valid)) host.setExitCode(2);
      }),
};
