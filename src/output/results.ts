import { catalogDiffSpec } from './catalog-diff.js';
import { checkSpec } from './check.js';
import { compareSpec } from './compare.js';
import { budgetDiffSpec } from './diff.js';
import { forecastSpec } from './forecast.js';
import { modelMatchSpec } from './model-match.js';
import { modelsSpec } from './models.js';
import { renderPage } from './page.js';
import { projectionSpec } from './projection.js';
import { reconcileSpec } from './reconcile.js';
import { type Format, type RenderOptions, renderText } from './render.js';
import type { ResultSpec } from './spec.js';
import { usageSpec } from './usage.js';

/** Every kind of result a command prints, by its `kind`: adding one is a spec file and a line here. */
const RESULT_SPECS = {
  projection: projectionSpec,
  compare: compareSpec,
  forecast: forecastSpec,
  models: modelsSpec,
  'model-match': modelMatchSpec,
  check: checkSpec,
  diff: catalogDiffSpec,
  usage: usageSpec,
  reconcile: reconcileSpec,
  'budget-diff': budgetDiffSpec,
} as const;

type Specs = typeof RESULT_SPECS;
type ResultOf<Spec> = Spec extends { readonly view: (result: infer Result) => unknown } ? Result : never;

/** Everything a command can print. */
export type Result = { [Kind in keyof Specs]: ResultOf<Specs[Kind]> & { readonly kind: Kind } }[keyof Specs];

function specOf(result: Result): ResultSpec<Result, unknown> {
  return RESULT_SPECS[result.kind] as unknown as ResultSpec<Result, unknown>;
}

/** A result of any kind in a format (the library's render). */
export function render(result: Result, format: Format, options: RenderOptions): string {
  const spec = specOf(result);
  return format === 'html' ? renderPage(spec, result) : renderText(spec, result, format, options);
}
