import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gacost, scratchDir } from '../support/gacost.js';

/** genai-prices' published data, trimmed: DeepSeek V4 Flash repriced, and a new model with a dated price. */
const DATA = JSON.stringify([
  {
    id: 'deepseek',
    name: 'DeepSeek',
    pricing_urls: ['https://api-docs.deepseek.com/quick_start/pricing'],
    api_pattern: 'https://api\\.deepseek\\.com',
    models: [
      {
        id: 'deepseek-v4-flash',
        name: 'DeepSeek V4 Flash',
        match: { equals: 'deepseek-v4-flash' },
        prices: { input_mtok: 0.2, cache_read_mtok: 0.004, output_mtok: 0.4 },
      },
      {
        id: 'deepseek-v5',
        name: 'DeepSeek V5',
        match: { equals: 'deepseek-v5' },
        prices: [
          { prices: { input_mtok: 1, output_mtok: 2 } },
          { constraint: { start_date: '2026-12-01' }, prices: { input_mtok: 0.5, output_mtok: 1 } },
        ],
      },
    ],
  },
]);

// What a mirror answers: the data, and each way a download goes wrong.
let server: Server;
let base = '';
beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === '/data.json') response.end(DATA);
    else if (request.url === '/error-page') response.writeHead(200, { 'content-type': 'text/html' }).end('<html>rate limited</html>');
    else if (request.url === '/object') response.end('{"providers": []}');
    else if (request.url === '/cut-short') {
      response.writeHead(200, { 'content-length': String(DATA.length) });
      response.write(DATA.slice(0, 100));
      setTimeout(() => response.destroy(), 10);
    } else response.writeHead(404, 'Not Found').end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const inCache = (dir: string) => ({ env: { GACOST_CACHE_DIR: dir } });
const flashPrices = async (dir: string, asOf: string) => {
  const run = await gacost(['--as-of', asOf, 'models', '--match', 'deepseek/deepseek-v4-flash', '--json'], inCache(dir));
  return JSON.parse(run.stdout) as { catalog: Record<string, unknown>; matches: { prices: Record<string, number> }[] };
};

