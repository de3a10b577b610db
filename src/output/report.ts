import { formatDecimal, groupThousands, parseDecimal, roundToScale } from '../core/decimal.js';
import { MONEY_SCALE, PERCENT_SCALE, type Percent, percentDisplay, type Usd, usdDisplay, usdExact } from '../core/money.js';
import { formatTokens } from '../core/quantity.js';
import type { CatalogJson } from './contract.js';
import { type ExactJson, ExactNumber, exact } from './exact.js';
import type { DisplayTable } from './view.js';

/**
 * A result as a page people look at (--format html): charts, each with a table of the same numbers,
 * the notes and the prices it used. Every figure is taken from the result's JSON, as its exact
 * decimal text, so the page and the JSON of the same run cannot disagree.
 */
export interface Report {
  readonly title: Prose;
  /** What the result says in words: the budget outlook, the cheapest candidate. */
  readonly summary: readonly Prose[];
  readonly catalogs: readonly { readonly label: string; readonly catalog: ExactJson<CatalogJson> }[];
  readonly sections: readonly ReportSection[];
  readonly notes: readonly (string | Prose)[];
}

export interface ReportSection {
  readonly chart: Chart | null;
  readonly table: DataTable;
}

/** What a chart's values are: each is drawn and labelled as the tables print it. */
export type Unit = 'usd' | 'percent';

/** A linear axis: a chart whose groups span more than 100× is drawn as panels, each on its own linear scale (svg-chart.ts). */
interface ValueAxis {
  readonly title: string;
  readonly unit: Unit;
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
  readonly title: Prose;
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
  readonly title: Prose;
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
  /** The text in full: a figure's exact decimal, as the table of exact figures shows it. */
  readonly text: string;
  /** The exact decimal the text shows, as in the JSON. */
  readonly value?: string;
  /** Money, shown to cents (pageUsd), and a percentage, to one decimal: the text has them exactly. */
  readonly kind?: 'usd' | 'percent';
  /** The catalog id a name stands for, as the JSON gives it (a data-id, and the table of exact figures). */
  readonly id?: string;
}

/** A JSON number's exact decimal text. */
export function exactText(value: number | ExactNumber): string {
  return value instanceof ExactNumber ? value.text : String(value);
}

export const usdCell = (value: number | ExactNumber | null): TableCell =>
  value === null ? { text: '—' } : { text: usdExact(exactText(value)), value: exactText(value), kind: 'usd' };
/** A count or other plain number, its whole part grouped in threes. */
export function countCell(value: number | ExactNumber): TableCell {
  const text = exactText(value);
  const [whole = '', fraction] = text.split('.');
  return { text: fraction === undefined ? groupThousands(whole) : `${groupThousands(whole)}.${fraction}`, value: text };
}
export const percentCell = (value: number | ExactNumber | null): TableCell =>
  value === null ? { text: '—' } : { text: `${exactText(value)}%`, value: exactText(value), kind: 'percent' };
export const textCell = (text: string): TableCell => ({ text });
/** A model's name for people, standing for its id (the JSON's). */
export const nameCell = (name: string, id: string): TableCell => (name === id ? { text: name } : { text: name, id });

/** A figure in a sentence or a title: the text shown, and the JSON's exact decimal (its data-value). */
export interface Figure {
  readonly text: string;
  readonly value: string;
}

/** Words with figures among them, each figure keeping its exact decimal. */
export type Prose = readonly (string | Figure)[];

/** Prose from a template: `prose\`${usdFigure(cost)} a month\``. */
export function prose(strings: TemplateStringsArray, ...parts: readonly (string | Figure | Prose)[]): Prose {
  const out: (string | Figure)[] = [];
  strings.forEach((text, index) => {
    if (text !== '') out.push(text);
    const part = parts[index];
    if (part === undefined || part === '') return;
    if (isProse(part)) out.push(...part);
    else out.push(part);
  });
  return out;
}

const isProse = (part: string | Figure | Prose): part is Prose => Array.isArray(part);

/** Prose as plain text (a page's <title>, an SVG label). */
export const proseText = (words: Prose): string => words.map((part) => (typeof part === 'string' ? part : part.text)).join('');

/** Significant digits of money where every figure beside it is below a dollar. */
const SMALL_DIGITS = 4;

/**
 * Money as a page says it: to cents, a non-zero amount below a cent as "<$0.01"; or, where every
 * figure it stands among (its column, its chart, itself in a sentence) is below a dollar (small), to
 * 4 significant digits ("$0.0003085"). The exact decimal stays in the element's data-value.
 */
export function pageUsd(text: string, small = belowDollar([text])): string {
  const units = chartUnits(text);
  if (!small) return usdDisplay(units as Usd);
  const digits = (units < 0n ? -units : units).toString().length;
  const scale = Math.min(MONEY_SCALE, MONEY_SCALE - digits + SMALL_DIGITS);
  return usdExact(formatDecimal(roundToScale(units, MONEY_SCALE, scale), scale));
}

/** Whether every amount is below a dollar (and so shown to 4 significant digits rather than to cents). */
export const belowDollar = (texts: Iterable<string>): boolean => {
  const dollar = 10n ** BigInt(MONEY_SCALE);
  for (const text of texts) {
    const units = chartUnits(text);
    if (units >= dollar || units <= -dollar) return false;
  }
  return true;
};

/** A percentage as a page says it: to one decimal ("61.5%"); the exact one in data-value. */
export const pagePercent = (text: string): string => {
  const units = parseDecimal(text, PERCENT_SCALE, { signed: true });
  return units === undefined ? `${text}%` : percentDisplay(units as Percent);
};

export const usdFigure = (value: number | ExactNumber | string): Figure => {
  const text = typeof value === 'string' ? value : exactText(value);
  return { text: pageUsd(text), value: text };
};
export const percentFigure = (value: number | ExactNumber | string): Figure => {
  const text = typeof value === 'string' ? value : exactText(value);
  return { text: pagePercent(text), value: text };
};
/** A token quantity in a sentence as the CLI says it ("5B"); the exact count in data-value. */
export const tokensFigure = (tokens: bigint): Figure => ({ text: formatTokens(tokens), value: tokens.toString() });
/** A count of tokens or records in a sentence, grouped in threes. */
export const countFigure = (value: number | ExactNumber | bigint): Figure => {
  const text = typeof value === 'bigint' ? value.toString() : exactText(value);
  return { text: countCell(exact(text)).text, value: text };
};

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
    title: [view.title ?? 'gacost'],
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
