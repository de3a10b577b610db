import { GacostError } from '../errors.js';
import { divideRounded } from './decimal.js';
import { PERCENT_SCALE, type Percent, type Usd } from './money.js';
import { addTotals, emptyTotals, type TokenTotals } from './usage.js';
import type { Provenance, UnpricedDay } from './usage-pricing.js';

/** What a bill line charges for, as the bill's own category says (its source maps it). */
export const BILL_CATEGORIES = ['usage', 'web-search', 'storage', 'fine-tuning', 'batch', 'credit', 'tax', 'other'] as const;
export type BillCategory = (typeof BILL_CATEGORIES)[number];

/** One line of a bill, as every bill source reads it (src/bill/). */
export interface BillLine {
  /** The first day it charges for (YYYY-MM-DD, UTC); absent for a record without a time. */
  readonly start?: string;
  /** The last day it charges for (inclusive): start for a day's line or one request's record. */
  readonly end?: string;
  /** The provider as the bill names it (the app turns it into the catalog's key where it can). */
  readonly provider: string;
  /** The model or line item as the bill names it; null where it names none (a day's total). */
  readonly item: string | null;
  readonly category: BillCategory;
  /** The amount in 10^-15 units of its currency, signed: a credit is below 0. Read from the bill's text, never a float. */
  readonly amount: bigint;
  /** ISO 4217, upper case. */
  readonly currency: string;
  /** Where the line is: file:line, or file:line:col. */
  readonly position: string;
  /** A request's id, for sources of a line a request: two lines of one id are one charge. */
  readonly id?: string;
  /** The project, workspace or key the line is of, where the bill splits by one: lines of two are two charges. */
  readonly account?: string;
}

/** A bill line of USD, its item as the usage names it: a catalog model id where the bill's name resolves to one. */
export type BilledLine = BillLine & { readonly amount: Usd };

/** Priced usage of one day, provider and catalog model, as `gacost usage --by day,provider,model` prices it. */
/** What the logs hold of a day's or a group's records: their tokens and the names they give. */
interface LoggedRecords {
  /** The tokens of its records by kind, priced or not (none for the bill's other line items). */
  readonly totals: TokenTotals;
  /** The model names of its records as the logs give them, priced or not. */
  readonly logModels: readonly string[];
  /** How its priced records' names were resolved and priced, each once. */
  readonly provenance: readonly Provenance[];
}

export interface ComputedDay extends LoggedRecords {
  readonly day: string;
  readonly provider: string;
  readonly model: string;
  readonly cost: Usd;
  /** The part of the cost on assumed prices or a model a match rule found, by why (the pricing provenance). */
  readonly assumed: readonly AssumedCost[];
}

export interface AssumedCost {
  /** A pricing basis (standard-price-for-tier, …), or `rule` for a model a match rule found. */
  readonly basis: string;
  readonly cost: Usd;
}

/**
 * Why computed and billed differ: records that could not be priced (what the bill charged for their
 * model), days the bill charges for and the logs have no record of (and the reverse), and the bill's
 * line items that are no tokens, by its category.
 */
export const CAUSES = [
  'unpriced',
  'days-without-logs',
  'days-without-bill',
  'web-search',
  'storage',
  'fine-tuning',
  'batch',
  'credit',
  'tax',
  'other',
] as const;
export type Cause = (typeof CAUSES)[number];

/** One cause's part of computed − billed, exactly: the bill lines or usage it was found on. */
export interface Explanation {
  readonly cause: Cause;
  /** Its part of computed − billed (a charge the logs lack is below 0, a credit above). */
  readonly amount: Usd;
  /** Bill lines (or, for days-without-bill, usage days) it was found on. */
  readonly lines: number;
  /** The days, model names or items concerned, in order. */
  readonly about: readonly string[];
}

export type Period = 'day' | 'month';

/** One period × provider × model (or line item, where the bill names one) held against the bill. */
interface ReconcileGroup extends LoggedRecords, Reconciled {
  /** A day or month (YYYY-MM-DD, YYYY-MM), or `undated`. */
  readonly period: string;
  readonly provider: string;
  /** The catalog model, the item as the bill names it, or null: the bill names no model for the period. */
  readonly item: string | null;
  /** usage for tokens; the bill's category for its other line items. */
  readonly category: BillCategory;
  readonly records: number;
  /** Records of the group that could not be priced (never counted as $0). */
  readonly unpricedRecords: number;
  readonly billLines: number;
  readonly assumed: readonly AssumedCost[];
}

