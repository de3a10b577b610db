import type { GroupField } from './usage.js';
import type { UsageRows } from './usage-pricing.js';

/** The orders of `gacost usage`'s rows (--sort): largest first, or by the --by keys. */
export const USAGE_SORTS = ['cost', 'tokens', 'records', 'key'] as const;
export type UsageSort = (typeof USAGE_SORTS)[number];

const TIME_FIELDS: readonly GroupField[] = ['day', 'week', 'month'];

/** Without --sort: a time series (--by day, week or month first) in time order, anything else by cost. */
export function defaultSort(by: readonly GroupField[]): UsageSort {
  return by[0] !== undefined && TIME_FIELDS.includes(by[0]) ? 'key' : 'cost';
}

/** What each order ranks a row by (given its place), largest first. */
const measures: Record<Exclude<UsageSort, 'key'>, (rows: UsageRows, at: number) => bigint> = {
  cost: (rows, at) => rows.costAt(at),
  tokens: (rows, at) => BigInt(rows.countAt(at, 'inputTokens')) + BigInt(rows.countAt(at, 'outputTokens')),
  records: (rows, at) => BigInt(rows.countAt(at, 'records')),
};

/** The rows in the order asked; rows that tie in it in the order of their keys, so every run and format lists them alike. */
export function sortRows(rows: UsageRows, sort: UsageSort): UsageRows {
  if (sort === 'key') return rows.sortedBy((a, b) => rows.compareKeys(a, b));
  const measure = measures[sort];
  return rows.sortedBy((a, b) => {
    const [x, y] = [measure(rows, a), measure(rows, b)];
    return x === y ? rows.compareKeys(a, b) : x > y ? -1 : 1;
  });
}
