import { Chalk, type ChalkInstance } from 'chalk';
import { displayWidth, fitted, tableLines, tableWidth } from './draw-table.js';
import { escapeControls } from './escape-controls.js';
import type { RenderOptions } from './render.js';
import { type DisplayCell, type DisplayColumn, type DisplayTable, mapRows, type Tone } from './view.js';
import { wrapText } from './wrap-text.js';

/** The view as a terminal table, its notes dimmed, in colour only when asked. */
export function renderTable(view: DisplayTable, options: RenderOptions): string {
  return [...tablePieces(view, options)].join('');
}

/** Characters of a table a piece holds, about: enough that writing a piece at a time costs nothing more. */
const PIECE_LENGTH = 1 << 16;

/**
 * renderTable's text in pieces of whole lines, to be written one after another: a view's rows are
 * read as they come (usage --by session on a million sessions has a row each), never all held.
 */
export function* tablePieces(view: DisplayTable, options: RenderOptions): Generator<string, void, undefined> {
  let piece = '';
  for (const text of tableTexts(view, options.color ? COLOR : PLAIN, options.width)) {
    piece += text;
    if (piece.length >= PIECE_LENGTH) {
      yield piece;
      piece = '';
    }
  }
  if (piece !== '') yield piece;
}

/** Every text is escaped (escapeControls) before it is painted: the only control characters are the colours'. */
function* tableTexts(display: DisplayTable, paint: ChalkInstance, width: number | undefined): Generator<string, void, undefined> {
  // Each column's widest cell, the rows read once (then once more for the lines): what any choice of columns takes follows.
  const widest = display.columns.map(() => 0);
  for (const row of display.rows)
    for (const [at, known] of widest.entries()) widest[at] = Math.max(known, displayWidth(escapeControls(row[at]?.text ?? '')));
  const fit =
    width === undefined
      ? { columns: display.columns.map((column, at) => ({ column, at, title: column.title })), hidden: [] }
      : fitColumns(display, widest, width);
  const head = fit.columns.map(({ title }) => paint.bold(escapeControls(title)));
  const natural = fit.columns.map(({ at }, column) => Math.max(displayWidth(head[column] ?? ''), widest[at] ?? 0));
  const lines = (text: string) => (width === undefined ? [escapeControls(text)] : wrapText(escapeControls(text), width));
  if (display.title !== undefined) yield `${lines(display.title).join('\n')}\n`;
  let first = true;
  for (const line of tableLines(
    head,
    fit.columns.map(({ column }) => column.align),
    mapRows(display.rows, (row) => fit.columns.map(({ at }) => paintCell(row[at] ?? { text: '' }, paint))),
    width === undefined ? natural : fitted(natural, head, { width, shrink: fit.columns.map(({ column }) => shrinks(column)) }),
  )) {
    yield first ? line : `\n${line}`;
    first = false;
  }
  const hidden =
    fit.hidden.length === 0 ? [] : [`Not shown, to fit ${width} columns: ${fit.hidden.join(', ')} (--wide shows every column).`];
  yield `\n${paint.dim([...display.notes, ...hidden].flatMap(lines).join('\n'))}\n`;
  if (display.next !== undefined) {
    yield '\n';
    yield* tableTexts(display.next, paint, width);
  }
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
function fitColumns(display: DisplayTable, widest: readonly number[], width: number): { columns: FittedColumn[]; hidden: string[] } {
  const all = display.columns.map((column, at) => ({ column, at, title: column.title }));
  const short = all.map((fitted) => ({ ...fitted, title: fitted.column.short ?? fitted.column.title }));
  const levels = [...new Set(display.columns.flatMap((column) => (column.drop === undefined ? [] : [column.drop])))].sort((a, b) => a - b);
  const shown = (level: number | undefined) =>
    short.filter(({ column }) => level === undefined || column.drop === undefined || column.drop > level);
  const candidates = [all, short, ...levels.map(shown)];
  const widthOf = (columns: readonly FittedColumn[]) =>
    tableWidth(columns.map(({ title, at }) => Math.max(displayWidth(escapeControls(title)), widest[at] ?? 0)));
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