/** Computed against billed, and the difference explained: what reconcile says of the whole and of each group. */
interface Reconciled {
  readonly computed: Usd;
  readonly billed: Usd;
  /** computed − billed. */
  readonly difference: Usd;
  /** difference as a percentage of billed; null where billed is 0 or less. */
  readonly errorPct: Percent | null;
  readonly explained: readonly Explanation[];
  /** difference − the explained amounts: what the data cannot account for. */
  readonly unexplained: Usd;
}

/** Bill lines not booked: each one's position and the line it repeats or overlaps. */
interface NotBooked {
  readonly count: number;
  readonly amount: Usd;
  readonly pairs: readonly { readonly position: string; readonly of: string }[];
}

export interface Reconciliation {
  readonly by: Period;
  readonly groups: readonly ReconcileGroup[];
  /** The whole's figures; its explanations are every group's, summed by cause (in CAUSES order). */
  readonly totals: Reconciled & {
    /** |unexplained| as a percentage of |billed|; null where billed is 0. */
    readonly unexplainedPct: Percent | null;
    readonly records: number;
    readonly unpricedRecords: number;
    readonly assumed: readonly AssumedCost[];
  };
  /** Lines given twice (the same content, or the same request id): booked once. */
  readonly duplicates: NotBooked;
  /** Lines of one charge (provider, item, category, account) whose periods overlap another's: the first booked, the others not. */
  readonly overlaps: NotBooked;
  /** Bill periods (period and provider) that have no usage record at all: reported, not dropped. */
  readonly periodsWithoutUsage: readonly { readonly period: string; readonly provider: string; readonly billed: Usd }[];
  /** Usage of providers the bill does not name: left out of every figure. */
  readonly otherProviders: readonly { readonly provider: string; readonly records: number; readonly cost: Usd }[];
}

const UNDATED = 'undated';

