// The commands whose --format html reports the browser tests (test/browser/report.test.ts) check and
// npm run screenshots renders: one list, so the pictures in docs/screenshots are of the pages tested.
// Each runs from the checkout's root on the frozen test catalog and the pinned date (AS_OF in
// test/support/gacost.ts), without --format, which the callers add.

export const REPORT_CASES = [
  { name: 'forecast', args: ['forecast', '--start', '5M', '--growth', '10x/yr', '--months', '13', '--budget', '1000', '--credits', '500'] },
  { name: 'project', args: ['project'] },
  { name: 'compare', args: ['compare', '--tokens', '1B'] },
  // Actual usage against budgets: the month to date and the projection to the month's end (one is
  // over budget: --warn-only keeps the exit code 0).
  {
    name: 'check',
    args: [
      '--as-of',
      '2026-10-20',
      'check',
      '--config',
      'examples/usage-budget.yaml',
      '--usage',
      'examples/usage-openai.jsonl',
      '--warn-only',
    ],
  },
  // Three weeks of OpenAI logs, re-priced on the catalog's default candidates.
  { name: 'usage', args: ['usage', 'examples/usage-openai.jsonl'] },
  // A month's invoice held against the same logs: web search and a credit explained, the rest not.
  {
    name: 'reconcile',
    args: ['reconcile', 'examples/usage-openai.jsonl', '--provider', 'openai', '--bill', 'examples/invoice-2026-10.csv', '--by', 'month'],
  },
  // A week of the same logs by day, the last day billed a credit alone: a period billed below $0, its bar below the zero line.
  {
    name: 'reconcile-credit',
    args: ['reconcile', 'examples/usage-openai.jsonl', '--provider', 'openai', '--bill', 'test/fixtures/bills/invoice-daily-credit.csv'],
  },
  // The negotiated overlay's effect on the example budget's workloads.
  { name: 'diff', args: ['catalog', 'diff', 'builtin', 'examples/negotiated.yaml', '--config', 'examples/gacost.yaml'] },
];
