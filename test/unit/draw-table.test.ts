import { describe, expect, it } from 'vitest';
import { displayWidth, drawTable } from '../../src/output/draw-table.js';

describe('drawTable', () => {
  it('sizes each column to its widest cell, aligns it, and lets colour take no room', () => {
    const table = drawTable(['\x1b[1mModel\x1b[22m', 'Cost'], ['left', 'right'], [['日本 model', '\x1b[31m$1.00\x1b[39m'], ['✅ ok', '$12,345.00']]);
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
});

describe('displayWidth', () => {
  it.each([
    ['plain', 5],
    ['DeepSeek V4 Flash · Global API', 30],
    ['—█→', 3],
    ['日本', 4],
    ['✅', 2],
    ['e\u0301', 1],
    ['\x1b[31mred\x1b[39m', 3],
  ])('%j takes %i columns', (text, width) => {
    expect(displayWidth(text)).toBe(width);
  });
});
