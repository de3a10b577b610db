import { divideRounded, pow10 } from '../core/decimal.js';
import {
  type Bar,
  type BarChart,
  belowDollar,
  CHART_SCALE,
  type Chart,
  chartUnits,
  type LineChart,
  pagePercent,
  pageUsd,
  proseText,
  type Series,
  type Unit,
  unitsText,
} from './report.js';

/**
 * Charts as static SVG, drawn here rather than by a charting library: five plain kinds of chart need
 * a few hundred lines, and a library that renders without a browser would cost more than it gives.
 * Values are exact decimals; only their positions on the page are approximate (to 0.01 of a unit of
 * the viewBox, which scales to the page's width, so a chart never overflows a phone's screen).
 */
const WIDTH = 720;
const FONT = 12;
/** Characters of a label beside a horizontal bar; a longer one is cut, its whole text in its tooltip. */
const LABEL_CHARS = 34;
const LABEL_WIDTH = 236;
const VALUE_LABEL_WIDTH = 100;

/**
 * A chart on a linear scale, so that bars compare as their values do ($1,250 against $50,000 is 1:40).
 * Bars that span more than SPAN× are drawn twice: all of them, then, in a second panel, the small
 * ones on their own linear scale (a log axis would shrink the difference the page is about).
 */
export function renderChart(chart: Chart): string {
  if (chart.kind === 'lines') return lineChart(chart);
  const draw = chart.orientation === 'horizontal' ? horizontalBars : verticalBars;
  const small = smallPanel(chart);
  if (small === null) return draw(chart);
  return `${draw(chart)}<p class="panel-note">${escapeXml(proseText(small.title))}</p>${draw(small)}`;
}

/** Values more than this many times the smallest are drawn in two panels. */
const SPAN = 100n;

/** Each group's value as a bar chart scales it: its stack's total, or its largest bar. */
const groupUnits = (chart: BarChart, group: BarChart['groups'][number]): bigint => {
  const values = group.bars.map((bar) => chartUnits(bar.value ?? '0'));
  return chart.stacked ? values.reduce((sum, value) => sum + value, 0n) : values.reduce((most, value) => (value > most ? value : most), 0n);
};

/** The panel of a chart's small groups (at most a SPAN-th of the largest), or null when all show on one scale. */
function smallPanel(chart: BarChart): BarChart | null {
  const values = chart.groups.map((group) => groupUnits(chart, group));
  const largest = values.reduce((most, value) => (value > most ? value : most), 0n);
  const positive = values.filter((value) => value > 0n);
  const smallest = positive.reduce((least, value) => (value < least ? value : least), largest);
  if (positive.length === 0 || smallest * SPAN >= largest) return null;
  const limit = largest / SPAN;
  const groups = chart.groups.filter((_, index) => (values[index] ?? 0n) <= limit);
  const shown = chart.axis.unit === 'usd' ? pageUsd(unitsText(limit)) : pagePercent(unitsText(limit));
  return {
    ...chart,
    id: `${chart.id}-small`,
    title: [
      `Zoomed: ${groups.map((group) => group.label).join(', ')} (${groups.length === 1 ? '' : 'each '}at most ${shown}), on a scale of ${groups.length === 1 ? 'its' : 'their'} own`,
    ],
    groups,
    rules: chart.rules.filter((rule) => chartUnits(rule.value) <= limit),
  };
}

/** How values map onto a length of the page, and the ticks labelled along it. */
interface Scale {
  /** Where a value lies along `length`, from the lowest tick (0, unless a value is below 0: a credit). */
  position(units: bigint, length: number): number;
  readonly ticks: readonly bigint[];
}

/**
 * Ticks at 0 and steps of 1, 2 or 5 × 10^k, at most five steps in all: to the first tick at or above the
 * largest value and, where a value is below 0 (a credit), down to the first at or below the smallest.
 */
