// project, compare and forecast, as `gacost project`, `compare` and `forecast`; priceTokens and typed errors.
import { compare, forecast, GacostError, loadCatalog, priceTokens, project, render, usdText } from 'gacost';

const catalog = await loadCatalog(); // the built-in catalog; or a path, { text }, or a catalog object
const asOf = '2026-11-24';

// What 1M tokens of GPT-4o cost, three quarters of them input and half of those read from cache.
console.log('priceTokens:', usdText(priceTokens(catalog, 'gpt-4o', '1M', { inputShare: '75%', cachedShare: '50%', asOf }).cost));

// As `gacost project --tokens 5B --model deepseek-v4-flash --tokens-per-request 2K`.
const projection = project(catalog, { tokens: '5B', models: ['deepseek-v4-flash'], tokensPerRequest: '2K', asOf });
console.log('project:', projection.rows.map((row) => `${row.stage} $${usdText(row.cost)}`).join(', '));

// As `gacost compare --tokens 1B --model … --format markdown`.
console.log(render(compare(catalog, { tokens: '1B', models: ['gpt-4o', 'gpt-4o-mini', 'claude-haiku-4-5'], asOf }), 'markdown'));

// As `gacost forecast --start 5M --growth 10x/yr --budget 100 --model gpt-4o`.
const outlook = forecast(catalog, { start: '5M', growth: '10x/yr', budget: 100, models: ['gpt-4o'], asOf });
console.log('forecast: first month over $100:', outlook.outlooks[0].budgetExceededMonth);

try {
  project(catalog, { tokens: '5B', models: ['gpt-5o'], asOf });
} catch (error) {
  if (!(error instanceof GacostError)) throw error;
  console.log(error.code, '-', error.message);
}
