import { Argument, Command } from '@commander-js/extra-typings';
import type { SchemaKind } from '../output/json-schema.js';
import type { CommandHost } from './context.js';

/** Each kind jsonSchemaOf describes (a record, so that a kind it adds must be listed here too). */
const SCHEMA_KINDS = Object.keys({ catalog: true, budget: true, output: true } satisfies Record<SchemaKind, true>) as SchemaKind[];

export const schemaCommand = (host: CommandHost) =>
  new Command('schema')
    .description('print the JSON Schema of the catalog, the budget file or the JSON output (for editors and validators)')
    .addArgument(new Argument('<kind>', 'what to describe').choices(SCHEMA_KINDS))
    .action(async (kind) => host.io.stdout((await import('../output/json-schema.js')).jsonSchemaOf(kind)));
