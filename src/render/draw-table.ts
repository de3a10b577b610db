import Table from 'cli-table3';
import { strlen } from 'cli-table3/src/utils.js';

/**
 * cli-table3 lays a table out in time quadratic in its rows (cli-table3 issue #68: 14 s for a
 * 10,000-model catalog), so a longer table is drawn in slices of this many rows and joined.
 */
export const ROWS_PER_SLICE = 50;

type Align = 'left' | 'right';

/**
 * A table as cli-table3 draws it in gacost's compact style, whatever its length: a long one is drawn
 * slice by slice at the column widths of the whole, and the slices' borders are joined.
 */
export function drawTable(head: readonly string[], aligns: readonly Align[], rows: readonly (readonly string[])[]): string {
  if (rows.length <= ROWS_PER_SLICE) return drawLines(head, aligns, rows).join('\n');
  // As cli-table3 sizes a column: its widest cell, measured as cli-table3 measures, and a space each side.
  const widths = head.map((title, column) => rows.reduce((widest, row) => Math.max(widest, strlen(row[column] ?? '')), strlen(title)) + 2);
  const last = Math.ceil(rows.length / ROWS_PER_SLICE) - 1;
  const lines: string[] = [];
  for (let slice = 0; slice <= last; slice++) {
    const drawn = drawLines(slice === 0 ? head : [], aligns, rows.slice(slice * ROWS_PER_SLICE, (slice + 1) * ROWS_PER_SLICE), widths);
    // The first slice keeps its top border and head, the last its bottom border.
    lines.push(...drawn.slice(slice === 0 ? 0 : 1, slice === last ? drawn.length : -1));
  }
  return lines.join('\n');
}

function drawLines(head: readonly string[], aligns: readonly Align[], rows: readonly (readonly string[])[], colWidths?: number[]): string[] {
  const table = new Table({
    head: [...head],
    colAligns: [...aligns],
    style: { head: [], border: [], compact: true },
    ...(colWidths === undefined ? {} : { colWidths }),
  });
  for (const row of rows) table.push([...row]);
  return table.toString().split('\n');
}
