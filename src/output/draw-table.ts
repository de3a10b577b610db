/// <reference path="./cli-table3-utils.d.ts" />
import { strlen } from 'cli-table3/src/utils.js';

type Align = 'left' | 'right';

/** A table to fit a width: the columns that may shrink, cut with an ellipsis, until the whole table fits. */
export interface TableFit {
  readonly width: number;
  readonly shrink: readonly boolean[];
}

/**
 * Below this a cut cell no longer tells rows apart: a table that fits only by cutting a column
 * narrower is drawn wider than asked instead.
 */
const MIN_SHRUNK_WIDTH = 16;

/**
 * A table with box-drawing borders, the head ruled off from the rows (if any), a space of padding each side of
 * every cell, and each column as wide as its widest cell. Cells may carry ANSI colour, which takes no
 * room. With `fit`, the columns that may shrink are cut, widest first, until the table is no wider
 * than `fit.width`; a head is never cut. Drawn in time linear in its cells, so a 10,000-row table
 * costs no more per row than a short one.
 */
export function drawTable(head: readonly string[], aligns: readonly Align[], rows: readonly (readonly string[])[], fit?: TableFit): string {
  const natural = naturalWidths(head, rows);
  return [...tableLines(head, aligns, rows, fit === undefined ? natural : fitted(natural, head, fit))].join('\n');
}

/**
 * The lines of a table whose column widths are known (see drawTable), one at a time: a table of a
 * million rows is written a piece at a time, from rows made as they are read.
 */
export function* tableLines(
  head: readonly string[],
  aligns: readonly Align[],
  rows: Iterable<readonly string[]>,
  widths: readonly number[],
): Generator<string, void, undefined> {
  const rule = (left: string, middle: string, right: string) =>
    `${left}${widths.map((width) => '─'.repeat(width + 2)).join(middle)}${right}`;
  const line = (cells: readonly string[]) =>
    `│${widths
      .map((width, column) => {
        const whole = cells[column] ?? '';
        const text = displayWidth(whole) > width ? ellipsize(whole, width) : whole;
        const padding = ' '.repeat(width - displayWidth(text));
        return aligns[column] === 'right' ? ` ${padding}${text} ` : ` ${text}${padding} `;
      })
      .join('│')}│`;
  yield rule('┌', '┬', '┐');
  yield line(head);
  let first = true;
  for (const row of rows) {
    if (first) yield rule('├', '┼', '┤');
    first = false;
    yield line(row);
  }
  yield rule('└', '┴', '┘');
}

/** The columns a table of these column widths takes, borders and padding included. */
export function tableWidth(widths: readonly number[]): number {
  return widths.reduce((total, width) => total + width + 3, 1);
}

/** Each column's natural width: its widest cell or its head. */
function naturalWidths(head: readonly string[], rows: readonly (readonly string[])[]): number[] {
  return head.map((title, column) => rows.reduce((widest, row) => Math.max(widest, displayWidth(row[column] ?? '')), displayWidth(title)));
}

/** The column widths cut, one column at a time, the widest that may shrink first, until the table fits. */
export function fitted(natural: readonly number[], head: readonly string[], fit: TableFit): number[] {
  const widths = [...natural];
  // Each column takes its width, a space each side and the border on its left; the last border closes the row.
  let excess = tableWidth(widths) - fit.width;
  const floor = widths.map((width, column) => Math.min(width, Math.max(MIN_SHRUNK_WIDTH, displayWidth(head[column] ?? ''))));
  while (excess > 0) {
    let widest = -1;
    for (const [column, width] of widths.entries()) {
      if (fit.shrink[column] === true && width > (floor[column] ?? 0) && (widest < 0 || width > (widths[widest] ?? 0))) widest = column;
    }
    if (widest < 0) break;
    widths[widest] = (widths[widest] ?? 0) - 1;
    excess -= 1;
  }
  return widths;
}

// The CSI sequences of colour, which are kept whole and take no room.
const ESCAPES = /(\x1b\[[0-9;]*[A-Za-z])/;
// Code points that belong to the one before them: marks (accents, variation selectors) and skin tones.
// biome-ignore lint/suspicious/noMisleadingCharacterClass: each code point is matched alone on purpose, to join it to the one before it.
const EXTENDS = /[\p{M}\u{1f3fb}-\u{1f3ff}]/u;

/**
 * A text as the characters a reader sees, so that a cut keeps or leaves out an emoji of several code
 * points (a ZWJ family, a skin tone) or a letter and its accent whole. Intl.Segmenter would also join
 * the rarer clusters (flags, Hangul jamo), but its first use costs a run some 40 ms (ICU's start).
 */
function characters(text: string): string[] {
  // No mark, joiner or skin tone among these: each code point is a character (and EXTENDS, a regular
  // expression of every mark, is not built for the text of most cells).
  if (NARROW.test(text)) return [...text];
  const joined: string[] = [];
  for (const char of text) {
    const last = joined.length - 1;
    if (last >= 0 && (EXTENDS.test(char) || char === '\u200d' || joined[last]?.endsWith('\u200d') === true)) joined[last] += char;
    else joined.push(char);
  }
  return joined;
}

/**
 * A text cut to `width` columns by an ellipsis in its middle: both ends of a long cell (an id's
 * provider and its version or date) tell rows apart. Colour codes are all kept, so a colour opened
 * before the cut is still closed after it.
 */
function ellipsize(text: string, width: number): string {
  type Piece = { readonly escape: string } | { readonly char: string; readonly width: number };
  const pieces = text
    .split(ESCAPES)
    .flatMap((part, at): Piece[] =>
      at % 2 === 1 ? [{ escape: part }] : characters(part).map((char) => ({ char, width: displayWidth(char) })),
    );
  const widths = pieces.flatMap((piece) => ('char' in piece ? [piece.width] : []));
  const room = width - 1;
  // The head takes the larger half of the room, whole characters only; the tail what is left of it.
  let [headEnd, used] = [0, 0];
  while (headEnd < widths.length && used + (widths[headEnd] ?? 0) <= Math.ceil(room / 2)) used += widths[headEnd++] ?? 0;
  let tailStart = widths.length;
  while (tailStart > headEnd && used + (widths[tailStart - 1] ?? 0) <= room) used += widths[--tailStart] ?? 0;
  let at = -1;
  return pieces
    .map((piece) => {
      if ('escape' in piece) return piece.escape;
      at += 1;
      return `${at === headEnd ? '…' : ''}${at < headEnd || at >= tailStart ? piece.char : ''}`;
    })
    .join('');
}

/**
 * Characters that cli-table3's string-width gives one column each, as no emoji sequence can start with
 * them (npm test checks every one): ASCII, Latin-1 and Latin Extended, punctuation (— … ·), arrows,
 * mathematical operators, box drawing and blocks (█). A text of these alone, most cells, is counted
 * without it, since each of its measures builds two regular expressions anew.
 */
export const NARROW = /^[\x20-\x7e\u00a0-\u02ff\u2010-\u205e\u2190-\u22ff\u2500-\u259f]*$/;

/**
 * Columns a text takes in a terminal, measured as cli-table3 measures the cells it pads (its string-width):
 * East Asian wide characters and emoji, a ZWJ family, a skin tone or a VS16 presentation too, take two;
 * halfwidth forms one; combining accents and colour codes none.
 */
export function displayWidth(text: string): number {
  return NARROW.test(text) ? text.length : strlen(text);
}
