// usageReport, as `gacost usage`; fromUsage, as --from-usage; belowRequired, as --require.
import { belowRequired, forecast, fromUsage, loadCatalog, render, usageReport, usdText } from 'gacost';

const catalog = await loadCatalog();
const asOf = '2026-11-24';

// As `gacost usage examples/usage-openai.jsonl --by model,month --format csv`.
const report = await usageReport(['examples/usage-openai.jsonl'], { by: ['model', 'month'], asOf });
console.log(
  `$${usdText(report.totals.cost)} for ${report.totals.records} records, ${report.unpriced.length} names unpriced, ${belowRequired(report, 'exact').length} below --require exact`,
);
console.log(render(report, 'csv'));

// As `gacost usage examples/usage-quarter.csv --since 2026-09-01 --until 2026-09-30 --on deepseek-v4-flash
// --mix gpt-4o-mini=80,gpt-4o=20 --map gpt-4o=claude-haiku-4-5 --profile --plan`.
const whatIf = await usageReport(['examples/usage-quarter.csv'], {
  since: '2026-09-01',
  until: '2026-09-30',
  on: ['deepseek-v4-flash'],
  mix: 'gpt-4o-mini=80,gpt-4o=20',
  map: ['gpt-4o=claude-haiku-4-5'],
  profile: true,
  plan: true,
  asOf,
});
console.log(
  `September $${usdText(whatIf.totals.cost)}, on other models:`,
  whatIf.repriced.map((line) => `$${usdText(line.cost)}`).join(', '),
);
console.log(`profile: ${whatIf.profile.records} records; plan: cheapest mix $${usdText(whatIf.plan.mixes[0].cost)}`);

// As `gacost forecast --from-usage examples/usage-quarter.csv --months 3`: the logs' month and measured growth.
const observed = await fromUsage(['examples/usage-quarter.csv'], { catalog, asOf });
console.log(
  'forecast:',
  forecast(catalog, { fromUsage: observed, months: 3, asOf })
    .rows.map((row) => `month ${row.month} $${usdText(row.cost)}`)
    .join(', '),
);
