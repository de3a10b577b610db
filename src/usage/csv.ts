import { BadRecord } from './usage-format.js';

/** One CSV row and the physical line it starts on. */
export interface CsvRow {
  readonly fields: string[];
  readonly line: number;
}

/**
 * RFC 4180 rows from lines (as the reader splits them, newline removed): fields separated by commas,
 * a field in double quotes may hold commas, doubled quotes and newlines (a row then goes on over
 * several lines, and the newline inside is read as `\n`). Lenient only where nothing is lost: blank
 * lines are no rows, spaces before an opening quote are dropped. A quote inside an unquoted field or
 * text after a closing quote makes the row bad (a BadRecord naming the line the row starts on), and
 * reading goes on with the next line. Once the header's columns are known, a quoted field left open
 * at the end of a line ends its row, bad, where the next line is a row of its own (of that many
 * fields): one stray quote costs its row, not every row after it (the line is then given again, cut).
 */
export class CsvRows {
  private fields: string[] = [];
  private field = '';
  private quoted = false;
  private start = 0;
  /** The header's number of fields, once read. */
  columns: number | undefined;
  /** Whether the last line given ended a broken row instead of being read: it is to be given again. */
  cut = false;

  /** Reads one line: the row it ends, or undefined (a blank line, or a quoted field going on). */
  line(text: string, line: number): CsvRow | undefined {
    this.cut = false;
    if (!this.quoted) {
      this.start = line;
      if (text.trim() === '') return undefined;
      // Most rows hold no quote at all.
      if (!text.includes('"')) return { fields: text.split(','), line };
    } else {
      if (this.columns !== undefined && isRowOf(text, this.columns)) {
        this.reset();
        this.cut = true;
        throw new BadRecord('csv', `a quoted field not closed on its line, which the next line, a row of its own, does not close: a quote is missing or not doubled`);
      }
      this.field += '\n';
    }
    let closed = false;
    for (let at = 0; at < text.length; at += 1) {
      const char = text[at];
      if (this.quoted) {
        if (char !== '"') this.field += char;
        else if (text[at + 1] === '"') {
          this.field += '"';
          at += 1;
        } else {
          this.quoted = false;
          closed = true;
        }
      } else if (char === ',') {
        this.fields.push(this.field);
        this.field = '';
        closed = false;
      } else if (closed) {
        if (char === ' ' || char === '\t') continue;
        const column = this.fields.length + 1;
        this.reset();
        throw new BadRecord('csv', `text after the closing quote of field ${column}`);
      } else if (char === '"') {
        if (this.field.trim() !== '') {
          const column = this.fields.length + 1;
          this.reset();
          throw new BadRecord('csv', `a quote inside unquoted field ${column}: quote the whole field and double the quote`);
        }
        this.field = '';
        this.quoted = true;
      } else this.field += char;
    }
    if (this.quoted) return undefined;
    const fields = [...this.fields, this.field];
    this.fields = [];
    this.field = '';
    return { fields, line: this.start };
  }

  /** The end of the input: a quoted field still open makes its row bad. */
  end(): void {
    if (!this.quoted) return;
    this.reset();
    throw new BadRecord('csv', 'a quoted field is not closed before the end of the file');
  }

  /** The line the row being read started on. */
  get startLine(): number {
    return this.start;
  }

  private reset(): void {
    this.fields = [];
    this.field = '';
    this.quoted = false;
  }
}

/** Whether a line read on its own is a whole row of `columns` fields. */
function isRowOf(text: string, columns: number): boolean {
  try {
    return new CsvRows().line(text, 0)?.fields.length === columns;
  } catch {
    return false;
  }
}

/** A header's names as formats match them: trimmed, in lower case, a BOM dropped. */
export function headerNames(fields: readonly string[]): string[] {
  return fields.map((field) => field.replace(/^\uFEFF/, '').trim().toLowerCase());
}
