/** Choices of commands whose work is done lazily in load-files.ts, declared here for start-up. */

/** What `gacost schema` prints. */
export const SCHEMA_KINDS = ['catalog', 'budget', 'output'] as const;
export type SchemaKind = (typeof SCHEMA_KINDS)[number];

/** The price lists `gacost catalog import` reads. */
export const IMPORT_FORMATS = ['litellm', 'genai-prices'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
