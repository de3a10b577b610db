import { Command } from '@commander-js/extra-typings';
import { loadBuiltinCatalog } from '../catalog/builtin-catalog.js';
import { isGacostError } from '../errors.js';
import type { CommandHost } from './context.js';

/** Every file's problems on stderr (file:line:col each), a line on stdout for each valid file; exit 2 if any has a problem. */
export const catalogValidateCommand = (host: CommandHost) =>
  new Command('validate')
    .description('check catalog files: exit 0 when all are valid, 2 with every problem listed')
    .argument('<files...>', 'catalog YAML files, builtin for the built-in one, or - for standard input')
    .action(async (files) => {
      const { loadCatalogFile } = await import('../read-files.js');
      let invalid = false;
      for (const path of files) {
        try {
          if (path === '-') await host.inputs.readStdin(host.io.stdin, 'catalog');
          const catalog = path === 'builtin' ? loadBuiltinCatalog() : loadCatalogFile(path, loadBuiltinCatalog, host.io.cwd, host.inputs);
          host.io.stdout(`${path}: ok, ${catalog.models.length} models, version ${catalog.version}, hash ${catalog.hash}\n`);
        } catch (error) {
          if (!isGacostError(error)) throw error;
          for (const problem of error.problems.length > 0 ? error.problems : [error.message]) host.stderrLine(`gacost: error: ${problem}`);
          invalid = true;
        }
      }
      if (invalid) host.setExitCode(2);
    });