/** Computed usage and unpriced records held against bill lines (all in USD), by period, provider and model or line item. */
export function reconcile(input: {
  readonly by: Period;
  readonly computed: readonly ComputedDay[];
  readonly unpriced: readonly UnpricedDay[];
  readonly bill: readonly BilledLine[];
  /** The period option as the caller spells it (--by, by), for the message that asks for months. */
  readonly byOption: string;
}): Reconciliation {
  const { by } = input;
  const periodOf = (line: Pick<BillLine, 'start' | 'end'> & Partial<Pick<BillLine, 'position'>>, by: Period) =>
    periodOfLine(line, by, input.byOption);
  const { kept, duplicates, overlaps } = booked(input.bill);
  const providers = new Set(kept.map((line) => line.provider));
  // The days each provider has usage on; unpriced records of no provider count for every one.
  const usageDays = new Map<string, Set<string>>();
  const anyProvider = new Set<string>();
  for (const day of input.computed) setOf(usageDays, day.provider).add(day.day);
  for (const day of input.unpriced) (day.provider === null ? anyProvider : setOf(usageDays, day.provider)).add(day.day);
  const hasUsage = (provider: string, day: string) => anyProvider.has(day) || (usageDays.get(provider)?.has(day) ?? false);
  // The days the bill charges tokens for, by provider; and whether it names a model on every token line of a period.
  const billedDays = new Map<string, Set<string>>();
  const namesModels = new Map<string, boolean>();
  for (const line of kept) {
    if (line.category !== 'usage') continue;
    for (const day of daysOf(line)) setOf(billedDays, line.provider).add(day);
    const at = JSON.stringify([periodOf(line, by), line.provider]);
    namesModels.set(at, (namesModels.get(at) ?? true) && line.item !== null);
  }
  const itemOf = (period: string, provider: string, model: string) =>
    namesModels.get(JSON.stringify([period, provider])) === false ? null : model;

  const groups = new Map<string, GroupSums>();
  const groupOf = (period: string, provider: string, item: string | null, category: BillCategory): GroupSums => {
    const at = JSON.stringify([period, provider, item, category]);
    let group = groups.get(at);
    if (group === undefined) {
      group = {
        period,
        provider,
        item,
        category,
        computed: 0n,
        billed: 0n,
        records: 0,
        unpricedRecords: 0,
        billLines: 0,
        explained: new Map(),
        assumed: new Map(),
        totals: emptyTotals(),
        logModels: new Set(),
        provenance: new Map(),
      };
      groups.set(at, group);
    }
    return group;
  };
  const unpricedNames = new Map<string, UnpricedDay[]>();
  for (const day of input.unpriced) {
    const list = unpricedNames.get(day.name.toLowerCase()) ?? [];
    list.push(day);
    unpricedNames.set(day.name.toLowerCase(), list);
  }

  for (const line of kept) {
    const period = periodOf(line, by);
    const item =
      line.category === 'usage' ? (line.item === null ? null : itemOf(period, line.provider, line.item)) : (line.item ?? line.category);
    const group = groupOf(period, line.provider, item, line.category);
    group.billed += line.amount;
    group.billLines += 1;
    const charge = -line.amount as Usd;
    if (line.category !== 'usage') {
      explain(group, line.category, charge, line.item ?? line.category);
      continue;
    }
    const days = daysOf(line);
    const logged = days.filter((day) => hasUsage(line.provider, day));
    if (logged.length === 0) {
      explain(group, 'days-without-logs', charge, ...days);
      continue;
    }
    const unpriced = (line.item === null ? [] : (unpricedNames.get(line.item.toLowerCase()) ?? [])).filter(
      (day) => logged.includes(day.day) && (day.provider === null || day.provider === line.provider),
    );
    if (unpriced.length > 0) explain(group, 'unpriced', charge, line.item as string);
  }

  const otherProviders = new Map<string, { provider: string; records: number; cost: Usd }>();
  const leaveOut = (provider: string, records: number, cost: bigint) => {
    const entry = otherProviders.get(provider) ?? { provider, records: 0, cost: 0n as Usd };
    otherProviders.set(provider, { provider, records: entry.records + records, cost: (entry.cost + cost) as Usd });
  };
  for (const day of input.computed) {
    if (!providers.has(day.provider)) {
      leaveOut(day.provider, day.totals.records, day.cost);
      continue;
    }
    const period = periodOf({ start: day.day }, by);
    const group = groupOf(period, day.provider, itemOf(period, day.provider, day.model), 'usage');
    group.computed += day.cost;
    group.records += day.totals.records;
    for (const share of day.assumed) group.assumed.set(share.basis, (group.assumed.get(share.basis) ?? 0n) + share.cost);
    addTotals(group.totals, day.totals);
    for (const name of day.logModels) group.logModels.add(name);
    for (const provenance of day.provenance) group.provenance.set(JSON.stringify(provenance), provenance);
    if (!(billedDays.get(day.provider)?.has(day.day) ?? false)) explain(group, 'days-without-bill', day.cost, day.day);
  }
  for (const day of input.unpriced) {
    const provider = day.provider ?? (providers.size === 1 ? ([...providers][0] as string) : undefined);
    if (provider === undefined || !providers.has(provider)) {
      leaveOut(provider ?? '(none named)', day.totals.records, 0n);
      continue;
    }
    const period = periodOf({ start: day.day }, by);
    const group = groupOf(period, provider, itemOf(period, provider, day.name), 'usage');
    group.records += day.totals.records;
    group.unpricedRecords += day.totals.records;
    addTotals(group.totals, day.totals);
    group.logModels.add(day.name);
  }

  const list = [...groups.values()].map(finished).sort(byKeys);
  const computed = sum(list.map((group) => group.computed));
  const billed = sum(list.map((group) => group.billed));
  const unexplained = sum(list.map((group) => group.unexplained));
  const periodsWithoutUsage = new Map<string, { period: string; provider: string; billed: Usd }>();
  for (const group of list) {
    if (group.records > 0 || group.billLines === 0) continue;
    const at = JSON.stringify([group.period, group.provider]);
    if (list.some((other) => other.records > 0 && other.period === group.period && other.provider === group.provider)) continue;
    const entry = periodsWithoutUsage.get(at) ?? { period: group.period, provider: group.provider, billed: 0n as Usd };
    periodsWithoutUsage.set(at, { ...entry, billed: (entry.billed + group.billed) as Usd });
  }
  return {
    by,
    groups: list,
    totals: {
      computed,
      billed,
      difference: (computed - billed) as Usd,
      errorPct: errorPercent(computed - billed, billed),
      explained: summedExplanations(list.flatMap((group) => group.explained)),
      unexplained,
      unexplainedPct: billed === 0n ? null : percent(unexplained < 0n ? -unexplained : unexplained, billed < 0n ? -billed : billed),
      records: list.reduce((total, group) => total + group.records, 0),
      unpricedRecords: list.reduce((total, group) => total + group.unpricedRecords, 0),
      assumed: summedAssumed(list.flatMap((group) => group.assumed)),
    },
    duplicates,
    overlaps,
    periodsWithoutUsage: [...periodsWithoutUsage.values()],
    otherProviders: [...otherProviders.values()].sort((a, b) => (a.provider < b.provider ? -1 : a.provider > b.provider ? 1 : 0)),
  };
}

