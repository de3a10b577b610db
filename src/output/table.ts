import { Chalk, type ChalkInstance } from 'chalk';
import { displayWidth, fitWidths, tableLines, tableWidth, twoLineWidth, wrapCell } from './draw-table.js';
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
  // Each column's cells measured, the rows read once (then once more for the lines): what any choice of columns takes follows.
  const measures = display.columns.map((column) => new ColumnMeasure(width !== undefined && shrinks(column)));
  for (const row of display.rows) for (const [at, measure] of measures.entries()) measure.add(escapeControls(row[at]?.text ?? ''));
  const fit = fitColumns(display, measures, width);
  const lines = (text: string) => (width === undefined ? [escapeControls(text)] : wrapText(escapeControls(text), width));
  if (display.title !== undefined) yield `${lines(display.title).join('\n')}\n`;
  let first = true;
  for (const line of tableLines(
    fit.columns.map(({ title }) => paint.bold(escapeControls(title))),
    fit.columns.map(({ column }) => column.align),
    mapRows(display.rows, (row) => fit.columns.map(({ at }, column) => paintCell(row[at] ?? { text: '' }, fit.widths[column] ?? 0, paint))),
    fit.widths,
  )) {
    yield first ? line : `\n${line}`;
    first = false;
  }
  const hidden =
    fit.hidden.length === 0 ? [] : [`Not shown, to fit ${width} columns: ${fit.hidden.join(', ')} (--wide shows every column).`];
  yield `\n${paint.dim([...hidden, ...display.notes].flatMap(lines).join('\n'))}\n`;
  if (display.next !== undefined) {
    yield '\n';
    yield* tableTexts(display.next, paint, width);
  }
}

/**
 * What a column's cells take: the widest, and, for a column that may wrap, each width's narrowest
 * two-line form (twoLineWidth), the largest of the cells of that width: enough to tell how narrow the
 * column may be with no cell on more than two lines, and how narrow a wrapped column can be made
 * without a line more, however many rows it has.
 */
class ColumnMeasure {
  widest = 0;
  private readonly twoLines = new Map<number, number>();

  constructor(private readonly wraps: boolean) {}

  add(text: string): void {
    const width = displayWidth(text);
    this.widest = Math.max(this.widest, width);
    if (!this.wraps) return;
    const known = this.twoLines.get(width);
    if (known !== Number.POSITIVE_INFINITY) this.twoLines.set(width, Math.max(known ?? 0, twoLineWidth(text)));
  }

  /** The narrowest the column may be with every cell on two lines at most. */
  twoLineFloor(): number {
    let floor = 0;
    for (const [width, twoLines] of this.twoLines) floor = Math.max(floor, Math.min(width, twoLines));
    return this.wraps ? floor : this.widest;
  }

