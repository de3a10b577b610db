import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { usdText } from '../../src/core/money.js';
import { ModelIndex } from '../../src/core/resolve-model.js';
import { reportedFemto, UsageAggregate, type UsageRecord } from '../../src/core/usage.js';
import { isoWeek, priceUsage, type Repricing, type UsageOptions } from '../../src/core/usage-pricing.js';
import { defaultSort, sortRows } from '../../src/core/usage-sort.js';
import { type BucketMarks, mergeInReadingOrder } from '../../src/usage/bucket-order.js';
import { usageRecord } from '../support/usage-record.js';

const CATALOG = loadCatalog(
  `schema: 1
version: 2026.11.0
effective: 2026-11-01
currency: USD
providers:
  acme: {name: Acme}
  router: {name: Router}
models:
  - id: acme/big
    name: Big
    provider: acme
    aliases: [big]
    prices:
      - {input: 2, cached_input: 0.5, cache_write: 2.5, cache_write_1h: 4, output: 10}
      - {from: 2026-06-01, input: 1, cached_input: 0.25, cache_write: 1.25, cache_write_1h: 2, output: 5}
    tiers: {batch: {input: 0.5, output: 2.5}}
    context_tiers: [{above: 200K, input: 4, output: 20}]
    source: https://example.com
    checked: 2026-11-01
  - id: acme/plain
    name: Plain
    provider: acme
    aliases: [plain]
    prices: {input: 1, output: 3}
    source: https://example.com
    checked: 2026-11-01
  - id: router/flash
    name: Flash
    provider: router
    aliases: [flash]
    prices: {output: 0.25}
    source: https://example.com
    checked: 2026-11-01
  - id: router/late
    name: Late
    provider: router
    aliases: [late]
    prices: [{from: 2026-09-01, output: 1}]
    source: https://example.com
    checked: 2026-11-01
`,
  'usage.yaml',
);
const THRESHOLDS = [200_000n];
const index = new ModelIndex(CATALOG, { asOf: '2026-11-24', tier: null });

const record = (fields: Partial<UsageRecord> & Pick<UsageRecord, 'model'>): UsageRecord => usageRecord(fields);

function priced(records: readonly UsageRecord[], options: Partial<UsageOptions> = {}) {
  const aggregate = new UsageAggregate(THRESHOLDS.map(Number));
  for (const each of records) aggregate.add(each);
  return priceUsage(aggregate, index, THRESHOLDS, { provider: undefined, asOf: '2026-11-24', by: ['model'], repricings: [], ...options });
}

const cost = (report: ReturnType<typeof priced>) => usdText(report.totals.cost);

