import type { BillLine } from '../core/reconcile.js';
import { isObject, text } from '../usage/usage-format.js';
import { amountOf, dayOf, itemsOf, type JsonBillSource } from './bill-source.js';

/**
 * What LiteLLM's proxy charged each request: its spend logs (`/spend/logs`, the LiteLLM_SpendLogs
 * rows: `spend`, `request_id`, `startTime`, `model`, `custom_llm_provider`) or its standard logging
 * payloads (`response_cost`, `id`), one a line, as an array, or one alone. LiteLLM's spend is its own
 * price table's figure: a reconciliation against it measures gacost against LiteLLM, not the invoice.
 */
export const litellm: JsonBillSource = {
  kind: 'json',
  name: 'litellm',
  title: 'LiteLLM spend per request',
  detect: (document) => itemsOf(document).some(isSpend),
  lines: (document, placeOf) =>
    itemsOf(document).flatMap((row, index): BillLine[] => {
      if (!isSpend(row)) return [];
      const field = 'spend' in row ? 'spend' : 'response_cost';
      const where = placeOf([...(Array.isArray(document) ? [index] : []), field]);
      const day = dayOf(row.startTime, 'startTime', where);
      const id = text(row.request_id) ?? text(row.id);
      return [
        {
          ...(day === undefined ? {} : { start: day, end: day }),
          provider: text(row.custom_llm_provider) ?? 'litellm',
          item: text(row.model) ?? null,
          category: 'usage',
          amount: amountOf(row[field], field, where),
          currency: 'USD',
          position: where,
          id: id ?? where,
        },
      ];
    }),
};

const isSpend = (row: unknown): row is Record<string, unknown> =>
  isObject(row) && 'model' in row && ('spend' in row || 'response_cost' in row);
