import { Argument, Command } from '@commander-js/extra-typings';
import { SCHEMA_KINDS, schema } from '../app/schema.js';
import type { CommandSpec } from './context.js';

export const schemaCommand: CommandSpec = {
  globals: [],
  examples: ['schema budget', 'schema catalog > catalog.schema.json'],
  declare: (host) =>
    new Command('schema')
      .description('print the JSON Schema of the catalog, the budget file or the JSON output (for editors and validators)')
      .addArgument(new Argument('<kind>', 'what to describe').choices(SCHEMA_KINDS))
      .action(async (kind) => host.io.stdout(await schema(kind))),
};
