import { Chalk, type ChalkInstance } from 'chalk';
import { displayOf, type DisplayCell, type DisplayTable, type Tone } from './display.js';
import { drawTable } from './draw-table.js';
import type { Renderer } from './formats.js';

export const renderTable: Renderer = (result, options) => {
  const paint = new Chalk({ level: options.color ? 1 : 0 });
  return tableText(displayOf(result), paint);
};

function tableText(display: DisplayTable, paint: ChalkInstance): string {
  const table = drawTable(
    display.columns.map((column) => paint.bold(column.title)),
    display.columns.map((column) => column.align),
    display.rows.map((row) => row.map((cell) => paintCell(cell, paint))),
  );
  const title = display.title === undefined ? '' : `${display.title}\n`;
  const next = display.next === undefined ? '' : `\n${tableText(display.next, paint)}`;
  return `${title}${table}\n${paint.dim(display.notes.join('\n'))}\n${next}`;
}

function paintCell(cell: DisplayCell, paint: ChalkInstance): string {
  const tones: Record<Tone, (text: string) => string> = {
    plain: (text) => text,
    strong: paint.bold,
    dim: paint.dim,
    good: paint.green,
    bad: paint.red,
    warn: paint.yellow,
  };
  return tones[cell.tone ?? 'plain'](cell.text);
}
