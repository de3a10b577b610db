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

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * Amounts of many entries (femto-USD), kept out of the heap: in a BigInt64Array where they fit 64 bits
 * (a session's cost does, up to about $9,223), the others apart. A bigint an entry, held, would make the
 * heap, and what the garbage collector lets it grow to, larger by tens of megabytes a million entries.
 */
export class AmountColumn {
  private values = new BigInt64Array(1024);
  private readonly large = new Map<number, bigint>();

  get(at: number): bigint {
    return this.large.get(at) ?? (this.values[at] as bigint);
  }

  set(at: number, value: bigint): void {
    if (at >= this.values.length) {
      const grown = new BigInt64Array(Math.max(at + 1, this.values.length * 2));
      grown.set(this.values);
      this.values = grown;
    }
    if (value >= INT64_MIN && value <= INT64_MAX) {
      this.values[at] = value;
      this.large.delete(at);
    } else this.large.set(at, value);
  }
}