function linearScale(values: readonly bigint[]): Scale {
  const least = values.reduce((low, value) => (value < low ? value : low), 0n);
  // Nothing above zero or below it (no spend): an axis to 1, rather than to the smallest unit.
  const most = values.reduce((high, value) => (value > high ? value : high), 0n) || (least < 0n ? 0n : pow10(CHART_SCALE));
  const stepsOf = (value: bigint, step: bigint) => (value + step - 1n) / step;
  let step = 1n;
  for (let power = 0n; ; power++) {
    const found = [1n, 2n, 5n]
      .map((factor) => factor * 10n ** power)
      .find((candidate) => stepsOf(most, candidate) + stepsOf(-least, candidate) <= 5n);
    if (found !== undefined) {
      step = found;
      break;
    }
  }
  const above = stepsOf(most, step);
  const below = stepsOf(-least, step);
  const span = (above + below) * step;
  const ticks = Array.from({ length: Number(above + below) + 1 }, (_, index) => (BigInt(index) - below) * step);
  return { ticks, position: (units, length) => Number(divideRounded((units + below * step) * BigInt(length * 100), span)) / 100 };
}

/**
 * How a chart writes its values, as the tables write them: money to cents, or to 4 significant digits
 * where every value of the chart is below a dollar; percentages to one decimal.
 */
type Labeller = (units: bigint) => string;

function labeller(unit: Unit, values: readonly bigint[]): Labeller {
  if (unit === 'percent') return (units) => pagePercent(unitsText(units));
  const small = belowDollar(values.map(unitsText));
  return (units) => pageUsd(unitsText(units), small);
}

function horizontalBars(chart: BarChart): string {
  const barHeight = 16;
  const perGroup = chart.stacked ? 1 : Math.max(1, ...chart.groups.map((group) => group.bars.length));
  // A group's note goes on a line of its own under its bars, where it has the plot's whole width.
  const noteHeight = chart.groups.some((group) => group.note !== undefined) ? 16 : 0;
  const groupHeight = perGroup * barHeight + noteHeight + 10;
  const top = 26;
  const plotLeft = LABEL_WIDTH + 8;
  const plotWidth = WIDTH - plotLeft - VALUE_LABEL_WIDTH;
  const plotHeight = chart.groups.length * groupHeight;
  const height = top + plotHeight + 44;
  const values = [
    ...chart.groups.flatMap((group) => group.bars.map((bar) => chartUnits(bar.value ?? '0'))),
    ...chart.rules.map((rule) => chartUnits(rule.value)),
  ];
  const scale = linearScale(values);
  const zero = scale.position(0n, plotWidth);
  const label = labeller(chart.axis.unit, values);
  const parts: string[] = [];
  chart.groups.forEach((group, groupIndex) => {
    const y = top + groupIndex * groupHeight;
    parts.push(
      text(
        LABEL_WIDTH,
        y + (perGroup * barHeight) / 2 + FONT / 3,
        cut(group.label),
        'end',
        group.label.length > LABEL_CHARS ? group.label : undefined,
      ),
    );
    let stackedAt = 0;
    group.bars.forEach((bar, barIndex) => {
      const units = chartUnits(bar.value ?? '0');
      // A bar runs from the zero line: rightwards, or leftwards for a value below 0.
      const end = scale.position(units, plotWidth);
      const length = Math.abs(end - zero);
      const x = chart.stacked ? plotLeft + zero + stackedAt : plotLeft + Math.min(zero, end);
      const barY = chart.stacked ? y : y + barIndex * barHeight;
      stackedAt += length;
      const series = chart.series[bar.series];
      if (bar.value !== null)
        parts.push(barRect(chart, bar, label, x, barY + 1, length, barHeight - 2, `${group.label} · ${series?.name ?? ''}`));
      if (!chart.stacked) {
        const at = plotLeft + Math.max(zero, end) + 4;
        parts.push(
          fitted(at, barY + barHeight / 2 + FONT / 3, bar.value === null ? `${series?.name ?? ''}: n/a` : label(units), 'start', 'value'),
        );
      }
    });
    if (group.note !== undefined) parts.push(fitted(plotLeft + 4, y + perGroup * barHeight + 13, group.note, 'start', 'note'));
  });
  const axis = scale.ticks.map((tick) => {
    const x = round(plotLeft + scale.position(tick, plotWidth));
    return `<line class="grid" x1="${x}" y1="${top}" x2="${x}" y2="${top + plotHeight}"/>${text(x, top + plotHeight + 14, label(tick), 'middle', undefined, 'tick')}`;
  });
  // Two rules close together (warn and fail) label outwards: the first to its left, the others to their right.
  const rules = chart.rules.map((rule, index) => {
    const x = round(plotLeft + scale.position(chartUnits(rule.value), plotWidth));
    const ruleLabel = fitted(index === 0 ? x - 3 : x + 3, top - 8, rule.label, index === 0 ? 'end' : 'start', `rule-label ${rule.kind}`);
    return `<line data-mark="rule" data-rule="${rule.kind}" class="rule ${rule.kind}" x1="${x}" y1="${top - 4}" x2="${x}" y2="${top + plotHeight}"><title>${escapeXml(rule.label)}</title></line>${ruleLabel}`;
  });
  return svg(chart, height, [
    ...axis,
    ...parts,
    ...rules,
    `<line class="axis" x1="${round(plotLeft + zero)}" y1="${top}" x2="${round(plotLeft + zero)}" y2="${top + plotHeight}"/>`,
    text(LABEL_WIDTH, top - 8, chart.categoryTitle, 'end', undefined, 'axis-title'),
    text(plotLeft + plotWidth / 2, height - 6, chart.axis.title, 'middle', undefined, 'axis-title'),
  ]);
}