describe('gacost catalog update', () => {
  it('fetches the data, prints the diff, stores it; later runs use it, name it, and keep past prices', async () => {
    const dir = scratchDir();
    const update = await gacost(['catalog', 'update', '--from', `${base}/data.json`, '--format', 'csv'], inCache(dir));
    expect(update.exitCode).toBe(0);
    expect(update.stdout).toContain('deepseek/deepseek-v4-flash,DeepSeek V4 Flash,repriced,output,0.28,0.4,');
    expect(update.stdout).toContain('deepseek/deepseek-v5,DeepSeek V5,added,output,,2,');
    expect(update.stderr).toMatch(/^gacost: stored catalog 2026\.11\.24 \(hash [0-9a-f]{12}\) in ".*": later runs use it/m);

    const after = await flashPrices(dir, '2026-11-24');
    expect(after.catalog).toMatchObject({
      version: '2026.11.24',
      checked: '2026-11-24',
      stale_days: null,
      updated: { from: `${base}/data.json` },
    });
    expect((after.catalog.updated as { fetched: string }).fetched).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(after.matches[0]?.prices).toEqual({ input: 0.2, cached_input: 0.004, output: 0.4 });
    // The day before the update, the price the catalog had then.
    expect((await flashPrices(dir, '2026-11-23')).matches[0]?.prices).toEqual({ input: 0.14, cached_input: 0.0028, output: 0.28 });
    // The data's dated price on its date; the defaults and the models the data does not have (Global API's) as they were.
    const v5 = await gacost(['--as-of', '2026-12-01', 'models', '--match', 'deepseek-v5', '--json'], inCache(dir));
    expect(JSON.parse(v5.stdout).matches[0].prices).toEqual({ input: 0.5, output: 1 });
    const project = await gacost(['project', '--tokens', '5B'], inCache(dir));
    expect(project.exitCode).toBe(0);
    expect(project.stdout.replace(/\s+/g, ' ')).toMatch(
      /Catalog 2026\.11\.24 \(effective 2026-11-24, hash [0-9a-f]{12}, updated from genai-prices data fetched \d{4}-\d{2}-\d{2}\)/,
    );
    // --catalog still wins; builtin is the built-in one.
    expect((await gacost(['--catalog', 'builtin', 'models', '--json'], inCache(dir))).stdout).toContain('"version": "2026.11.0"');
  });

  it('--dry-run shows the diff and stores nothing', async () => {
    const dir = scratchDir();
    const run = await gacost(['catalog', 'update', '--from', `${base}/data.json`, '--dry-run'], inCache(dir));
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('1 added, 0 removed, 1 repriced');
    expect(run.stderr).toContain('gacost: --dry-run: nothing stored');
    // The data's own models, not those the catalog in use keeps beside them.
    expect(run.stderr).toContain('gacost: 2 models in ');
    expect(readdirSync(dir)).toEqual([]);
    // With the cache folder off, --dry-run still shows the diff; storing is refused, saying why, before any download.
    const off = { env: { GACOST_CACHE_DIR: 'off' } };
    expect((await gacost(['catalog', 'update', '--from', `${base}/data.json`, '--dry-run'], off)).exitCode).toBe(0);
    const refused = await gacost(['catalog', 'update', '--from', `${base}/missing`], off);
    expect([refused.exitCode, refused.stderr]).toEqual([
      2,
      'gacost: error: no cache folder for the updated catalog: GACOST_CACHE_DIR=off turns it off\n',
    ]);
  });

  it('refuses a bad download in one line, exit 2, the stored catalog untouched', async () => {
    const dir = scratchDir();
    expect((await gacost(['catalog', 'update', '--from', `${base}/data.json`], inCache(dir))).exitCode).toBe(0);
    const stored = readFileSync(join(dir, 'catalog.json'), 'utf8');
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    const cases: [string, RegExp][] = [
      [`${base}/missing.json`, /: HTTP 404 Not Found$/],
      [`${base}/error-page`, /is not JSON \(.*\): a download cut short, or not genai-prices data$/],
      [`${base}/object`, /is not genai-prices data: expected a JSON list of providers$/],
      [`${base}/cut-short`, /: the download was cut short$/],
      [`http://127.0.0.1:${closedPort}/data.json`, /: the connection was refused$/],
      ['no-such-file.json', /cannot read genai-prices data no-such-file\.json: no such file or directory$/],
    ];
    for (const [from, reason] of cases) {
      const run = await gacost(['catalog', 'update', '--from', from], inCache(dir));
      expect({ from, exitCode: run.exitCode, stdout: run.stdout }).toEqual({ from, exitCode: 2, stdout: '' });
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(run.stderr.trimEnd()).toMatch(reason);
    }
    expect(readFileSync(join(dir, 'catalog.json'), 'utf8')).toBe(stored);
  });

  it('--reset returns to the built-in catalog; one made over another built-in catalog is not used, a damaged one refused', async () => {
    const dir = scratchDir();
    await gacost(['catalog', 'update', '--from', `${base}/data.json`], inCache(dir));
    const stored = JSON.parse(readFileSync(join(dir, 'catalog.json'), 'utf8'));
    writeFileSync(join(dir, 'catalog.json'), JSON.stringify({ ...stored, builtin: { version: '2026.1.0', hash: '0'.repeat(64) } }));
    const outdated = await gacost(['models', '--json'], inCache(dir));
    expect(JSON.parse(outdated.stdout).catalog.version).toBe('2026.11.0');
    expect(outdated.stderr).toMatch(
      /^gacost: note: the catalog updated on \d{4}-\d{2}-\d{2} in ".*" was made over built-in catalog 2026\.1\.0, not this gacost's 2026\.11\.0: the built-in one is used/,
    );
    writeFileSync(join(dir, 'catalog.json'), '{"format": "gacost updated cat');
    const damaged = await gacost(['models'], inCache(dir));
    expect([damaged.exitCode, damaged.stderr]).toEqual([
      2,
      `gacost: error: the updated catalog in ${JSON.stringify(dir)} is damaged (not JSON): run gacost catalog update again, or gacost catalog update --reset\n`,
    ]);
    const reset = await gacost(['catalog', 'update', '--reset'], inCache(dir));
    expect(reset.stderr).toMatch(/^gacost: removed the updated catalog in ".*": runs use the built-in catalog 2026\.11\.0\n$/);
    expect(readdirSync(dir)).toEqual([]);
    expect((await gacost(['models', '--json'], inCache(dir))).stderr).toBe('');
  });

  it('refuses a stored catalog of another shape, or models cut short, in one line; an update starts over it from the built-in one', async () => {
    const dir = scratchDir();
    await gacost(['catalog', 'update', '--from', `${base}/data.json`], inCache(dir));
    const stored = readFileSync(join(dir, 'catalog.json'), 'utf8');
    const modelsFile = join(dir, JSON.parse(stored).models);
    const models = readFileSync(modelsFile, 'utf8');
    const refusal = async (args: string[]) => {
      const run = await gacost(args, inCache(dir));
      return [run.exitCode, run.stderr.split('\n').length, run.stderr.includes('is damaged')];
    };
    writeFileSync(
      join(dir, 'catalog.json'),
      '{"format":"gacost updated catalog 1","models":"m.json","catalog":{"updated":{"from":"x","fetched":"y"}}}',
    );
    expect(await refusal(['models'])).toEqual([2, 2, true]);
    writeFileSync(join(dir, 'catalog.json'), stored);
    for (const cut of ['[]', '{}', 'null', JSON.stringify(JSON.parse(models).slice(1))]) {
      writeFileSync(modelsFile, cut);
      expect(await refusal(['compare', '--tokens', '1B', '--top', '3'])).toEqual([2, 2, true]);
    }
    // The advice works: an update over the damaged catalog starts from the built-in one, says so, and stores a whole one.
    const again = await gacost(['catalog', 'update', '--from', `${base}/data.json`], inCache(dir));
    expect(again.exitCode).toBe(0);
    expect(again.stderr).toMatch(
      /^gacost: note: the updated catalog in ".*" is damaged \(models-[0-9a-f]+\.json: not the \d+ models of the catalog\): the update starts from the built-in catalog 2026\.11\.0$/m,
    );
    expect((await gacost(['compare', '--tokens', '1B', '--top', '3'], inCache(dir))).exitCode).toBe(0);
  });
});