describe('usage pricing', () => {
  it("prices uncached input, cache reads, 5-minute and 1-hour writes and output each at its own price, on the record's date", () => {
    // 100,000 input of which 40,000 read, 10,000 written for 5 minutes, 5,000 for an hour: 45,000 uncached.
    const tokens = {
      inputTokens: 100_000,
      cachedInputTokens: 40_000,
      cacheWriteTokens: 10_000,
      cacheWrite1hTokens: 5_000,
      outputTokens: 10_000,
    };
    // Before June: 0.045 × 2 + 0.04 × 0.5 + 0.01 × 2.5 + 0.005 × 4 + 0.01 × 10 = 0.09 + 0.02 + 0.025 + 0.02 + 0.1.
    expect(cost(priced([record({ model: 'big', time: '2026-05-31T23:59:59.000Z', ...tokens })]))).toBe('0.255');
    // From June, every price halved.
    expect(cost(priced([record({ model: 'big', time: '2026-06-01T00:00:00.000Z', ...tokens })]))).toBe('0.1275');
  });

  it('prices cache tokens at the input price where the model has no such price, and says so', () => {
    const report = priced([
      record({
        model: 'plain',
        time: '2026-11-01T00:00:00.000Z',
        inputTokens: 1_000_000,
        cachedInputTokens: 500_000,
        cacheWriteTokens: 100_000,
        outputTokens: 1_000_000,
      }),
    ]);
    expect(cost(report)).toBe('4');
    expect(report.assumptions).toEqual(
      expect.arrayContaining([
        { code: 'input-price-for-cache', kind: 'cache reads', models: ['acme/plain'] },
        { code: 'input-price-for-cache', kind: 'cache writes', models: ['acme/plain'] },
      ]),
    );
  });

  it('prices input at the output price for a model that publishes output prices only, and says so', () => {
    const report = priced([record({ model: 'flash', inputTokens: 3_000_000, outputTokens: 1_000_000 })]);
    expect(cost(report)).toBe('1');
    expect(report.assumptions).toEqual([
      { code: 'undated-records', records: 1, asOf: '2026-11-24' },
      { code: 'output-price-for-input', models: ['router/flash'] },
    ]);
  });

  it('applies a service tier the model has, and prices one it lacks at standard prices, saying so', () => {
    const batch = priced([
      record({
        model: 'big',
        time: '2026-07-01T00:00:00.000Z',
        serviceTier: 'batch',
        inputTokens: 1_000_000,
        outputTokens: 1_000_000,
        perRequest: false,
      }),
    ]);
    expect(cost(batch)).toBe('3');
    const flex = priced(
      [record({ model: 'plain', time: '2026-07-01T00:00:00.000Z', serviceTier: 'flex', inputTokens: 1_000_000, outputTokens: 1_000_000 })],
      {
        repricings: [{ kind: 'model', model: index.resolve('plain') }],
      },
    );
    expect(cost(flex)).toBe('4');
    expect(flex.assumptions).toContainEqual({ code: 'standard-price-for-tier', tier: 'flex', models: ['acme/plain'], records: 1 });
  });

  it('applies a context tier to a request whose prompt is over its threshold, never to a sum of requests', () => {
    const long = { time: '2026-07-01T00:00:00.000Z', inputTokens: 250_000, outputTokens: 1_000 };
    // 0.25 × 4 + 0.001 × 20 = 1.02; at base prices 0.25 × 1 + 0.001 × 5 = 0.255.
    expect(cost(priced([record({ model: 'big', ...long })]))).toBe('1.02');
    expect(cost(priced([record({ model: 'big', ...long, perRequest: false, requests: 10 })]))).toBe('0.255');
    expect(cost(priced([record({ model: 'big', ...long, inputTokens: 200_000 })]))).toBe('0.205');
  });

  it('lists a name it cannot price with its tokens and why, and leaves it out of the totals', () => {
    const report = priced([
      record({ model: 'plain', inputTokens: 10, outputTokens: 10 }),
      record({ model: 'mystery-7b', inputTokens: 100, outputTokens: 50 }),
    ]);
    expect(report.unpriced).toEqual([
      {
        name: 'mystery-7b',
        totals: expect.objectContaining({ records: 1, inputTokens: 100, outputTokens: 50 }),
        code: 'unknown-model',
        reason: expect.stringContaining('mystery-7b'),
      },
    ]);
    expect([report.totals.records, report.totals.unpricedRecords, report.totals.unpricedTokens]).toEqual([1, 1, 150]);
  });

  it("re-prices the same traffic on a model, a routing mix and a replacement map, each on the records' dates", () => {
    const byId = (id: string) => index.resolve(id);
    const repricings: Repricing[] = [
      { kind: 'model', model: byId('flash') },
      {
        kind: 'mix',
        parts: [
          { model: index.priced(byId('flash')), percent: 800_000n },
          { model: index.priced(byId('plain')), percent: 200_000n },
        ],
      },
      { kind: 'map', pairs: [{ from: byId('big'), to: byId('flash') }] },
      { kind: 'model', model: byId('late') },
    ];
    const report = priced(
      [
        record({ model: 'big', time: '2026-07-01T00:00:00.000Z', inputTokens: 1_000_000, outputTokens: 1_000_000, perRequest: false }),
        record({ model: 'plain', time: '2026-07-01T00:00:00.000Z', inputTokens: 1_000_000, outputTokens: 1_000_000, perRequest: false }),
      ],
      { repricings },
    );
    expect(cost(report)).toBe('10');
    expect(report.repriced.map((line) => [usdText(line.cost), usdText(line.savings)])).toEqual([
      ['1', '9'], // 4M tokens at 0.25
      ['2.4', '7.6'], // 80% × 1 + 20% × (4 + 4) = 0.8 + 1.6
      ['4.5', '5.5'], // big on flash 0.5, plain kept 4
      ['4', '6'], // late had no price in July: its first, 1, and said so
    ]);
    expect(report.assumptions).toContainEqual({ code: 'first-price-before-release', models: ['router/late'], whatIf: true });
  });

  it('groups by day, ISO week and month of the record, and by the fields the source carries', () => {
    const report = priced(
      [
        record({ model: 'plain', time: '2026-12-31T10:00:00.000Z', outputTokens: 1, project: 'a' }),
        record({ model: 'plain', time: '2027-01-01T10:00:00.000Z', outputTokens: 1, project: 'b' }),
      ],
      { by: ['week', 'month', 'project'] },
    );
    expect([...report.rows].map((row) => row.keys)).toEqual([
      { week: '2026-W53', month: '2026-12', project: 'a' },
      { week: '2026-W53', month: '2027-01', project: 'b' },
    ]);
    expect([isoWeek('2026-01-01'), isoWeek('2025-12-29'), isoWeek('2024-12-30'), isoWeek('2026-06-15')]).toEqual([
      '2026-W01',
      '2026-W01',
      '2025-W01',
      '2026-W25',
    ]);
  });

  it('never merges records whose group fields differ: an absent field is no text "undefined", and a NUL in a field no separator', () => {
    const users = priced([record({ model: 'plain', outputTokens: 1 }), record({ model: 'plain', outputTokens: 2, user: 'undefined' })], {
      by: ['user'],
    });
    expect([...users.rows].map((row) => [row.keys.user, row.totals.outputTokens])).toEqual([
      ['', 1],
      ['undefined', 2],
    ]);
    const pairs = priced(
      [
        record({ model: 'plain', outputTokens: 1, user: 'a\u0000b' }),
        record({ model: 'plain', outputTokens: 2, user: 'a', session: 'b\u0000undefined' }),
      ],
      { by: ['user', 'session'] },
    );
    expect([...pairs.rows].map((row) => [row.keys.user, row.keys.session, row.totals.outputTokens])).toEqual([
      ['a', 'b\u0000undefined', 2],
      ['a\u0000b', '', 1],
    ]);
  });

  it('files records without a time under "undated" by day, week and month, never under --as-of, yet prices them as of it', () => {
    const records = [
      record({ model: 'big', time: '2026-11-24T10:00:00.000Z', outputTokens: 1_000_000 }),
      record({ model: 'big', outputTokens: 1_000_000 }),
    ];
    for (const field of ['day', 'week', 'month'] as const) {
      const report = priced(records, { by: [field] });
      expect([...report.rows].map((row) => [row.keys[field], usdText(row.cost)])).toEqual([
        [{ day: '2026-11-24', week: '2026-W48', month: '2026-11' }[field], '5'],
        ['undated', '5'],
      ]);
      expect(report.assumptions).toContainEqual({ code: 'undated-records', records: 1, asOf: '2026-11-24' });
    }
  });

  it('sorts rows by cost, tokens or records, largest first, ties in key order; a time series in time order by default', () => {
    const report = priced(
      [
        record({ model: 'plain', time: '2026-11-02T00:00:00.000Z', inputTokens: 3_000_000 }),
        record({ model: 'plain', time: '2026-11-01T00:00:00.000Z', outputTokens: 1_000_000 }),
        record({ model: 'plain', time: '2026-11-03T00:00:00.000Z', outputTokens: 1_000_000 }),
        record({ model: 'plain', time: '2026-11-03T00:00:00.000Z', outputTokens: 1 }),
        record({ model: 'plain', outputTokens: 10 }),
      ],
      { by: ['day'] },
    );
    const days = (sort: Parameters<typeof sortRows>[1]) => [...sortRows(report.rows, sort)].map((row) => row.keys.day);
    // $3 each on 11-01, 11-02 and 11-03 (and a little more there): the tie in key order.
    expect(days('cost')).toEqual(['2026-11-03', '2026-11-01', '2026-11-02', 'undated']);
    expect(days('tokens')).toEqual(['2026-11-02', '2026-11-03', '2026-11-01', 'undated']);
    expect(days('records')).toEqual(['2026-11-03', '2026-11-01', '2026-11-02', 'undated']);
    expect(days('key')).toEqual(['2026-11-01', '2026-11-02', '2026-11-03', 'undated']);
    expect([defaultSort(['day']), defaultSort(['week', 'model']), defaultSort(['model', 'month']), defaultSort(['project'])]).toEqual([
      'key',
      'key',
      'cost',
      'cost',
    ]);
  });

  it('drops the buckets as it prices them when told nothing reads them afterwards, pricing alike and never summing into a bucket', () => {
    // Session a: two models on two days, of which one reports its cost; session b: one bucket.
    const records = [
      record({ model: 'plain', time: '2026-11-01T00:00:00.000Z', outputTokens: 1_000_000, session: 'a', reportedCost: '3' }),
      record({ model: 'big', time: '2026-11-02T00:00:00.000Z', outputTokens: 1_000_000, session: 'a' }),
      record({ model: 'plain', time: '2026-11-02T00:00:00.000Z', outputTokens: 2_000_000, session: 'a' }),
      record({ model: 'plain', time: '2026-11-03T00:00:00.000Z', outputTokens: 1, session: 'b', reportedCost: '0.000003' }),
    ];
    const aggregate = new UsageAggregate(THRESHOLDS.map(Number));
    for (const each of records) aggregate.add(each);
    const options: UsageOptions = { provider: undefined, asOf: '2026-11-24', by: ['session'], repricings: [] };
    const kept = priceUsage(aggregate, index, THRESHOLDS, options);
    expect([...aggregate.buckets()].map((bucket) => bucket.totals.outputTokens)).toEqual([1_000_000, 1_000_000, 2_000_000, 1]);
    const released = priceUsage(aggregate, index, THRESHOLDS, { ...options, release: true });
    expect(aggregate.size).toBe(0);
    expect(released).toEqual(kept);
    expect(
      [...released.rows].map((row) => [
        row.keys.session,
        row.logModels,
        row.totals.outputTokens,
        usdText(row.cost),
        row.reportedCost,
        row.provenance.map((share) => [share.logModel, share.records]),
      ]),
    ).toEqual([
      [
        'a',
        ['big', 'plain'],
        4_000_000,
        '14',
        null,
        [
          ['plain', 2],
          ['big', 1],
        ],
      ],
      ['b', ['plain'], 1, '0.000003', 3_000_000_000n, [['plain', 1]]],
    ]);
  });

  it("carries the source's own cost, exactly, where every record of a row reports one", () => {
    expect(reportedFemto('0.000123')).toBe(123_000_000_000n);
    expect(reportedFemto('1.5e-7')).toBe(150_000_000n);
    expect(reportedFemto('abc')).toBeUndefined();
    const report = priced([
      record({ model: 'plain', outputTokens: 1_000_000, reportedCost: '2.999999999999999999' }),
      record({ model: 'plain', outputTokens: 1_000_000, reportedCost: '0.1' }),
      record({ model: 'big', outputTokens: 1_000_000 }),
    ]);
    expect([...report.rows].map((row) => (row.reportedCost === null ? null : usdText(row.reportedCost)))).toEqual([null, '3.1']);
    expect(report.totals.reportedCost).toBeNull();
  });
});

