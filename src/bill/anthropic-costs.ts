import type { BillLine } from '../core/reconcile.js';
import { isObject, text } from '../usage/usage-format.js';
import { amountOf, categoryOfWords, currencyOf, dayOf, itemsOf, type JsonBillSource, lastDayBefore } from './bill-source.js';

/**
 * Pages of Anthropic's Admin API cost report (`/v1/organizations/cost_report`): `{data: [{starting_at,
 * ending_at, results: [...]}]}`, several as an array or one a line. A result's `amount` is decimal
 * text in cents (the smallest unit of `currency`); `cost_type` says what it charges for (`tokens`,
 * `web_search`, `code_execution`), `model` which model where the report is grouped by description,
 * `workspace_id` the workspace.
 */
export const anthropicCosts: JsonBillSource = {
  kind: 'json',
  name: 'anthropic-costs',
  title: 'Anthropic Admin API cost report',
  detect: (document) => results(document).length > 0,
  lines: (document, placeOf) =>
    results(document).map(({ result, bucket, at }): BillLine => {
      const where = placeOf(at);
      const start = dayOf(bucket.starting_at, 'starting_at', where);
      const end = lastDayBefore(bucket.ending_at, 'ending_at', where) ?? start;
      const costType = text(result.cost_type);
      const description = text(result.description);
      const category =
        costType === undefined || costType === 'tokens'
          ? (categoryOfWords(description) ?? 'usage')
          : (categoryOfWords(costType) ?? 'other');
      const workspace = text(result.workspace_id);
      return {
        ...(start === undefined ? {} : { start, end: end !== undefined && end >= start ? end : start }),
        provider: 'anthropic',
        item: category === 'usage' ? (text(result.model) ?? null) : (description ?? costType ?? null),
        category,
        amount: amountOf(result.amount, 'amount', where, { cents: true }),
        currency: currencyOf(result.currency, 'currency', where),
        position: where,
        ...(workspace === undefined ? {} : { account: workspace }),
      };
    }),
};

interface Found {
  readonly result: Record<string, unknown>;
  readonly bucket: Record<string, unknown>;
  readonly at: (string | number)[];
}

/** The cost results of a page or an array of pages: results with an amount and a currency, not OpenAI's. */
function results(document: unknown): Found[] {
  const found: Found[] = [];
  for (const [page, pageAt] of itemsOf(document).map((page, index) => [page, Array.isArray(document) ? [index] : []] as const)) {
    if (!isObject(page) || !Array.isArray(page.data)) continue;
    for (const [index, bucket] of page.data.entries()) {
      if (!isObject(bucket) || !Array.isArray(bucket.results)) continue;
      for (const [at, result] of bucket.results.entries())
        if (isObject(result) && 'amount' in result && 'currency' in result && result.object === undefined)
          found.push({ result, bucket, at: [...pageAt, 'data', index, 'results', at] });
    }
  }
  return found;
}