function verticalBars(chart: BarChart): string {
  const top = 28;
  const plotLeft = 104;
  const plotWidth = WIDTH - plotLeft - 12;
  const plotHeight = 240;
  const height = top + plotHeight + 56;
  const totals = chart.groups.map((group) =>
    chart.stacked ? group.bars.reduce((sum, bar) => sum + chartUnits(bar.value ?? '0'), 0n) : 0n,
  );
  const values = [
    ...(chart.stacked ? totals : chart.groups.flatMap((group) => group.bars.map((bar) => chartUnits(bar.value ?? '0')))),
    ...chart.rules.map((rule) => chartUnits(rule.value)),
  ];
  const scale = linearScale(values);
  const label = labeller(chart.axis.unit, values);
  const groupWidth = plotWidth / Math.max(1, chart.groups.length);
  const perGroup = chart.stacked ? 1 : Math.max(1, ...chart.groups.map((group) => group.bars.length));
  const barWidth = Math.max(1, Math.min(48, (groupWidth * 0.76) / perGroup));
  // Labels of a time axis are thinned to every few; others (stages) are each kept, cut to their width.
  const longestLabel = Math.max(1, ...chart.groups.map((group) => group.label.length));
  const labelEvery = chart.thinLabels ? Math.max(1, Math.ceil((longestLabel * 7 + 8) / groupWidth)) : 1;
  const labelChars = chart.thinLabels ? longestLabel : Math.max(4, Math.floor((groupWidth - 8) / 7));
  const bottom = top + plotHeight;
  // The zero line: the plot's foot, or above it where a value is below 0 (a credit), whose bar hangs from it.
  const zero = bottom - scale.position(0n, plotHeight);
  const parts: string[] = [];
  chart.groups.forEach((group, groupIndex) => {
    const center = plotLeft + groupWidth * (groupIndex + 0.5);
    const start = center - (barWidth * perGroup) / 2;
    let stackedAt = 0;
    let highest = 0;
    group.bars.forEach((bar, barIndex) => {
      const end = bottom - scale.position(chartUnits(bar.value ?? '0'), plotHeight);
      const length = Math.abs(zero - end);
      const x = chart.stacked ? start : start + barIndex * barWidth;
      const y = chart.stacked ? zero - stackedAt - length : Math.min(zero, end);
      stackedAt += chart.stacked ? length : 0;
      highest = Math.max(highest, bottom - y);
      const series = chart.series[bar.series];
      if (bar.value !== null)
        parts.push(
          barRect(
            chart,
            bar,
            label,
            round(x),
            round(y),
            round(Math.max(0, barWidth - 1)),
            length,
            `${group.label} · ${series?.name ?? ''}`,
          ),
        );
    });
    if (group.note !== undefined) parts.push(fitted(round(center), round(bottom - highest - 6), group.note, 'middle', 'note', labelChars));
    if (groupIndex % labelEvery === 0)
      parts.push(
        text(
          round(center),
          bottom + 16,
          cut(group.label, labelChars),
          'middle',
          group.label.length > labelChars ? group.label : undefined,
          'tick',
        ),
      );
  });
  const axis = scale.ticks.map((tick) => {
    const y = round(bottom - scale.position(tick, plotHeight));
    return `<line class="grid" x1="${plotLeft}" y1="${y}" x2="${plotLeft + plotWidth}" y2="${y}"/>${text(plotLeft - 6, y + FONT / 3, label(tick), 'end', undefined, 'tick')}`;
  });
  const rules = chart.rules.map((rule) => {
    const y = round(bottom - scale.position(chartUnits(rule.value), plotHeight));
    return `<line data-mark="rule" data-rule="${rule.kind}" class="rule ${rule.kind}" x1="${plotLeft}" y1="${y}" x2="${plotLeft + plotWidth}" y2="${y}"><title>${escapeXml(rule.label)}</title></line>`;
  });
  return svg(chart, height, [
    ...axis,
    ...parts,
    ...rules,
    `<line class="axis" x1="${plotLeft}" y1="${round(zero)}" x2="${plotLeft + plotWidth}" y2="${round(zero)}"/>`,
    text(plotLeft + plotWidth / 2, height - 6, chart.categoryTitle, 'middle', undefined, 'axis-title'),
    text(12, top + plotHeight / 2, chart.axis.title, 'middle', undefined, 'axis-title', `rotate(-90 12 ${top + plotHeight / 2})`),
  ]);
}

