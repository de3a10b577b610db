import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gacost, scratchDir } from '../support/gacost.js';

const CATALOG = ['--catalog', 'test/fixtures/catalogs/time-of-day.yaml', '--as-of', '2026-09-30'];
const line = (model: string, time: string | null) =>
  JSON.stringify({ model, ...(time === null ? {} : { created_at: time }), usage: { prompt_tokens: 1_000_000, completion_tokens: 0 } });

/** The cost of one record of 1M input tokens, with its provenance and assumptions. */
async function costAt(model: string, time: string | null) {
  const run = await gacost([...CATALOG, 'usage', '-', '--provider', 'dawn', '--on', 'none', '--format', 'json'], {
    stdin: `${line(model, time)}\n`,
  });
  expect(run.exitCode).toBe(0);
  const json = JSON.parse(run.stdout);
  return {
    cost: json.totals.cost_usd,
    pricing: json.rows[0].provenance[0].pricing,
    level: json.rows[0].provenance[0].level,
    assumptions: json.assumptions.map((entry: { code: string }) => entry.code),
  };
}

describe('time-of-day prices', () => {
  it("price each record by its UTC time, on both sides of a window's edges", async () => {
    expect((await costAt('chat', '2026-09-10T00:29:59Z')).cost).toBe(1);
    expect((await costAt('chat', '2026-09-10T00:30:00Z')).cost).toBe(2);
    expect((await costAt('chat', '2026-09-10T16:29:59Z')).cost).toBe(2);
    expect((await costAt('chat', '2026-09-10T16:30:00Z')).cost).toBe(1);
    expect((await costAt('chat', '2026-09-10T17:00:00Z')).cost).toBe(1);
    // An offset is read into UTC: 18:00+02:00 is 16:00 UTC, in the window.
    expect((await costAt('chat', '2026-09-10T18:00:00+02:00')).cost).toBe(2);
    const timed = await costAt('chat', '2026-09-10T17:00:00Z');
    expect([timed.pricing, timed.level, timed.assumptions]).toEqual([['time-of-day'], 'exact', []]);
  });

  it('apply a window that runs past midnight, and after a dated change', async () => {
    expect((await costAt('flash', '2026-09-10T21:59:59Z')).cost).toBe(3);
    expect((await costAt('flash', '2026-09-10T22:00:00Z')).cost).toBe(6);
    expect((await costAt('flash', '2026-09-11T01:59:59Z')).cost).toBe(6);
    expect((await costAt('flash', '2026-09-11T02:00:00Z')).cost).toBe(3);
    expect((await costAt('flash', '2026-08-01T12:00:00Z')).cost).toBe(1);
    // The window refines the price from 2026-08-17 it follows: it does not reach back before that date.
    expect((await costAt('flash', '2026-08-01T23:00:00Z')).cost).toBe(1);
  });

  it('price a record without a time of day at the highest price of its day, and say so', async () => {
    for (const time of ['2026-09-10', null]) {
      const untimed = await costAt('chat', time);
      expect(untimed).toMatchObject({ cost: 2, pricing: ['highest-price-time-of-day-unknown'], level: 'assumed' });
      expect(untimed.assumptions).toContain('highest-price-time-of-day-unknown');
    }
    const run = await gacost([...CATALOG, 'usage', '-', '--provider', 'dawn', '--on', 'none'], {
      stdin: `${line('chat', '2026-09-10')}\n`,
    });
    expect(run.stdout.replace(/\s+/g, ' ')).toContain(
      'Dawn Chat via Dawn has prices that depend on the time of day; 1 record carries no time of day and is priced at the highest price of its day (an upper bound)',
    );
  });
});