describe('staleness', () => {
  it('says once, in every format, that prices checked more than 45 days before the as-of date may be stale', async () => {
    // The standard catalog's prices were last checked 2026-11-01.
    const fresh = await gacost(['--as-of', '2026-12-16', 'project', '--tokens', '1B', '--json']);
    expect(JSON.parse(fresh.stdout).catalog).toMatchObject({ checked: '2026-11-01', stale_days: null });
    expect(fresh.stderr).toBe('');
    const stale = await gacost(['--as-of', '2026-12-17', 'project', '--tokens', '1B', '--json']);
    expect(JSON.parse(stale.stdout).catalog.stale_days).toBe(46);
    expect(stale.stderr).toBe(
      "gacost: note: Catalog 2026.11.0's prices were last checked 2026-11-01, 46 days before 2026-12-17: they may have changed since (gacost catalog update fetches the newest).\n",
    );
    const table = await gacost(['--as-of', '2026-12-17', 'project', '--tokens', '1B', '--wide']);
    expect(table.stdout.replace(/\s+/g, ' ')).toContain('last checked 2026-11-01, 46 days before 2026-12-17');
    const page = await gacost(['--as-of', '2026-12-17', 'project', '--tokens', '1B', '--format', 'html']);
    expect(page.stdout).toContain(
      '<p class="stale">Catalog 2026.11.0&#39;s prices were last checked 2026-11-01, 46 days before 2026-12-17',
    );
  });
});
