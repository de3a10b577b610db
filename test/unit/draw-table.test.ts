import { Chalk } from 'chalk';
import Table from 'cli-table3';
import { describe, expect, it } from 'vitest';
import { drawTable, ROWS_PER_SLICE } from '../../src/render/draw-table.js';

const paint = new Chalk({ level: 1 });

/** The same table drawn by cli-table3 in one go. */
function drawnWhole(head: string[], aligns: ('left' | 'right')[], rows: string[][]): string {
  const table = new Table({ head, colAligns: aligns, style: { head: [], border: [], compact: true } });
  for (const row of rows) table.push(row);
  return table.toString();
}

describe('drawTable', () => {
  const head = [paint.bold('Model'), paint.bold('Monthly cost'), 'Note'];
  const aligns: ('left' | 'right')[] = ['left', 'right', 'left'];
  // Widths vary from slice to slice: the widest model name is in the last slice, the widest cost in the first.
  const rows = Array.from({ length: 2 * ROWS_PER_SLICE + 57 }, (_, i) => [
    i === 2 * ROWS_PER_SLICE + 50 ? 'a model with the longest name of all · 日本' : `model ${i}`,
    i === 3 ? paint.red('$123,456,789.00') : `$${i}.00`,
    i === ROWS_PER_SLICE + 1 ? 'two\nlines' : i % 7 === 0 ? '✅ ok' : '',
  ]);

  it('draws a long table in slices exactly as cli-table3 draws it whole', () => {
    expect(drawTable(head, aligns, rows)).toBe(drawnWhole(head, aligns, rows));
  });

  it('draws a table of one slice, or of none, as cli-table3 does', () => {
    for (const count of [0, 1, ROWS_PER_SLICE, ROWS_PER_SLICE + 1]) {
      expect(drawTable(head, aligns, rows.slice(0, count))).toBe(drawnWhole(head, aligns, rows.slice(0, count)));
    }
  });
});