describe('time-of-day prices in a projection', () => {
  it('price at the highest of the day, for the candidate and the baseline alike, and say so', async () => {
    const run = await gacost([
      ...CATALOG,
      'project',
      '--model',
      'dawn/chat',
      '--baseline',
      'dawn/flash',
      '--tokens',
      '1M',
      '--format',
      'json',
    ]);
    const json = JSON.parse(run.stdout);
    expect(json.rows.at(-1)).toMatchObject({ price_per_mtok_usd: 4, cost_usd: 4, baseline_cost_usd: 6 });
    expect(json.assumptions.notes).toEqual(
      expect.arrayContaining([
        'Dawn Chat has prices for some hours of the day (00:30:00-16:30:00 UTC): with no time of day it is priced at the highest, that of 00:30:00-16:30:00 (an upper bound)',
        'Dawn Flash has prices for some hours of the day (22:00:00-02:00:00 UTC): with no time of day it is priced at the highest, that of 22:00:00-02:00:00 (an upper bound)',
      ]),
    );
  });
});

describe('a catalog with time-of-day prices', () => {
  it('refuses hours that are no window of the day, and a first price that is not all day, at their place', async () => {
    const fixture = readFileSync('test/fixtures/catalogs/time-of-day.yaml', 'utf8');
    const dir = scratchDir();
    const check = async (text: string) => {
      const file = join(dir, 'catalog.yaml');
      writeFileSync(file, text);
      const run = await gacost(['catalog', 'validate', file]);
      return [run.exitCode, run.stderr.split('\n')[0]];
    };
    expect(await check(fixture.replace('hours: 00:30-16:30', 'hours: 00:30-24:00'))).toEqual([
      2,
      expect.stringMatching(/catalog\.yaml:17:16: models\[0\]\.prices\[1\]\.hours: expected UTC hours such as 00:30-16:30/),
    ]);
    expect(await check(fixture.replace('hours: 00:30-16:30', 'hours: 16:30-16:30'))).toEqual([
      2,
      expect.stringMatching(/catalog\.yaml:17:16: .*two different times of day/),
    ]);
    expect(
      await check(
        fixture.replace('      - input: 1\n        output: 2\n', '      - hours: 01:00-02:00\n        input: 1\n        output: 2\n'),
      ),
    ).toEqual([2, expect.stringMatching(/catalog\.yaml:15:16: models\[0\]\.prices\[0\]\.hours: the first price applies all day/)]);
  });
});

describe('catalog export of time-of-day prices', () => {
  it('writes the all-day timeline and names the models whose time-of-day prices the table leaves out', async () => {
    const run = await gacost(['--catalog', 'test/fixtures/catalogs/time-of-day.yaml', 'catalog', 'export', '--format', 'csv']);
    expect(
      run.stdout
        .trimEnd()
        .split('\n')
        .slice(1)
        .map((row) => row.split(',').slice(0, 7).join(',')),
    ).toEqual(['dawn/chat,dawn,,,,,1', 'dawn/flash,dawn,,2026-08-17,,,1', 'dawn/flash,dawn,2026-08-17,,,,3']);
    expect(run.stderr).toBe(
      'gacost: warning: the price table holds all-day prices: the time-of-day prices of 2 models (dawn/chat, dawn/flash) are not in it\n',
    );
  });
});

describe('catalog diff of time-of-day prices', () => {
  it("names a window's price change with its hours, in every format", async () => {
    const dir = scratchDir();
    const next = join(dir, 'next.yaml');
    writeFileSync(
      next,
      readFileSync('test/fixtures/catalogs/time-of-day.yaml', 'utf8').replace(
        '      - hours: 22:00-02:00\n        input: 6',
        '      - hours: 22:00-02:00\n        input: 5',
      ),
    );
    const args = ['--as-of', '2026-09-30', 'catalog', 'diff', 'test/fixtures/catalogs/time-of-day.yaml', next];
    const csv = await gacost([...args, '--format', 'csv']);
    expect(csv.stdout).toBe(
      'model,name,change,price,old_per_mtok_usd,new_per_mtok_usd,change_pct,hours\ndawn/flash,Dawn Flash,repriced,input,6,5,-16.6667,22:00:00-02:00:00\n',
    );
    const json = JSON.parse((await gacost([...args, '--format', 'json'])).stdout);
    expect(json.changes[0].prices).toEqual([{ price: 'input', hours: '22:00:00-02:00:00', old: 6, new: 5, change_pct: -16.6667 }]);
    expect((await gacost(args)).stdout).toContain('input (22:00–02:00 UTC)');
  });
});

