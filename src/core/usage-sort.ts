import type { GroupField } from './usage.js';
import { compareKeys, type UsageRow } from './usage-pricing.js';

/** The orders of `gacost usage`'s rows (--sort): largest first, or by the --by keys. */
export const USAGE_SORTS = ['cost', 'tokens', 'records', 'key'] as const;
export type UsageSort = (typeof USAGE_SORTS)[number];

const TIME_FIELDS: readonly GroupField[] = ['day', 'week', 'month'];

/** Without --sort: a time series (--by day, week or month first) in time order, anything else by cost. */
export function defaultSort(by: readonly GroupField[]): UsageSort {
  return by[0] !== undefined && TIME_FIELDS.includes(by[0]) ? 'key' : 'cost';
}

/** What each order ranks a row by, largest first. */
const measures: Record<Exclude<UsageSort, 'key'>, (row: UsageRow) => bigint> = {
  cost: (row) => row.cost,
  tokens: (row) => BigInt(row.totals.inputTokens) + BigInt(row.totals.outputTokens),
  records: (row) => BigInt(row.totals.records),
};

/** The rows in the order asked; rows that tie in it in the order of their keys, so every run and format lists them alike. */
export function sortRows(rows: readonly UsageRow[], sort: UsageSort, by: readonly GroupField[]): UsageRow[] {
  const byKeys = (a: UsageRow, b: UsageRow) => compareKeys(a.keys, b.keys, by);
  if (sort === 'key') return [...rows].sort(byKeys);
  const measure = measures[sort];
  return [...rows].sort((a, b) => {
    const [x, y] = [measure(a), measure(b)];
    return x === y ? byKeys(a, b) : x > y ? -1 : 1;
  });
}
