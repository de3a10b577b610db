// The order of a run's buckets when several threads read it: each thread sums the pieces it takes into
// a tally of its own, so the reader notes where each tally's buckets were made, and merges them in the
// order one thread reading every piece in turn makes (the report's order of service tiers and of its
// reasons for unpriced names follows it).
import type { BucketTable, UsageAggregate } from '../core/usage.js';

/**
 * Where a tally's buckets were made: a mark as each piece (or a piece's held records) began to be
 * added, with its place in the run's reading order and the tally's number of buckets then. The buckets
 * made from one mark to the next had their first record of the tally there. A tally is marked from
 * its first bucket on, and in reading order (a thread takes the pieces in turn).
 */
export type BucketMarks = [order: number, from: number][];

/** A tally's buckets and its marks. */
export interface MarkedBuckets {
  readonly buckets: BucketTable;
  readonly marks: BucketMarks;
}

/**
 * Merges other tallies' buckets into an aggregate (whose own are marked by `marks`), every bucket in
 * the order of its first record over them all: the stretches of buckets each mark made, taken in
 * reading order, each bucket summed where its first stretch puts it.
 */
export function mergeInReadingOrder(into: UsageAggregate, marks: BucketMarks, others: readonly MarkedBuckets[]): void {
  const stretches = [{ buckets: into.columns(), marks }, ...others]
    .flatMap(({ buckets: table, marks: made }) => {
      // Buckets a tally had before its first mark (none, as the reader marks) come first, not never.
      const before = { order: -Infinity, table, from: 0, to: made[0]?.[1] ?? table.size };
      return [before, ...made.map(([order, from], at) => ({ order, table, from, to: made[at + 1]?.[1] ?? table.size }))];
    })
    .sort((a, b) => a.order - b.order);
  into.rebuild(stretches);
}
