/**
 * The pricing commands other than `project`, loaded when a run names one: what `project` loads holds
 * its own code and what it shares with the rest, and none of theirs (docs/performance.md).
 */
export { compareCommand } from './compare.js';
export { forecastCommand } from './forecast.js';
export { modelsCommand } from './models.js';
export { schemaCommand } from './schema.js';
