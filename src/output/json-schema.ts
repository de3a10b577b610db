import * as z from 'zod';
import { budgetFileSchema } from '../budget/budget-schema.js';
import { catalogSchema } from '../catalog/catalog-schema.js';
import { outputSchema } from './contract.js';

/** What `gacost schema` describes. */
export type SchemaKind = 'catalog' | 'budget' | 'output';

/**
 * JSON Schema generated from the zod schemas that gacost itself validates and prints with. Built as
 * a bundle of its own, so zod loads only for `gacost schema`.
 */
export function jsonSchemaOf(kind: SchemaKind): string {
  const schemas = { catalog: catalogSchema, budget: budgetFileSchema, output: outputSchema } satisfies Record<SchemaKind, unknown>;
  const titles: Record<SchemaKind, string> = {
    catalog: 'gacost pricing catalog',
    budget: 'gacost budget file (gacost.yaml)',
    output: 'gacost JSON output',
  };
  const schema = z.toJSONSchema(schemas[kind], { io: 'input', unrepresentable: 'any' });
  return `${JSON.stringify({ ...schema, title: titles[kind] }, null, 2)}\n`;
}
