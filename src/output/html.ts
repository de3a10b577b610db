import { usdExact } from '../core/money.js';
import {
  belowDollar,
  type Chart,
  type DataTable,
  type Prose,
  pagePercent,
  pageUsd,
  proseText,
  type Report,
  type ReportSection,
  type TableCell,
} from './report.js';
import { escapeXml, renderChart, seriesClass } from './svg-chart.js';
import { staleNote } from './view.js';

declare const __GACOST_VERSION__: string;

/**
 * One self-contained page: inline CSS and SVG, no script, no font, no image, nothing fetched (its
 * Content-Security-Policy forbids it); light and dark by prefers-color-scheme; printable on A4 and
 * Letter with no chart cut across pages. Each chart is followed by a table of its numbers, which is
 * also its text alternative.
 */
export function renderHtml(report: Report): string {
  const body = [
    `<header><h1>${proseHtml(report.title)}</h1>${report.summary.map((line) => `<p class="summary">${proseHtml(line)}</p>`).join('')}</header>`,
    ...report.sections.map(section),
    notes(report),
  ].join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="gacost ${escapeXml(__GACOST_VERSION__)}">
<title>${escapeXml(proseText(report.title))}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

function section({ chart, table }: ReportSection): string {
  return `<section>${chart === null ? '' : figure(chart)}${dataTable(table)}</section>`;
}

function figure(chart: Chart): string {
  const legend =
    chart.series.length > 1
      ? `<ul class="legend">${chart.series
          .map((series, index) => `<li><span class="key ${seriesClass(series, index)}"></span>${escapeXml(series.name)}</li>`)
          .join('')}</ul>`
      : '';
  return `<figure class="chart" data-chart="${escapeXml(chart.id)}"><figcaption>${proseHtml(chart.title)}</figcaption>${legend}${renderChart(chart)}</figure>`;
}

/** Words with each figure in an element that keeps its exact decimal. */
const proseHtml = (words: Prose): string =>
  words.map((part) => (typeof part === 'string' ? escapeXml(part) : figureHtml(part.text, part.value))).join('');

const figureHtml = (text: string, value: string) => `<span class="figure" data-value="${escapeXml(value)}">${escapeXml(text)}</span>`;

/**
 * A table as people read it (money to cents, percentages to one decimal, models by name), then the
 * same table with every figure exact and every model by its id, folded in a <details> (no script).
 */
function dataTable(table: DataTable): string {
  // Money to 4 significant digits in a column whose every amount is below a dollar, else to cents.
  const small = table.columns.map((_, index) =>
    belowDollar(table.rows.flatMap((row) => (row[index]?.kind === 'usd' && row[index].value !== undefined ? [row[index].value] : []))),
  );
  const shown = (cell: TableCell, index: number): string => {
    if (cell.value === undefined || cell.kind === undefined) return cell.text;
    return cell.kind === 'usd' ? pageUsd(cell.value, small[index]) : pagePercent(cell.value);
  };
  const exact = (cell: TableCell): string =>
    cell.id ?? (cell.kind === 'usd' && cell.value !== undefined ? usdExact(cell.value) : cell.text);
  const body = (text: (cell: TableCell, index: number) => string, attributes: boolean) =>
    table.rows
      .map(
        (row) =>
          `<tr>${row
            .map((cell, index) => {
              const align = table.columns[index]?.align ?? 'left';
              const value = attributes && cell.value !== undefined ? ` data-value="${escapeXml(cell.value)}"` : '';
              const id = attributes && cell.id !== undefined ? ` data-id="${escapeXml(cell.id)}"` : '';
              return `<td class="${align}"${value}${id}>${escapeXml(text(cell, index))}</td>`;
            })
            .join('')}</tr>`,
      )
      .join('\n');
  const head = `<thead><tr>${table.columns.map((column) => `<th scope="col" class="${column.align}">${escapeXml(column.title)}</th>`).join('')}</tr></thead>`;
  const page = `<div class="table-wrap"><table class="chart-data"><caption>${escapeXml(table.caption)}</caption>${head}<tbody>\n${body(shown, true)}\n</tbody></table></div>`;
  const differs = table.rows.some((row) => row.some((cell, index) => exact(cell) !== shown(cell, index)));
  if (!differs) return page;
  return `${page}<details class="exact"><summary>Show exact figures</summary><div class="table-wrap"><table class="exact-data"><caption>${escapeXml(table.caption)}, exactly as <code>--format json</code> gives them</caption>${head}<tbody>\n${body(exact, false)}\n</tbody></table></div></details>`;
}

function notes(report: Report): string {
  const catalogs = report.catalogs
    .map(({ label, catalog }) => {
      const base =
        catalog.base === null
          ? ''
          : `<dt>Over</dt><dd>${escapeXml(catalog.base.version)} <code>${escapeXml(catalog.base.hash)}</code></dd>`;
      const tier = catalog.tier === null ? '' : `<dt>Tier</dt><dd>${escapeXml(catalog.tier)}</dd>`;
      const updated =
        catalog.updated === null
          ? ''
          : `<dt>Updated from</dt><dd>${escapeXml(catalog.updated.from)}, fetched ${escapeXml(catalog.updated.fetched)}</dd>`;
      const stale = staleNote({
        version: catalog.version,
        checked: catalog.checked,
        staleDays:
          typeof catalog.stale_days === 'object' && catalog.stale_days !== null ? Number(catalog.stale_days.text) : catalog.stale_days,
        asOf: catalog.as_of,
      });
      return `<h3>${escapeXml(label)}</h3><dl><dt>Version</dt><dd>${escapeXml(catalog.version)} (effective ${escapeXml(catalog.effective)})</dd><dt>Hash</dt><dd><code>${escapeXml(catalog.hash)}</code></dd>${updated}<dt>Prices as of</dt><dd>${escapeXml(catalog.as_of)}</dd><dt>Prices checked</dt><dd>${escapeXml(catalog.checked)}</dd>${tier}${base}</dl>${stale === undefined ? '' : `<p class="stale">${escapeXml(stale)}</p>`}`;
    })
    .join('');
  const items = report.notes.map((note) => `<li>${typeof note === 'string' ? escapeXml(note) : proseHtml(note)}</li>`).join('');
  return `<section class="about"><h2>Assumptions and prices</h2><ul>${items}</ul>${catalogs}<p class="made">Made by gacost ${escapeXml(__GACOST_VERSION__)}. Money is shown to cents (and to 4 significant digits where every figure beside it is below a dollar), percentages to one decimal; each figure keeps the exact decimal of <code>--format json</code> in its <code>data-value</code>, and each table's \u201cshow exact figures\u201d has them in full.</p></section>`;
}

// Every text container inherits overflow-wrap from body: a long unbroken name (a model, a user, a
// path from a log) breaks where it must rather than widening the page. In tables too, a text cell
// wraps (anywhere counts in a cell's narrowest width, so a 5,000-character name cannot widen the
// table); figures keep nowrap, and a table still wider than a phone scrolls in its .table-wrap.
const STYLE = `
:root{color-scheme:light dark;--bg:#ffffff;--fg:#1d232b;--muted:#5b6673;--grid:#e3e7ec;--panel:#f6f8fa;--border:#d5dbe2;
--c0:#2563eb;--c1:#d97706;--c2:#059669;--c3:#db2777;--c4:#7c3aed;--c5:#0891b2;--c6:#65a30d;--c7:#dc2626;--base:#8a949f;
--budget:#dc2626;--warn:#d97706;--fail:#dc2626;--crossing:#b91c1c}
@media screen and (prefers-color-scheme:dark){:root{--bg:#0f1419;--fg:#e6e9ee;--muted:#9aa5b1;--grid:#27303a;--panel:#161c23;--border:#2f3945;
--c0:#60a5fa;--c1:#fbbf24;--c2:#34d399;--c3:#f472b6;--c4:#a78bfa;--c5:#22d3ee;--c6:#a3e635;--c7:#f87171;--base:#7b8794;
--budget:#f87171;--warn:#fbbf24;--fail:#f87171;--crossing:#fca5a5}}
*{box-sizing:border-box}
html{background:var(--bg);color:var(--fg)}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;overflow-wrap:anywhere}
main{max-width:960px;margin:0 auto;padding:24px 16px 48px}
h1{font-size:1.5rem;margin:0 0 8px;line-height:1.25}
h2{font-size:1.15rem;margin:32px 0 8px}
h3{font-size:1rem;margin:16px 0 4px}
.summary{margin:4px 0;font-weight:600}
section{margin-top:28px}
figure{margin:0;break-inside:avoid;page-break-inside:avoid}
figcaption{font-weight:600;margin-bottom:6px}
svg{display:block;width:100%;height:auto;font:12px system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}
svg text{fill:var(--fg)}
svg .tick,svg .axis-title{fill:var(--muted)}
svg .note,svg .crossing-label{font-weight:600}
svg .grid{stroke:var(--grid);stroke-width:1}
svg .axis{stroke:var(--muted);stroke-width:1}
svg .rule{stroke-width:2;stroke-dasharray:6 4}
svg .rule.budget,svg .rule.fail{stroke:var(--budget)}
svg .rule.warn{stroke:var(--warn)}
svg .rule.baseline{stroke:var(--base)}
svg .rule-label{font-size:11px}svg .rule-label.budget,svg .rule-label.fail{fill:var(--budget)}svg .rule-label.warn{fill:var(--warn)}svg .rule-label.baseline{fill:var(--muted)}
svg .crossing line{stroke:var(--crossing);stroke-width:2}
svg .crossing-label{fill:var(--crossing)}
svg .line{fill:none;stroke-width:2.5}
svg .line.dashed{stroke-dasharray:7 5}svg .line.dotted{stroke-dasharray:2 4}
.c0{fill:var(--c0);stroke:var(--c0)}.c1{fill:var(--c1);stroke:var(--c1)}.c2{fill:var(--c2);stroke:var(--c2)}.c3{fill:var(--c3);stroke:var(--c3)}
.c4{fill:var(--c4);stroke:var(--c4)}.c5{fill:var(--c5);stroke:var(--c5)}.c6{fill:var(--c6);stroke:var(--c6)}.c7{fill:var(--c7);stroke:var(--c7)}
.baseline{fill:var(--base);stroke:var(--base)}
.status-ok{fill:var(--c2)}.status-warn{fill:var(--warn)}.status-fail{fill:var(--fail)}
svg .bar{stroke:none}
.legend{list-style:none;display:flex;flex-wrap:wrap;gap:4px 16px;margin:0 0 8px;padding:0;font-size:13px}
.legend li{display:flex;align-items:center;gap:6px;overflow-wrap:anywhere}
.key{display:inline-block;width:14px;height:10px;border-radius:2px;flex:none}
.key.c0{background:var(--c0)}.key.c1{background:var(--c1)}.key.c2{background:var(--c2)}.key.c3{background:var(--c3)}
.key.c4{background:var(--c4)}.key.c5{background:var(--c5)}.key.c6{background:var(--c6)}.key.c7{background:var(--c7)}.key.baseline{background:var(--base)}
.key.dashed,.key.dotted{height:3px;background:none;border-top:3px dashed currentColor}.key.dotted{border-top-style:dotted}
.key.dashed.c0,.key.dotted.c0{color:var(--c0)}.key.dashed.c1,.key.dotted.c1{color:var(--c1)}.key.dashed.c2,.key.dotted.c2{color:var(--c2)}.key.dashed.c3,.key.dotted.c3{color:var(--c3)}
.key.dashed.c4,.key.dotted.c4{color:var(--c4)}.key.dashed.c5,.key.dotted.c5{color:var(--c5)}.key.dashed.c6,.key.dotted.c6{color:var(--c6)}.key.dashed.c7,.key.dotted.c7{color:var(--c7)}
.table-wrap{overflow-x:auto;margin-top:12px;border:1px solid var(--border);border-radius:6px}
table{border-collapse:collapse;width:100%;font-size:13px;font-variant-numeric:tabular-nums}
caption{text-align:left;padding:8px 10px;font-weight:600;background:var(--panel)}
th,td{padding:4px 10px;border-top:1px solid var(--border);white-space:nowrap;vertical-align:top}
td.left{white-space:normal;overflow-wrap:anywhere;word-break:break-word;min-width:6em}
.figure{white-space:nowrap}
.exact{margin-top:6px;font-size:13px}.exact summary{color:var(--muted)}
th{background:var(--panel);font-weight:600}
.right{text-align:right}.left{text-align:left}
.about ul{padding-left:20px}
.about dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0}
.about dt{color:var(--muted)}
.about dd{margin:0;min-width:0;overflow-wrap:anywhere}
code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
.stale{font-weight:600}
.made{color:var(--muted);font-size:13px;margin-top:16px}
@page{size:auto;margin:14mm}
@media print{html{background:#fff;color:#000}main{max-width:none;padding:0}.table-wrap{overflow:visible;border:none}th,td{white-space:normal}table{font-size:11px}section{margin-top:16px}}
`
  .trim()
  .replace(/\n/g, '');
