import { strlen } from 'cli-table3/src/utils.js';
import { describe, expect, it } from 'vitest';
import { displayWidth, drawTable, NARROW } from '../../src/output/draw-table.js';
import { wrapText } from '../../src/output/wrap-text.js';

describe('drawTable', () => {
  it('sizes each column to its widest cell, aligns it, and lets colour take no room', () => {
    const table = drawTable(
      ['\x1b[1mModel\x1b[22m', 'Cost'],
      ['left', 'right'],
      [
        ['日本 model', '\x1b[31m$1.00\x1b[39m'],
        ['✅ ok', '$12,345.00'],
      ],
    );
    expect(table.split('\n').map((line) => line.replace(/\x1b\[\d+m/g, ''))).toEqual([
      '┌────────────┬────────────┐',
      '│ Model      │       Cost │',
      '├────────────┼────────────┤',
      '│ 日本 model │      $1.00 │',
      '│ ✅ ok      │ $12,345.00 │',
      '└────────────┴────────────┘',
    ]);
  });

  it('draws a table without rows as its head alone', () => {
    expect(drawTable(['A'], ['left'], [])).toBe('┌───┐\n│ A │\n└───┘');
  });

  const ID = 'aws/us.anthropic.claude-3-7-sonnet-20250219-v1:0';

  it('cuts a column that may shrink in its middle, so that the table fits the width, and leaves the others whole', () => {
    const table = drawTable(
      ['ID', 'Output'],
      ['left', 'right'],
      [
        [ID, '$15.00'],
        ['acme/short', '$1.00'],
      ],
      { width: 40, shrink: [true, false] },
    );
    expect(table.split('\n')).toEqual([
      '┌─────────────────────────────┬────────┐',
      '│ ID                          │ Output │',
      '├─────────────────────────────┼────────┤',
      '│ aws/us.anthro…20250219-v1:0 │ $15.00 │',
      '│ acme/short                  │  $1.00 │',
      '└─────────────────────────────┴────────┘',
    ]);
  });

  it('cuts the widest of the columns that may shrink first, keeps colour and wide characters whole, and never cuts below a floor', () => {
    const red = (text: string) => `\x1b[31m${text}\x1b[39m`;
    const colored = drawTable(['A', 'B'], ['left', 'left'], [[red(ID), 'x'.repeat(30)]], { width: 60, shrink: [true, true] });
    expect(colored.split('\n')[3]).toBe(`│ ${red('aws/us.anthro…0250219-v1:0')} │ ${'x'.repeat(13)}…${'x'.repeat(13)} │`);
    const wide = drawTable(['A'], ['left'], [['日本語のモデル名はとても長いです']], { width: 20, shrink: [true] });
    expect(wide.split('\n')[3]).toBe('│ 日本語の…いです  │');
    const tooNarrow = drawTable(['A'], ['left'], [[ID]], { width: 10, shrink: [true] });
    expect(tooNarrow.split('\n')[3]).toBe('│ aws/us.a…19-v1:0 │');
  });

  it('pads emoji of several code points, halfwidth and East Asian text to the columns a terminal gives them', () => {
    const table = drawTable(
      ['Name', 'Cost'],
      ['left', 'right'],
      [
        ['👨‍👩‍👧 family', '$1'],
        ['👍🏽 ok', '$2'],
        ['ｶﾀｶﾅ', '$3'],
        ['⚠️ warn', '$4'],
        ['中文', '$5'],
        ['café', '$6'],
      ],
    );
    expect(table.split('\n')).toEqual([
      '┌───────────┬──────┐',
      '│ Name      │ Cost │',
      '├───────────┼──────┤',
      '│ 👨‍👩‍👧 family │   $1 │',
      '│ 👍🏽 ok     │   $2 │',
      '│ ｶﾀｶﾅ      │   $3 │',
      '│ ⚠️ warn   │   $4 │',
      '│ 中文      │   $5 │',
      '│ café      │   $6 │',
      '└───────────┴──────┘',
    ]);
    const cut = drawTable(['A'], ['left'], [['👨‍👩‍👧'.repeat(12)]], { width: 20, shrink: [true] });
    expect(cut.split('\n')[3]).toBe(`│ ${'👨‍👩‍👧'.repeat(4)}…${'👨‍👩‍👧'.repeat(3)}  │`);
  });

  it('leaves a table that fits, or one with no column that may shrink, as it is', () => {
    const rows = [[ID, '$15.00']];
    const whole = drawTable(['ID', 'Output'], ['left', 'right'], rows);
    expect(drawTable(['ID', 'Output'], ['left', 'right'], rows, { width: 200, shrink: [true, false] })).toBe(whole);
    expect(drawTable(['ID', 'Output'], ['left', 'right'], rows, { width: 20, shrink: [false, false] })).toBe(whole);
  });
});

describe('displayWidth', () => {
  it.each([
    ['plain', 5],
    ['DeepSeek V4 Flash · Global API', 30],
    ['—█→', 3],
    ['日本', 4],
    ['✅', 2],
    ['e\u0301', 1],
    ['é', 1],
    ['中文', 4],
    ['👨‍👩‍👧', 2],
    ['👍🏽', 2],
    ['ｶ', 1],
    ['⚠️', 2],
    ['\x1b[31mred\x1b[39m', 3],
  ])('%j takes %i columns', (text, width) => {
    expect(displayWidth(text)).toBe(width);
  });

  it('counts a text of the characters it counts alone as cli-table3 does: one column each', () => {
    const differ: string[] = [];
    for (let code = 0; code <= 0xffff; code += 1) {
      const char = String.fromCharCode(code);
      if (NARROW.test(char) && strlen(char) !== 1) differ.push(code.toString(16));
    }
    expect(differ).toEqual([]);
    expect(NARROW.test('acme/café — 1… · █ → ≈ ×')).toBe(true);
  });
});

describe('wrapText', () => {
  it('breaks at spaces within the width, indents what follows, and keeps a word wider than the line whole', () => {
    const url = `https://example.com/${'p'.repeat(40)}`;
    expect(wrapText(`Acme: one two three four ${url} five.`, 24)).toEqual(['Acme: one two three four', `  ${url}`, '  five.']);
    expect(wrapText('short', 80)).toEqual(['short']);
  });
});
