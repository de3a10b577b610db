import { BadRecord } from './usage-format.js';

/** One CSV row and the physical line it starts on. */
export interface CsvRow {
  readonly fields: string[];
  readonly line: number;
}

const ROW_GOES_ON = -1;
const ROW_ENDS = -2;

/** A physical line of CSV and its number. */
export interface CsvLine {
  readonly text: string;
  readonly line: number;
}

/** The most characters a row may hold, over all its lines: as many as a line may (see lines.ts). */
const MAX_ROW_CHARS = 256 * 1024 * 1024;

/**
 * A row longer than gacost reads (a quoted field that goes on for hundreds of megabytes): no usage
 * record, and past what a string can hold. Not a bad record to skip: the rest of the file is that row.
 */
export class CsvRowTooLong extends Error {}

/**
 * RFC 4180 rows from lines (as the reader splits them, newline removed): fields separated by commas,
 * a field in double quotes may hold commas, doubled quotes and newlines (a row then goes on over
 * several lines, and the newline inside is read as `\n`). Lenient only where nothing is lost: blank
 * lines are no rows, spaces before an opening quote are dropped. A quote inside an unquoted field or
 * text after a closing quote makes the row bad (a BadRecord naming the line the row starts on), and
 * reading goes on with the next line. Once the header's columns are known, a quoted field left open
 * at the end of a line ends its row, bad, where the next line is a row of its own (of that many
 * fields): one stray quote costs its row, not every row after it (the line is then given again, cut).
 * A bad row that went on over several lines leaves those after its first in `again`, to be read each
 * on its own (see rowAlone): a row there is lost to the stray quote before it, and is to be counted.
 * Fields are built a slice at a time, and a row over `maxRowChars` is refused (CsvRowTooLong).
 */
export class CsvRows {
  private fields: string[] = [];
  private field = '';
  private quoted = false;
  private start = 0;
  /** Characters of the row being read, newlines included. */
  private size = 0;
  /** The lines of the row being read after its first (while a quoted field goes on). */
  private following: CsvLine[] = [];
  /** The header's number of fields, once read. */
  columns: number | undefined;
  /** Whether the last line given ended a broken row instead of being read: it is to be given again. */
  cut = false;
  /** The lines after the first of the bad row just thrown, to be read again each on its own. */
  again: readonly CsvLine[] = [];

  constructor(private readonly maxRowChars = MAX_ROW_CHARS) {}

  /** Reads one line: the row it ends, or undefined (a blank line, or a quoted field going on). */
  line(text: string, line: number): CsvRow | undefined {
    this.cut = false;
    this.again = [];
    if (!this.quoted) {
      this.start = line;
      this.size = 0;
      if (text.trim() === '') return undefined;
    } else {
      if (this.columns !== undefined && isRowOf(text, this.columns)) {
        this.cut = true;
        this.broken(
          `a quoted field not closed on its line, which the next line, a row of its own, does not close: a quote is missing or not doubled`,
        );
      }
      this.following.push({ text, line });
      this.field += '\n';
    }
    this.size += text.length + 1;
    if (this.size > this.maxRowChars) {
      this.reset();
      throw new CsvRowTooLong(
        `a CSV row of more than ${Math.floor(this.maxRowChars / 1024 / 1024)} MB (a quoted field not closed, or one no usage log has)`,
      );
    }
    // Most rows hold no quote at all.
    if (!this.quoted && !text.includes('"')) return { fields: text.split(','), line };
    let at = 0;
    if (this.quoted) {
      at = this.afterQuoted(text, 0);
      if (at === ROW_GOES_ON) return undefined;
      if (at === ROW_ENDS) return this.row();
    }
    for (;;) {
      const comma = text.indexOf(',', at);
      const end = comma < 0 ? text.length : comma;
      const quote = text.indexOf('"', at);
      if (quote >= 0 && quote < end) {
        if (text.slice(at, quote).trim() !== '')
          this.broken(`a quote inside unquoted field ${this.fields.length + 1}: quote the whole field and double the quote`);
        this.field = '';
        this.quoted = true;
        at = this.afterQuoted(text, quote + 1);
        if (at === ROW_GOES_ON) return undefined;
        if (at === ROW_ENDS) return this.row();
        continue;
      }
      this.field = text.slice(at, end);
      if (comma < 0) return this.row();
      this.fields.push(this.field);
      this.field = '';
      at = comma + 1;
    }
  }

  /**
   * Reads a quoted field's text from `at` (after its opening quote) to its closing quote, then the
   * spaces and the comma after it: where the next field starts, ROW_ENDS where the line ends after
   * it, or ROW_GOES_ON where the field goes on past the line. Text read a slice at a time.
   */
  private afterQuoted(text: string, at: number): number {
    let quote = text.indexOf('"', at);
    while (quote >= 0 && text.charCodeAt(quote + 1) === 34) {
      this.field += text.slice(at, quote + 1);
      at = quote + 2;
      quote = text.indexOf('"', at);
    }
    if (quote < 0) {
      this.field += text.slice(at);
      return ROW_GOES_ON;
    }
    this.field += text.slice(at, quote);
    this.quoted = false;
    let next = quote + 1;
    while (text[next] === ' ' || text[next] === '\t') next += 1;
    if (next === text.length) return ROW_ENDS;
    if (text[next] !== ',') this.broken(`text after the closing quote of field ${this.fields.length + 1}`);
    this.fields.push(this.field);
    this.field = '';
    return next + 1;
  }

  private row(): CsvRow {
    const fields = [...this.fields, this.field];
    this.fields = [];
    this.field = '';
    this.following = [];
    return { fields, line: this.start };
  }

  /** The end of the input: a quoted field still open makes its row bad. */
  end(): void {
    if (this.quoted) this.broken('a quoted field is not closed before the end of the file');
  }

  /** The line the row being read started on. */
  get startLine(): number {
    return this.start;
  }

  /** Ends the row being read as bad, its lines after the first left to be read again. */
  private broken(reason: string): never {
    this.again = this.following;
    this.reset();
    throw new BadRecord('csv', reason);
  }

  private reset(): void {
    this.fields = [];
    this.field = '';
    this.quoted = false;
    this.following = [];
  }
}

/** A line read as a row on its own (a quoted field left open at its end makes it bad). */
export function rowAlone(text: string, line: number): CsvRow {
  const row = new CsvRows().line(text, line);
  if (row === undefined)
    throw new BadRecord('csv', 'a quoted field not closed on its line, and the row before it broken: a quote is missing or not doubled');
  return row;
}

/** Whether a line read on its own is a whole row of `columns` fields. */
function isRowOf(text: string, columns: number): boolean {
  try {
    return rowAlone(text, 0).fields.length === columns;
  } catch {
    return false;
  }
}

/** A header's names as formats match them: trimmed, in lower case, a BOM dropped. */
export function headerNames(fields: readonly string[]): string[] {
  return fields.map((field) =>
    field
      .replace(/^\uFEFF/, '')
      .trim()
      .toLowerCase(),
  );
}
