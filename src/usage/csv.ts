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
 * reading goes on with the next line.
 */
export class CsvRows {
  private fields: string[] = [];
  private field = '';
  private quoted = false;
  private start = 0;

  /** Reads one line: the row it ends, or undefined (a blank line, or a quoted field going on). */
  line(text: string, line: number): CsvRow | undefined {
    if (!this.quoted) {
      this.start = line;
      if (text.trim() === '') return undefined;
      // Most rows hold no quote at all.
      if (!text.includes('"')) return { fields: text.split(','), line };
    } else this.field += '\n';
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

/** A header's names as formats match them: trimmed, in lower case, a BOM dropped. */
export function headerNames(fields: readonly string[]): string[] {
  return fields.map((field) => field.replace(/^\uFEFF/, '').trim().toLowerCase());
}
