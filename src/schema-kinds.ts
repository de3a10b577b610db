/** What `gacost schema` prints; the schemas themselves are generated in load-files.ts, lazily. */
export const SCHEMA_KINDS = ['catalog', 'budget', 'output'] as const;
export type SchemaKind = (typeof SCHEMA_KINDS)[number];
