import type { NoData } from './budget-actuals.js';
import type { BudgetLine, BudgetStatus, UsageSelector } from './budget-check.js';
import { type Candidate, candidateId, MIX_PERCENT_SCALE } from './candidate.js';
import type { CatalogInfo } from './catalog.js';
import { divideRounded, formatDecimal } from './decimal.js';
import { PERCENT_SCALE, type Percent, subtractUsd, type Usd, usdText } from './money.js';
import type { ObservedSpend } from './observed-spend.js';
import { type Accounting, SHARE_SCALE } from './pricing.js';
import type { ProvenanceShare, SourceSummary, UnpricedName, UsageAssumption } from './usage-pricing.js';

/** A workload of one side of `gacost diff`: as its budget file gives it, and priced. */
export interface SideWorkload extends BudgetLine {
  readonly name: string;
  readonly candidate: Candidate;
  /** The month's tokens the file gives (priced unless the traffic is measured); null where it gives none. */
  readonly tokens: bigint | null;
  readonly accounting?: Accounting;
  /** Where the workload is in its budget file (file:line:col). */
  readonly position?: string;
}

/** One budget file priced: its workloads, in its order, and their total against its total budget. */
export interface DiffSide {
  /** The file as named: a path, or git:REF:path. */
  readonly source: string;
  readonly workloads: readonly SideWorkload[];
  readonly total: BudgetLine;
}

/** What of a workload a diff compares, each as exact text (null: not set on that side). */
const DIFF_FIELDS = ['model', 'mix', 'tokens', 'input_share', 'cached_share', 'cache_write_share', 'budget'] as const;
export type DiffField = (typeof DIFF_FIELDS)[number];

interface FieldChange {
  readonly field: DiffField;
  readonly before: string | null;
  readonly after: string | null;
}

export interface WorkloadDiff {
  readonly name: string;
  readonly change: 'added' | 'removed' | 'changed' | 'unchanged';
  /** The fields that differ (for added and removed workloads, none). */
  readonly fields: readonly FieldChange[];
  readonly base: SideWorkload | null;
  readonly head: SideWorkload | null;
  /** Head's monthly cost − base's (a missing side costs $0). */
  readonly delta: Usd;
  /** The change in percent of base's cost; null where base costs $0 or has no such workload. */
  readonly changePct: Percent | null;
}

/** The logs' traffic of one workload: the records its selector picks in the period measured. */
export interface MeasuredWorkload {
  readonly name: string;
  readonly selector: UsageSelector;
  readonly records: number;
  /** Input and output tokens a month (scaled to 30 days where the period is days). */
  readonly tokens: bigint;
  /** What that traffic cost on the logs' own models. */
  readonly observedCost: Usd;
  /** Why the workload has no record to price (its status is then no-data, as check --usage says); null when it has records. */
  readonly noData: Extract<NoData, { readonly code: 'none-selected' | 'none-priced' }> | null;
}

/** The records of the period that no workload's selector picks: in neither side's cost. */
interface UnmatchedTraffic {
  readonly records: number;
  /** What they cost on the logs' own models, a month (of the priced ones). */
  readonly observedCost: Usd;
  /** Their log names, with the records of each, most first. */
  readonly names: readonly { readonly name: string; readonly records: number }[];
}

/** The traffic both sides were priced on: what the files state, or a month the logs measured. */
export type DiffTraffic =
  | { readonly kind: 'projected' }
  | {
      readonly kind: 'measured';
      readonly basis: ObservedSpend['basis'];
      readonly sources: readonly SourceSummary[];
      /** Priced records of the period, and how each log name was priced. */
      readonly records: number;
      readonly provenance: readonly ProvenanceShare[];
      readonly unpriced: readonly UnpricedName[];
      readonly assumptions: readonly UsageAssumption[];
      readonly workloads: readonly MeasuredWorkload[];
      readonly unmatched: UnmatchedTraffic;
    };

export interface BudgetDiff {
  readonly kind: 'budget-diff';
  readonly catalog: CatalogInfo;
  readonly traffic: DiffTraffic;
  readonly base: DiffSide;
  readonly head: DiffSide;
  /** Base's workloads in its order, then those only head has, in its order. */
  readonly workloads: readonly WorkloadDiff[];
  readonly delta: Usd;
  readonly changePct: Percent | null;
  /** Lines over budget on each side: workload names, and "total" for the total. */
  readonly baseBreaks: readonly string[];
  readonly headBreaks: readonly string[];
  /** Those head breaks that base kept (or did not have): what fails the gate. */
  readonly newlyBroken: readonly string[];
  /** What each side's pricing assumed (a check's assumptions, in words by the output). */
  readonly notes: readonly string[];
}

