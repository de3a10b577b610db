/**
 * Numbers of many entries (a usage aggregate's buckets, a report's rows), a typed array a name: an
 * entry is its place in them. A column is made, all 0, when an entry first has a number of it that is
 * not 0, as a Uint32Array (token counts of a session are small), which becomes a Float64Array once a
 * number is not a whole one below 2^32; every column doubles as entries come. `usage --by session` on
 * a million sessions holds a few numbers a session this way, where an object of sums a session held
 * ten times as much. Plain data (a worker thread posts it); whole numbers are exact in them up to
 * Number.MAX_SAFE_INTEGER.
 */
export interface Columns<Name extends string> {
  /** Entries the columns have room for. */
  capacity: number;
  readonly of: Partial<Record<Name, Uint32Array | Float64Array>>;
}

/** Columns with room for `capacity` entries at first: as many as will come, where that is known (no copy as they grow, none left to collect). */
export const newColumns = <Name extends string>(capacity = 1024): Columns<Name> => ({ capacity, of: {} });

/** Room for `size` entries. */
export function makeRoom<Name extends string>(columns: Columns<Name>, size: number): void {
  if (size <= columns.capacity) return;
  columns.capacity = Math.max(size, columns.capacity * 2);
  for (const name of Object.keys(columns.of) as Name[]) {
    const column = columns.of[name] as Uint32Array | Float64Array;
    const grown = column instanceof Uint32Array ? new Uint32Array(columns.capacity) : new Float64Array(columns.capacity);
    grown.set(column);
    columns.of[name] = grown;
  }
}

export const valueAt = <Name extends string>(columns: Columns<Name>, name: Name, at: number): number => columns.of[name]?.[at] ?? 0;

export function setValue<Name extends string>(columns: Columns<Name>, name: Name, at: number, value: number): void {
  let column = columns.of[name];
  if (column === undefined) {
    if (value === 0) return;
    column = columns.of[name] = new Uint32Array(columns.capacity);
  }
  if (column instanceof Uint32Array && !(Number.isInteger(value) && value >= 0 && value <= 0xffff_ffff))
    column = columns.of[name] = Float64Array.from(column);
  column[at] = value;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * Amounts of many entries (femto-USD), kept out of the heap: in a BigInt64Array where they fit 64 bits
 * (a session's cost does, up to about $9,223), the others apart. A bigint an entry, held, would make the
 * heap, and what the garbage collector lets it grow to, larger by tens of megabytes a million entries.
 */
export class AmountColumn {
  private values: BigInt64Array;
  private readonly large = new Map<number, bigint>();

  constructor(capacity: number) {
    this.values = new BigInt64Array(capacity);
  }

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
