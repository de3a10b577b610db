import type { BillLine } from '../core/reconcile.js';
import { isObject, text } from '../usage/usage-format.js';
import { amountOf, dayOf, itemsOf, type JsonBillSource } from './bill-source.js';

/**
 * What OpenRouter billed each request: its responses (`usage.cost`, in credits of one USD, with
 * `model`, `id` and `created`), one a line or as an array, or its generation API's answers
 * (`/api/v1/generation?id=`: `data.total_cost`, `created_at`). A response without `created` (a saved
 * body) has no day: it is held against the usage's undated records.
 */
export const openrouter: JsonBillSource = {
  kind: 'json',
  name: 'openrouter',
  title: 'OpenRouter billed cost per request',
  detect: (document) => itemsOf(document).some((item) => charged(item) !== undefined),
  lines: (document, placeOf) =>
    itemsOf(document).flatMap((item, index): BillLine[] => {
      const found = charged(item);
      if (found === undefined) return [];
      const at = Array.isArray(document) ? [index] : [];
      const where = placeOf([...at, ...found.path]);
      const day = dayOf(
        found.record.created ?? found.record.created_at,
        found.record.created === undefined ? 'created_at' : 'created',
        where,
      );
      const model = text(found.record.model);
      return [
        {
          ...(day === undefined ? {} : { start: day, end: day }),
          provider: 'openrouter',
          item: model ?? null,
          category: 'usage',
          amount: amountOf(found.cost, found.field, where),
          currency: 'USD',
          position: where,
          // A saved body without its id is a charge of its own: its place stands for one.
          id: text(found.record.id) ?? where,
        },
      ];
    }),
};

/** The record and its billed cost: a response's usage.cost, or a generation's total_cost. */
function charged(item: unknown): { record: Record<string, unknown>; cost: unknown; field: string; path: string[] } | undefined {
  if (!isObject(item)) return undefined;
  if (isObject(item.usage) && 'cost' in item.usage && 'model' in item)
    return { record: item, cost: item.usage.cost, field: 'usage.cost', path: ['usage', 'cost'] };
  if (isObject(item.data) && 'total_cost' in item.data)
    return { record: item.data, cost: item.data.total_cost, field: 'data.total_cost', path: ['data', 'total_cost'] };
  return undefined;
}
