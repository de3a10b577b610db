// checkBudget and budgetExitCode, as `gacost check` (inline, from a budget file, and on actual usage).
import { budgetExitCode, checkBudget, loadCatalog } from 'gacost';

const catalog = await loadCatalog();
const asOf = '2026-11-24';

// As `gacost check --model gpt-4o-mini --tokens 2B --budget 1000`.
const inline = await checkBudget(catalog, [{ name: 'support bot', model: 'gpt-4o-mini', tokens: '2B', budget: '$1,000' }], { asOf });
console.log('inline:', inline.workloads.map((line) => `${line.name} ${line.status}`).join(', '), '→ exit', budgetExitCode(inline));

// As `gacost check --config examples/gacost.yaml`.
const file = await checkBudget(catalog, { config: 'examples/gacost.yaml' }, { asOf });
console.log('file:', file.workloads.map((line) => `${line.name} ${line.status}`).join(', '), '→ exit', budgetExitCode(file));

// As `gacost check --config examples/usage-budget.yaml --usage examples/usage-openai.jsonl --as-of 2026-10-31`.
const actual = await checkBudget(
  catalog,
  { config: 'examples/usage-budget.yaml' },
  { usage: ['examples/usage-openai.jsonl'], asOf: '2026-10-31' },
);
console.log('actual:', actual.workloads.map((line) => `${line.name} ${line.status}`).join(', '), '→ exit', budgetExitCode(actual));