function lineChart(chart: LineChart): string {
  const top = 28;
  const plotLeft = 104;
  const plotWidth = WIDTH - plotLeft - 24;
  const plotHeight = 260;
  const bottom = top + plotHeight;
  const height = bottom + 52;
  const values = [...chart.series.flatMap((series) => series.values.map(chartUnits)), ...chart.rules.map((rule) => chartUnits(rule.value))];
  const scale = linearScale(values);
  const label = labeller(chart.axis.unit, values);
  const count = chart.categories.length;
  // A month beyond the last is marked at the right edge, past a gap that says the axis is broken.
  const beyond = chart.marker?.beyond === true;
  const dataWidth = beyond ? plotWidth - 72 : plotWidth;
  const xOf = (index: number) => round(plotLeft + (count <= 1 ? dataWidth / 2 : (dataWidth * index) / (count - 1)));
  const yOf = (value: string) => round(bottom - scale.position(chartUnits(value), plotHeight));
  const labelEvery = Math.max(1, Math.ceil(count / 14));
  const parts: string[] = [];
  scale.ticks.forEach((tick) => {
    const y = round(bottom - scale.position(tick, plotHeight));
    parts.push(
      `<line class="grid" x1="${plotLeft}" y1="${y}" x2="${plotLeft + plotWidth}" y2="${y}"/>`,
      text(plotLeft - 6, y + FONT / 3, label(tick), 'end', undefined, 'tick'),
    );
  });
  chart.categories.forEach((category, index) => {
    if (index % labelEvery === 0 || index === count - 1) parts.push(text(xOf(index), bottom + 16, category, 'middle', undefined, 'tick'));
  });
  chart.rules.forEach((rule) => {
    const y = yOf(rule.value);
    parts.push(
      `<line data-mark="rule" data-rule="${rule.kind}" class="rule ${rule.kind}" x1="${plotLeft}" y1="${y}" x2="${plotLeft + plotWidth}" y2="${y}"><title>${escapeXml(rule.label)}</title></line>`,
      fitted(plotLeft + 4, y - 5, rule.label, 'start', `rule-label ${rule.kind}`, Math.floor(plotWidth / 7)),
    );
  });
  if (chart.marker !== null) parts.push(marker(chart.marker, beyond ? plotLeft + plotWidth : xOf(chart.marker.category), top, bottom));
  if (beyond && chart.marker !== null) {
    parts.push(
      text(round(plotLeft + dataWidth + 36), bottom + 16, '…', 'middle', undefined, 'tick'),
      text(plotLeft + plotWidth, bottom + 16, String(chart.marker.category + 1), 'middle', undefined, 'tick'),
    );
  }
  chart.series.forEach((series, seriesIndex) => {
    const style = seriesClass(series, seriesIndex);
    const points = series.values.map((value, index) => `${xOf(index)},${yOf(value)}`).join(' ');
    parts.push(`<polyline class="line ${style}" points="${points}"/>`);
    series.values.forEach((value, index) => {
      const tooltip = `${series.name}, ${chart.categoryTitle.toLowerCase()} ${chart.categories[index] ?? ''}: ${label(chartUnits(value))}`;
      parts.push(
        `<circle data-mark="point" data-series="${escapeXml(series.name)}" data-value="${value}" class="point ${style}" cx="${xOf(index)}" cy="${yOf(value)}" r="3"><title>${escapeXml(tooltip)}</title></circle>`,
      );
    });
  });
  return svg(chart, height, [
    ...parts,
    `<line class="axis" x1="${plotLeft}" y1="${bottom}" x2="${plotLeft + plotWidth}" y2="${bottom}"/>`,
    text(plotLeft + plotWidth / 2, height - 6, chart.categoryTitle, 'middle', undefined, 'axis-title'),
    text(12, top + plotHeight / 2, chart.axis.title, 'middle', undefined, 'axis-title', `rotate(-90 12 ${top + plotHeight / 2})`),
  ]);
}

