/**
 * gacost reconcile on the OpenAI organization Usage and Costs API examples of
 * ../shared/usage-samples/openai-org-usage-costs (the API specification's own examples, written apart:
 * they do not agree). The computed side must be what `gacost usage` prices, the billed side the costs
 * page's amount exactly, and the difference, which nothing in these files explains, said unexplained.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportedFemto } from '../../src/core/usage.js';
import { gacost, ROOT, scratchDir } from '../support/gacost.js';

const S = join(ROOT, '../shared/usage-samples/openai-org-usage-costs');
const SHIPPED = ['--catalog', 'pricing/catalog.yaml'];
const femto = (usd: number) => reportedFemto(String(usd)) as bigint;
const sample = (name: string) => JSON.parse(readFileSync(join(S, name), 'utf8'));

describe('reconcile on the OpenAI Usage and Costs API samples', () => {
  it('holds the usage page, grouped by model, against the costs page: computed as usage prices it, billed exactly, the rest unexplained', async () => {
    const dir = scratchDir();
    const page = sample('usage-completions-response.spec-example.2026-08.json');
    page.data[0].results = [sample('usage-completions-result-object.grouped.spec-example.2026-08.json')];
    const usage = join(dir, 'usage.json');
    writeFileSync(usage, JSON.stringify(page));
    // The costs result grouped by line item (input_tokens: no model), in the day's bucket.
    const grouped = {
      object: 'page',
      data: [
        {
          object: 'bucket',
          start_time: 1730419200,
          end_time: 1730505600,
          results: [sample('costs-result-object.grouped-by-line_item.spec-example.2026-08.json')],
        },
      ],
    };
    const groupedBill = join(dir, 'costs-by-line-item.json');
    writeFileSync(groupedBill, JSON.stringify(grouped));
    const priced = JSON.parse((await gacost([...SHIPPED, 'usage', usage, '--on', 'none', '--format', 'json'])).stdout);
    for (const bill of [join(S, 'costs-response.spec-example.2026-08.json'), groupedBill]) {
      const run = await gacost([...SHIPPED, 'reconcile', usage, '--bill', bill, '--format', 'json']);
      expect(run.exitCode, run.stderr).toBe(0);
      const json = JSON.parse(run.stdout);
      expect(femto(json.totals.computed_usd)).toBe(femto(priced.totals.cost_usd));
      expect(json.totals.billed_usd).toBe(0.06);
      expect(json.totals.explained).toEqual([]);
      expect(femto(json.totals.unexplained_usd)).toBe(femto(priced.totals.cost_usd) - femto(0.06));
      expect(
        json.groups.map((group: { period: string; provider: string; item: string | null }) => [group.period, group.provider, group.item]),
      ).toEqual([['2024-11-01', 'openai', null]]);
      expect((await gacost([...SHIPPED, 'reconcile', usage, '--bill', bill, '--tolerance', '2%'])).exitCode).toBe(1);
    }
  });

  it('says the costs page is billed on a day the usage page gives no priced record of (not grouped by model, skipped with --skip-bad)', async () => {
    const usage = join(S, 'usage-completions-response.spec-example.2026-08.json');
    const bill = join(S, 'costs-response.spec-example.2026-08.json');
    const refused = await gacost([...SHIPPED, 'reconcile', usage, '--bill', bill]);
    expect([refused.exitCode, refused.errorCode]).toEqual([2, 'invalid-usage']);
    const json = JSON.parse((await gacost([...SHIPPED, 'reconcile', usage, '--bill', bill, '--skip-bad', '--format', 'json'])).stdout);
    expect([json.totals.computed_usd, json.totals.billed_usd, json.totals.unexplained_usd]).toEqual([0, 0.06, 0]);
    expect(json.totals.explained).toEqual([{ cause: 'days-without-logs', amount_usd: -0.06, lines: 1, about: ['2024-11-01'] }]);
    expect(json.periods_without_usage).toEqual([{ period: '2024-11-01', provider: 'openai', billed_usd: 0.06 }]);
  });
});
