import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPORT_CASES, type ReportCase } from '../../scripts/report-cases.mjs';
import {
  type BrowserSession,
  backgroundColour,
  breakInside,
  describeWithBrowser,
  emulateColorScheme,
  emulatePrint,
  type LoadedPage,
  printToPdf,
  screenshot,
  type Viewport,
} from '../support/browser.js';
import { gacost, scratchDir } from '../support/gacost.js';
import { hostileNames } from '../support/hostile-text.js';
import { exactDecimal, jsonNumbers, valuesNotInJson } from '../support/json-numbers.js';

/**
 * The --format html reports in headless Chromium: each loads on its own (no request, no error), fits
 * a desktop and a phone, draws one mark per number its JSON has, shows no number the JSON lacks, has a
 * dark scheme and prints. The harness's self-test comes first: it shows each check can fail.
 */

const DESKTOP: Viewport = { width: 1280, height: 800 };
const PHONE: Viewport = { width: 390, height: 844 };
const VIEWPORTS = [DESKTOP, PHONE] as const;

interface Chart {
  readonly id: string;
  readonly svgs: number;
  readonly figcaptions: number;
  /** Whether a table.chart-data follows the svg before the next chart (in the figure or just after it). */
  readonly hasTable: boolean;
  readonly bars: number;
  readonly points: number;
  readonly rules: readonly string[];
  readonly crossings: readonly string[];
  /** The svg's marks' data-values that its table does not have. */
  readonly marksNotInTable: readonly string[];
  /** Bars of a negative width or height ("height=-192"). */
  readonly negativeSizes: readonly string[];
}

interface ReportDom {
  readonly charts: readonly Chart[];
  /** Every data-value attribute on the page. */
  readonly dataValues: readonly string[];
  /** script[src], and attributes or style sheets naming another host (a request or a link away). */
  readonly external: readonly string[];
}

/** The minimal DOM types the function run in the page uses (see test/support/browser.ts). */
interface InPageElement {
  readonly tagName: string;
  readonly attributes: Iterable<{ readonly name: string; readonly value: string }>;
  readonly textContent: string | null;
  getAttribute(name: string): string | null;
  matches(selector: string): boolean;
  querySelectorAll(selector: string): Iterable<InPageElement>;
  compareDocumentPosition(other: InPageElement): number;
}

