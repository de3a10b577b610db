import type { BudgetCheck } from '../core/budget-check.js';
import type { CatalogDiff } from '../core/catalog-diff.js';
import type { Ranking } from '../core/compare.js';
import type { Forecast } from '../core/forecast.js';
import type { ModelList } from '../core/model-list.js';
import type { Projection } from '../core/projection.js';

export const FORMATS = ['table', 'json', 'csv', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

/** Everything a command can print. */
export type Result = Projection | ModelList | BudgetCheck | Ranking | Forecast | CatalogDiff;

export interface RenderOptions {
  /** ANSI colour in tables; never in JSON or CSV. */
  readonly color: boolean;
}

export type Renderer = (result: Result, options: RenderOptions) => string;
