import { Argument, Command } from '@commander-js/extra-typings';
import type { CommandHost } from './context.js';

/** What `gacost schema` describes. */
const SCHEMA_KINDS = ['catalog', 'budget', 'output'] as const;
export type SchemaKind = (typeof SCHEMA_KINDS)[number];

export const schemaCommand = (host: CommandHost) =>
  new Command('schema')
    .description('print the JSON Schema of the catalog, the budget file or the JSON output (for editors and validators)')
    .addArgument(new Argument('<kind>', 'what to describe').choices(SCHEMA_KINDS))
    .action(async (kind) => host.io.stdout((await import('../output/json-schema.js')).jsonSchemaOf(kind)));
