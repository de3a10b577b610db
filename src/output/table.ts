import { drawTable } from './draw-table.js';
import { escapeControls } from './escape-controls.js';
import type { RenderOptions } from './render.js';
import type { DisplayCell, DisplayTable, Tone } from './view.js';
import { wrapText } from './wrap-text.js';

/** The view as a terminal table, its notes dimmed, in colour only when asked. */
export function renderTable(view: DisplayTable, options: RenderOptions): string {
  return tableText(view, options.color ? ANSI : PLAIN, options.width);
}

/** Every text is escaped (escapeControls) before it is painted: the only control characters are the colours'. */
function tableText(display: DisplayTable, paint: Paint, width: number): string {
  const table = drawTable(
    display.columns.map((column) => paint.bold(escapeControls(column.title))),
    display.columns.map((column) => column.align),
    display.rows.map((row) => row.map((cell) => paintCell(cell, paint))),
    { width, shrink: display.columns.map((column) => column.shrink === true) },
  );
  const lines = (text: string) => (display.wrap === true ? wrapText(escapeControls(text), width) : [escapeControls(text)]);
  const title = display.title === undefined ? '' : `${lines(display.title).join('\n')}\n`;
  const next = display.next === undefined ? '' : `\n${tableText(display.next, paint, width)}`;
  return `${title}${table}\n${paint.dim(display.notes.flatMap(lines).join('\n'))}\n${next}`;
}

type Style = 'bold' | 'dim' | 'green' | 'red' | 'yellow';
type Paint = Record<Style, (text: string) => string>;

/** The SGR codes that turn each style on and off: the 16-colour set every terminal that colours at all knows. */
const SGR: Record<Style, readonly [number, number]> = { bold: [1, 22], dim: [2, 22], green: [32, 39], red: [31, 39], yellow: [33, 39] };

/** Each line styled on its own, so that a pager or a wrapped line keeps the style. */
const ANSI = Object.fromEntries(
  Object.entries(SGR).map(([style, [on, off]]) => {
    const [open, close] = [`\x1b[${on}m`, `\x1b[${off}m`];
    return [style, (text: string) => (text === '' ? '' : `${open}${text.replace(/\r?\n/g, (newline) => `${close}${newline}${open}`)}${close}`)];
  }),
) as Paint;
const PLAIN = Object.fromEntries(Object.keys(SGR).map((style) => [style, (text: string) => text])) as Paint;

function paintCell(cell: DisplayCell, paint: Paint): string {
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