/** The month a budget is first exceeded: a line at it, or at the right edge with an arrow when it lies beyond. */
function marker(mark: NonNullable<LineChart['marker']>, x: number, top: number, bottom: number): string {
  const label = mark.label;
  const anchor = x + label.length * 7 > WIDTH ? 'end' : 'start';
  const labelX = anchor === 'end' ? x - 4 : x + 4;
  return `<g data-mark="crossing" data-month="${mark.category + 1}" class="crossing"><line x1="${x}" y1="${top - 12}" x2="${x}" y2="${bottom}"/>${text(labelX, top - 16, label, anchor, undefined, 'crossing-label')}</g>`;
}

function barRect(chart: BarChart, bar: Bar, label: Labeller, x: number, y: number, width: number, height: number, name: string): string {
  const series = chart.series[bar.series];
  const value = bar.value ?? '0';
  const shown = label(chartUnits(value));
  const colour = bar.status === undefined ? seriesClass(series, bar.series) : `status-${bar.status}`;
  return `<rect data-mark="bar" data-series="${escapeXml(series?.name ?? '')}" data-value="${value}" class="bar ${colour}" x="${round(x)}" y="${round(y)}" width="${round(width)}" height="${round(height)}"><title>${escapeXml(`${name}: ${shown}`)}</title></rect>`;
}

/** Series colours cycle through the palette's eight; a baseline is drawn in the muted colour. */
export const seriesClass = (series: Series | undefined, index: number): string =>
  series?.style === 'baseline' ? 'baseline' : `c${(series?.color ?? index) % 8}${series?.style === undefined ? '' : ` ${series.style}`}`;

function svg(chart: Chart, height: number, parts: readonly string[]): string {
  const titleId = `${chart.id}-title`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="${titleId}"><title id="${titleId}">${escapeXml(proseText(chart.title))}</title>${parts.join('')}</svg>`;
}

function text(
  x: number,
  y: number,
  content: string,
  anchor: 'start' | 'middle' | 'end',
  tooltip?: string,
  className?: string,
  transform?: string,
): string {
  const classAttribute = className === undefined ? '' : ` class="${className}"`;
  const transformAttribute = transform === undefined ? '' : ` transform="${transform}"`;
  const title = tooltip === undefined ? '' : `<title>${escapeXml(tooltip)}</title>`;
  return `<text x="${round(x)}" y="${round(y)}" text-anchor="${anchor}"${classAttribute}${transformAttribute}>${title}${escapeXml(content)}</text>`;
}

/** A label of free text (a name, a note) cut to `chars` characters, its whole text in its tooltip. */
const fitted = (
  x: number,
  y: number,
  content: string,
  anchor: 'start' | 'middle' | 'end',
  className: string,
  chars = LABEL_CHARS,
): string => text(x, y, cut(content, chars), anchor, [...content].length > chars ? content : undefined, className);

/** A label cut to `chars` characters (whole code points), with an ellipsis. */
function cut(label: string, chars = LABEL_CHARS): string {
  const points = [...label];
  return points.length > chars ? `${points.slice(0, chars - 1).join('')}…` : label;
}
const round = (value: number) => Math.round(value * 100) / 100;

/** Text for markup: its own markup characters escaped, control characters (which XML forbids) replaced. */
export function escapeXml(text: string): string {
  return text
    .replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '\ufffd');
}
