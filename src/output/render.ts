import { GacostError } from '../errors.js';
import { csvPieces, renderCsv } from './csv.js';
import { jsonPieces, renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import type { AnySpec } from './spec.js';
import { renderTable, tablePieces } from './table.js';

export const FORMATS = ['table', 'json', 'csv', 'markdown', 'html', 'focus'] as const;
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

type Renderer = <Result>(spec: AnySpec<Result>, result: Result, options: RenderOptions) => string;

/** The formats drawn as text; a page (html) is drawn by page.ts, which a run loads only when it asks for one. */
type TextFormat = Exclude<Format, 'html'>;

const renderers = {
  table: (spec, result, options) => renderTable(spec.view(result), options),
  markdown: (spec, result) => spec.markdown?.(result) ?? renderMarkdown(spec.view(result)),
  csv: (spec, result) => renderCsv(spec.csv(result)),
  json: (spec, result) => renderJson(spec.json(result)),
  focus: (spec, result) => renderCsv(focusOf(spec, result)),
} satisfies Record<TextFormat, Renderer>;

/** A FOCUS dataset is priced usage: a kind that is not has no FOCUS rows, which is said rather than an empty file written. */
function focusOf<Result>(spec: AnySpec<Result>, result: Result) {
  if (spec.focus === undefined)
    throw new GacostError(
      'invalid-option',
      'the focus format is written by usage and reconcile alone: a FOCUS dataset holds priced usage and bills',
    );
  return spec.focus(result);
}

/** A result as text, drawn by its kind's spec (the CLI's commands name theirs, so a run loads no other kind's). */
export function renderText<Result>(spec: AnySpec<Result>, result: Result, format: TextFormat, options: RenderOptions): string {
  return renderers[format](spec, result, options);
}

/** The same text in pieces to write one after another: a CSV, a table and a JSON's long lists a piece at a time, never held whole; any other format whole. */
export function renderPieces<Result>(spec: AnySpec<Result>, result: Result, format: TextFormat, options: RenderOptions): Iterable<string> {
  if (format === 'csv') return csvPieces(spec.csv(result));
  if (format === 'focus') return csvPieces(focusOf(spec, result));
  if (format === 'json') return jsonPieces(spec.lazyJson?.(result) ?? spec.json(result));
  if (format === 'table') return tablePieces(spec.view(result), options);
  return [renderText(spec, result, format, options)];
}
