import type { BillLine } from '../core/reconcile.js';
import { isObject, text } from '../usage/usage-format.js';
import { amountOf, dayOf, type JsonBillSource } from './bill-source.js';

/**
 * OpenRouter's activity (`/api/v1/activity`, a management key's export): `{data: [{date, model,
 * provider_name, usage, requests, …}]}`, a day's spend in USD by model and provider endpoint.
 */
export const openrouterActivity: JsonBillSource = {
  kind: 'json',
  name: 'openrouter-activity',
  title: 'OpenRouter activity',
  detect: (document) => rows(document).length > 0,
  lines: (document, placeOf) =>
    rows(document).map(({ row, index }): BillLine => {
      const where = placeOf(['data', index]);
      const day = dayOf(row.date, 'date', where);
      return {
        ...(day === undefined ? {} : { start: day, end: day }),
        provider: 'openrouter',
        item: text(row.model) ?? null,
        category: 'usage',
        amount: amountOf(row.usage, 'usage', where),
        currency: 'USD',
        position: where,
        ...(text(row.endpoint_id) === undefined ? {} : { account: text(row.endpoint_id) as string }),
      };
    }),
};

function rows(document: unknown): { row: Record<string, unknown>; index: number }[] {
  if (!isObject(document) || !Array.isArray(document.data)) return [];
  return document.data.flatMap((row, index) =>
    isObject(row) && 'date' in row && 'usage' in row && 'model' in row ? [{ row, index }] : [],
  );
}
