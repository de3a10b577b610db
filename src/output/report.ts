import { formatDecimal, groupThousands, parseDecimal } from '../core/decimal.js';
import { MONEY_SCALE, usdExact } from '../core/money.js';
import type { CatalogJson } from './contract.js';
import { type ExactJson, ExactNumber } from './exact.js';
import type { DisplayTable } from './view.js';

/**
 * A result as a page people look at (--format html): charts, each with a table of the same numbers,
 * the notes and the prices it used. Every figure is taken from the result's JSON, as its exact
 * decimal text, so the page and the JSON of the same run cannot disagree.
 */
export interface Report {
  readonly title: string;
  /** What the result says in words: the budget outlook, the cheapest candidate. */
  readonly summary: readonly string[];
  readonly catalogs: readonly { readonly label: string; readonly catalog: ExactJson<CatalogJson> }[];
  readonly sections: readonly ReportSection[];
  readonly notes: readonly string[];
}

export interface ReportSection {
  readonly chart: Chart | null;
  readonly table: DataTable;
}

/** What a chart's values are: each is drawn and labelled as the tables print it. */
export type Unit = 'usd' | 'percent';

export interface ValueAxis {
  readonly title: string;
  readonly unit: Unit;
  /** log: for values over several orders of magnitude (project's stages), labelled as such. */
  readonly scale: 'linear' | 'log';
}

export interface Series {
  readonly name: string;
  /** Palette colour; by default the series' place (lines of one candidate share one). */
  readonly color?: number;
  /** baseline: drawn in the muted colour of a reference; dashed and dotted: other lines of one candidate. */
  readonly style?: 'baseline' | 'dashed' | 'dotted';
}

/** A reference line across the plot at a value: a budget, a threshold, the baseline's cost. */
interface Rule {
  readonly kind: 'budget' | 'warn' | 'fail' | 'baseline';
  readonly label: string;
  readonly value: string;
}

export interface Bar {
  /** Index into the chart's series. */
  readonly series: number;
  /** Exact decimal text; null for a bar that has no value (not drawn: its label says n/a). */
  readonly value: string | null;
  /** A budget status, drawn in its colour instead of the series'. */
  readonly status?: 'ok' | 'warn' | 'fail';
}

export interface BarGroup {
  readonly label: string;
  readonly bars: readonly Bar[];
  /** Text shown beside the group: the savings percent, a budget status. */
  readonly note?: string;
}

export interface BarChart {
  readonly kind: 'bars';
  readonly id: string;
  readonly title: string;
  /** horizontal: one row per group (rankings, budgets); vertical: one column per group (stages, days). */
  readonly orientation: 'horizontal' | 'vertical';
  /** stacked: a group's bars one on another (spend by model per day). */
  readonly stacked: boolean;
  /** A time axis, whose labels may be thinned to every few; other labels are each kept (vertical only). */
  readonly thinLabels?: boolean;
  readonly categoryTitle: string;
  readonly axis: ValueAxis;
  readonly series: readonly Series[];
  readonly groups: readonly BarGroup[];
  readonly rules: readonly Rule[];
}

export interface LineChart {
  readonly kind: 'lines';
  readonly id: string;
  readonly title: string;
  readonly categoryTitle: string;
  /** The x positions' labels, in order (months 1…N). */
  readonly categories: readonly string[];
  readonly axis: ValueAxis;
  readonly series: readonly (Series & { readonly values: readonly string[] })[];
  readonly rules: readonly Rule[];
  /** A category to mark (the month a budget is first exceeded), or one beyond the last (at this growth). */
  readonly marker: { readonly category: number; readonly label: string; readonly beyond: boolean } | null;
}

export type Chart = BarChart | LineChart;

/** A table of the figures: each number cell keeps its exact decimal beside the text shown. */
export interface DataTable {
  readonly caption: string;
  readonly columns: readonly { readonly title: string; readonly align: 'left' | 'right' }[];
  readonly rows: readonly (readonly TableCell[])[];
}

export interface TableCell {
  readonly text: string;
  /** The exact decimal the text shows, as in the JSON. */
  readonly value?: string;
}

/** A JSON number's exact decimal text. */
export function exactText(value: number | ExactNumber): string {
  return value instanceof ExactNumber ? value.text : String(value);
}

export const usdCell = (value: number | ExactNumber | null): TableCell =>
  value === null ? { text: '—' } : { text: usdExact(exactText(value)), value: exactText(value) };
/** A count or other plain number, its whole part grouped in threes. */
export function countCell(value: number | ExactNumber): TableCell {
  const text = exactText(value);
  const [whole = '', fraction] = text.split('.');
  return { text: fraction === undefined ? groupThousands(whole) : `${groupThousands(whole)}.${fraction}`, value: text };
}
export const percentCell = (value: number | ExactNumber | null): TableCell =>
  value === null ? { text: '—' } : { text: `${exactText(value)}%`, value: exactText(value) };
export const textCell = (text: string): TableCell => ({ text });

/** Scale at which chart values are compared and laid out: money's, as fine as any figure gacost prints. */
export const CHART_SCALE = MONEY_SCALE;

/** A chart value as integer units at CHART_SCALE: it is an exact decimal of the JSON, so it parses. */
export function chartUnits(text: string): bigint {
  const units = parseDecimal(text, CHART_SCALE, { signed: true });
  if (units === undefined) throw new Error(`not a chart value: ${text}`);
  return units;
}

export const unitsText = (units: bigint): string => formatDecimal(units, CHART_SCALE);

/** The notes of a result's people-facing view, which say in words what its figures mean. */
export function viewNotes(view: DisplayTable): string[] {
  return [...view.notes, ...(view.next === undefined ? [] : viewNotes(view.next))];
}

/** The page of a result without charts of its own (models): its view's table, every cell as shown. */
export function viewReport(view: DisplayTable): Report {
  return {
    title: view.title ?? 'gacost',
    summary: [],
    catalogs: [],
    sections: [viewSection(view)],
    notes: viewNotes(view),
  };
}

function viewSection(view: DisplayTable): ReportSection {
  return {
    chart: null,
    table: {
      caption: view.title ?? '',
      columns: view.columns.map((column) => ({ title: column.title, align: column.align })),
      rows: Array.from(view.rows, (row) => row.map((cell) => textCell(cell.text))),
    },
  };
}