/**
 * Exit code of a reconciliation under a tolerance (a percentage at PERCENT_SCALE, or null for none):
 * 1 when the unexplained difference is more than that share of what was billed (or any, where nothing was).
 */
export function getExitCode(reconciliation: Reconciliation, tolerance: Percent | null): 0 | 1 {
  if (tolerance === null) return 0;
  const { unexplained, billed } = reconciliation.totals;
  const magnitude = unexplained < 0n ? -unexplained : unexplained;
  const base = billed < 0n ? -billed : billed;
  // |unexplained| / |billed| > tolerance / 100, without dividing: exact at the edge.
  return magnitude * 100n * 10n ** BigInt(PERCENT_SCALE) > tolerance * base ? 1 : 0;
}

interface GroupSums {
  readonly period: string;
  readonly provider: string;
  readonly item: string | null;
  readonly category: BillCategory;
  computed: bigint;
  billed: bigint;
  records: number;
  unpricedRecords: number;
  billLines: number;
  readonly explained: Map<Cause, { amount: bigint; lines: number; about: string[] }>;
  readonly assumed: Map<string, bigint>;
  readonly totals: TokenTotals;
  readonly logModels: Set<string>;
  /** Each provenance once, by its JSON. */
  readonly provenance: Map<string, Provenance>;
}

function explain(group: GroupSums, cause: Cause, amount: bigint, ...about: string[]): void {
  const entry = group.explained.get(cause) ?? { amount: 0n, lines: 0, about: [] };
  entry.amount += amount;
  entry.lines += 1;
  for (const what of about) if (!entry.about.includes(what)) entry.about.push(what);
  group.explained.set(cause, entry);
}

function finished(group: GroupSums): ReconcileGroup {
  const difference = group.computed - group.billed;
  const explained = CAUSES.flatMap((cause): Explanation[] => {
    const entry = group.explained.get(cause);
    return entry === undefined ? [] : [{ cause, amount: entry.amount as Usd, lines: entry.lines, about: [...entry.about].sort() }];
  });
  return {
    period: group.period,
    provider: group.provider,
    item: group.item,
    category: group.category,
    computed: group.computed as Usd,
    billed: group.billed as Usd,
    difference: difference as Usd,
    errorPct: errorPercent(difference, group.billed),
    explained,
    unexplained: (difference - explained.reduce((total, entry) => total + entry.amount, 0n)) as Usd,
    records: group.records,
    unpricedRecords: group.unpricedRecords,
    billLines: group.billLines,
    assumed: [...group.assumed].map(([basis, cost]) => ({ basis, cost: cost as Usd })).sort((a, b) => (a.basis < b.basis ? -1 : 1)),
    totals: group.totals,
    logModels: [...group.logModels].sort(),
    provenance: [...group.provenance.values()],
  };
}

function summedExplanations(explanations: readonly Explanation[]): Explanation[] {
  return CAUSES.flatMap((cause): Explanation[] => {
    const of = explanations.filter((entry) => entry.cause === cause);
    if (of.length === 0) return [];
    const about = [...new Set(of.flatMap((entry) => entry.about))].sort();
    return [{ cause, amount: sum(of.map((entry) => entry.amount)), lines: of.reduce((total, entry) => total + entry.lines, 0), about }];
  });
}

function summedAssumed(shares: readonly AssumedCost[]): AssumedCost[] {
  const sums = new Map<string, bigint>();
  for (const share of shares) sums.set(share.basis, (sums.get(share.basis) ?? 0n) + share.cost);
  return [...sums].map(([basis, cost]) => ({ basis, cost: cost as Usd })).sort((a, b) => (a.basis < b.basis ? -1 : 1));
}

