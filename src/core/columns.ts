/**
 * Numbers of many entries (a usage aggregate's buckets, a report's rows), a Float64Array a name: an
 * entry is its place in them. A column is made, all 0, when an entry first has a number of it that is
 * not 0, and every column doubles as entries come. `usage --by session` on a million sessions holds a
 * few numbers a session this way, where an object of sums a session held ten times as much. Plain data
 * (a worker thread posts it); whole numbers are exact in them up to Number.MAX_SAFE_INTEGER.
 */
export interface Columns<Name extends string> {
  /** Entries the columns have room for. */
  capacity: number;
  readonly of: Partial<Record<Name, Float64Array>>;
}

export const newColumns = <Name extends string>(): Columns<Name> => ({ capacity: 1024, of: {} });

/** Room for `size` entries. */
export function makeRoom<Name extends string>(columns: Columns<Name>, size: number): void {
  if (size <= columns.capacity) return;
  columns.capacity = Math.max(size, columns.capacity * 2);
  for (const name of Object.keys(columns.of) as Name[]) {
    const grown = new Float64Array(columns.capacity);
    grown.set(columns.of[name] as Float64Array);
    columns.of[name] = grown;
  }
}

export const valueAt = <Name extends string>(columns: Columns<Name>, name: Name, at: number): number => columns.of[name]?.[at] ?? 0;

export function setValue<Name extends string>(columns: Columns<Name>, name: Name, at: number, value: number): void {
  const column = columns.of[name];
  if (column !== undefined) column[at] = value;
  else if (value !== 0) (columns.of[name] = new Float64Array(columns.capacity))[at] = value;
}
