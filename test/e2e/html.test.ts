import { describe, expect, it } from 'vitest';
import { REPORT_CASES } from '../../scripts/report-cases.mjs';
import { gacost } from '../support/gacost.js';
import { jsonNumbers, valuesNotInJson } from '../support/json-numbers.js';

/** Every data-value attribute of a page: the exact decimals its charts and tables show. */
const dataValues = (html: string) => [...html.matchAll(/data-value="([^"]*)"/g)].map((match) => match[1] ?? '');
const CHARTS: Record<string, readonly string[]> = {
  forecast: ['forecast-spend'],
  project: ['project-stages'],
  compare: ['compare-ranking'],
  check: ['check-budgets'],
  usage: ['usage-spend', 'usage-repriced'],
  diff: ['diff-effects'],
  reconcile: ['reconcile-periods'],
  'reconcile-credit': ['reconcile-periods'],
};

describe('--format html', () => {
  describe.each(REPORT_CASES)('gacost $name', ({ name, args }) => {
    it('is one page with no script and nothing to fetch, whose figures are the numbers of the JSON of the same run, every one', async () => {
      const [page, json] = await Promise.all([gacost([...args, '--format', 'html']), gacost([...args, '--format', 'json'])]);
      expect([page.exitCode, json.exitCode]).toEqual([0, 0]);
      expect(page.stdout.startsWith('<!doctype html>\n')).toBe(true);
      expect(page.stdout).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
      // The only address is SVG's namespace, which names a vocabulary and is never fetched.
      expect(page.stdout.replaceAll('xmlns="http://www.w3.org/2000/svg"', '')).not.toMatch(/https?:|\/\//);
      expect([...page.stdout.matchAll(/data-chart="([^"]+)"/g)].map((match) => match[1])).toEqual(CHARTS[name]);
      const values = dataValues(page.stdout);
      expect(values.length).toBeGreaterThan(0);
      expect(valuesNotInJson(values, json.stdout)).toEqual([]);
      // And the other way: every number of the JSON (its schema version aside) is on the page, exact in a data-value.
      const shown = new Set(values);
      expect([...jsonNumbers(json.stdout.replace(/"schema_version": \d+/, ''))].filter((number) => !shown.has(number))).toEqual([]);
      // The prices used: catalog version, full hash and as-of date.
      const { catalog, old } = JSON.parse(json.stdout) as {
        catalog?: { hash: string; as_of: string; version: string };
        old?: { hash: string; as_of: string; version: string };
      };
      for (const text of Object.values(catalog ?? old ?? {})) if (typeof text === 'string') expect(page.stdout).toContain(text);
    });
  });

  it("draws a period billed below $0 (a credit) as a bar down from the zero line, and totals both of reconcile's tables", async () => {
    const { args } = REPORT_CASES.find((report) => report.name === 'reconcile-credit') ?? { args: [] };
    const page = (await gacost([...args, '--format', 'html'])).stdout;
    const rects = [...page.matchAll(/<rect data-mark="bar"[^>]*>/g)].map((match) => match[0]);
    expect(rects.filter((rect) => /(width|height)="-/.test(rect))).toEqual([]);
    const credit = rects.find((rect) => rect.includes('data-value="-0.5"')) ?? '';
    const axis = /<line class="axis" x1="[\d.]+" y1="([\d.]+)"/.exec(page)?.[1];
    expect(/ y="([\d.]+)"/.exec(credit)?.[1]).toBe(axis);
    expect(Number(/height="([\d.]+)"/.exec(credit)?.[1])).toBeGreaterThan(0);
    // Both tables, each shown to cents and again exactly, end with their total.
    expect(page.match(/<tr><td class="left">Total<\/td>/g)?.length).toBe(4);
  });

  it('draws each exact figure of a forecast, marks the month the budget would be exceeded, and says so', async () => {
    const run = await gacost([
      'forecast',
      '--start',
      '5M',
      '--growth',
      '10x/yr',
      '--months',
      '13',
      '--budget',
      '1000',
      '--credits',
      '500',
      '--format',
      'html',
    ]);
    expect(run.stdout).toContain('data-mark="crossing" data-month="36"');
    expect(run.stdout).toContain('over budget in month 36 at this growth');
    expect(run.stdout).toContain('data-mark="rule" data-rule="budget"');
    // Month 2: 6,057,638 tokens at $0.25 per 1M: to cents in the table, exact in its data-value and in the table of exact figures.
    expect(run.stdout).toContain('<td class="right" data-value="1.5144095">$1.51</td>');
    expect(run.stdout).toMatch(/<details class="exact"><summary>Show exact figures<\/summary>[\s\S]*<td class="right">\$1\.5144095<\/td>/);
    expect(run.stdout.match(/data-mark="point"/g)).toHaveLength(13 * 3);
    const within = await gacost([
      'forecast',
      '--start',
      '5M',
      '--growth',
      '10x/yr',
      '--months',
      '13',
      '--budget',
      '10',
      '--format',
      'html',
    ]);
    expect(within.stdout).toContain('data-mark="crossing" data-month="12"');
    expect(within.stdout).not.toContain('at this growth</text>');
  });

  it('draws stages on a linear scale, and those a hundredth of the largest again in a panel of their own', async () => {
    const wide = await gacost(['project', '--format', 'html']);
    // Growth: $1,250 against a baseline of $50,000, drawn 1:40 under the headline of 97.5% saved.
    const height = (value: string) =>
      Number(
        wide.stdout.match(
          new RegExp(`data-value="${value}" class="bar [^"]*" x="[\\d.]+" y="[\\d.]+" width="[\\d.]+" height="([\\d.]+)"`),
        )?.[1],
      );
    expect(height('50000') / height('1250')).toBeCloseTo(40, 0);
    expect(wide.stdout).not.toContain('log scale');
    expect(wide.stdout).toContain('data-chart="project-stages"');
    expect(wide.stdout).toContain('Zoomed: MVP, Beta (each at most $500.00), on a scale of their own');
    const narrow = await gacost(['project', '--stages', '-', '--model', 'gpt-4o-mini', '--format', 'html'], {
      stdin: '- name: A\n  tokens: 10M\n- name: B\n  tokens: 20M\n',
    });
    expect(narrow.exitCode).toBe(0);
    expect(narrow.stdout).not.toContain('Zoomed');
    expect(narrow.stdout).toContain('<h1>Monthly cost by stage: GPT-4o mini via OpenAI against GPT-4o via OpenAI</h1>');
  });

  it('writes money to cents in words, below a dollar to 4 significant digits, each exact in its data-value, and models by name', async () => {
    const forecast = await gacost([
      'forecast',
      '--start',
      '5M',
      '--growth',
      '0%/mo',
      '--months',
      '2',
      '--budget',
      '1000.005',
      '--format',
      'html',
    ]);
    expect(forecast.stdout).toContain('Monthly spend stays within <span class="figure" data-value="1000.005">$1,000.01</span>');
    expect(forecast.stdout).toContain(', on DeepSeek V4 Flash via Global API</h1>');
    const compare = await gacost([
      'compare',
      '--tokens',
      '1234',
      '--model',
      'gpt-4o',
      '--baseline',
      'deepseek-v4-flash',
      '--format',
      'html',
    ]);
    expect(compare.stdout).toContain(
      '<h1><span class="figure" data-value="1234">1.234K</span> tokens a month, cheapest first; baseline DeepSeek V4 Flash via Global API at <span class="figure" data-value="0.0003085">$0.0003085</span></h1>',
    );
    expect(compare.stdout).toContain('Cheapest: GPT-4o via OpenAI at <span class="figure" data-value="0.01234">$0.01234</span> a month');
    expect(compare.stdout).toContain('<span class="figure" data-value="3900">3900%</span> above the baseline');
    expect(compare.stdout).toContain('<td class="left" data-id="openai/gpt-4o">GPT-4o via OpenAI</td>');
    expect(compare.stdout).not.toMatch(/<(h1|figcaption|li|text)[^>]*>[^<]*global-api\/deepseek-v4-flash/);
  });

  it('charts the first 30 of a long ranking and tables all of it', async () => {
    const [run, json] = await Promise.all([
      gacost(['compare', '--tokens', '1B', '--top', 'all', '--format', 'html']),
      gacost(['compare', '--tokens', '1B', '--top', 'all', '--format', 'json']),
    ]);
    const ranked = (JSON.parse(json.stdout) as { rows: unknown[] }).rows.length;
    expect(ranked).toBeGreaterThan(30);
    expect(run.stdout.match(/data-mark="bar"/g)).toHaveLength(30);
    expect(run.stdout.match(/<tr><td class="right" data-value="\d+">/g)).toHaveLength(ranked);
  });

  it('leaves undated records out of spend over time, which the totals and assumptions still hold', async () => {
    const csv = 'model,provider,input_tokens,output_tokens\ngpt-4o,openai,1000,1000\n';
    const run = await gacost(['usage', '-', '--format', 'json'], { stdin: csv });
    const json = JSON.parse(run.stdout) as {
      spend_over_time: { rows: unknown[] };
      totals: { records: number };
      assumptions: { code: string }[];
    };
    expect([json.spend_over_time.rows, json.totals.records]).toEqual([[], 1]);
    expect(json.assumptions.map((entry) => entry.code)).toContain('undated-records');
    const page = await gacost(['usage', '-', '--format', 'html'], { stdin: csv });
    expect(page.stdout).not.toContain('data-chart="usage-spend"');
  });

  it('escapes what logs and catalogs name, so a name cannot become markup', async () => {
    const csv =
      'date,model,provider,input_tokens,output_tokens\n2026-11-02,"<script>alert(1)</script>",openai,10,10\n2026-11-02,gpt-4o,openai,10,10\n';
    const run = await gacost(['usage', '-', '--format', 'html'], { stdin: csv });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).not.toContain('<script');
    expect(run.stdout).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
  });

  it('shows results without charts of their own as their table', async () => {
    const run = await gacost(['models', '--provider', 'global-api', '--format', 'html']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('<table class="chart-data">');
    expect(run.stdout).toContain('deepseek-v4-flash');
    expect(run.stdout).not.toContain('<figure');
  });

  it('keeps the JSON numbers of every chart exact', () => {
    expect([...jsonNumbers('{"a": 1.50, "b": [2e3, -0.0], "c": "7"}')].sort()).toEqual(['0', '1.5', '2000']);
  });
});

describe('the figures of the JSON on the page', () => {
  it("keeps compare's times cheaper, usage's reported cost and its pricing provenance in data-value", async () => {
    const figures = async (args: string[], pick: (json: any) => unknown[]) => {
      const [page, json] = await Promise.all([gacost([...args, '--format', 'html']), gacost([...args, '--format', 'json'])]);
      const wanted = pick(JSON.parse(json.stdout))
        .filter((value) => value !== null)
        .map(String);
      expect(wanted.length).toBeGreaterThan(0);
      return { wanted, shown: new Set(dataValues(page.stdout)) };
    };
    const compare = await figures(['compare', '--tokens', '1B'], (json) => json.rows.map((row: any) => row.times_cheaper));
    expect(compare.wanted.filter((value) => !compare.shown.has(value))).toEqual([]);
    const usage = await figures(['usage', 'test/fixtures/usage/litellm-spend-logs.json', '--on', 'none'], (json) =>
      json.rows.map((row: any) => row.reported_cost_usd),
    );
    expect(usage.wanted.filter((value) => !usage.shown.has(value))).toEqual([]);
    const provenance = await figures(['usage', 'test/fixtures/usage/openai.jsonl', '--on', 'none'], (json) =>
      json.provenance.flatMap((entry: any) => [entry.records, entry.tokens, entry.cost_usd]),
    );
    expect(provenance.wanted.filter((value) => !provenance.shown.has(value))).toEqual([]);
  });
});
