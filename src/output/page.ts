import { renderHtml } from './html.js';
import { viewReport } from './report.js';
import type { AnySpec } from './spec.js';

/** A result as a page: its kind's report, or its view's table on a page for a kind without one. */
export function renderPage<Result>(spec: AnySpec<Result>, result: Result): string {
  return renderHtml(spec.report === undefined ? viewReport(spec.view(result)) : spec.report(result, spec.json(result)));
}
