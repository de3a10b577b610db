import { stripVTControlCharacters } from 'node:util';

type Align = 'left' | 'right';

/**
 * A table with box-drawing borders, the head ruled off from the rows (if any), a space of padding each side of
 * every cell, and each column as wide as its widest cell. Cells may carry ANSI colour, which takes no
 * room. Drawn in time linear in its cells, so a 10,000-row table costs no more per row than a short one.
 */
export function drawTable(head: readonly string[], aligns: readonly Align[], rows: readonly (readonly string[])[]): string {
  const widths = head.map((title, column) => rows.reduce((widest, row) => Math.max(widest, displayWidth(row[column] ?? '')), displayWidth(title)));
  const rule = (left: string, middle: string, right: string) => `${left}${widths.map((width) => '─'.repeat(width + 2)).join(middle)}${right}`;
  const line = (cells: readonly string[]) =>
    `│${widths
      .map((width, column) => {
        const text = cells[column] ?? '';
        const padding = ' '.repeat(width - displayWidth(text));
        return aligns[column] === 'right' ? ` ${padding}${text} ` : ` ${text}${padding} `;
      })
      .join('│')}│`;
  const body = rows.length === 0 ? [] : [rule('├', '┼', '┤'), ...rows.map(line)];
  return [rule('┌', '┬', '┐'), line(head), ...body, rule('└', '┴', '┘')].join('\n');
}

const ZERO_WIDTH = /[\p{Mn}\p{Me}\p{Cf}]/u;
const WIDE = /[\p{Emoji_Presentation}\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff01-\uff60\uffe0-\uffe6]/u;

/** Columns a text takes in a terminal: East Asian wide characters and emoji take two, marks none. */
export function displayWidth(text: string): number {
  const plain = stripVTControlCharacters(text);
  if (/^[\x20-\x7e]*$/.test(plain)) return plain.length;
  let width = 0;
  for (const char of plain) width += ZERO_WIDTH.test(char) ? 0 : WIDE.test(char) ? 2 : 1;
  return width;
}
