import type { BillLine } from '../core/reconcile.js';
import { isObject, text } from '../usage/usage-format.js';
import { amountOf, categoryOfWords, currencyOf, dayOf, type JsonBillSource, lastDayBefore } from './bill-source.js';

const COSTS = 'organization.costs.result';

/**
 * Pages of OpenAI's organization Costs API (`/v1/organization/costs`): a page (`{object: "page",
 * data: [buckets]}`), several (an array, or one a line), a bucket or a result alone. Each result is
 * `amount: {value, currency}` over its bucket's `start_time` to `end_time` (exclusive), by
 * `line_item` (`gpt-4o-2024-08-06, input`, `web search tool calls`; null where the query did not
 * group by it) and `project_id`.
 */
export const openaiCosts: JsonBillSource = {
  kind: 'json',
  name: 'openai-costs',
  title: 'OpenAI Costs API',
  detect: (document) => results(document).length > 0,
  lines: (document, placeOf) =>
    results(document).map(({ result, bucket, at }): BillLine => {
      const where = placeOf(at);
      const amount = isObject(result.amount) ? result.amount : {};
      const item = text(result.line_item);
      const start = dayOf(bucket.start_time, 'start_time', where);
      const end = lastDayBefore(bucket.end_time, 'end_time', where) ?? start;
      const project = text(result.project_id);
      return {
        ...(start === undefined ? {} : { start, end: end !== undefined && end >= start ? end : start }),
        provider: 'openai',
        item: item === undefined ? null : modelOf(item),
        category: categoryOfWords(item) ?? 'usage',
        amount: amountOf(amount.value, 'amount.value', where),
        currency: currencyOf(amount.currency, 'amount.currency', where),
        position: where,
        ...(project === undefined ? {} : { account: project }),
      };
    }),
};

/** The model a token line item names (`gpt-4o-2024-08-06, input` → gpt-4o-2024-08-06); null for a kind of tokens alone (`input_tokens`). */
function modelOf(item: string): string | null {
  const name = item.split(',')[0]?.trim() ?? '';
  return /^((cached|uncached)[ _])?(input|output)([ _](text|audio|image|cached|tokens?))*$/i.test(name) || name === '' ? null : name;
}

interface Found {
  readonly result: Record<string, unknown>;
  readonly bucket: Record<string, unknown>;
  readonly at: (string | number)[];
}

/** Pages and arrays of them nest a few deep; deeper is no page. */
const MAX_DEPTH = 16;

/** The costs results of a document, each with its bucket and path. */
function results(document: unknown): Found[] {
  const found: Found[] = [];
  const visit = (node: unknown, at: (string | number)[], bucket: Record<string, unknown> | undefined) => {
    if (at.length > MAX_DEPTH) return;
    if (Array.isArray(node)) for (const [index, child] of node.entries()) visit(child, [...at, index], bucket);
    else if (!isObject(node)) return;
    else if (node.object === COSTS) found.push({ result: node, bucket: bucket ?? node, at });
    else if (Array.isArray(node.results)) visit(node.results, [...at, 'results'], node);
    else if (Array.isArray(node.data)) visit(node.data, [...at, 'data'], undefined);
  };
  visit(document, [], undefined);
  return found;
}