describe('usage aggregates merged', () => {
  it('aggregates of pieces read by several threads merge into what one thread makes: the same sums, in the order of first records', () => {
    const records = [
      record({ model: 'b', serviceTier: 'flex', inputTokens: 3, reportedCost: '0.1' }),
      record({ model: 'a', time: '2026-06-02T00:00:00Z', inputTokens: 5 }),
      record({ model: 'c', serviceTier: 'batch', inputTokens: 7, reportedCost: '0.25' }),
      record({ model: 'a', time: '2026-06-02T00:00:00Z', inputTokens: 11, reportedCost: '1e-3' }),
      record({ model: 'b', serviceTier: 'flex', inputTokens: 13 }),
      record({ model: 'd', inputTokens: 17 }),
    ];
    const one = new UsageAggregate([]);
    for (const entry of records) one.add(entry);
    // Pieces 0 and 2 read by one thread, 1 and 3 by another; piece 3's last record held to its end
    // (3.5) and added to the run's aggregate as the piece is merged. Each marks where its buckets were made.
    const [run, first, second] = [new UsageAggregate([]), new UsageAggregate([]), new UsageAggregate([])];
    const marks = new Map<UsageAggregate, BucketMarks>([
      [run, []],
      [first, []],
      [second, []],
    ]);
    const readBy: [UsageAggregate, number][] = [
      [first, 0],
      [second, 1],
      [first, 2],
      [second, 3],
      [second, 3],
      [run, 3.5],
    ];
    for (const [index, entry] of records.entries()) {
      const [aggregate, piece] = readBy[index] as [UsageAggregate, number];
      const made = marks.get(aggregate) as BucketMarks;
      if (made.at(-1)?.[0] !== piece) made.push([piece, aggregate.size]);
      aggregate.add(entry);
    }
    mergeInReadingOrder(
      run,
      marks.get(run) as BucketMarks,
      [first, second].map((aggregate) => ({ buckets: aggregate.columns(), marks: marks.get(aggregate) as BucketMarks })),
    );
    const shape = (aggregate: UsageAggregate) =>
      [...aggregate.buckets()].map(({ totals, reportedCost, unreported, ...kind }) => [kind, totals, reportedCost, unreported]);
    expect(shape(run)).toEqual(shape(one));
  });
});
