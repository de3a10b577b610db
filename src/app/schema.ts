/** What `gacost schema` describes. */
export const SCHEMA_KINDS = ['catalog', 'budget', 'output'] as const;
export type SchemaKind = (typeof SCHEMA_KINDS)[number];

/** The JSON Schema of the catalog, the budget file or the JSON output (`render(result, 'json')`), as `gacost schema`. */
export async function schema(kind: SchemaKind): Promise<string> {
  return (await import('../output/json-schema.js')).jsonSchemaOf(kind);
}
