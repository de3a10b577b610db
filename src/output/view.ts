import type { BudgetStatus } from '../core/budget-check.js';
import { type Candidate, MIX_PERCENT_SCALE } from '../core/candidate.js';
import { type CatalogInfo, modelName } from '../core/catalog.js';
import { divideRounded, formatDecimal } from '../core/decimal.js';
import { type Usd, usdDisplay } from '../core/money.js';
import type { ObservedSpend } from '../core/observed-spend.js';
import { formatTokens } from '../core/quantity.js';
import { observedName } from './observed.js';

/** How a cell may be emphasised; each human format decides what that looks like. */
export type Tone = 'plain' | 'strong' | 'dim' | 'good' | 'bad' | 'warn';

export interface DisplayCell {
  readonly text: string;
  readonly tone?: Tone;
  /** A budget status, which Markdown shows with a mark. */
  readonly status?: BudgetStatus;
}

export interface DisplayColumn {
  readonly title: string;
  readonly align: 'left' | 'right';
  /**
   * Whether a terminal table may wrap this column's cells onto more lines, at spaces, `/` and `-`, to
   * fit its width (default: a left-aligned column may, a right-aligned one, a number, never).
   */
  readonly shrink?: boolean;
  /** A narrower title, for a terminal table that does not fit its width with the full one. */
  readonly short?: string;
  /**
   * Whether a terminal table that does not fit its width may leave this column out: the lowest
   * first, before any cell is cut (absent: never). --wide, JSON, CSV and Markdown show it.
   */
  readonly drop?: number;
  /** Shown by --wide alone (a model's id beside its name: JSON and CSV have it too), never said to be left out. */
  readonly wide?: boolean;
}

/** The people-facing view of a result, shared by the table and Markdown renderers. */
export interface DisplayTable {
  readonly title?: string;
  /** A second table shown after this one's notes (catalog diff: the cost effect). */
  readonly next?: DisplayTable;
  readonly columns: readonly DisplayColumn[];
  /** Read more than once (a table's widths, then its lines), and perhaps made as read (mapRows): never assume a list. */
  readonly rows: Iterable<readonly DisplayCell[]>;
  readonly notes: readonly string[];
}

/** The tables with a last note added to the last of them: which catalog priced them ends the output. */
export function closedBy(view: DisplayTable, note: string): DisplayTable {
  return view.next === undefined ? { ...view, notes: [...view.notes, note] } : { ...view, next: closedBy(view.next, note) };
}

/** Rows mapped afresh each time they are read: a view of a million rows never holds them all. */
export const mapRows = <Row, Mapped>(rows: Iterable<Row>, map: (row: Row) => Mapped): Iterable<Mapped> => ({
  *[Symbol.iterator]() {
    for (const row of rows) yield map(row);
  },
});

export const left = (title: string): DisplayColumn => ({ title, align: 'left' });
export const right = (title: string): DisplayColumn => ({ title, align: 'right' });

/** A model and who it is bought from, in a table's cell: "DeepSeek V4 Flash · Global API". */
export const modelAndProvider = (name: string, provider: string): string => `${name} · ${provider}`;

export const candidateName = (candidate: Candidate): string =>
  candidate.kind === 'model'
    ? modelAndProvider(modelName(candidate.model.model), candidate.model.providerName)
    : candidate.kind === 'mix'
      ? 'Routing mix'
      : observedName(candidate.observed);

/** A model as prose names it: the catalog's name and who it is bought from ("DeepSeek V4 Flash via Global API"). */
export const modelProse = (name: string, provider: string): string => `${name} via ${provider}`;

/** A candidate by name, as prose says it: a model and its provider ("DeepSeek V4 Flash via Global API"), a routing mix and its parts, or the observed mix and its period. */
export function candidateProse(candidate: Candidate): string {
  switch (candidate.kind) {
    case 'model':
      return modelProse(modelName(candidate.model.model), candidate.model.providerName);
    case 'mix':
      return `Routing mix of ${candidate.parts
        .map((part) => `${modelName(part.model.model)} ${formatDecimal(part.percent, MIX_PERCENT_SCALE)}%`)
        .join(', ')}`;
    case 'observed':
      return observedName(candidate.observed);
  }
}

/** A baseline in a column title or a sentence: the model's name, or the observed mix and its period. */
export const baselineName = (baseline: Candidate): string =>
  baseline.kind === 'model' ? modelName(baseline.model.model) : candidateName(baseline);

/** The sentence that says what a baseline is: a model, its provider and price, or the logs' spend of the period measured. */
export function baselineNote(baseline: Candidate, usd: (value: Usd) => string = usdDisplay): string {
  if (baseline.kind === 'model') return `Baseline: ${candidateProse(baseline)}.`;
  if (baseline.kind === 'mix') return 'Baseline: a routing mix.';
  return `Baseline: ${observedSpendNote(baseline.observed, usd)}`;
}

/** The observed spend in one sentence: its period, cost and tokens. */
export const observedSpendNote = (observed: ObservedSpend, usd: (value: Usd) => string = usdDisplay): string =>
  `${observedName(observed)}: ${usd(observed.cost)} for ${formatTokens(observed.tokens)} tokens on the logs' own models, each at its prices.`;

/** Which prices a result used, in words; where they may be stale, that too. */
export function catalogNote(catalog: CatalogInfo): string {
  const stale = staleNote(catalog);
  return `${catalogTitle(catalog)}.${stale === undefined ? '' : ` ${stale}`}`;
}

/** Which prices a result used, in a title: the catalog, its base, its data's date for an updated one, the as-of date and tier. */
function catalogTitle(catalog: CatalogInfo): string {
  const base = catalog.base === null ? '' : ` over ${catalog.base.version} (${catalog.base.hash.slice(0, 12)})`;
  const tier = catalog.tier === null ? '' : `, ${catalog.tier} tier`;
  const updated = catalog.updated === null ? '' : `, updated from genai-prices data fetched ${catalog.updated.fetched.slice(0, 10)}`;
  return `Catalog ${catalog.version}${base} (effective ${catalog.effective}, hash ${catalog.hash.slice(0, 12)}${updated}), prices as of ${catalog.asOf}${tier}`;
}

/** That the catalog's prices were checked long before the as-of date, and how to get newer ones; undefined where they were not. */
export function staleNote(catalog: Pick<CatalogInfo, 'version' | 'checked' | 'staleDays' | 'asOf'>): string | undefined {
  if (catalog.staleDays === null) return undefined;
  return `Catalog ${catalog.version}'s prices were last checked ${catalog.checked}, ${catalog.staleDays} days before ${catalog.asOf}: they may have changed since (gacost catalog update fetches the newest).`;
}

const BAR_WIDTH = 24;

/** A bar of whole blocks, scaled so that `max` fills the width; a non-zero value shows at least one. */
export function bar(value: bigint, max: bigint): string {
  if (max <= 0n || value <= 0n) return '';
  const blocks = divideRounded(value * BigInt(BAR_WIDTH), max);
  return '█'.repeat(Math.max(1, Number(blocks)));
}
