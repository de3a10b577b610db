import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CsvRow, CsvRows, CsvRowTooLong } from '../../src/usage/csv.js';
import { lineOfPath } from '../../src/usage/json-position.js';
import { BadRecord } from '../../src/usage/usage-format.js';

/** Rows of a text as the reader gives it lines (split on \n), with the bad ones as `bad line: reason`. */
function rows(text: string): (CsvRow | string)[] {
  const parser = new CsvRows();
  const found: (CsvRow | string)[] = [];
  const guard = (read: () => CsvRow | undefined) => {
    try {
      const row = read();
      if (row) found.push(row);
    } catch (error) {
      if (!(error instanceof BadRecord)) throw error;
      found.push(`bad ${parser.startLine}: ${error.message}`);
    }
  };
  for (const [index, line] of text.split('\n').entries()) guard(() => parser.line(line, index + 1));
  guard(() => {
    parser.end();
    return undefined;
  });
  return found;
}

describe('CSV rows (RFC 4180)', () => {
  it('reads quoted fields with commas, doubled quotes and newlines, naming each row by the line it starts on', () => {
    expect(rows('a,b,c\n"x, y","say ""hi""",3\n"two\nlines",,\n\nlast,"",z')).toEqual([
      { fields: ['a', 'b', 'c'], line: 1 },
      { fields: ['x, y', 'say "hi"', '3'], line: 2 },
      { fields: ['two\nlines', '', ''], line: 3 },
      { fields: ['last', '', 'z'], line: 6 },
    ]);
  });

  it("ends a row whose quoted field is left open where the next line is a row of the header's width, and reads that line", () => {
    const parser = new CsvRows();
    const found: (CsvRow | string)[] = [];
    const give = (text: string, line: number) => {
      try {
        const row = parser.line(text, line);
        if (row) found.push(row);
      } catch (error) {
        if (!(error instanceof BadRecord)) throw error;
        found.push(`bad ${parser.startLine}`);
        if (parser.cut) give(text, line);
      }
    };
    'a,b,c\nx,"open,1\nnot a row\ny,2,3\n"two\nlines",5,6'.split('\n').forEach((text, index) => {
      give(text, index + 1);
      if (index === 0) parser.columns = 3;
    });
    expect(found).toEqual([
      { fields: ['a', 'b', 'c'], line: 1 },
      'bad 2',
      { fields: ['y', '2', '3'], line: 4 },
      { fields: ['two\nlines', '5', '6'], line: 5 },
    ]);
  });

  it('allows spaces around a quoted field, and refuses a quote inside an unquoted one or text after a closing quote, going on with the next line', () => {
    expect(rows(' "a" ,b\nx"y,1\n"a"b,2\nok,3')).toEqual([
      { fields: ['a', 'b'], line: 1 },
      'bad 2: a quote inside unquoted field 1: quote the whole field and double the quote',
      'bad 3: text after the closing quote of field 1',
      { fields: ['ok', '3'], line: 4 },
    ]);
  });

  it('refuses a quoted field still open at the end, naming the line it opened on', () => {
    expect(rows('a,b\n1,"open\nstill\n')).toEqual([
      { fields: ['a', 'b'], line: 1 },
      'bad 2: a quoted field is not closed before the end of the file',
    ]);
  });

  it('caps a row over all its lines, a quoted field going on or not', () => {
    const parser = new CsvRows(1000);
    expect(parser.line(`a,"${'x'.repeat(900)}"`, 1)?.fields[1]).toHaveLength(900);
    expect(() => parser.line(`a,"${'x'.repeat(1000)}"`, 2)).toThrow(CsvRowTooLong);
    expect(parser.line(`a,"${'x'.repeat(600)}`, 3)).toBeUndefined();
    expect(() => parser.line('y'.repeat(600), 4)).toThrow(CsvRowTooLong);
    // Reading goes on, as after a bad row.
    expect(parser.line('b,c', 5)).toEqual({ fields: ['b', 'c'], line: 5 });
  });

  it('reads a quoted field of megabytes, with doubled quotes, in one piece', () => {
    const chunk = `${'x'.repeat(999)}""`;
    const row = new CsvRows().line(`a,"${chunk.repeat(4000)}",b`, 1);
    expect([row?.fields.length, row?.fields[1]?.length, row?.fields[1]?.startsWith(`${'x'.repeat(999)}"x`), row?.fields[2]]).toEqual([
      3,
      4_000_000,
      true,
      'b',
    ]);
  });

  it('reads back any rows written by RFC 4180 rules', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', ' ', 'é') });
    fc.assert(
      fc.property(fc.array(fc.array(field, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 5 }), (table) => {
        const quote = (value: string) => (/[",\n]/.test(value) || value === '' ? `"${value.replaceAll('"', '""')}"` : value);
        const read = rows(table.map((row) => row.map(quote).join(',')).join('\n'));
        expect(read.map((row) => (typeof row === 'string' ? row : row.fields))).toEqual(table);
      }),
    );
  });
});

describe('lineOfPath', () => {
  const text = '{\n  "data": [\n    {"results": [\n      {"a": 1},\n      {"b": "x\\"}"}\n    ]},\n    {"results": []}\n  ]\n}';
  it('finds the line a value starts on, or its nearest ancestor', () => {
    expect(lineOfPath(text, [])).toBe(1);
    expect(lineOfPath(text, ['data'])).toBe(2);
    expect(lineOfPath(text, ['data', 0])).toBe(3);
    expect(lineOfPath(text, ['data', 0, 'results', 1])).toBe(5);
    expect(lineOfPath(text, ['data', 1])).toBe(7);
    expect(lineOfPath(text, ['data', 1, 'results', 4])).toBe(7);
    expect(lineOfPath(text, ['missing'])).toBe(1);
  });
});