/**
 * The lines to book: each once. A line given again (the same content, or a request's id seen before)
 * is a duplicate; a line of the same charge whose days overlap one booked already is an overlap.
 */
function booked(bill: readonly BilledLine[]): { kept: BilledLine[]; duplicates: NotBooked; overlaps: NotBooked } {
  const kept: BilledLine[] = [];
  const seen = new Map<string, BilledLine>();
  const charges = new Map<string, BilledLine[]>();
  const duplicates = { count: 0, amount: 0n, pairs: [] as { position: string; of: string }[] };
  const overlaps = { count: 0, amount: 0n, pairs: [] as { position: string; of: string }[] };
  const notBooked = (into: typeof duplicates, line: BilledLine, of: BilledLine) => {
    into.count += 1;
    into.amount += line.amount;
    into.pairs.push({ position: line.position, of: of.position });
  };
  for (const line of bill) {
    const content =
      line.id === undefined
        ? JSON.stringify([line.start, line.end, line.provider, line.item, line.category, line.account, line.amount.toString()])
        : JSON.stringify([line.provider, line.id]);
    const same = seen.get(content);
    if (same !== undefined) {
      notBooked(duplicates, line, same);
      continue;
    }
    seen.set(content, line);
    if (line.id === undefined) {
      const charge = JSON.stringify([line.provider, line.item, line.category, line.account]);
      const others = charges.get(charge) ?? [];
      const overlapping = others.find((other) => overlap(line, other));
      if (overlapping !== undefined) {
        notBooked(overlaps, line, overlapping);
        continue;
      }
      others.push(line);
      charges.set(charge, others);
    }
    kept.push(line);
  }
  return {
    kept,
    duplicates: { ...duplicates, amount: duplicates.amount as Usd },
    overlaps: { ...overlaps, amount: overlaps.amount as Usd },
  };
}

const overlap = (a: BillLine, b: BillLine): boolean =>
  a.start === undefined || b.start === undefined ? a.start === b.start : a.start <= (b.end ?? b.start) && b.start <= (a.end ?? a.start);

/** The period a line or a day is in; a line of more than one period cannot be split and is refused. */
function periodOfLine(line: Pick<BillLine, 'start' | 'end'> & Partial<Pick<BillLine, 'position'>>, by: Period, byOption: string): string {
  if (line.start === undefined) return UNDATED;
  const cut = (day: string) => (by === 'day' || day === UNDATED ? day : day.slice(0, 7));
  const end = line.end ?? line.start;
  if (cut(line.start) !== cut(end))
    throw new GacostError(
      'invalid-bill',
      `${line.position ?? ''}: the line charges for ${line.start} to ${end}, more than one ${by}: ${by === 'day' ? `hold it ${byOption} month` : 'a line of several months cannot be split'}`,
    );
  return cut(line.start);
}

const MAX_LINE_DAYS = 366;

/** The days a line charges for, in order. */
function daysOf(line: BillLine): string[] {
  if (line.start === undefined) return [UNDATED];
  const days: string[] = [];
  const end = line.end ?? line.start;
  for (let day = line.start; day <= end && days.length < MAX_LINE_DAYS; day = nextDay(day)) days.push(day);
  return days;
}

function nextDay(day: string): string {
  const [year = 0, month = 1, date = 1] = day.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, date + 1)).toISOString().slice(0, 10);
}

function setOf(map: Map<string, Set<string>>, key: string): Set<string> {
  let set = map.get(key);
  if (set === undefined) {
    set = new Set();
    map.set(key, set);
  }
  return set;
}

const sum = (values: readonly bigint[]): Usd => values.reduce((total, value) => total + value, 0n) as Usd;

const percent = (part: bigint, whole: bigint): Percent => divideRounded(part * 100n * 10n ** BigInt(PERCENT_SCALE), whole) as Percent;

const errorPercent = (difference: bigint, billed: bigint): Percent | null => (billed > 0n ? percent(difference, billed) : null);

function byKeys(a: ReconcileGroup, b: ReconcileGroup): number {
  const keys = (group: ReconcileGroup) => [
    group.period,
    group.provider,
    group.category === 'usage' ? '' : group.category,
    group.item ?? '',
  ];
  const [left, right] = [keys(a), keys(b)];
  for (let at = 0; at < left.length; at++) if (left[at] !== right[at]) return (left[at] as string) < (right[at] as string) ? -1 : 1;
  return 0;
}
