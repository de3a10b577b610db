import type { Format, Renderer, RenderOptions, Result } from './formats.js';
import { renderCsv } from './render-csv.js';
import { renderJson } from './render-json.js';
import { renderMarkdown } from './render-markdown.js';
import { renderTable } from './render-table.js';

const renderers = { table: renderTable, json: renderJson, csv: renderCsv, markdown: renderMarkdown } satisfies Record<
  Format,
  Renderer
>;

export function render(result: Result, format: Format, options: RenderOptions): string {
  return renderers[format](result, options);
}