describe('time-of-day prices, where a time says less than it seems', () => {
  it('price a row that sums a day at the highest price of its day: its time is no time of day', async () => {
    const csv = 'time,model,requests,input_tokens,output_tokens\n2026-09-10T00:00:00Z,chat,100,1000000,0\n';
    const run = await gacost([...CATALOG, 'usage', '-', '--from', 'csv', '--provider', 'dawn', '--on', 'none', '--format', 'json'], {
      stdin: csv,
    });
    const json = JSON.parse(run.stdout);
    expect([json.totals.cost_usd, json.rows[0].provenance[0].pricing]).toEqual([2, ['highest-price-time-of-day-unknown']]);
  });

  it('give a window the all-day prices it does not name, and say a re-pricing took the highest without counting records', async () => {
    const dir = scratchDir();
    const partial = join(dir, 'partial.yaml');
    writeFileSync(
      partial,
      readFileSync('test/fixtures/catalogs/time-of-day.yaml', 'utf8').replace(
        '      - hours: 00:30-16:30\n        input: 2\n        output: 4\n',
        '      - hours: 00:30-16:30\n        input: 2\n',
      ),
    );
    const record = JSON.stringify({
      model: 'chat',
      created_at: '2026-09-10T12:00:00Z',
      usage: { prompt_tokens: 1_000_000, completion_tokens: 1_000_000 },
    });
    const run = await gacost(
      ['--catalog', partial, '--as-of', '2026-09-30', 'usage', '-', '--provider', 'dawn', '--on', 'none', '--format', 'json'],
      { stdin: `${record}\n` },
    );
    expect(JSON.parse(run.stdout).totals.cost_usd).toBe(4);
    const untimed = JSON.stringify({ model: 'chat', created_at: '2026-09-10', usage: { prompt_tokens: 1_000_000, completion_tokens: 0 } });
    const whatIf = await gacost([...CATALOG, 'usage', '-', '--provider', 'dawn', '--on', 'dawn/flash', '--format', 'json'], {
      stdin: `${untimed}\n`,
    });
    const texts = JSON.parse(whatIf.stdout).assumptions.map((entry: { text: string }) => entry.text);
    expect(texts).toContain(
      'in the re-pricing (a what-if), dawn/flash has prices that depend on the time of day; records without one are priced at the highest price of their day (an upper bound)',
    );
  });

  it('skip and count a genai-prices window that is no window of the day, at its place', async () => {
    const data = JSON.stringify([
      {
        id: 'dawn',
        name: 'Dawn',
        pricing_urls: ['https://example.com/p'],
        models: [
          {
            id: 'm1',
            name: 'M1',
            prices: [
              { prices: { input_mtok: 1, output_mtok: 2 } },
              { constraint: { start_time: '02:00:00Z', end_time: '02:00:00Z' }, prices: { input_mtok: 2, output_mtok: 3 } },
            ],
          },
          {
            id: 'm2',
            name: 'M2',
            prices: [
              { prices: { input_mtok: 1, output_mtok: 2 } },
              { constraint: { start_time: '24:00:00Z', end_time: '02:00:00Z' }, prices: { input_mtok: 2, output_mtok: 3 } },
            ],
          },
          { id: 'm3', name: 'M3', prices: { input_mtok: 1, output_mtok: 2 } },
        ],
      },
    ]);
    const run = await gacost(['catalog', 'import', '--from', 'genai-prices', '-'], { stdin: data });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain('m1: start_time and end_time are both 02:00:00: no window of the day; not imported');
    expect(run.stderr).toContain('m2: start_time: "24:00:00Z" is not a UTC time of day (HH:MM:SSZ); not imported');
    expect(run.stderr).toContain('gacost: warning: not imported: 2 time-of-day prices whose window is not a UTC time of day');
  });
});
