import { strlen } from 'cli-table3/src/utils.js';
import { describe, expect, it } from 'vitest';
import { displayWidth, drawTable, NARROW, twoLineWidth, wrapCell } from '../../src/output/draw-table.js';
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

  it('wraps a column that may shrink at its / and - onto more lines, every character kept, so that the table fits, and leaves the others whole', () => {
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
      '│ aws/us.anthropic.claude-3-  │ $15.00 │',
      '│ 7-sonnet-20250219-v1:0      │        │',
      '│ acme/short                  │  $1.00 │',
      '└─────────────────────────────┴────────┘',
    ]);
  });

  it('wraps a name between its words, its provider under it, and knows the narrowest width that keeps it to two lines', () => {
    expect(wrapCell('DeepSeek V4 Flash · Global API', 17)).toEqual(['DeepSeek V4 Flash', '· Global API']);
    expect(wrapCell('DeepSeek V4 Flash · Global API', 30)).toEqual(['DeepSeek V4 Flash · Global API']);
    expect(wrapCell('Gemini 2.5 Flash · Google Gemini API', 29)).toEqual(['Gemini 2.5 Flash', '· Google Gemini API']);
    expect(twoLineWidth('DeepSeek V4 Flash · Global API')).toBe(17);
    expect(twoLineWidth('Gemini 2.5 Flash · Google Gemini API')).toBe(19);
    expect(twoLineWidth('anthropic/claude-sonnet-4-5')).toBe(17);
    expect(twoLineWidth('unbreakable')).toBe(Number.POSITIVE_INFINITY);
  });

  it('breaks a piece wider than its column at the width only as the last resort, wide characters and emoji kept whole', () => {
    expect(wrapCell(ID, 16)).toEqual(['aws/', 'us.anthropic.cla', 'ude-3-7-sonnet-', '20250219-v1:0']);
    expect(wrapCell('日本語のモデル名はとても長いです', 12)).toEqual(['日本語のモデ', 'ル名はとても', '長いです']);
    expect(wrapCell('👨‍👩‍👧'.repeat(6), 9)).toEqual(['👨‍👩‍👧'.repeat(4), '👨‍👩‍👧'.repeat(2)]);
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
