import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gacost, ROOT, scratchDir } from '../support/gacost.js';

/**
 * Three full months of gpt-4o traffic (January to March 2026, a record on the first and last day of
 * each) whose tokens grow by 10% a month, 75% of them input and a fifth of the input read from cache;
 * and a record of April.
 */
function usageLog(): { dir: string; file: string } {
  const dir = scratchDir();
  const line = (day: string, input: number, output: number) =>
    JSON.stringify({
      created: Date.parse(`${day}T12:00:00Z`) / 1000,
      model: 'gpt-4o',
      usage: { prompt_tokens: input, completion_tokens: output, prompt_tokens_details: { cached_tokens: input / 5 } },
    });
  const lines = [
    line('2026-01-01', 375_000, 125_000),
    line('2026-01-31', 375_000, 125_000), // 1,000,000
    line('2026-02-01', 412_500, 137_500),
    line('2026-02-28', 412_500, 137_500), // 1,100,000
    line('2026-03-01', 453_750, 151_250),
    line('2026-03-31', 453_750, 151_250), // 1,210,000
    line('2026-04-01', 75_000, 25_000),
  ];
  const file = join(dir, 'usage.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return { dir, file };
}

const json = async (args: readonly string[]) => {
  const run = await gacost([...args, '--format', 'json']);
  expect(run.stderr).toBe('');
  expect(run.exitCode).toBe(0);
  return JSON.parse(run.stdout);
};

describe('usage --profile', () => {
  it('measures the mix, months and growth of the records, each said exactly or null with a reason', async () => {
    const { file } = usageLog();
    const { profile } = await json(['usage', file, '--provider', 'openai', '--on', '', '--profile']);
    expect(profile).toMatchObject({
      measured_from: { records: 7, requests: 7, first_day: '2026-01-01', last_day: '2026-04-01' },
      input_share: 0.75,
      cached_share: 0.2,
      cache_write_share: 0,
      tokens_per_request: { mean: 487143, p50: 550000, p95: 605000 },
      growth: { monthly_pct: 10, months: ['2026-01', '2026-02', '2026-03'] },
      reasons: {},
    });
    expect(
      profile.months.map((month: { month: string; full: boolean; tokens: number }) => [month.month, month.full, month.tokens]),
    ).toEqual([
      ['2026-01', true, 1_000_000],
      ['2026-02', true, 1_100_000],
      ['2026-03', true, 1_210_000],
      ['2026-04', false, 100_000],
    ]);
  });
});

describe('--from-usage', () => {
  it('forecasts from the last full month at the measured growth, pricing the observed mix, and says so', async () => {
    const { file } = usageLog();
    const result = await json(['forecast', '--from-usage', file, '--model', 'gpt-4o', '--months', '2']);
    expect(
      result.rows.filter((row: { model: string }) => row.model === 'openai/gpt-4o').map((row: { tokens: number }) => row.tokens),
    ).toEqual([1_210_000, 1_331_000]);
    expect(result.assumptions).toMatchObject({ token_pricing: 'input_output', input_share: 0.75, cached_share: 0.2, cache_write_share: 0 });
    expect(result.assumptions.notes[0]).toMatch(/^built from 7 usage records of 1 file \(2026-01-01 to 2026-04-01\)/);
  });

  it('compares and projects on the observed month and mix', async () => {
    const { file } = usageLog();
    const compared = await json(['compare', '--from-usage', file, '--model', 'gpt-4o']);
    expect(compared.tokens).toBe(1_210_000);
    // 907,500 input (181,500 cached) and 302,500 output: 0.726 × 2.5 + 0.1815 × 1.25 + 0.3025 × 10.
    expect(compared.rows[0].cost_usd).toBe(5.066875);
    const projected = await json(['project', '--from-usage', file, '--model', 'gpt-4o']);
    expect(projected.rows.map((row: { tokens: number }) => row.tokens)).toEqual([1_210_000, 12_100_000, 121_000_000, 1_210_000_000]);
  });

  it('reads the logs as gacost usage does: --from and --skip-bad on every command, --provider where it is not a filter', async () => {
    const { dir, file } = usageLog();
    const noisy = join(dir, 'noisy.jsonl');
    writeFileSync(noisy, `${readFileSync(file, 'utf8')}not json\n`);
    for (const args of [['project', '--provider', 'openai'], ['forecast', '--provider', 'openai'], ['compare']]) {
      const run = await gacost([...args, '--from-usage', noisy, '--from', 'openai', '--skip-bad', '--format', 'json']);
      expect(run.exitCode).toBe(0);
      expect(run.stderr).toMatch(/skipped 1 line that is not valid JSON/);
    }
    expect((await gacost(['project', '--skip-bad', '--tokens', '1M'])).stderr).toBe('gacost: error: --skip-bad goes with --from-usage\n');
  });

  it("starts forecast's month 1 from the last full month's observed cost on the logs' own models, exactly as usage prices it", async () => {
    const quarter = 'examples/usage-quarter.csv';
    const usage = (await gacost(['usage', quarter, '--by', 'model,month', '--on', '', '--format', 'csv'])).stdout
      .trim()
      .split('\n')
      .map((line) => line.split(','));
    const october = usage.filter((line) => line[1] === '2026-10');
    const observedCost = (await gacost(['usage', quarter, '--by', 'month', '--on', '', '--format', 'csv'])).stdout
      .split('\n')
      .find((line) => line.startsWith('2026-10,'))
      ?.split(',')[8];
    const run = await gacost(['forecast', '--from-usage', quarter, '--months', '2', '--growth', '100%/mo', '--format', 'csv']);
    expect(run.stderr).toBe('');
    const [header, first, second] = run.stdout.trim().split('\n');
    expect(header).toBe('month,model,priced_on,tokens,cost_usd,cumulative_usd,credits_left_usd');
    const cost = (line: string | undefined) => line?.match(/,(\d+),([\d.]+),[\d.]+,$/)?.slice(1);
    expect(first).toMatch(/^1,observed,"openai\/gpt-4o=[\d.]+%,openai\/gpt-4o-mini=[\d.]+%",/);
    expect(cost(first)?.[1]).toBe(observedCost);
    // Twice the tokens, twice the cost: the observed mix grows as it is.
    expect(cost(second)).toEqual([String(2n * BigInt(cost(first)?.[0] ?? 0)), String(2 * Number(observedCost))]);
    const result = await json(['forecast', '--from-usage', quarter, '--months', '1']);
    expect(result.observed).toMatchObject({
      month: '2026-10',
      records: 62,
      tokens: result.rows[0].tokens,
      left_out: { records: 0, tokens: 0, models: [] },
    });
    expect(result.observed.models.map((entry: { model: string; cost_usd: number }) => [entry.model, entry.cost_usd])).toEqual(
      october.map((line) => [line[0], Number(line[9])]).sort((a, b) => Number(b[1]) - Number(a[1])),
    );
    expect(result.outlook.map((outlook: { model: string }) => outlook.model)).toEqual(['observed']);
    const table = (await gacost(['forecast', '--from-usage', quarter, '--months', '1'])).stdout.replace(/\s+/g, ' ');
    expect(table).toMatch(/^Forecast: 1 months from 319.136765M tokens, growing [\d.]+%\/mo, on the observed mix of 2026-10 /);
    expect(table).toMatch(/openai\/gpt-4o \d+\.\d% of tokens, \d+\.\d% of cost; openai\/gpt-4o-mini/);
  });

  it('prices other models only when asked, beside the observed spend or against it as the baseline', async () => {
    const { file } = usageLog();
    // 1,210,000 tokens of March on gpt-4o itself: the same as the what-if on gpt-4o at the same mix.
    const forecast = await json(['forecast', '--from-usage', file, '--months', '1', '--model', 'gpt-4o-mini']);
    expect(
      forecast.rows.map((row: { model: string; priced_on: string; cost_usd: number }) => [row.model, row.priced_on, row.cost_usd]),
    ).toEqual([
      ['observed', 'openai/gpt-4o=100%', 5.066875],
      ['openai/gpt-4o-mini', 'openai/gpt-4o-mini', 0.3040125],
    ]);
    const compared = await json(['compare', '--from-usage', file, '--model', 'gpt-4o-mini']);
    expect(compared.rows[0]).toMatchObject({
      model: 'openai/gpt-4o-mini',
      baseline: 'observed',
      baseline_cost_usd: 5.066875,
      baseline_priced_on: 'openai/gpt-4o=100%',
    });
    const projected = await json(['project', '--from-usage', file]);
    expect(projected.rows.map((row: { model: string; baseline: string }) => [row.model, row.baseline])).toEqual(
      Array(4).fill(['observed', 'observed']),
    );
    expect(projected.rows[0].cost_usd).toBe(5.066875);
    expect((await gacost(['project', '--from-usage', file, '--baseline', 'gpt-4o'])).errorCode).toBe('conflicting-options');
  });

  it('counts the records it cannot price out of the observed spend, and refuses when it can price none', async () => {
    const { dir, file } = usageLog();
    const unknown = (day: string) =>
      JSON.stringify({
        created: Date.parse(`${day}T12:00:00Z`) / 1000,
        model: 'no-such-model',
        usage: { prompt_tokens: 700, completion_tokens: 300 },
      });
    writeFileSync(file, `${readFileSync(file, 'utf8')}${unknown('2026-03-15')}\n`);
    const run = await gacost(['forecast', '--from-usage', file, '--months', '1', '--format', 'json']);
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toMatch(
      /^gacost: warning: 1 record \(1K tokens\) of 2026-03 could not be priced \(no-such-model\): the observed spend and its tokens leave it out$/m,
    );
    const result = JSON.parse(run.stdout);
    expect(result.observed).toMatchObject({
      records: 2,
      tokens: 1_210_000,
      cost_usd: 5.066875,
      left_out: { records: 1, tokens: 1000, models: ['no-such-model'] },
    });
    const onlyUnknown = join(dir, 'unknown.jsonl');
    writeFileSync(onlyUnknown, `${unknown('2026-02-01')}\n${unknown('2026-02-28')}\n`);
    expect((await gacost(['forecast', '--from-usage', onlyUnknown, '--growth', '0%/mo'])).errorCode).toBe('unpriced-usage');
  });

  it('scales a span of days to 30 with models that add up to the whole', async () => {
    const dir = scratchDir();
    const file = join(dir, 'u.csv');
    // 7 days of 1 token each on three models: each scaled to 30 days alone rounds down (30/7 = 4.29).
    writeFileSync(
      file,
      'time,model,input_tokens,output_tokens\n2026-11-01T00:00:00Z,gpt-4o,1,0\n2026-11-04T00:00:00Z,gpt-4o-mini,1,0\n2026-11-07T00:00:00Z,claude-haiku-4-5,1,0\n',
    );
    const run = await gacost(['forecast', '--from-usage', file, '--months', '1', '--growth', '0%/mo', '--format', 'json']);
    expect(run.exitCode, run.stderr).toBe(0);
    const { observed } = JSON.parse(run.stdout);
    expect(observed.models.reduce((sum: number, model: { tokens: number }) => sum + model.tokens, 0)).toBe(observed.tokens);
  });

  it('warns of a log name a broad match rule priced in the observed spend', async () => {
    const dir = scratchDir();
    const file = join(dir, 'u.csv');
    // match-rules.yaml: only azure/gpt-4o-mini's and-rule claims my-4o-mini-azure.
    writeFileSync(
      file,
      'time,model,input_tokens,output_tokens\n2026-11-01T00:00:00Z,my-4o-mini-azure,1000,100\n2026-11-10T00:00:00Z,my-4o-mini-azure,1000,100\n',
    );
    const run = await gacost([
      '--catalog',
      join(ROOT, 'test/fixtures/catalogs/match-rules.yaml'),
      'forecast',
      '--from-usage',
      file,
      '--months',
      '1',
      '--growth',
      '0%/mo',
    ]);
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain('gacost: warning: "my-4o-mini-azure" is priced as azure/gpt-4o-mini by its match rule');
  });

  it('refuses the mix flags beside it, and a forecast without growth when it cannot measure one', async () => {
    const { dir, file } = usageLog();
    expect((await gacost(['compare', '--from-usage', file, '--input-share', '50%'])).errorCode).toBe('conflicting-options');
    const april = join(dir, 'april.jsonl');
    writeFileSync(
      april,
      `${JSON.stringify({ created: Date.parse('2026-04-02T00:00:00Z') / 1000, model: 'gpt-4o', usage: { prompt_tokens: 1, completion_tokens: 1 } })}\n`,
    );
    const run = await gacost(['forecast', '--from-usage', april]);
    expect(run.errorCode).toBe('invalid-option');
    expect(run.stderr).toMatch(/measures no growth \(no full calendar month of records: growth needs two\): give --growth/);
  });
});

describe('usage --plan', () => {
  /** A catalog whose router has GA's flash by default, its qwen as fallback, its r1 as premium, and DS's flash2 for failover. */
  const routerCatalog = (dir: string): string => {
    const model = (id: string, provider: string, output: string, channel = '') =>
      `  - {id: ${id}, name: ${id}, provider: ${provider}, ${channel}aliases: [${id.split('/')[1]}], prices: {output: ${output}}, source: https://example.com, checked: 2026-01-01}`;
    writeFileSync(
      join(dir, 'router.yaml'),
      [
        'schema: 1',
        'version: 2026.1.0',
        'effective: 2026-01-01',
        'currency: USD',
        'defaults: {candidates: [ga/flash], baseline: ga/flash, router: {default: ga/flash, fallback: ga/qwen, premium: [ga/r1], failover: [ds/flash2]}}',
        'providers:',
        '  ga: {name: GA, channels: {pro: {name: Pro, uptime_sla_pct: 99.9}}}',
        '  ds: {name: DS}',
        '  openai: {name: OpenAI}',
        'models:',
        model('ga/flash', 'ga', '0.25', 'channel: pro, '),
        model('ga/qwen', 'ga', '0.28'),
        model('ga/r1', 'ga', '2.5'),
        model('ds/flash2', 'ds', '0.3'),
        '  - {id: openai/gpt-4o, name: GPT-4o, provider: openai, aliases: [gpt-4o], prices: {input: 2.5, output: 10}, source: https://example.com, checked: 2026-01-01}',
      ].join('\n'),
    );
    return join(dir, 'router.yaml');
  };

  it('ranks the cheapest mixes of the router paths that keep the premium and failover shares, with downtime where availability is known', async () => {
    const { dir, file } = usageLog();
    const { plan } = await json([
      '--catalog',
      routerCatalog(dir),
      'usage',
      file,
      '--on',
      '',
      '--plan',
      '--availability',
      'ds/flash2=99%',
      '--availability',
      'ga/r1=99.5%',
    ]);
    expect(
      plan.paths.map((path: { model: string; role: string; availability_pct: number | null }) => [
        path.model,
        path.role,
        path.availability_pct,
      ]),
    ).toEqual([
      ['ga/flash', 'default', 99.9],
      ['ga/qwen', 'fallback', null],
      ['ga/r1', 'premium', 99.5],
      ['ds/flash2', 'failover', 99],
    ]);
    // 3,410,000 tokens: flash 0.8525, r1 8.525, flash2 1.023; at least 10% r1 and 5% flash2, the rest flash.
    expect(plan.mixes[0]).toMatchObject({
      shares: [
        { model: 'ga/flash', pct: 85 },
        { model: 'ga/r1', pct: 10 },
        { model: 'ds/flash2', pct: 5 },
      ],
      cost_usd: 1.628275,
    });
    // 0.1% × 0.5% × 1% of 525,960 minutes.
    expect(plan.mixes[0].downtime_minutes_per_year).toBe(0.03);
    expect(plan.mixes).toHaveLength(5);
  });

  it('refuses premium and failover shares no mix can keep (here on two providers, together over 100%), rather than a plan of no mix', async () => {
    const { dir, file } = usageLog();
    const run = await gacost([
      '--catalog',
      routerCatalog(dir),
      'usage',
      file,
      '--on',
      '',
      '--plan',
      '--premium-share',
      '60%',
      '--failover-share',
      '50%',
    ]);
    expect(run).toMatchObject({ exitCode: 2, errorCode: 'conflicting-options', stdout: '' });
    expect(run.stderr).toMatch(
      /^gacost: error: no mix of the router's paths keeps --premium-share 60% on premium paths and --failover-share 50% [^\n]+\n$/,
    );
  });
});
