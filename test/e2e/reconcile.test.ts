import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDecimal, parseDecimal } from '../../src/core/decimal.js';
import { column, exactSum, focusProblems, parseCsv } from '../support/focus-check.js';
import { gacost, scratchDir } from '../support/gacost.js';

const femto = (text: string): bigint => parseDecimal(text, 15, { signed: true }) as bigint;
const usd = (units: bigint): string => formatDecimal(units, 15);

/**
 * October 2026 of gpt-4o-mini every day but the 10th and 11th (missing from the logs), and three
 * records of a model no catalog has on the 5th; the bill charges each logged day what gacost computes
 * (read from `usage --by day`), plus the known differences: the unknown model's $1.50, $0.21 on each
 * day the logs lack, $0.70 of web search, a credit of 10% of the token charges, and $0.05 nobody can explain.
 */
async function generatedMonth() {
  const dir = scratchDir();
  const days = Array.from({ length: 31 }, (_, at) => `2026-10-${String(at + 1).padStart(2, '0')}`);
  const logged = days.filter((day) => day !== '2026-10-10' && day !== '2026-10-11');
  const usage = [
    'time,model,provider,input_tokens,output_tokens',
    ...logged.map((day, at) => `${day}T12:00:00Z,gpt-4o-mini,openai,${1_000_000 + at * 1000},${100_000 + at * 7}`),
    ...[1, 2, 3].map((hour) => `2026-10-05T0${hour}:00:00Z,acme-llm-9,openai,5000,500`),
  ];
  writeFileSync(join(dir, 'usage.csv'), `${usage.join('\n')}\n`);
  const priced = JSON.parse((await gacost(['usage', 'usage.csv', '--by', 'day', '--on', 'none', '--format', 'json'], { cwd: dir })).stdout);
  const computed = new Map<string, bigint>(
    priced.rows.map((row: { day: string; cost_usd: number }) => [row.day, femto(String(row.cost_usd))]),
  );
  const tokenCharge = (day: string) => (computed.get(day) ?? femto('0.21')) + (day === '2026-10-15' ? femto('0.05') : 0n);
  const tokens = days.reduce((sum, day) => sum + tokenCharge(day), 0n) + femto('1.5');
  const credit = -tokens / 10n;
  const bill = [
    'date,provider,model,amount,currency,category',
    ...days.map((day) => `${day},OpenAI,gpt-4o-mini,${usd(tokenCharge(day))},USD,usage`),
    '2026-10-05,OpenAI,acme-llm-9,1.50,USD,usage',
    '2026-10-20,OpenAI,web search tool calls,0.70,USD,web-search',
    `2026-10-31,OpenAI,10% promotional credit,${usd(credit)},USD,credit`,
  ];
  writeFileSync(join(dir, 'bill.csv'), `${bill.join('\n')}\n`);
  return { dir, credit, tokens };
}

const reconcile = (dir: string, ...args: string[]) => gacost(['reconcile', 'usage.csv', '--bill', 'bill.csv', ...args], { cwd: dir });

/** A FOCUS CSV's rows, each by its column names. */
function focusRows(csv: string): Record<string, string>[] {
  const [header = [], ...rows] = parseCsv(csv);
  return rows.map((row) => Object.fromEntries(header.map((name, at) => [name, row[at] ?? ''])));
}

/** A figure of reconcile --format json's totals as written, its exact decimal text (JSON.parse would make it a float). */
const totalText = (json: string, key: string): string =>
  new RegExp(`"totals": \\{[^}]*?"${key}": (-?[\\d.]+(?:e-?\\d+)?)[,\\n]`).exec(json)?.[1] ?? 'missing';

