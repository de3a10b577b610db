import { describe, expect, it } from 'vitest';
import { AmountColumn, makeRoom, newColumns, setValue, valueAt } from '../../src/core/columns.js';

describe('columns of numbers', () => {
  it('keep every number exactly: a column made for small whole numbers widens for a larger or a fractional one, and keeps its values as it grows', () => {
    const columns = newColumns<'a' | 'b' | 'c'>(2);
    setValue(columns, 'a', 0, 7);
    setValue(columns, 'b', 1, 0);
    makeRoom(columns, 3);
    setValue(columns, 'a', 2, Number.MAX_SAFE_INTEGER);
    setValue(columns, 'c', 1, 2.5);
    expect([0, 1, 2].map((at) => [valueAt(columns, 'a', at), valueAt(columns, 'b', at), valueAt(columns, 'c', at)])).toEqual([
      [7, 0, 0],
      [0, 0, 2.5],
      [Number.MAX_SAFE_INTEGER, 0, 0],
    ]);
    // No column for a number no entry has.
    expect(Object.keys(columns.of).sort()).toEqual(['a', 'c']);
  });

  it('keep amounts past 64 bits exactly, apart', () => {
    const amounts = new AmountColumn(1);
    const large = 2n ** 70n + 1n;
    amounts.set(0, large);
    amounts.set(3, -5n);
    expect([amounts.get(0), amounts.get(1), amounts.get(3)]).toEqual([large, 0n, -5n]);
    amounts.set(0, 1n);
    expect(amounts.get(0)).toBe(1n);
  });
});
