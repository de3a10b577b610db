import type { SchemaKind } from '../output/json-schema.js';

export type { SchemaKind };

/** What `gacost schema` describes (a record, so that a kind jsonSchemaOf adds must be listed here too). */
export const SCHEMA_KINDS = Object.keys({ catalog: true, budget: true, output: true } satisfies Record<SchemaKind, true>) as SchemaKind[];

/** The JSON Schema of the catalog, the budget file or the JSON output (`render(result, 'json')`), as `gacost schema`. */
export async function schema(kind: SchemaKind): Promise<string> {
  return (await import('../output/json-schema.js')).jsonSchemaOf(kind);
}