  /** How narrow a column wrapped at `width` can be with no cell on more lines than it takes at `width`. */
  tightened(width: number): number {
    let tight = 0;
    for (const [cell, twoLines] of this.twoLines) tight = Math.max(tight, cell <= width ? cell : twoLines <= width ? twoLines : width);
    return tight;
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
 * Below this a column wrapped as the last resort (its cells on three lines or more) is not made
 * narrower: the table is drawn wider than asked instead.
 */
const MIN_WRAPPED_WIDTH = 16;

/**
 * Which columns a table shows, under which titles, and how wide, to fit `width`: the full titles if the
 * whole table fits; else the short ones; else, lowest `drop` first, the columns that may be left out,
 * until it fits. If it fits no other way, every one of those is left out and the columns that may
 * wrap do, widest first: their cells on two lines at most (a name between its words, an id between
 * its parts) where that is enough, else on as many as it takes. A wrapped column is then made as
 * narrow as it can be without a line more, and the columns left out that now fit come back, the last
 * to go first. Without a width (--wide), every column whole; the `wide` ones only then.
 */
function fitColumns(
  display: DisplayTable,
  measures: readonly ColumnMeasure[],
  width: number | undefined,
): { columns: FittedColumn[]; hidden: string[]; widths: number[] } {
  const all = display.columns.flatMap((column, at) =>
    width !== undefined && column.wide === true ? [] : [{ column, at, title: column.title }],
  );
  const titleWidth = ({ title }: FittedColumn) => displayWidth(escapeControls(title));
  const natural = (fitted: FittedColumn) => Math.max(titleWidth(fitted), measures[fitted.at]?.widest ?? 0);
  if (width === undefined) return { columns: all, hidden: [], widths: all.map(natural) };
  const short = all.map((fitted) => ({ ...fitted, title: fitted.column.short ?? fitted.column.title }));
  const levels = [...new Set(display.columns.flatMap((column) => (column.drop === undefined ? [] : [column.drop])))].sort((a, b) => a - b);
  const shown = (level: number) => short.filter(({ column }) => column.drop === undefined || column.drop > level);
  const hiddenFrom = (columns: readonly FittedColumn[]) =>
    all.filter(({ at }) => !columns.some((fitted) => fitted.at === at)).map(({ column }) => column.title || 'bar');
  const candidates = [all, short, ...levels.map(shown)];
  const whole = candidates.find((columns) => tableWidth(columns.map(natural)) <= width);
  if (whole !== undefined) return { columns: whole, hidden: hiddenFrom(whole), widths: whole.map(natural) };
  const fewest = candidates.at(-1) as FittedColumn[];
  const twoLines = (fitted: FittedColumn) => Math.max(titleWidth(fitted), measures[fitted.at]?.twoLineFloor() ?? 0);
  const lastResort = (fitted: FittedColumn) => Math.min(natural(fitted), Math.max(MIN_WRAPPED_WIDTH, titleWidth(fitted)));
  const floor = tableWidth(fewest.map(twoLines)) <= width ? twoLines : lastResort;
  const wrapped = fitWidths(fewest.map(natural), fewest.map(floor), { width, shrink: fewest.map(({ column }) => shrinks(column)) });
  const shownWidths = new Map(
    fewest.map((fitted, column) => {
      const at = wrapped[column] ?? 0;
      return [fitted, at < natural(fitted) ? Math.max(titleWidth(fitted), measures[fitted.at]?.tightened(at) ?? at) : at] as const;
    }),
  );
  const left = short.filter((fitted) => !fewest.some(({ at }) => at === fitted.at));
  for (const fitted of left.sort((a, b) => (b.column.drop ?? 0) - (a.column.drop ?? 0))) {
    if (tableWidth([...shownWidths.values(), natural(fitted)]) <= width) shownWidths.set(fitted, natural(fitted));
  }
  const columns = [...shownWidths.keys()].sort((a, b) => a.at - b.at);
  return { columns, hidden: hiddenFrom(columns), widths: columns.map((fitted) => shownWidths.get(fitted) ?? 0) };
}

/**
 * Whether to colour is gacost's to say (src/cli.ts: --no-color, NO_COLOR, FORCE_COLOR, TERM=dumb, a
 * terminal), not chalk's own detection. The 16-colour set is the one every terminal that colours at all
 * knows; chalk styles each line on its own, so that a pager or a wrapped line keeps the style.
 */
const COLOR = new Chalk({ level: 1 });
const PLAIN = new Chalk({ level: 0 });

/** A cell's lines at its column's width, each painted on its own (so that a pager or a terminal keeps the style). */
function paintCell(cell: DisplayCell, width: number, paint: ChalkInstance): string[] {
  const tones: Record<Tone, (text: string) => string> = {
    plain: (text) => text,
    strong: paint.bold,
    dim: paint.dim,
    good: paint.green,
    bad: paint.red,
    warn: paint.yellow,
  };
  const tone = tones[cell.tone ?? 'plain'];
  return wrapCell(escapeControls(cell.text), width).map((line) => tone(line));
}