async function readReport(page: Page): Promise<ReportDom> {
  const read = await page.evaluate(() => {
    const document = (globalThis as unknown as { document: InPageElement }).document;
    const FOLLOWING = 4;
    const all = [...document.querySelectorAll('*')];
    const figures = [...document.querySelectorAll('figure.chart')];
    const charts = figures.map((figure, index) => {
      const svgs = [...figure.querySelectorAll(':scope svg')];
      const svg = svgs[0];
      const next = figures[index + 1];
      const table =
        svg === undefined
          ? undefined
          : all.find(
              (element) =>
                element.matches('table.chart-data') &&
                (svg.compareDocumentPosition(element) & FOLLOWING) !== 0 &&
                (next === undefined || (element.compareDocumentPosition(next) & FOLLOWING) !== 0),
            );
      const marks = svg === undefined ? [] : [...svg.querySelectorAll('[data-mark]')];
      const ofKind = (kind: string) => marks.filter((mark) => mark.getAttribute('data-mark') === kind);
      const tableValues =
        table === undefined ? [] : [...table.querySelectorAll('[data-value]')].map((cell) => cell.getAttribute('data-value') ?? '');
      return {
        id: figure.getAttribute('data-chart') ?? '',
        svgs: svgs.length,
        figcaptions: [...figure.querySelectorAll(':scope > figcaption')].length,
        hasTable: table !== undefined,
        bars: ofKind('bar').filter((mark) => mark.tagName.toLowerCase() === 'rect').length,
        // A rect of a negative width or height is invalid SVG, drawn as nothing.
        negativeSizes: ofKind('bar').flatMap((mark) =>
          ['width', 'height'].flatMap((size) => (Number(mark.getAttribute(size) ?? '0') < 0 ? [`${size}=${mark.getAttribute(size)}`] : [])),
        ),
        points: ofKind('point').filter((mark) => mark.tagName.toLowerCase() === 'circle').length,
        rules: ofKind('rule').map((mark) => mark.getAttribute('data-rule') ?? ''),
        crossings: ofKind('crossing').map((mark) => mark.getAttribute('data-month') ?? ''),
        markValues: marks.flatMap((mark) => mark.getAttribute('data-value') ?? []),
        tableValues,
      };
    });
    // xmlns values are namespaces' names, never fetched.
    const elsewhere = /^\s*(?:[a-z][a-z0-9+.-]*:)?\/\//i;
    const external = all.flatMap((element) => [
      ...(element.matches('script[src]') ? [`<script src="${element.getAttribute('src')}">`] : []),
      ...[...element.attributes]
        .filter((attribute) => !/^xmlns(:|$)/.test(attribute.name) && elsewhere.test(attribute.value))
        .map((attribute) => `${element.tagName.toLowerCase()} ${attribute.name}="${attribute.value}"`),
      ...(element.matches('style')
        ? [...(element.textContent ?? '').matchAll(/@import|url\(\s*['"]?(?!data:|#)[^)]*\)/g)].map((found) => `style: ${found[0]}`)
        : []),
    ]);
    return { charts, dataValues: all.flatMap((element) => element.getAttribute('data-value') ?? []), external };
  });
  return {
    ...read,
    charts: read.charts.map(({ markValues, tableValues, ...chart }) => {
      const inTable = new Set(tableValues.map((value) => exactDecimal(value) ?? value));
      return { ...chart, marksNotInTable: markValues.filter((value) => !inTable.has(exactDecimal(value) ?? value)) };
    }),
  };
}

/** What a clean load shows, in one comparison so a failure shows all of it. */
function expectSelfContained(loaded: LoadedPage): void {
  expect({
    requests: loaded.requests,
    consoleErrors: loaded.consoleErrors,
    offenders: loaded.overflow.offenders,
    wider: loaded.overflow.scrollWidth > loaded.overflow.clientWidth,
  }).toEqual({
    requests: [],
    consoleErrors: [],
    offenders: [],
    wider: false,
  });
}

function chart(dom: ReportDom, id: string): Chart {
  const found = dom.charts.find((candidate) => candidate.id === id);
  if (found === undefined)
    throw new Error(`no figure.chart[data-chart="${id}"] (charts: ${dom.charts.map((each) => each.id).join(', ') || 'none'})`);
  return found;
}

/** The charts' contract, whatever they draw: one svg (and a zoomed panel), a caption, a table with the marks' numbers. */
function expectWellFormed(dom: ReportDom): void {
  for (const each of dom.charts) {
    expect({
      id: each.id,
      svgs: each.svgs,
      figcaptions: each.figcaptions,
      hasTable: each.hasTable,
      marksNotInTable: each.marksNotInTable,
      negativeSizes: each.negativeSizes,
    }).toEqual({
      id: expect.stringMatching(/\S/),
      // The project's default stages span more than 100×: their small ones again, in a second panel.
      svgs: each.id === 'project-stages' ? 2 : 1,
      figcaptions: 1,
      hasTable: true,
      marksNotInTable: [],
      negativeSizes: [],
    });
  }
  expect(dom.external).toEqual([]);
}

async function expectDarkDiffers(page: Page): Promise<void> {
  await emulateColorScheme(page, 'light');
  const light = await backgroundColour(page);
  await emulateColorScheme(page, 'dark');
  expect(await backgroundColour(page), `light is ${light}`).not.toBe(light);
}

async function expectPrints(page: Page): Promise<void> {
  await emulatePrint(page);
  // A figure split across two sheets loses its axis or its caption: each asks not to be.
  for (const value of await breakInside(page, 'figure.chart')) expect(value).toMatch(/^avoid(-page)?$/);
  // …which a figure taller than a sheet could not keep: at A4's printable width (182 mm, 688 px),
  // each must fit within Letter's printable height (251 mm, 949 px).
  await page.setViewportSize({ width: 688, height: 949 });
  for (const height of await page.$$eval('figure.chart', (figures) => figures.map((figure) => figure.getBoundingClientRect().height)))
    expect(height).toBeLessThan(949);
  for (const format of ['A4', 'Letter'] as const) {
    const printed = await printToPdf(page, format);
    expect(printed.bytes, format).toBeGreaterThan(0);
    expect(printed.pages, format).toBeGreaterThan(0);
  }
}

async function expectScreenshot(page: Page): Promise<void> {
  const png = await screenshot(page);
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.length).toBeGreaterThan(1000);
}

// The JSON outputs the marks are counted from: only what the counts read.
type Row = Record<string, unknown>;
interface Json {
  readonly rows?: readonly Row[];
  readonly outlook?: readonly Row[];
  readonly credits_usd?: number | null;
  readonly workloads?: readonly Row[];
  readonly total?: Row;
  readonly repriced?: readonly Row[];
  readonly spend_over_time?: { readonly rows: readonly Row[] };
  readonly effects?: readonly Row[];
  readonly periods?: readonly Row[];
}

function list(json: Json, key: keyof Json): readonly Row[] {
  const value = json[key];
  if (!Array.isArray(value)) throw new Error(`the JSON has no ${key} list`);
  return value as readonly Row[];
}

/** Per command, what each of its charts must draw, from the same command's JSON. */
const EXPECTED: Record<ReportCase['name'], (json: Json, chart: (id: string) => Chart) => void> = {
  forecast(json, chart) {
    // For each model of the outlook, a point per month for its monthly and its cumulative spend (and
    // its credits left, when there are credits): the rows are a model's months.
    const rows = list(json, 'rows');
    const models = new Set(list(json, 'outlook').map((entry) => entry.model));
    expect(new Set(rows.map((row) => row.model))).toEqual(models);
    const series = json.credits_usd === null || json.credits_usd === undefined ? 2 : 3;
    const spend = chart('forecast-spend');
    expect(spend.points).toBe(rows.length * series);
    // A crossing marks a month the JSON names (one past the forecast's end may be drawn too), and
    // every crossing within the forecast is marked.
    // The earliest month a budget is exceeded, within the forecast or later at the same growth, is
    // the one crossing marked.
    const months = list(json, 'outlook')
      .flatMap((entry) => [entry.budget_exceeded_month, entry.budget_exceeded_month_later])
      .filter((month): month is number => typeof month === 'number');
    expect(spend.crossings).toEqual(months.length === 0 ? [] : [String(Math.min(...months))]);
  },
  project(json, chart) {
    const rows = list(json, 'rows');
    // A bar per row, and each stage's baseline once.
    expect(chart('project-stages').bars).toBe(rows.length + new Set(rows.map((row) => row.stage)).size);
  },
  compare(json, chart) {
    const ranking = chart('compare-ranking');
    // The first 30 of the ranking (its table has every row), so that the chart prints on one sheet.
    expect(ranking.bars).toBe(Math.min(30, list(json, 'rows').length));
    expect(ranking.rules.filter((rule) => rule === 'baseline')).toHaveLength(1);
  },
  check(json, chart) {
    const budgets = chart('check-budgets');
    // A bar per workload and the total with a budget; with --usage, another for the month to date.
    const lines = [...list(json, 'workloads'), json.total ?? {}];
    const toDate = lines.filter((line) => typeof (line.month_to_date as Row | undefined)?.pct === 'number').length;
    expect(budgets.bars).toBe(lines.filter((line) => typeof line.pct === 'number').length + toDate);
    expect(budgets.rules).toEqual(expect.arrayContaining(['warn', 'fail']));
  },
  usage(json, chart) {
    if (json.spend_over_time === undefined) throw new Error('the usage JSON has no spend_over_time');
    expect(chart('usage-spend').bars).toBe(json.spend_over_time.rows.length);
    // Each candidate's repriced spend, and the spend observed.
    expect(chart('usage-repriced').bars).toBe(list(json, 'repriced').length + 1);
  },
  reconcile(json, chart) {
    // Computed and billed side by side, a pair a period.
    expect(chart('reconcile-periods').bars).toBe(list(json, 'periods').length * 2);
  },
  'reconcile-credit'(json, chart) {
    EXPECTED.reconcile?.(json, chart);
    // The credit's day is billed below $0: its bar hangs below the zero line (expectWellFormed: no negative size).
    expect(list(json, 'periods').some((period) => Number(period.billed_usd) < 0)).toBe(true);
  },
  diff(json, chart) {
    // Old and new cost side by side: a bar for each cost a side has.
    const costs = list(json, 'effects').flatMap((effect) => [effect.old_cost_usd, effect.new_cost_usd]);
    expect(chart('diff-effects').bars).toBe(costs.filter((cost) => typeof cost === 'number').length);
  },
};

/** A page that keeps the contract, with a wide table in a scrolling wrapper (allowed on a phone). */
const CONTRACT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>self-test</title>
<style>
  :root { color-scheme: light dark; }
  body { margin: 1rem; background: #fff; color: #111; font-family: sans-serif; }
  @media (prefers-color-scheme: dark) { body { background: #111; color: #eee; } }
  figure.chart { margin: 0; break-inside: avoid; }
  svg { width: 100%; height: auto; }
  .scroll { overflow-x: auto; }
  table.chart-data { width: 900px; }
</style></head><body>
<h1>Self-test</h1>
<figure class="chart" data-chart="demo">
  <svg viewBox="0 0 300 100" role="img" aria-label="demo">
    <rect data-mark="bar" data-series="cost" data-value="1.25" x="10" y="50" width="20" height="50"/>
    <rect data-mark="bar" data-series="cost" data-value="12.50" x="40" y="10" width="20" height="90"/>
    <circle data-mark="point" data-series="cumulative" data-value="0.0215" cx="100" cy="40" r="3"/>
    <line data-mark="rule" data-rule="budget" x1="0" x2="300" y1="20" y2="20" stroke="red"/>
    <g data-mark="crossing" data-month="3"><circle cx="200" cy="20" r="4"/></g>
  </svg>
  <figcaption>Spend by month</figcaption>
  <div class="scroll"><table class="chart-data">
    <tr><th>month</th><th>cost</th><th>cumulative</th></tr>
    <tr><td>1</td><td data-value="1.25">$1.25</td><td data-value="0.0215">$0.02</td></tr>
    <tr><td>2</td><td data-value="12.5">$12.50</td><td></td></tr>
  </table></div>
</figure>
</body></html>`;
const CONTRACT_JSON =
  '{"rows": [{"month": 1, "cost_usd": 1.25, "cumulative_usd": 0.0215, "note": "not 7"}, {"month": 2, "cost_usd": 12.5}]}';

/** The contract page with `extra` before </body> (or replacing `from` with `to`). */
function contractPage(extra: string, from?: string, to?: string): string {
  const page = from === undefined ? CONTRACT_PAGE : CONTRACT_PAGE.replace(from, to ?? '');
  if (page === CONTRACT_PAGE && from !== undefined) throw new Error(`the contract page has no ${from}`);
  return page.replace('</body>', `${extra}</body>`);
}

describe('exact decimals', () => {
  it('spells a number one way, from any spelling', () => {
    expect(['1.50', '15e-1', '+1.5', '0.15E1'].map(exactDecimal)).toEqual(['1.5', '1.5', '1.5', '1.5']);
    expect(['0', '-0', '0.000', '-0.0'].map(exactDecimal)).toEqual(['0', '0', '0', '0']);
    expect(['1e-7', '-2.5e3', '007', '1000', '100.0100'].map(exactDecimal)).toEqual(['0.0000001', '-2500', '7', '1000', '100.01']);
    expect(['', '.', 'NaN', '1,5', '$1.50', '1e'].map(exactDecimal)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('reads the numbers of a JSON text exactly, none from its strings', () => {
    expect([...jsonNumbers('{"a": 0.1000000000000000055511, "b": [1, -2.50, 3e2], "c": "4 and \\"5\\"", "d": 1e-7, "e": null}')]).toEqual([
      '0.1000000000000000055511',
      '1',
      '-2.5',
      '300',
      '0.0000001',
    ]);
    expect(valuesNotInJson(['1.25', '12.50', '0.02', '7', 'n/a'], CONTRACT_JSON)).toEqual(['0.02', '7', 'n/a']);
  });
});

describeWithBrowser('HTML reports in Chromium', (browser: BrowserSession) => {
  describe('the harness (on a hand-written page that keeps the contract)', () => {
    it.each(VIEWPORTS)('passes the page at $width×$height', async (viewport) => {
      const loaded = await browser.loadPage(CONTRACT_PAGE, viewport);
      expectSelfContained(loaded);
      const report = await readReport(loaded.page);
      expectWellFormed(report);
      expect(report.charts).toEqual([expect.objectContaining({ id: 'demo', bars: 2, points: 1, rules: ['budget'], crossings: ['3'] })]);
      expect(valuesNotInJson(report.dataValues, CONTRACT_JSON)).toEqual([]);
    });

    it('tells light from dark, prints, and takes a screenshot', async () => {
      const { page } = await browser.loadPage(CONTRACT_PAGE, DESKTOP);
      await expectDarkDiffers(page);
      await expectPrints(page);
      await expectScreenshot(page);
    });

    it('records and blocks a request for anything but the page', async () => {
      const loaded = await browser.loadPage(contractPage('<img src="http://example.com/x.png" alt="">'), DESKTOP);
      expect(loaded.requests).toEqual(['http://example.com/x.png']);
      expect(loaded.consoleErrors).toEqual([expect.stringContaining('ERR_BLOCKED_BY_CLIENT')]);
      expect((await readReport(loaded.page)).external).toEqual(['img src="http://example.com/x.png"']);
    });

    it('finds a script loaded from elsewhere and an uncaught error', async () => {
      const loaded = await browser.loadPage(
        contractPage('<script src="https://cdn.example/chart.js"></script><script>null.x</script>'),
        DESKTOP,
      );
      expect(loaded.requests).toEqual(['https://cdn.example/chart.js']);
      expect(loaded.consoleErrors).toEqual(expect.arrayContaining([expect.stringMatching(/^uncaught: .*null/)]));
      expect((await readReport(loaded.page)).external).toContain('<script src="https://cdn.example/chart.js">');
    });

    it('finds what is wider than the screen, outside a scrolling wrapper', async () => {
      const loaded = await browser.loadPage(contractPage('<div class="wide huge" style="width: 2000px">wide</div>'), PHONE);
      expect(loaded.overflow.scrollWidth).toBeGreaterThan(loaded.overflow.clientWidth);
      expect(loaded.overflow.offenders).toEqual(['div.wide.huge']);
      // The same table without its wrapper overflows too.
      const bare = await browser.loadPage(contractPage('', '<div class="scroll">', '<div>'), PHONE);
      expect(bare.overflow.offenders[0]).toMatch(/^table\.chart-data$|^tr$|^t(body|h|d)$/);
    });

    it('finds a number the JSON lacks, a mark its table lacks, a missing table and a figure that may split', async () => {
      const page = contractPage('', 'data-value="0.0215" cx', 'data-value="0.02" cx').replace('break-inside: avoid', 'break-inside: auto');
      const loaded = await browser.loadPage(page, DESKTOP);
      const report = await readReport(loaded.page);
      expect(valuesNotInJson(report.dataValues, CONTRACT_JSON)).toEqual(['0.02']);
      expect(report.charts[0]?.marksNotInTable).toEqual(['0.02']);
      await emulatePrint(loaded.page);
      expect(await breakInside(loaded.page, 'figure.chart')).toEqual(['auto']);
      const untabled = await browser.loadPage(contractPage('', 'class="chart-data"', 'class="other"'), DESKTOP);
      expect((await readReport(untabled.page)).charts[0]?.hasTable).toBe(false);
    });

    it('sees no dark scheme on a page without one', async () => {
      const { page } = await browser.loadPage(
        contractPage('', /@media \(prefers-color-scheme: dark\).*\n/.exec(CONTRACT_PAGE)?.[0] ?? 'missing'),
        DESKTOP,
      );
      const light = await backgroundColour(page);
      await emulateColorScheme(page, 'dark');
      expect(await backgroundColour(page)).toBe(light);
    });
  });

  it('fits a phone with long unbroken and hostile names from a log, in the notes as in the tables', async () => {
    const dir = scratchDir();
    const usage = { prompt_tokens: 10, completion_tokens: 1 };
    const names = [`${'A'.repeat(5000)}`, ...hostileNames('pwned')];
    writeFileSync(join(dir, 'long.jsonl'), `${names.map((model) => JSON.stringify({ model, user: model, usage })).join('\n')}\n`);
    const run = await gacost(['usage', 'long.jsonl', '--provider', 'openai', '--on', '', '--by', 'user,model', '--format', 'html'], {
      cwd: dir,
    });
    expect(run.exitCode, run.stderr).toBe(0);
    for (const viewport of VIEWPORTS) expectSelfContained(await browser.loadPage(run.stdout, viewport));
    // The whole page, tables and legends too, wraps the 5,000-character name rather than scrolling sideways.
    const { page } = await browser.loadPage(run.stdout, PHONE);
    const width = await page.evaluate(
      () => (globalThis as unknown as { document: { scrollingElement: { scrollWidth: number } } }).document.scrollingElement.scrollWidth,
    );
    expect(width).toBeLessThanOrEqual(PHONE.width);
  });

  // Where a run fails (before --format html exists, every HTML one), each test fails naming it: the
  // runs are made once per command, and an error thrown from beforeAll would count its tests as skipped.
  describe.each(REPORT_CASES)('gacost $name --format html', (report) => {
    let runs: Promise<{ html: string; jsonText: string; json: Json }> | undefined;
    const outputs = () => {
      if (runs === undefined) throw new Error('the runs start in beforeAll');
      return runs;
    };

    beforeAll(() => {
      runs = (async () => {
        const [htmlRun, jsonRun] = await Promise.all([gacost([...report.args, '--format', 'html']), gacost([...report.args, '--json'])]);
        for (const run of [htmlRun, jsonRun]) {
          if (run.exitCode !== 0) throw new Error(`${run.command} exited ${run.exitCode}: ${run.stderr.trim()}`);
        }
        return { html: htmlRun.stdout, jsonText: jsonRun.stdout, json: JSON.parse(jsonRun.stdout) as Json };
      })();
      runs.catch(() => {});
    });

    it.each(VIEWPORTS)('loads on its own and fits $width×$height', async (viewport) => {
      expectSelfContained(await browser.loadPage((await outputs()).html, viewport));
    });

    it('draws a mark per number of the JSON, and only its numbers', async () => {
      const { html, jsonText, json } = await outputs();
      const { page } = await browser.loadPage(html, DESKTOP);
      const read = await readReport(page);
      expectWellFormed(read);
      expect(valuesNotInJson(read.dataValues, jsonText)).toEqual([]);
      EXPECTED[report.name](json, (id) => chart(read, id));
    });

    it('has a dark scheme, prints to A4 and Letter, and takes a screenshot', async () => {
      const { page } = await browser.loadPage((await outputs()).html, DESKTOP);
      await expectScreenshot(page);
      await expectDarkDiffers(page);
      await expectPrints(page);
    });
  });
});