/** The name of the total among the lines a side breaks. */
export const TOTAL_LINE = 'total';

/** The two sides workload by workload, matched by name, and the lines each breaks. */
export function diffSides(
  catalog: CatalogInfo,
  base: DiffSide,
  head: DiffSide,
  traffic: DiffTraffic,
  notes: readonly string[],
): BudgetDiff {
  const headByName = new Map(head.workloads.map((workload) => [workload.name, workload]));
  const baseNames = new Set(base.workloads.map((workload) => workload.name));
  const pairs: [SideWorkload | null, SideWorkload | null][] = [
    ...base.workloads.map((workload): [SideWorkload, SideWorkload | null] => [workload, headByName.get(workload.name) ?? null]),
    ...head.workloads.filter((workload) => !baseNames.has(workload.name)).map((workload): [null, SideWorkload] => [null, workload]),
  ];
  const workloads = pairs.map(([before, after]): WorkloadDiff => {
    const fields = before === null || after === null ? [] : fieldChanges(before, after);
    const baseCost = before?.cost ?? (0n as Usd);
    return {
      name: (before ?? after)?.name ?? '',
      change: before === null ? 'added' : after === null ? 'removed' : fields.length > 0 ? 'changed' : 'unchanged',
      fields,
      base: before,
      head: after,
      delta: subtractUsd(after?.cost ?? (0n as Usd), baseCost),
      changePct: before === null ? null : changePercent(baseCost, after?.cost ?? (0n as Usd)),
    };
  });
  const baseBreaks = breaksOf(base);
  const headBreaks = breaksOf(head);
  return {
    kind: 'budget-diff',
    catalog,
    traffic,
    base,
    head,
    workloads,
    delta: subtractUsd(head.total.cost, base.total.cost),
    changePct: changePercent(base.total.cost, head.total.cost),
    baseBreaks,
    headBreaks,
    newlyBroken: headBreaks.filter((name) => !baseBreaks.includes(name)),
    notes,
  };
}

/** 1 when head breaks a budget that base kept: the pull request's gate. */
export function getDiffExitCode(diff: BudgetDiff): 0 | 1 {
  return diff.newlyBroken.length > 0 ? 1 : 0;
}

const FAILED: BudgetStatus = 'fail';

function breaksOf(side: DiffSide): string[] {
  return [
    ...side.workloads.filter((workload) => workload.status === FAILED).map((workload) => workload.name),
    ...(side.total.status === FAILED ? [TOTAL_LINE] : []),
  ];
}

/** A workload's fields as exact text: the model's id or the mix's parts, its tokens, token mix and budget. */
function fieldValues(workload: SideWorkload): Record<DiffField, string | null> {
  const { candidate, accounting } = workload;
  const share = (value: bigint | null | undefined) => (value === null || value === undefined ? null : formatDecimal(value, SHARE_SCALE));
  const input = accounting?.inputShare ?? null;
  return {
    model: candidate.kind === 'model' ? candidateId(candidate) : null,
    mix: candidate.kind === 'mix' ? mixText(candidate) : null,
    tokens: workload.tokens === null ? null : workload.tokens.toString(),
    input_share: share(input),
    cached_share: input === null ? null : share(accounting?.cachedShare ?? 0n),
    cache_write_share: input === null ? null : share(accounting?.cacheWriteShare ?? 0n),
    budget: workload.budget === null ? null : usdText(workload.budget),
  };
}

/** A mix as its parts' ids and percentages: "openai/gpt-4o-mini=90,openai/gpt-4o=10". */
export function mixText(candidate: Candidate): string {
  if (candidate.kind !== 'mix') return candidateId(candidate);
  return candidate.parts.map((part) => `${part.model.model.id}=${formatDecimal(part.percent, MIX_PERCENT_SCALE)}`).join(',');
}

function fieldChanges(before: SideWorkload, after: SideWorkload): FieldChange[] {
  const old = fieldValues(before);
  const updated = fieldValues(after);
  return DIFF_FIELDS.filter((field) => old[field] !== updated[field]).map((field) => ({
    field,
    before: old[field],
    after: updated[field],
  }));
}

/** after / before − 1 in percent, rounded to 4 places; null from $0. */
function changePercent(before: Usd, after: Usd): Percent | null {
  if (before === 0n) return null;
  return divideRounded((after - before) * 100n * 10n ** BigInt(PERCENT_SCALE), before) as Percent;
}
