import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { NARROW_TEXT } from '../../src/render/narrow-text.js';

// cli-table3's own measure of a cell, which goes through string-width and its emoji regex.
const { strlen } = createRequire(import.meta.url)('cli-table3/src/utils.js') as { strlen: (text: string) => number };

describe('narrow text', () => {
  it('is one column a character, as cli-table3 measures it, for every character it admits', () => {
    const admitted: string[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      const char = String.fromCharCode(code);
      if (NARROW_TEXT.test(char)) admitted.push(char);
    }
    expect(admitted.length).toBeGreaterThan(800);
    expect(admitted.filter((char) => strlen(char) !== 1)).toEqual([]);
  });

  it('admits what gacost tables hold and nothing wide, emoji or escape', () => {
    expect(NARROW_TEXT.test('DeepSeek V4 Flash · Global API $1,250.00 — 40.0× → ≤ █')).toBe(true);
    for (const text of ['✅ ok', '⚠️', '日本', '\u001b[1mbold', '©', 'e\u0301', 'tab\t']) expect(NARROW_TEXT.test(text)).toBe(false);
  });
});
