import { Chalk, type ChalkInstance } from 'chalk';
import { drawTable, naturalWidths, tableWidth } from './draw-table.js';
import { escapeControls } from './escape-controls.js';
import type { RenderOptions } from './render.js';
import type { DisplayCell, DisplayColumn, DisplayTable, Tone } from './view.js';
import { wrapText } from './wrap-text.js';

/** The view as a terminal table, its notes dimmed, in colour only when asked. */
export function renderTable(view: DisplayTable, options: RenderOptions): string {
  return tableText(view, options.color ? COLOR : PLAIN, options.width);
}

/** Every text is escaped (escapeControls) before it is painted: the only control characters are the colours'. */
function tableText(display: DisplayTable, paint: ChalkInstance, width: number | undefined): string {
  const fit = width === undefined ? { columns: display.columns.map((column, at) => ({ column, at, title: column.title })), hidden: [] } : fitColumns(display, width);
  const table = drawTable(
    fit.columns.map(({ title }) => paint.bold(escapeControls(title))),
    fit.columns.map(({ column }) => column.align),
    display.rows.map((row) => fit.columns.map(({ at }) => paintCell(row[at] ?? { text: '' }, paint))),
    width === undefined ? undefined : { width, shrink: fit.columns.map(({ column }) => shrinks(column)) },
  );
  const hidden = fit.hidden.length === 0 ? [] : [`Not shown, to fit ${width} columns: ${fit.hidden.join(', ')} (--wide shows every column).`];
  const lines = (text: string) => (width === undefined ? [escapeControls(text)] : wrapText(escapeControls(text), width));
  const title = display.title === undefined ? '' : `${lines(display.title).join('\n')}\n`;
  const next = display.next === undefined ? '' : `\n${tableText(display.next, paint, width)}`;
  return `${title}${table}\n${paint.dim([...display.notes, ...hidden].flatMap(lines).join('\n'))}\n${next}`;
}

interface FittedColumn {
  readonly column: DisplayColumn;
  /** Its place among the view's columns, and so in each row. */
  readonly at: number;
  readonly title: string;
}

function shrinks(column: DisplayColumn): boolean {
  return column.shrink ?? column.align === 'left';
}

/**
 * Which columns a table shows, and under which titles, to fit `width`: the full titles if the whole
 * table fits; else the short ones; else, lowest `drop` first, the columns that may be left out, until
 * it fits; and if it fits no other way, every one of those left out and cells cut (drawTable).
 */
function fitColumns(display: DisplayTable, width: number): { columns: FittedColumn[]; hidden: string[] } {
  const texts = display.rows.map((row) => row.map((cell) => escapeControls(cell.text)));
  const all = display.columns.map((column, at) => ({ column, at, title: column.title }));
  const short = all.map((fitted) => ({ ...fitted, title: fitted.column.short ?? fitted.column.title }));
  const levels = [...new Set(display.columns.flatMap((column) => (column.drop === undefined ? [] : [column.drop])))].sort((a, b) => a - b);
  const shown = (level: number | undefined) => short.filter(({ column }) => level === undefined || column.drop === undefined || column.drop > level);
  const candidates = [all, short, ...levels.map(shown)];
  const widthOf = (columns: readonly FittedColumn[]) =>
    tableWidth(naturalWidths(columns.map(({ title }) => escapeControls(title)), texts.map((row) => columns.map(({ at }) => row[at] ?? ''))));
  const columns = candidates.find((columns) => widthOf(columns) <= width) ?? (candidates[candidates.length - 1] as FittedColumn[]);
  const hidden = display.columns.filter((_, at) => !columns.some((fitted) => fitted.at === at)).map((column) => column.title || 'bar');
  return { columns, hidden };
}

/**
 * Whether to colour is gacost's to say (src/cli.ts: --no-color, NO_COLOR, FORCE_COLOR, TERM=dumb, a
 * terminal), not chalk's own detection. The 16-colour set is the one every terminal that colours at all
 * knows; chalk styles each line on its own, so that a pager or a wrapped line keeps the style.
 */
const COLOR = new Chalk({ level: 1 });
const PLAIN = new Chalk({ level: 0 });

function paintCell(cell: DisplayCell, paint: ChalkInstance): string {
  const tones: Record<Tone, (text: string) => string> = {
    plain: (text) => text,
    strong: paint.bold,
    dim: paint.dim,
    good: paint.green,
    bad: paint.red,
    warn: paint.yellow,
  };
  return tones[cell.tone ?? 'plain'](escapeControls(cell.text));
}
