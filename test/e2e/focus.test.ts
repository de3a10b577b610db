import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Usd } from '../../src/core/money.js';
import { emptyTotals } from '../../src/core/usage.js';
import { renderCsv } from '../../src/output/csv.js';
import { focusTable } from '../../src/output/focus.js';
import { column, exactSum, focusProblems, parseCsv } from '../support/focus-check.js';
import { gacost, refusal, scratchDir } from '../support/gacost.js';

/** The fixtures of test/fixtures/usage, each in a format of its own. */
const SOURCES = [
  'openai.jsonl',
  'anthropic.jsonl',
  'anthropic-report.json',
  'gemini.jsonl',
  'usage.csv',
  'november.csv',
  'litellm-spend-logs.json',
  'openai-usage.json',
  'claude-code',
].map((name) => `test/fixtures/usage/${name}`);

describe('usage --format focus', () => {
  it('passes the check of FOCUS 1.2 columns, types and allowed values on every usage fixture, by month and project (by day below)', async () => {
    const run = await gacost(['usage', ...SOURCES, '--format', 'focus', '--by', 'month,project']);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(focusProblems(run.stdout)).toEqual([]);
    expect(parseCsv(run.stdout).length).toBeGreaterThan(10);
  });

  it('the check fails a copy that lacks a mandatory column, has a bad date/time or a ChargeCategory FOCUS does not allow', async () => {
    const { stdout } = await gacost(['usage', 'test/fixtures/usage/openai.jsonl', '--provider', 'openai', '--format', 'focus']);
    const lines = stdout.split('\n');
    const header = (lines[0] ?? '').split(',');
    const without = (name: string) =>
      parseCsv(stdout)
        .map((row) => row.filter((_, at) => header[at] !== name).join(','))
        .join('\n');
    expect(focusProblems(without('BilledCost'))).toContain('header: mandatory column BilledCost missing');
    expect(focusProblems(stdout.replace(',2026-01-02T00:00:00Z,', ',2026-01-02 00:00:00,'))).toContainEqual(
      expect.stringMatching(/^row \d, ChargePeriod(Start|End): "2026-01-02 00:00:00" not a date\/time/),
    );
    expect(focusProblems(stdout.replace(',Usage,', ',Consumption,'))).toContain(
      'row 1, ChargeCategory: "Consumption" is not an allowed value',
    );
    expect(focusProblems(stdout.replace(',USD,', ',,'))).toContain('row 1, BillingCurrency: null, which the column does not allow');
    expect(focusProblems(stdout.replace(',Tokens,', ',,'))).toContain('row 1, ConsumedUnit: null on a Usage row');
    expect(focusProblems(stdout.replace('x_CostSource', 'CostSource'))).toContain(
      'header: CostSource is neither a FOCUS column nor custom (x_)',
    );
  });

  it("writes the computed cost as ListCost, ContractedCost and EffectiveCost, whose sums equal usage --format json's exactly; BilledCost is 0", async () => {
    const args = ['usage', ...SOURCES, '--by', 'day,provider,model'];
    const [focus, json, csv] = await Promise.all(['focus', 'json', 'csv'].map((format) => gacost([...args, '--format', format])));
    // The total's cost as the JSON writes it, its exact decimal text (JSON.parse would make it a float).
    const total = /"totals": \{[^}]*?"cost_usd": (-?[\d.]+(?:e-?\d+)?)[,\n]/.exec(json?.stdout ?? '')?.[1] ?? 'missing';
    expect(focusProblems(focus?.stdout ?? '')).toEqual([]);
    const effective = column(focus?.stdout ?? '', 'EffectiveCost');
    expect(effective).toEqual(column(csv?.stdout ?? '', 'cost_usd'));
    for (const name of ['ListCost', 'ContractedCost', 'EffectiveCost'])
      expect(exactSum(column(focus?.stdout ?? '', name))).toBe(exactSum([total]));
    expect(exactSum([total])).toBeGreaterThan(0n);
    expect(new Set(column(focus?.stdout ?? '', 'BilledCost'))).toEqual(new Set(['0']));
    expect(new Set(column(focus?.stdout ?? '', 'x_CostSource'))).toEqual(new Set(['estimate']));
  });

  it('leaves out what it cannot price, as every format does, and says so on stderr', async () => {
    const run = await gacost(['usage', 'test/fixtures/usage/november.csv', '--format', 'focus']);
    expect(run.stderr).toMatch(/1 record \(1,000 tokens\) of 1 model name could not be priced; it is listed, never counted as \$0/);
    expect(column(run.stdout, 'x_LogModels')).not.toContain('mystery-model-9');
    expect(column(run.stdout, 'x_Records').length).toBe(6);
  });

  it('quotes and guards text from the logs: a project that is a formula, a comma, a quote, a line end', async () => {
    const dir = scratchDir();
    const file = join(dir, 'hostile.csv');
    writeFileSync(
      file,
      'date,model,provider,project,input_tokens,output_tokens\n2026-06-01,gpt-4o,openai,"=HYPERLINK(""http://x"",""a,b"")",1000,10\n2026-06-01,gpt-4o,openai,"@two\nlines",1000,10\n',
    );
    const run = await gacost(['usage', file, '--by', 'project', '--format', 'focus']);
    expect(run.stdout).toContain('"\'=HYPERLINK(""http://x"",""a,b"")"');
    expect(run.stdout).toContain('"\'@two\nlines"');
    expect(focusProblems(run.stdout)).toEqual([]);
    expect(column(run.stdout, 'x_Project')).toEqual(['\'=HYPERLINK("http://x","a,b")', "'@two\nlines"]);
  });

  it('writes to --out-file x.csv as FOCUS, while .csv alone stays plain CSV', async () => {
    const dir = scratchDir();
    const run = await gacost([
      'usage',
      'test/fixtures/usage/openai.jsonl',
      '--format',
      'focus',
      '--out-file',
      join(dir, 'usage.focus.csv'),
    ]);
    expect(run.exitCode, run.stderr).toBe(0);
    const plain = await gacost(['usage', 'test/fixtures/usage/openai.jsonl', '--out-file', join(dir, 'usage.csv')]);
    expect(plain.exitCode, plain.stderr).toBe(0);
  });

  it('is refused, in one line, by other commands, by week and for records without a time', async () => {
    expect((await refusal(['models', '--format', 'focus'])).stderr).toBe(
      "gacost: error: option '--format <format>' argument 'focus' is invalid. Allowed choices are table, json, csv, markdown, html. (see gacost --help)\n",
    );
    expect((await refusal(['usage', 'test/fixtures/usage/openai.jsonl', '--by', 'week', '--format', 'focus'])).stderr).toBe(
      'gacost: error: --format focus groups by day or month, not week: a week may cross two billing periods (months)\n',
    );
    expect((await refusal(['usage', 'test/fixtures/usage/skipped/openai-mixed.jsonl', '--skip-bad', '--format', 'focus'])).stderr).toMatch(
      /gacost: error: \d+ records? carr(y|ies) no time, and a FOCUS row needs its charge period \(ChargePeriodStart\)/,
    );
  });

  it("writes a bill's amount as BilledCost, where a group has one (reconcile's rows)", () => {
    const group = {
      period: '2026-02',
      provider: 'OpenAI',
      model: 'openai/gpt-4o',
      totals: { ...emptyTotals(), records: 1, inputTokens: 1000, outputTokens: 10 },
      cost: 2_500_000_000n as Usd,
      provenance: { level: 'exact' as const, text: 'gpt-4o as openai/gpt-4o (id)' },
      logModels: ['gpt-4o'],
      extra: {},
    };
    const csv = renderCsv(focusTable([group, { ...group, billed: 2_400_000_000n as Usd }], { catalogVersion: 'test', extra: [] }));
    expect(focusProblems(csv)).toEqual([]);
    expect(column(csv, 'BilledCost')).toEqual(['0', column(csv, 'EffectiveCost')[0]?.replace('25', '24')]);
    expect(column(csv, 'x_CostSource')).toEqual(['estimate', 'estimate; BilledCost from the bill']);
    expect(column(csv, 'ChargePeriodStart')).toEqual(['2026-02-01T00:00:00Z', '2026-02-01T00:00:00Z']);
    expect(column(csv, 'ChargePeriodEnd')).toEqual(['2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z']);
  });
});
