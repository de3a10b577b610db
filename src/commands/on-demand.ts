/**
 * What a run loads only when it needs it: the commands other than the projections, reading usage for
 * --from-usage, and drawing a page. The build keeps it one bundle (and what it shares with the rest of
 * the CLI one more), so that a projection loads and compiles none of it, and a run that needs one of
 * these loads two files more, not a file per module (docs/performance.md).
 */
export { fromUsage, observedPeriod } from '../app/from-usage.js';
export { renderPage } from '../output/page.js';
export { catalogDiffCommand } from './catalog-diff.js';
export { catalogExportCommand } from './catalog-export.js';
export { catalogImportCommand } from './catalog-import.js';
export { catalogUpdateCommand } from './catalog-update.js';
export { catalogValidateCommand } from './catalog-validate.js';
export { checkCommand } from './check.js';
export { completionCommand } from './completion.js';
export { diffCommand } from './diff.js';
export { initCommand } from './init.js';
export { reconcileCommand } from './reconcile.js';
export { usageCommand } from './usage.js';
