import { displayWidth } from './draw-table.js';

/**
 * One line of text as lines of at most `width` columns, broken at spaces, each after the first
 * indented so that a wrapped note still reads as one. A word wider than the line (a URL) is kept
 * whole on a line of its own rather than broken where it could no longer be copied.
 */
export function wrapText(text: string, width: number, indent = '  '): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const joined = line === '' ? word : `${line} ${word}`;
    if (line === '' || line.trim() === '' || displayWidth(joined) <= width) {
      line = joined;
      continue;
    }
    lines.push(line);
    line = `${indent}${word}`;
  }
  lines.push(line);
  return lines;
}
