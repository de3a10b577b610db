import { csvPieces, renderCsv } from './csv.js';
import { renderHtml } from './html.js';
import { jsonPieces, renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { viewReport } from './report.js';
import { type Result, specOf } from './results.js';
import type { ResultSpec } from './spec.js';
import { renderTable, tablePieces } from './table.js';

export const FORMATS = ['table', 'json', 'csv', 'markdown', 'html'] as const;
export type Format = (typeof FORMATS)[number];

export interface RenderOptions {
  /** ANSI colour in tables; never in JSON or CSV. */
  readonly color: boolean;
  /**
   * The columns a table may take: it is fitted to them (narrower titles, columns left out, cells cut)
   * and its title and notes wrapped. Undefined (--wide): every column whole, nothing wrapped.
   */
  readonly width: number | undefined;
}

type Renderer = (spec: ResultSpec<Result, unknown>, result: Result, options: RenderOptions) => string;

const renderers = {
  table: (spec, result, options) => renderTable(spec.view(result), options),
  markdown: (spec, result) => renderMarkdown(spec.view(result)),
  csv: (spec, result) => renderCsv(spec.csv(result)),
  json: (spec, result) => renderJson(spec.json(result)),
  html: (spec, result) => renderHtml(spec.report === undefined ? viewReport(spec.view(result)) : spec.report(result, spec.json(result))),
} satisfies Record<Format, Renderer>;

export function render(result: Result, format: Format, options: RenderOptions): string {
  return renderers[format](specOf(result), result, options);
}

/** The same text in pieces to write one after another: a CSV, a table and a JSON's long lists a piece at a time, never held whole; any other format whole. */
export function renderPieces(result: Result, format: Format, options: RenderOptions): Iterable<string> {
  const spec = specOf(result);
  if (format === 'csv') return csvPieces(spec.csv(result));
  if (format === 'json') return jsonPieces(spec.lazyJson?.(result) ?? spec.json(result));
  if (format === 'table') return tablePieces(spec.view(result), options);
  return [render(result, format, options)];
}