describe('gacost reconcile', () => {
  it('attributes each known difference of a generated month to its cause exactly, the rest unexplained, and gates on it with --tolerance', async () => {
    const { dir, credit, tokens } = await generatedMonth();
    const run = await reconcile(dir, '--by', 'month', '--format', 'json');
    expect(run.exitCode).toBe(0);
    const json = JSON.parse(run.stdout);
    const explained = Object.fromEntries(
      json.totals.explained.map((entry: { cause: string; amount_usd: number }) => [entry.cause, String(entry.amount_usd)]),
    );
    expect(explained).toEqual({
      unpriced: '-1.5',
      'days-without-logs': '-0.42',
      'web-search': '-0.7',
      credit: usd(-credit),
    });
    expect(String(json.totals.unexplained_usd)).toBe('-0.05');
    expect(femto(String(json.totals.billed_usd))).toBe(tokens + femto('0.7') + credit);
    expect(json.totals.unpriced_records).toBe(3);
    expect(json.headline).toMatch(
      /^computed \$\d+\.\d\d, billed \$\d+\.\d\d, error -\d+(\.\d)?% \(explained: unpriced records -\$1\.50, days the logs lack -\$0\.42, web search -\$0\.70, credits \+\$\d\.\d\d; unexplained: -\$0\.05\)$/,
    );
    // By day: each cause on its day, the $0.05 on the 15th alone.
    const byDay = JSON.parse((await reconcile(dir, '--format', 'json')).stdout);
    const unexplained = byDay.groups.filter((group: { unexplained_usd: number }) => group.unexplained_usd !== 0);
    expect(unexplained.map((group: { period: string; unexplained_usd: number }) => [group.period, group.unexplained_usd])).toEqual([
      ['2026-10-15', -0.05],
    ]);
    expect(byDay.periods_without_usage.map((period: { period: string }) => period.period)).toEqual(['2026-10-10', '2026-10-11']);
    // $0.05 of about $6.9 billed is 0.7%: within 1%, beyond 0.5%.
    expect((await reconcile(dir, '--tolerance', '1%')).exitCode).toBe(0);
    const beyond = await reconcile(dir, '--tolerance', '0.5%', '--format', 'csv');
    expect(beyond.exitCode).toBe(1);
    expect(beyond.stdout.split('\n')[0]).toMatch(
      /^period,provider,item,category,computed_usd,billed_usd,difference_usd,error_pct,explained_unpriced_usd,/,
    );
  });

  it("writes FOCUS 1.2 rows of the generated month: the bill's amounts as BilledCost, the computed cost as EffectiveCost, exactly; a credit as Credit", async () => {
    const { dir } = await generatedMonth();
    const [focus, json] = await Promise.all(['focus', 'json'].map((format) => reconcile(dir, '--format', format)));
    expect(focus?.exitCode, focus?.stderr).toBe(0);
    const csv = focus?.stdout ?? '';
    expect(focusProblems(csv)).toEqual([]);
    expect(exactSum(column(csv, 'BilledCost'))).toBe(exactSum([totalText(json?.stdout ?? '', 'billed_usd')]));
    // The tokens' rows carry gacost's computation; the bill's other charges their billed amount, which FOCUS asks of a Credit.
    const rows = focusRows(csv);
    const estimated = rows.filter((row) => row.x_CostSource === 'estimate; BilledCost from the bill');
    const charges = rows.filter((row) => row.x_CostSource === 'bill');
    expect(estimated.length + charges.length).toBe(rows.length);
    expect(exactSum(estimated.map((row) => row.EffectiveCost ?? ''))).toBe(exactSum([totalText(json?.stdout ?? '', 'computed_usd')]));
    for (const row of charges) expect([row.EffectiveCost, row.ListCost]).toEqual([row.BilledCost, row.BilledCost]);
    const pick = (row: Record<string, string> | undefined, ...names: string[]) => names.map((name) => row?.[name]);
    const columns = ['ChargeCategory', 'SkuId', 'ConsumedQuantity', 'ConsumedUnit', 'x_BillCategory', 'x_ExplainedBy'];
    expect(charges.map((row) => pick(row, ...columns))).toEqual([
      ['Usage', 'web search tool calls', '1', 'Line Items', 'web-search', 'web-search -0.7'],
      ['Credit', '', '', '', 'credit', `credit ${column(csv, 'x_Explained').at(-1)}`],
    ]);
    // The model no catalog prices: its tokens consumed, nothing computed, the bill's $1.50.
    const unpriced = rows.find((row) => row.SkuId === 'acme-llm-9');
    expect(pick(unpriced, 'ConsumedQuantity', 'EffectiveCost', 'BilledCost', 'x_UnpricedRecords', 'x_ExplainedBy')).toEqual([
      '16500',
      '0',
      '1.5',
      '3',
      'unpriced -1.5',
    ]);
    expect(
      pick(
        rows.find((row) => row.ChargePeriodStart === '2026-10-15T00:00:00Z'),
        'x_Unexplained',
      ),
    ).toEqual(['-0.05']);
  });

  it("writes a bill's hostile line-item text quoted and guarded in FOCUS rows, tax and other charges as Tax and Adjustment, a day's total as every model's row; refuses undated groups", async () => {
    const dir = scratchDir();
    writeFileSync(
      join(dir, 'usage.csv'),
      'time,model,provider,input_tokens,output_tokens\n2026-10-01T12:00:00Z,gpt-4o-mini,openai,1000000,0\n2026-10-01T13:00:00Z,gpt-4o,openai,1000,0\n',
    );
    writeFileSync(
      join(dir, 'bill.csv'),
      [
        'date,provider,description,amount,currency,category',
        '2026-10-01,OpenAI,,0.20,USD,usage',
        '2026-10-01,OpenAI,"=HYPERLINK(""http://x"",""a,b"")",0.10,USD,web-search',
        '2026-10-01,OpenAI,"@two\nlines",-0.05,USD,credit',
        '2026-10-01,OpenAI,+VAT,0.02,USD,tax',
        '2026-10-01,OpenAI,support plan,1,USD,other',
      ].join('\n'),
    );
    const run = await reconcile(dir, '--format', 'focus');
    expect(run.exitCode, run.stderr).toBe(0);
    expect(focusProblems(run.stdout)).toEqual([]);
    expect(run.stdout).toContain('"\'=HYPERLINK(""http://x"",""a,b"")"');
    expect(run.stdout).toContain('"\'@two\nlines: as billed"');
    const rows = focusRows(run.stdout).map((row) => [row.ChargeCategory, row.SkuId, row.ChargeDescription, row.PricingQuantity]);
    expect(rows).toEqual([
      ['Usage', 'openai/*', 'openai/* tokens: cost estimated by gacost from usage logs', '1001000'],
      ['Credit', '', "'@two\nlines: as billed", ''],
      ['Adjustment', '', 'support plan: as billed', ''],
      ['Tax', '', "'+VAT: as billed", ''],
      ['Usage', '\'=HYPERLINK("http://x","a,b")', '\'=HYPERLINK("http://x","a,b"): as billed', '1'],
    ]);
    expect(column(run.stdout, 'x_LogModels')[0]).toBe('gpt-4o gpt-4o-mini');
    // OpenRouter's charges without a time: no charge period, refused in one line.
    writeFileSync(
      join(dir, 'openrouter.jsonl'),
      '{"model":"openai/gpt-4o-mini","usage":{"prompt_tokens":1000,"completion_tokens":10,"cost":0.01}}\n',
    );
    const undated = await gacost(['reconcile', 'openrouter.jsonl', '--bill', 'openrouter.jsonl', '--format', 'focus'], { cwd: dir });
    expect([undated.exitCode, undated.stderr]).toEqual([
      2,
      'gacost: error: a FOCUS row needs its charge period (ChargePeriodStart): 1 group of this reconciliation is undated (bill lines or usage records without a time)\n',
    ]);
  });

  it('refuses a bill in another currency than USD unless --fx converts it, and says the rate it used', async () => {
    const dir = scratchDir();
    writeFileSync(
      join(dir, 'usage.csv'),
      'time,model,provider,input_tokens,output_tokens\n2026-10-01,mistral-large-latest,mistral,1000,100\n',
    );
    writeFileSync(
      join(dir, 'bill.csv'),
      'date,provider,description,amount,currency\n2026-10-01,Mistral,mistral-large-latest,10.00,EUR\n2026-10-01,Mistral,VAT,2.00,EUR\n',
    );
    const refused = await reconcile(dir);
    expect([refused.exitCode, refused.errorCode, refused.stderr.trim()]).toEqual([
      2,
      'invalid-bill',
      'gacost: error: bill.csv:2: an amount in EUR: usage is priced in USD; give --fx EUR=RATE (USD for one EUR) to convert it',
    ]);
    const converted = await reconcile(dir, '--fx', 'EUR=1.08', '--format', 'json');
    const json = JSON.parse(converted.stdout);
    expect([json.totals.billed_usd, json.fx]).toEqual([12.96, [{ currency: 'EUR', usd_per_unit: 1.08, lines: 2 }]]);
    expect((await reconcile(dir, '--fx', 'EUR=1.08')).stdout).toContain('Converted 2 lines in EUR at 1.08 USD per EUR (--fx).');
    expect((await reconcile(dir, '--fx', 'EUR')).stderr).toContain('invalid --fx "EUR": expected CUR=RATE');
    // USD is what gacost reports in: a rate for it is refused; a rate for a currency no line is in, said on stderr and in the notes.
    const usd = await reconcile(dir, '--fx', 'EUR=1.08', '--fx', 'USD=2');
    expect([usd.exitCode, usd.stderr]).toEqual([
      2,
      'gacost: error: invalid --fx "USD=2": gacost reports in USD, and a USD amount is not converted; give the rate of the bill\'s other currency, such as EUR=1.08\n',
    ]);
    const unused = await reconcile(dir, '--fx', 'EUR=1.08', '--fx', 'GBP=1.27');
    expect(unused.stderr).toContain('gacost: warning: no bill line is in GBP: --fx GBP=1.27 converted nothing\n');
    expect(unused.stdout).toContain('No bill line is in GBP: --fx GBP=1.27 converted nothing.');
    expect(unused.stdout).not.toContain('Converted 0 lines');
  });

  it('names models in the table (their ids in --wide and JSON), counts in the singular where one, and reads --tolerance as the share options do', async () => {
    const dir = scratchDir();
    writeFileSync(
      join(dir, 'usage.csv'),
      'time,model,provider,input_tokens,output_tokens\n2026-10-01,gpt-4o,openai,1000000,0\n2026-10-01,foo-unknown-model,openai,1000,0\n',
    );
    writeFileSync(join(dir, 'bill.csv'), 'date,provider,description,amount,currency\n2026-10-01,OpenAI,gpt-4o,2.60,USD\n');
    const run = await reconcile(dir);
    expect(run.stderr).toBe('gacost: warning: 1 usage record could not be priced; it is listed, never counted as $0\n');
    expect(run.stdout.replaceAll('\n  ', ' ')).toContain(
      '1 record could not be priced (foo-unknown-model): never counted as $0; where the bill charges for its model,',
    );
    const rows = run.stdout.split('\n').filter((line) => line.startsWith('│ 2026-10-01'));
    expect(rows.map((line) => line.split('│')[2]?.trim())).toEqual(['foo-unknown-model', 'GPT-4o']);
    expect(run.stdout).not.toContain('openai/gpt-4o');
    expect((await reconcile(dir, '--wide')).stdout).toMatch(/│ GPT-4o +│ openai\/gpt-4o +│/);
    const json = JSON.parse((await reconcile(dir, '--format', 'json')).stdout);
    expect(json.groups.map((group: { item: string }) => group.item)).toEqual(['foo-unknown-model', 'openai/gpt-4o']);
    // $2.50 computed against $2.60 billed: 3.8% unexplained; 0.04 is 4% as --input-share 0.75 is 75%, and 0.02 is 2%.
    const tolerances = await Promise.all(
      ['4%', '0.04', '0.02'].map((tolerance) => reconcile(dir, '--tolerance', tolerance, '--format', 'json')),
    );
    expect(tolerances.map((result) => [result.exitCode, JSON.parse(result.stdout).tolerance_pct])).toEqual([
      [0, 4],
      [0, 4],
      [1, 2],
    ]);
    expect((await reconcile(dir, '--tolerance', '2')).stderr).toContain(
      'invalid --tolerance "2": expected a share from 0 to 1 or 0% to 100%',
    );
  });

  it('books a line given twice, or overlapping the days of another of the same charge, once, and counts it; a bill day without usage is reported', async () => {
    const dir = scratchDir();
    writeFileSync(join(dir, 'usage.csv'), 'time,model,provider,input_tokens,output_tokens\n2026-10-01,gpt-4o-mini,openai,1000000,0\n');
    writeFileSync(
      join(dir, 'bill.json'),
      JSON.stringify({
        data: [
          ...[0, 0, 1].map((day) => ({
            start_time: 1790812800 + day * 86400,
            end_time: 1790899200 + day * 86400,
            results: [{ object: 'organization.costs.result', amount: { value: 0.15, currency: 'usd' }, line_item: 'gpt-4o-mini, input' }],
          })),
          // The whole month, which overlaps the days above.
          {
            start_time: 1790812800,
            end_time: 1793491200,
            results: [{ object: 'organization.costs.result', amount: { value: 9, currency: 'usd' }, line_item: 'gpt-4o-mini, input' }],
          },
        ],
      }),
    );
    const run = await gacost(['reconcile', 'usage.csv', '--bill', 'bill.json', '--by', 'month', '--format', 'json'], { cwd: dir });
    const json = JSON.parse(run.stdout);
    expect([json.duplicates.count, json.duplicates.amount_usd, json.overlaps.count, json.overlaps.amount_usd]).toEqual([1, 0.15, 1, 9]);
    expect(json.totals.billed_usd).toBe(0.3);
    expect(json.totals.explained).toEqual([{ cause: 'days-without-logs', amount_usd: -0.15, lines: 1, about: ['2026-10-02'] }]);
    expect(json.totals.unexplained_usd).toBe(0);
    const table = await gacost(['reconcile', 'usage.csv', '--bill', 'bill.json'], { cwd: dir });
    expect(table.stdout).toContain('1 bill line given twice, $0.15, booked once: bill.json:1 repeats bill.json:1.');
    expect(table.stdout).toContain('2026-10-02: $0.15 billed by OpenAI, and no usage record.');
  });
});
