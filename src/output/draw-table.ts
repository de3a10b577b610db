/// <reference path="./cli-table3-utils.d.ts" />
import { strlen } from 'cli-table3/src/utils.js';

type Align = 'left' | 'right';

/** A table to fit a width: the columns that may wrap onto more lines, until the whole table fits. */
export interface TableFit {
  readonly width: number;
  readonly shrink: readonly boolean[];
}

/**
 * A table with box-drawing borders, the head ruled off from the rows (if any), a space of padding each side of
 * every cell, and each column as wide as its widest cell. Cells may carry ANSI colour, which takes no
 * room. With `fit`, the columns that may shrink are made narrower, widest first, their cells wrapped
 * (wrapCell), until the table is no wider than `fit.width`; a head is never wrapped.
 */
export function drawTable(head: readonly string[], aligns: readonly Align[], rows: readonly (readonly string[])[], fit?: TableFit): string {
  const natural = head.map((title, column) =>
    rows.reduce((widest, row) => Math.max(widest, displayWidth(row[column] ?? '')), displayWidth(title)),
  );
  const widths =
    fit === undefined
      ? natural
      : fitWidths(
          natural,
          head.map((title) => displayWidth(title)),
          fit,
        );
  const cells = rows.map((row) => widths.map((width, column) => wrapCell(row[column] ?? '', width)));
  return [...tableLines(head, aligns, cells, widths)].join('\n');
}

/**
 * The lines of a table whose column widths are known (see drawTable), one at a time, each row's cells
 * given as their lines (a cell wrapped onto several takes as many lines of the table, the others'
 * blank below): a table of a million rows is written a piece at a time, from rows made as they are read.
 */
export function* tableLines(
  head: readonly string[],
  aligns: readonly Align[],
  rows: Iterable<readonly (readonly string[])[]>,
  widths: readonly number[],
): Generator<string, void, undefined> {
  const rule = (left: string, middle: string, right: string) =>
    `${left}${widths.map((width) => '─'.repeat(width + 2)).join(middle)}${right}`;
  const line = (cells: readonly string[]) =>
    `│${widths
      .map((width, column) => {
        const text = cells[column] ?? '';
        const padding = ' '.repeat(Math.max(0, width - displayWidth(text)));
        return aligns[column] === 'right' ? ` ${padding}${text} ` : ` ${text}${padding} `;
      })
      .join('│')}│`;
  yield rule('┌', '┬', '┐');
  yield line(head);
  let first = true;
  for (const row of rows) {
    if (first) yield rule('├', '┼', '┤');
    first = false;
    const height = row.reduce((most, cell) => Math.max(most, cell.length), 1);
    for (let at = 0; at < height; at++) yield line(row.map((cell) => cell[at] ?? ''));
  }
  yield rule('└', '┴', '┘');
}

/** The columns a table of these column widths takes, borders and padding included. */
export function tableWidth(widths: readonly number[]): number {
  return widths.reduce((total, width) => total + width + 3, 1);
}

/**
 * The column widths made narrower, one column at a time, the widest that may shrink first, until the
 * table fits or each is at its floor (its head's width, or more: see fitColumns in table.ts).
 */
export function fitWidths(natural: readonly number[], floors: readonly number[], fit: TableFit): number[] {
  const widths = [...natural];
  let excess = tableWidth(widths) - fit.width;
  while (excess > 0) {
    let widest = -1;
    for (const [column, width] of widths.entries()) {
      if (fit.shrink[column] === true && width > (floors[column] ?? 0) && (widest < 0 || width > (widths[widest] ?? 0))) widest = column;
    }
    if (widest < 0) break;
    widths[widest] = (widths[widest] ?? 0) - 1;
    excess -= 1;
  }
  return widths;
}

/**
 * A cell's text in pieces that each end where a line may break: after a space, a `/` or a `-`, so that
 * a name wraps between its words and an id between its parts, every character kept
 * ("anthropic/" "claude-" "sonnet-" "4-" "5").
 */
function breakPieces(text: string): string[] {
  return text.match(/[^ /-]*[ /-]*/g)?.filter((piece) => piece !== '') ?? [];
}

/** Where a model's name ends and its provider begins ("DeepSeek V4 Flash · Global API"): a wrapped cell breaks there first. */
const PROVIDER_MARK = ' · ';

/** A name and its provider as two texts, the mark leading the second ("· Global API"); other texts as they are. */
function parts(text: string): string[] {
  const at = text.lastIndexOf(PROVIDER_MARK);
  return at < 0 ? [text] : [text.slice(0, at), text.slice(at + 1)];
}

const trailingSpaces = (piece: string) => piece.length - piece.trimEnd().length;

/**
 * A cell's text as lines of at most `width` columns: a model's name and its provider on lines of their
 * own (the provider under the name) where they do not fit on one, and each as many whole pieces
 * (breakPieces) a line as fit; the spaces a line ends with are dropped. Only a piece wider than the column itself (a word
 * or an id's part longer than the column is wide) is broken inside, at the column's width, as the last
 * resort: its characters are all kept, on lines that read on from each other.
 */
export function wrapCell(text: string, width: number): string[] {
  if (displayWidth(text) <= width) return [text];
  const split = parts(text);
  return split.length > 1 ? split.flatMap((part) => wrapCell(part, width)) : wrapPieces(text, width);
}

function wrapPieces(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  let used = 0;
  for (const piece of breakPieces(text)) {
    const size = displayWidth(piece);
    if (line !== '' && used + size - trailingSpaces(piece) > width) {
      lines.push(line.trimEnd());
      [line, used] = ['', 0];
    }
    if (line === '' && size - trailingSpaces(piece) > width) {
      // The last resort: a piece wider than the column, cut at its width (whole characters).
      for (const char of characters(piece)) {
        if (line === '' && char === ' ') continue;
        const charWidth = displayWidth(char);
        if (used + charWidth > width && line.trim() !== '') {
          lines.push(line.trimEnd());
          [line, used] = ['', 0];
        }
        [line, used] = [line + char, used + charWidth];
      }
      continue;
    }
    [line, used] = [line + piece, used + size];
  }
  if (line.trim() !== '') lines.push(line.trimEnd());
  return lines;
}

/**
 * The narrowest width at which a text wraps onto two lines (wrapCell keeps it to two at any width from
 * this one up), or Infinity where it has nowhere to break: a model's name over its provider, else the
 * place to break that leaves the longer of the two lines shortest.
 */
export function twoLineWidth(text: string): number {
  const split = parts(text);
  if (split.length > 1) return Math.max(...split.map(displayWidth));
  const pieces = breakPieces(text);
  const sizes = pieces.map(displayWidth);
  const total = sizes.reduce((sum, size) => sum + size, 0) - trailingSpaces(pieces.at(-1) ?? '');
  let best = Number.POSITIVE_INFINITY;
  let before = 0;
  for (let at = 0; at < pieces.length - 1; at++) {
    before += sizes[at] ?? 0;
    best = Math.min(best, Math.max(before - trailingSpaces(pieces[at] ?? ''), total - before));
  }
  return best;
}

// Code points that belong to the one before them: marks (accents, variation selectors) and skin tones.
// biome-ignore lint/suspicious/noMisleadingCharacterClass: each code point is matched alone on purpose, to join it to the one before it.
const EXTENDS = /[\p{M}\u{1f3fb}-\u{1f3ff}]/u;

/**
 * A text as the characters a reader sees, so that a line broken inside a word keeps an emoji of several
 * code points (a ZWJ family, a skin tone) or a letter and its accent whole. Intl.Segmenter would also join
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
