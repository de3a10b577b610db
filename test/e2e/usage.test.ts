import { execFileSync } from 'node:child_process';
import { closeSync, copyFileSync, mkdirSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { divideRounded, parseDecimal } from '../../src/core/decimal.js';
import type { UsageJson } from '../../src/output/contract.js';
import { escapeControls } from '../../src/output/escape-controls.js';
import { countedPhrase } from '../../src/output/words.js';
import { AS_OF, type CliRun, gacost, ROOT, scratchDir } from '../support/gacost.js';
import { hostileNames } from '../support/hostile-text.js';

/**
 * gacost usage on the fixtures of test/fixtures/usage/ (hand-made; see its README.md), priced on
 * the standard catalog (the in-process built-in one). Every expected cost is worked by hand from the
 * standard catalog's prices per 1M tokens: gpt-4o 2.5 / cached 1.25 / output 10; gpt-4o-mini 0.15 /
 * 0.075 / 0.6; claude-sonnet-4-5 3 / 0.3 / 15; claude-haiku-4-5 1 / 0.1 / 5; gemini-2.5-flash 0.3 /
 * 0.075 / 2.5. The standard catalog has no cache-write or batch prices: writes are priced as input
 * and batch rows at standard prices (both said in the assumptions).
 */
const F = 'test/fixtures/usage';

async function usage(args: readonly string[], options: { stdin?: string; cwd?: string } = {}): Promise<{ run: CliRun; json: UsageJson }> {
  const run = await gacost(['usage', ...args, '--format', 'json'], options);
  expect(run.exitCode, run.stderr).toBe(0);
  return { run, json: JSON.parse(run.stdout) as UsageJson };
}

type Totals = [
  records: number,
  requests: number,
  input: number,
  cached: number,
  writes: number,
  output: number,
  cost: number,
  reported: number | null,
];

const totalsOf = (json: UsageJson): Totals => {
  const t = json.totals;
  return [
    t.records,
    t.requests,
    t.input_tokens,
    t.cached_input_tokens,
    t.cache_write_tokens,
    t.output_tokens,
    t.cost_usd,
    t.reported_cost_usd,
  ];
};

/** Each format's fixture: its format, and its totals worked by hand (see each comment). */
const formats: [file: string, format: string, totals: Totals][] = [
  // gpt-4o: 600×2.5 + 400×1.25 + 200×10 = 4,000; gpt-4o-mini (Responses, reasoning inside output): 1,000×0.15 + 1,000×0.075 + 500×0.6 = 525;
  // gpt-4o: 3,000×2.5 + 1,000×10 = 17,500 → $0.022025
  ['openai.jsonl', 'openai', [3, 3, 6000, 1400, 0, 1700, 0.022025, null]],
  // Sonnet: 100 uncached + 2,000 read + 300 5m + 200 1h writes: 100×3 + 2,000×0.3 + 500×3 + 400×15 = 8,400; Haiku: 1,000×1 + 100×5 = 1,500 → $0.0099
  ['anthropic.jsonl', 'anthropic', [2, 2, 3600, 2000, 500, 500, 0.0099, null]],
  // Sonnet 2026-03-01: 1,000×3 + 4,000×0.3 + 1,000×3 + 1,000×15 = 22,200, 2026-03-02: 500×3 + 100×15 = 3,000; Haiku: 2,000×1 + 1,000×5 = 7,000 → $0.0322; no request counts
  ['anthropic-report.json', 'anthropic', [3, 0, 8500, 4000, 1000, 2100, 0.0322, null]],
  // gpt-4o: 5,000×2.5 + 4,000×1.25 + 1,000×2.5 + 2,000×10 = 40,000; gpt-4o-mini batch (standard prices): 20,000×0.15 + 5,000×0.6 = 6,000 → $0.046
  ['openai-usage.json', 'openai-usage', [2, 14, 30000, 4000, 1000, 7000, 0.046, null]],
  // Before 2026-07-15: input 1,000 text + 100 audio, output 300 + 50 audio: 600×2.5 + 500×1.25 + 350×10 = 5,625 (and a page with an empty bucket)
  ['openai-usage-legacy.jsonl', 'openai-usage', [1, 2, 1100, 500, 0, 350, 0.005625, null]],
  // 800×0.3 + 200×0.075 + (300 + 700 thinking)×2.5 = 2,755; 4,000×0.3 + 1,000×2.5 = 3,700 → $0.006455
  ['gemini.jsonl', 'gemini', [2, 2, 5000, 200, 0, 2000, 0.006455, null]],
  // msg_1's last line: 10×3 + 5,000×0.3 + 1,000×3 + 120×15 = 6,330; msg_2: 200×1 + 50×5 = 450 → $0.00678; a cost reported only by msg_2 (none in total)
  ['claude-code', 'claude-code', [2, 2, 6210, 5000, 1000, 170, 0.00678, null]],
  // gpt-4o: 800×2.5 + 200×1.25 + 100×10 = 3,250; Haiku: 1,500×1 + 1,000×0.1 + 500×1 + 200×5 = 3,100 → $0.00635; spend 0.00325 + 0.0041
  ['litellm-spend-logs.json', 'litellm', [2, 2, 4000, 1200, 500, 300, 0.00635, 0.00735]],
  // gpt-4o-mini: 8,000×0.15 + 2,000×0.075 + 1,000×0.6 = 1,950; gpt-4o: 100×2.5 + 10×10 = 350 → $0.0023; spend the same
  ['litellm-spend-logs.csv', 'litellm', [2, 2, 10100, 2000, 0, 1010, 0.0023, 0.0023]],
  // gpt-4o: 80,000×2.5 + 20,000×1.25 + 10,000×10 = 325,000; Haiku: 40,000×1 + 10,000×1 + 5,000×5 = 75,000; Gemini: 20,000×0.3 + 2,000×2.5 = 11,000 → $0.411
  ['usage.csv', 'csv', [3, 52, 170000, 20000, 10000, 17000, 0.411, null]],
];

describe('gacost usage: each format', () => {
  it.each(formats)('%s (%s)', async (file, format, totals) => {
    const { json } = await usage([`${F}/${file}`]);
    expect(json.sources.map((source) => source.format)).toEqual([format]);
    expect(totalsOf(json)).toEqual(totals);
    expect(json.totals.unpriced_records).toBe(0);
    // --from names the same format.
    const named = await usage([`${F}/${file}`, '--from', format]);
    expect(totalsOf(named.json)).toEqual(totals);
  });

  it('counts what each source held and skipped: Claude Code duplicates and non-answers, LiteLLM failed calls and cache hits', async () => {
    const claude = await usage([`${F}/claude-code`, '--by', 'project,session']);
    expect(claude.json.sources[0]).toMatchObject({ records: 2, skipped: 2, duplicates: 2 });
    expect(claude.json.rows.map((row) => [row.project, row.session])).toEqual([['demo', 'session-1']]);
    const byModel = await usage([`${F}/claude-code`]);
    expect(byModel.json.rows.map((row) => [row.model, row.output_tokens, row.cost_usd, row.reported_cost_usd])).toEqual([
      ['anthropic/claude-sonnet-4-5', 120, 0.00633, null],
      ['anthropic/claude-haiku-4-5', 50, 0.00045, 0.00045],
    ]);
    const litellm = await usage([`${F}/litellm-spend-logs.json`, '--by', 'key']);
    expect(litellm.json.sources[0]).toMatchObject({ records: 2, skipped: 2 });
    expect(litellm.json.rows.map((row) => [row.key, row.records])).toEqual([
      ['hashed_key_a', 1],
      ['hashed_key_b', 1],
    ]);
  });

  it("says what Anthropic's report leaves out, and prices OpenAI batch rows at standard prices when the catalog has no batch prices", async () => {
    const report = await usage([`${F}/anthropic-report.json`]);
    expect(report.json.assumptions.map((entry) => entry.text)).toContain(
      "Anthropic's usage report counts no requests: its records show 0 requests",
    );
    const openai = await usage([`${F}/openai-usage.json`]);
    expect(openai.json.assumptions.find((entry) => entry.code === 'standard-price-for-tier')?.text).toMatch(
      /^1 record of the batch tier is priced at standard prices: .*openai\/gpt-4o-mini/,
    );
  });

  it('reads standard input (-) and a gzipped file alike', async () => {
    const text = readFileSync(join(ROOT, F, 'openai.jsonl'), 'utf8');
    const stdin = await usage(['-'], { stdin: text });
    expect(totalsOf(stdin.json)).toEqual(formats[0]?.[2]);
    const dir = scratchDir();
    writeFileSync(join(dir, 'usage.csv.gz'), gzipSync(readFileSync(join(ROOT, F, 'usage.csv'))));
    writeFileSync(join(dir, 'report.json.gz'), gzipSync(readFileSync(join(ROOT, F, 'anthropic-report.json'))));
    const gz = await usage(['usage.csv.gz', 'report.json.gz'], { cwd: dir });
    expect(gz.json.sources.map((source) => source.format)).toEqual(['csv', 'anthropic']);
    // usage.csv and the report: 3 + 3 records, $0.411 + $0.0322.
    expect(totalsOf(gz.json)).toEqual([6, 52, 178500, 24000, 11000, 19100, 0.4432, null]);
  });

  it('searches a folder, skipping and counting the files of no usage format', async () => {
    const dir = scratchDir();
    mkdirSync(join(dir, 'logs/nested'), { recursive: true });
    copyFileSync(join(ROOT, F, 'openai.jsonl'), join(dir, 'logs/openai.jsonl'));
    copyFileSync(join(ROOT, F, 'usage.csv'), join(dir, 'logs/nested/usage.csv'));
    writeFileSync(join(dir, 'logs/notes.txt'), 'not usage\n');
    writeFileSync(join(dir, 'logs/config.json'), '{"retries": 3}\n');
    writeFileSync(join(dir, 'logs/people.csv'), 'name,team\nada,core\n');
    writeFileSync(
      join(dir, 'logs/costs.json'),
      JSON.stringify({
        object: 'page',
        data: [
          {
            object: 'bucket',
            start_time: 1730419200,
            results: [{ object: 'organization.costs.result', amount: { value: 0.06, currency: 'usd' } }],
          },
        ],
      }),
    );
    const { run, json } = await usage(['logs'], { cwd: dir });
    expect(json.sources.map((source) => [source.path, source.format, source.records])).toEqual([
      ['logs/nested/usage.csv', 'csv', 3],
      ['logs/openai.jsonl', 'openai', 3],
    ]);
    expect(json.totals.records).toBe(6);
    expect(run.stderr).toContain('skipped 1 file that is not .jsonl, .ndjson, .json, .csv or .log (or .gz of one)');
    expect(run.stderr).toContain('skipped 2 files of no usage format gacost reads');
    expect(run.stderr).toContain('skipped 1 file of OpenAI Costs API results: amounts in USD, no tokens');
  });

  it('refuses a Costs API page named on its own, with the reason', async () => {
    const run = await gacost(['usage', `${F}/bad/costs-page.json`]);
    expect([run.exitCode, run.errorCode, run.stdout]).toEqual([2, 'invalid-usage', '']);
    expect(run.stderr).toBe(
      `gacost: error: ${F}/bad/costs-page.json: OpenAI Costs API results: amounts in USD, no tokens (gacost reads the Usage API's /v1/organization/usage/completions pages)\n`,
    );
  });

  it('--from anthropic reads both the Messages lines and the Admin usage report; --from another format refuses them', async () => {
    const both = await usage([`${F}/anthropic.jsonl`, `${F}/anthropic-report.json`, '--from', 'anthropic']);
    expect(totalsOf(both.json)).toEqual([5, 2, 12100, 6000, 1500, 2600, 0.0421, null]);
    const wrong = await gacost(['usage', `${F}/anthropic-report.json`, '--from', 'litellm']);
    expect([wrong.exitCode, wrong.errorCode, wrong.stderr]).toEqual([
      2,
      'invalid-usage',
      `gacost: error: ${F}/anthropic-report.json: not litellm usage\n`,
    ]);
  });

  it('groups by the fields each format carries (--by)', async () => {
    const csv = await usage([`${F}/usage.csv`, '--by', 'project,user']);
    expect(csv.json.rows.map((row) => [row.project, row.user, row.records, row.cost_usd])).toEqual([
      ['web', 'alice', 2, 0.336],
      ['batch-jobs', 'bob', 1, 0.075],
    ]);
    const report = await usage([`${F}/anthropic-report.json`, '--by', 'day,project,key']);
    expect(report.json.rows.map((row) => [row.day, row.project, row.key, row.cost_usd])).toEqual([
      ['2026-03-01', 'wrkspc_a', 'apikey_a', 0.0222],
      ['2026-03-01', 'wrkspc_b', 'apikey_b', 0.007],
      ['2026-03-02', 'wrkspc_a', 'apikey_a', 0.003],
    ]);
    const pages = await usage([`${F}/openai-usage.json`, '--by', 'project,key']);
    expect(pages.json.rows.map((row) => [row.project, row.key, row.requests])).toEqual([
      ['proj_a', 'key_a', 10],
      ['proj_b', 'key_b', 4],
    ]);
  });

  it('--since and --until keep the records of those days, and count the rest', async () => {
    const { run, json } = await usage([`${F}/usage.csv`, '--since', '2026-06-02']);
    expect([json.totals.records, json.totals.cost_usd, json.totals.outside_records]).toEqual([1, 0.011, 2]);
    expect(run.stderr).toContain('2 records outside --since 2026-06-02 left out');
    const until = await usage([`${F}/litellm-spend-logs.json`, `${F}/openai.jsonl`, '--until', '2026-01-01']);
    // Only openai.jsonl's first line (2026-01-01): $0.004.
    expect([until.json.totals.records, until.json.totals.cost_usd, until.json.totals.outside_records]).toEqual([1, 0.004, 4]);
  });

  it('--strict exits 2 (unpriced-usage) when a name is unknown; without it the name is listed, not priced at $0', async () => {
    const dir = scratchDir();
    writeFileSync(join(dir, 'u.csv'), 'model,input_tokens,output_tokens\ngpt-4o,1000,100\nno-such-model-9,5000,500\n');
    const strict = await gacost(['usage', 'u.csv', '--strict'], { cwd: dir });
    expect([strict.exitCode, strict.errorCode]).toEqual([2, 'unpriced-usage']);
    const { json } = await usage(['u.csv'], { cwd: dir });
    expect(json.unpriced).toMatchObject([{ name: 'no-such-model-9', records: 1 }]);
    expect([json.totals.records, json.totals.unpriced_records, json.totals.cost_usd]).toEqual([1, 1, 0.0035]);
  });
});

describe('gacost usage: provenance', () => {
  // match-rules.yaml: gpt-4o-mini-2024-07-18 is a dated form of openai/gpt-4o-mini's id (exact);
  // my-4o-mini-azure only an and-rule of azure/gpt-4o-mini claims (a rule), each 1,000 in and 100 out.
  const RULES = ['--catalog', join(ROOT, 'test/fixtures/catalogs/match-rules.yaml')];
  const CSV = 'model,input_tokens,output_tokens\ngpt-4o-mini-2024-07-18,1000,100\nmy-4o-mini-azure,1000,100\n';

  it('says per row how each record was found, in CSV and under the table, warns of a name a rule took, and --require gates on it', async () => {
    const dir = scratchDir();
    writeFileSync(join(dir, 'u.csv'), CSV);
    const csv = await gacost([...RULES, 'usage', 'u.csv', '--format', 'csv', '--on', 'none'], { cwd: dir });
    const [header, ...rows] = csv.stdout
      .trimEnd()
      .split(/\r?\n/)
      .map((line) => line.split(','));
    const column = (row: string[] | undefined, name: string) => row?.[header?.indexOf(name) ?? -1];
    const azure = rows.find((row) => row[0] === 'azure/gpt-4o-mini');
    const openai = rows.find((row) => row[0] === 'openai/gpt-4o-mini');
    expect([
      column(azure, 'rule_records'),
      column(azure, 'exact_records'),
      column(azure, 'rule_cost_usd'),
      column(azure, 'cost_usd'),
    ]).toEqual(['1', '0', '0.000231', '0.000231']);
    expect([column(openai, 'exact_records'), column(openai, 'exact_tokens'), column(openai, 'rule_records')]).toEqual(['1', '1100', '0']);
    expect(csv.stderr).toContain(
      'gacost: warning: "my-4o-mini-azure" is priced as azure/gpt-4o-mini by its match rule and(contains 4o-mini, ends_with -azure)',
    );
    const table = await gacost([...RULES, 'usage', 'u.csv', '--on', 'none'], { cwd: dir });
    expect(table.stdout).toMatch(
      /Provenance: priced exactly: 47\.6% of spend \(1 record\); by a match rule: 52\.4% of\s+spend \(1 record\): my-4o-mini-azure as azure\/gpt-4o-mini/,
    );
    const exact = await gacost([...RULES, 'usage', 'u.csv', '--require', 'exact', '--on', 'none'], { cwd: dir });
    expect([exact.exitCode, exact.errorCode]).toEqual([2, 'provenance-below-required']);
    expect(exact.stdout).toContain('azure/gpt-4o-mini');
    expect(exact.stderr).toContain(
      'gacost: error: --require exact: 1 priced record, $0.000231 (52.381% of spend), is not priced exactly: my-4o-mini-azure as azure/gpt-4o-mini',
    );
    expect((await gacost([...RULES, 'usage', 'u.csv', '--require', 'rule', '--on', 'none'], { cwd: dir })).exitCode).toBe(0);
    expect((await gacost([...RULES, 'usage', 'u.csv', '--require', 'fuzzy'], { cwd: dir })).exitCode).toBe(2);
  });
});

const ADD_UP =
  'records whose token counts do not add up (cache reads and writes, or audio, image, video and reasoning tokens, above the total they are part of)';
const WHOLE = 'records with a token count that is not a whole number of 0 or more';
const TIME = 'records with a time that is not a plausible date';
const COST = 'records with a cost that is not a decimal number of 0 or more';
const TWICE = 'records that give one token count under two names with different values';

/** One good record, then a bad one: each refused with file:line and one line, or with --skip-bad counted. */
const good = '{"model":"gpt-4o","usage":{"prompt_tokens":1000,"completion_tokens":100}}';
const badLines: [name: string, line: string, reason: RegExp, counted: string][] = [
  ['a line that is not JSON', '{"model":"gpt-4o","usage":{"prompt_tokens":1', /^not valid JSON/, 'lines that are not valid JSON'],
  [
    'a negative token count',
    '{"model":"gpt-4o","usage":{"prompt_tokens":-5,"completion_tokens":1}}',
    /^usage\.prompt_tokens: -5 is not a whole number of tokens$/,
    'records with a token count that is not a whole number of 0 or more',
  ],
  [
    'a fractional token count',
    '{"model":"gpt-4o","usage":{"prompt_tokens":1.5,"completion_tokens":1}}',
    /^usage\.prompt_tokens: 1\.5 is not a whole number of tokens$/,
    'records with a token count that is not a whole number of 0 or more',
  ],
  [
    'a token count that is not a number',
    '{"model":"gpt-4o","usage":{"prompt_tokens":"12","completion_tokens":1}}',
    /^usage\.prompt_tokens: "12" is not a whole number of tokens$/,
    'records with a token count that is not a whole number of 0 or more',
  ],
  ['a missing model', '{"usage":{"prompt_tokens":10,"completion_tokens":1}}', /^model: missing/, 'records without a model'],
  [
    'cache reads above the input',
    '{"model":"gpt-4o","usage":{"prompt_tokens":10,"completion_tokens":1,"prompt_tokens_details":{"cached_tokens":20}}}',
    /^cache reads and writes \(20 tokens\) exceed all input \(10 tokens\)$/,
    ADD_UP,
  ],
  [
    'reasoning above the output',
    '{"model":"gpt-4o","usage":{"prompt_tokens":10,"completion_tokens":1,"completion_tokens_details":{"reasoning_tokens":50}}}',
    /^reasoning tokens \(50\) exceed all output \(1 tokens\)$/,
    ADD_UP,
  ],
  [
    'a token count that JSON.parse rounds to a whole number',
    '{"model":"gpt-4o","usage":{"prompt_tokens":0.99999999999999999,"completion_tokens":1}}',
    /^usage\.prompt_tokens: 0\.99999999999999999 is not a whole number of tokens$/,
    WHOLE,
  ],
  [
    'a token count that JSON.parse reads as Infinity',
    '{"model":"gpt-4o","usage":{"prompt_tokens":1,"completion_tokens":1e400}}',
    /^usage\.completion_tokens: 1e400 is too large to count exactly$/,
    WHOLE,
  ],
  [
    'a token count written with an exponent, quoted as written',
    '{"model":"gpt-4o","usage":{"prompt_tokens":1e20,"completion_tokens":1}}',
    /^usage\.prompt_tokens: 1e20 is too large to count exactly$/,
    WHOLE,
  ],
  [
    'a token count of 2^53, past exact counting',
    '{"model":"gpt-4o","usage":{"prompt_tokens":9007199254740992,"completion_tokens":1}}',
    /^usage\.prompt_tokens: 9007199254740992 is too large to count exactly$/,
    WHOLE,
  ],
  [
    'input counted under its chat and its Responses name, differently',
    '{"model":"gpt-4o","usage":{"prompt_tokens":10,"input_tokens":1000,"completion_tokens":1}}',
    /^usage\.prompt_tokens \(10\) and usage\.input_tokens \(1000\) both count the same tokens: which is it\?$/,
    TWICE,
  ],
  [
    'output counted under its chat and its Responses name, differently',
    '{"model":"gpt-4o","usage":{"prompt_tokens":10,"completion_tokens":1,"output_tokens":7}}',
    /^usage\.completion_tokens \(1\) and usage\.output_tokens \(7\) both count the same tokens: which is it\?$/,
    TWICE,
  ],
  [
    'a reported cost that is not a decimal',
    '{"model":"gpt-4o","usage":{"prompt_tokens":10,"completion_tokens":1,"cost":"abc"}}',
    /^usage\.cost: "abc" is not a decimal number$/,
    COST,
  ],
  [
    'a reported cost too large to sum',
    '{"model":"gpt-4o","cost":1e400,"usage":{"prompt_tokens":10,"completion_tokens":1}}',
    /^cost: 1e400 is not a decimal number$/,
    COST,
  ],
  [
    'a reported cost below 0',
    '{"model":"gpt-4o","cost":-1,"usage":{"prompt_tokens":10,"completion_tokens":1}}',
    /^cost: -1 is a cost below 0$/,
    COST,
  ],
  [
    'a Unix time in milliseconds',
    '{"model":"gpt-4o","created":1700000000000,"usage":{"prompt_tokens":10,"completion_tokens":1}}',
    /^created: 1700000000000 is not a plausible time: it counts milliseconds \(2023-11-14T22:13:20\.000Z\), and gacost reads a Unix time in seconds$/,
    TIME,
  ],
  [
    'a Unix time past any date, quoted as written',
    '{"model":"gpt-4o","created":1e20,"usage":{"prompt_tokens":10,"completion_tokens":1}}',
    /^created: 1e20 is not a plausible time: more than a year after the as-of date 2026-11-24$/,
    TIME,
  ],
  [
    'a time before 2000',
    '{"model":"gpt-4o","created_at":"1999-12-31T23:59:59Z","usage":{"prompt_tokens":10,"completion_tokens":1}}',
    /^created_at: "1999-12-31T23:59:59Z" is not a plausible time: before 2000$/,
    TIME,
  ],
  [
    'a time that Date.parse would guess',
    '{"model":"gpt-4o","created_at":"June 1","usage":{"prompt_tokens":10,"completion_tokens":1}}',
    /^created_at: "June 1" is not a date or a time$/,
    TIME,
  ],
  [
    'a time of a day no calendar has',
    '{"model":"gpt-4o","created_at":"2026-02-30T00:00:00Z","usage":{"prompt_tokens":10,"completion_tokens":1}}',
    /^created_at: "2026-02-30T00:00:00Z" is not a date or a time$/,
    TIME,
  ],
  [
    'a negative Unix time',
    '{"model":"gpt-4o","created":-5,"usage":{"prompt_tokens":10,"completion_tokens":1}}',
    /^created: -5 is not a date or a time$/,
    TIME,
  ],
];

const badCsv: [name: string, row: string, reason: RegExp, counted: string][] = [
  [
    'a negative token count',
    '2026-06-01,gpt-4o,-5,1',
    /^input_tokens: "-5" is not a whole number of tokens$/,
    'records with a token count that is not a whole number of 0 or more',
  ],
  [
    'a fractional token count',
    '2026-06-01,gpt-4o,1.5,1',
    /^input_tokens: "1\.5" is not a whole number of tokens$/,
    'records with a token count that is not a whole number of 0 or more',
  ],
  [
    'a token count of 2^53, past exact counting',
    '2026-06-01,gpt-4o,9007199254740992,1',
    /^input_tokens: "9007199254740992" is too large to count exactly$/,
    WHOLE,
  ],
  ['a missing model', '2026-06-01,,10,1', /^model: missing/, 'records without a model'],
  ['a date that is not one', 'June 1st,gpt-4o,10,1', /^date: "June 1st" is not a date or a time$/, TIME],
  ['a date no calendar has', '2026-04-31 23:59,gpt-4o,10,1', /^date: "2026-04-31 23:59" is not a date or a time$/, TIME],
  [
    'a Unix time in milliseconds',
    '1767225600000,gpt-4o,10,1',
    /^date: "1767225600000" is not a plausible time: it counts milliseconds \(2026-01-01T00:00:00\.000Z\), and gacost reads a Unix time in seconds$/,
    TIME,
  ],
  ['a row of too few fields', '2026-06-01,gpt-4o,10', /^3 fields where the header has 4$/, 'CSV rows that cannot be read'],
  ['a quote inside an unquoted field', '2026-06-01,gpt"4o,10,1', /^a quote inside unquoted field 2/, 'CSV rows that cannot be read'],
];

describe('gacost usage: bad input', () => {
  async function refusedThenCounted(file: string, content: string | Buffer, line: number, reason: RegExp, counted: string, records = 1) {
    const dir = scratchDir();
    writeFileSync(join(dir, file), content);
    const refused = await gacost(['usage', file], { cwd: dir });
    expect([refused.exitCode, refused.errorCode, refused.stdout]).toEqual([2, 'invalid-usage', '']);
    const prefix = `gacost: error: ${file}:${line}: `;
    expect(refused.stderr.startsWith(prefix), refused.stderr).toBe(true);
    expect(refused.stderr.endsWith('\n') && refused.stderr.split('\n').length).toBe(2);
    // The one line says that --skip-bad exists.
    const hint = '; --skip-bad skips and counts such records';
    expect(refused.stderr.slice(prefix.length, -1).endsWith(hint), refused.stderr).toBe(true);
    expect(refused.stderr.slice(prefix.length, -1 - hint.length)).toMatch(reason);
    const { run, json } = await usage([file, '--skip-bad'], { cwd: dir });
    expect(run.stderr).toContain(`gacost: warning: skipped ${countedPhrase(1, counted)} (${file}:${line})`);
    expect([json.totals.bad_records, json.totals.records]).toEqual([1, records]);
    // The source counts what stderr says, among its skipped lines and reasons.
    expect(json.sources).toMatchObject([
      { path: file, skipped: 1, bad_records: 1, skipped_reasons: [{ reason: counted, count: 1, bad: true }] },
    ]);
  }

  it.each(badLines)('JSON lines: %s', async (_, line, reason, counted) => {
    await refusedThenCounted('bad.jsonl', `${good}\n${line}\n`, 2, reason, counted);
  });

  it.each(badCsv)('CSV: %s', async (_, row, reason, counted) => {
    await refusedThenCounted('bad.csv', `date,model,input_tokens,output_tokens\n2026-06-01,gpt-4o,10,1\n${row}\n`, 3, reason, counted);
  });

  it('CSV: a reported cost below 0', async () => {
    await refusedThenCounted(
      'bad.csv',
      'date,model,input_tokens,output_tokens,cost\n2026-06-01,gpt-4o,10,1,0.5\n2026-06-01,gpt-4o,10,1,-1\n',
      3,
      /^cost: "-1" is a cost below 0$/,
      COST,
    );
  });

  it('check --usage refuses a first bad record in the same one line, which says that --skip-bad exists', async () => {
    const run = await gacost(['check', '--config', 'test/fixtures/budgets/actuals.yaml', '--usage', `${F}/bad/negative-tokens.csv`]);
    expect([run.exitCode, run.errorCode, run.stdout]).toEqual([2, 'invalid-usage', '']);
    expect(run.stderr).toBe(
      `gacost: error: ${F}/bad/negative-tokens.csv:3: input_tokens: "-1000" is not a whole number of tokens; --skip-bad skips and counts such records\n`,
    );
  });

  it('CSV: a row is named by the line it starts on, after a field with a newline inside', async () => {
    await refusedThenCounted(
      'bad.csv',
      'model,note,input_tokens,output_tokens\ngpt-4o,"two\nlines",10,1\ngpt-4o,x,-1,1\n',
      4,
      /^input_tokens: "-1"/,
      'records with a token count that is not a whole number of 0 or more',
    );
  });

  it('CSV: a quoted field not closed by the end of the file', async () => {
    await refusedThenCounted(
      'bad.csv',
      'model,input_tokens,output_tokens\ngpt-4o,10,1\n"gpt-4o,10,1\n',
      3,
      /^a quoted field is not closed before the end of the file$/,
      'CSV rows that cannot be read',
    );
  });

  it('a document: the bad result named by its line and place in the page', async () => {
    const page = readFileSync(join(ROOT, F, 'openai-usage.json'), 'utf8').replace('"input_tokens": 20000', '"input_tokens": -20000');
    await refusedThenCounted(
      'page.json',
      page,
      26,
      /^data\[0\]\.results\[1\]: input_tokens: -20000 is not a whole number of tokens$/,
      'records with a token count that is not a whole number of 0 or more',
    );
    const report = readFileSync(join(ROOT, F, 'anthropic-report.json'), 'utf8').replace('"model": "claude-haiku-4-5"', '"model": null');
    await refusedThenCounted(
      'report.json',
      report,
      19,
      /^data\[0\]\.results\[1\]: model: null \(the report is not grouped by model/,
      'records without a model',
      2,
    );
  });

  it('JSON lines whose first line is a comment or a run of NULs: that line is a bad record of the log, not a file of no usage', async () => {
    const record = JSON.stringify({ model: 'gpt-4o', usage: { prompt_tokens: 10, completion_tokens: 1 } });
    await refusedThenCounted(
      'app.jsonl',
      `# usage export (gateway v2)\n${record}\n`,
      1,
      /^not valid JSON/,
      'lines that are not valid JSON',
    );
    await refusedThenCounted(
      'app.jsonl',
      Buffer.concat([Buffer.alloc(4096), Buffer.from(`\n${record}\n`)]),
      1,
      /^not valid JSON/,
      'lines that are not valid JSON',
    );
    // In a folder too, where a file of no usage format is skipped: then named.
    const dir = scratchDir();
    mkdirSync(join(dir, 'rot'));
    writeFileSync(join(dir, 'rot/app-1.jsonl'), Buffer.concat([Buffer.alloc(64), Buffer.from(`${record}\n${record}\n`)]));
    writeFileSync(join(dir, 'rot/notes.log'), 'started\nstopped\n');
    const refused = await gacost(['usage', 'rot'], { cwd: dir });
    expect([refused.exitCode, refused.stderr.split(':').slice(0, 4)]).toEqual([2, ['gacost', ' error', ' rot/app-1.jsonl', '1']]);
    const { run, json } = await usage(['rot', '--skip-bad'], { cwd: dir });
    expect(json.totals.records).toBe(1);
    expect(run.stderr).toContain('skipped 1 line that is not valid JSON (rot/app-1.jsonl:1)');
    expect(run.stderr).toContain('skipped 1 file of no usage format gacost reads (rot/notes.log)');
  });

  it('JSON lines whose first line starts a document (`[`, `{`, `[1,2]`, `[` and NULs) but is none: a bad record, in a folder too', async () => {
    const record = JSON.stringify({ model: 'gpt-4o', usage: { prompt_tokens: 10, completion_tokens: 1 } });
    const dir = scratchDir();
    mkdirSync(join(dir, 'h'));
    writeFileSync(join(dir, 'h/app-1.jsonl'), `${record}\n`);
    for (const first of ['[', '{', '[1,2]', '["a"]', `[${'\0'.repeat(64)}`]) {
      writeFileSync(join(dir, 'h/app-2.jsonl'), `${first}\n${`${record}\n`.repeat(20)}`);
      const refused = await gacost(['usage', 'h', '--provider', 'openai'], { cwd: dir });
      expect([refused.exitCode, refused.stderr.split(':').slice(0, 4)], first).toEqual([2, ['gacost', ' error', ' h/app-2.jsonl', '1']]);
      const { run, json } = await usage(['h', '--provider', 'openai', '--skip-bad'], { cwd: dir });
      expect([json.totals.records, json.totals.bad_records], first).toEqual([21, 1]);
      expect(run.stderr, first).toContain('skipped 1 line that is not valid JSON (h/app-2.jsonl:1)');
    }
  });

  it('CSV: a stray quote costs its own row, not the rows after it', async () => {
    const rows = Array.from({ length: 50 }, (_, at) => `gpt-4o,1000,100,${at === 1 ? '"bob' : 'bob'}`);
    await refusedThenCounted(
      'stray.csv',
      `model,input_tokens,output_tokens,user\n${rows.join('\n')}\n`,
      3,
      /^a quoted field not closed on its line/,
      'CSV rows that cannot be read',
      49,
    );
  });

  it('CSV: stray quotes on adjacent rows count every row they cost, each at its line', async () => {
    const rows = [
      'gpt-4o,1000,100,ann',
      'gpt-4o,1000,100,"bob',
      'gpt-4o,1000,100,bob"x',
      'gpt-4o,1000,100,cy',
      'gpt-4o,1000,100,"dee',
      'gpt-4o,1000,100,"eve',
      'gpt-4o,1000,100,fay',
    ];
    const dir = scratchDir();
    writeFileSync(join(dir, 'stray.csv'), `model,input_tokens,output_tokens,user\n${rows.join('\n')}\n`);
    const { run, json } = await usage(['stray.csv', '--skip-bad'], { cwd: dir });
    expect(run.stderr).toContain(
      'gacost: warning: skipped 4 CSV rows that cannot be read (stray.csv:3, stray.csv:4, stray.csv:6, stray.csv:7)',
    );
    expect([json.totals.bad_records, json.totals.records]).toEqual([4, 3]);
  });

  it('a JSON document nested 100,000 deep is no usage log, not a crash', async () => {
    const dir = scratchDir();
    writeFileSync(join(dir, 'deep.json'), `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    const run = await gacost(['usage', 'deep.json'], { cwd: dir });
    expect([run.exitCode, run.errorCode]).toEqual([2, 'invalid-usage']);
    expect(run.stderr).toMatch(/^gacost: error: deep\.json: not a usage log gacost reads/);
  });

  it('JSON lines of pages: a line that is not JSON', async () => {
    const pages = readFileSync(join(ROOT, F, 'openai-usage-legacy.jsonl'), 'utf8');
    await refusedThenCounted('pages.jsonl', `${pages}{"object":"page",\n`, 3, /^not valid JSON$/, 'lines that are not valid JSON');
  });
});

describe('gacost usage: times, one parser for every format', () => {
  // Each quoted as the file writes it (1e20, not JavaScript's 100000000000000000000).
  // A time no format may take, in each format's own time field: a Unix time past any date, a text date Date.parse would guess.
  const cases: [file: string, content: string, reason: string][] = [
    [
      'a.jsonl',
      '{"type":"message","model":"claude-haiku-4-5","created_at":9e15,"usage":{"input_tokens":1,"output_tokens":1}}',
      'created_at: 9e15 is not a plausible time',
    ],
    [
      'projects/p/s.jsonl',
      '{"type":"assistant","sessionId":"s","timestamp":1e300,"message":{"id":"m","model":"claude-haiku-4-5","usage":{"input_tokens":1,"output_tokens":1}}}',
      'timestamp: 1e300 is not a plausible time',
    ],
    [
      'g.jsonl',
      '{"modelVersion":"gemini-2.5-flash","createTime":"12","usageMetadata":{"promptTokenCount":1}}',
      'createTime: "12" is not a date or a time',
    ],
    [
      'l.jsonl',
      '{"model":"gpt-4o","spend":0.1,"prompt_tokens":1,"completion_tokens":1,"startTime":1e20}',
      'startTime: 1e20 is not a plausible time',
    ],
    [
      'u.json',
      '{"object":"page","data":[{"start_time":1e20,"results":[{"object":"organization.usage.completions.result","model":"gpt-4o","input_tokens":1,"output_tokens":1,"num_model_requests":1}]}]}',
      'data[0].results[0]: start_time: 1e20 is not a plausible time',
    ],
    [
      'r.json',
      '{"data":[{"starting_at":"June 1","results":[{"model":"claude-haiku-4-5","uncached_input_tokens":1,"output_tokens":1}]}]}',
      'data[0].results[0]: starting_at: "June 1" is not a date or a time',
    ],
  ];
  it.each(cases)('%s: refused with file:line, exit 2, in one line', async (file, content, reason) => {
    const dir = scratchDir();
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), `${content}\n`);
    const run = await gacost(['usage', file], { cwd: dir });
    expect([run.exitCode, run.errorCode, run.stdout]).toEqual([2, 'invalid-usage', '']);
    expect(run.stderr).toMatch(
      new RegExp(`^gacost: error: ${file.replace(/[.[\]]/g, '\\$&')}:1: ${reason.replace(/[.()[\]+]/g, '\\$&')}[^\n]*\n$`),
    );
  });

  it('takes ISO dates and times with an offset, fractions and a space, as UTC days', async () => {
    const dir = scratchDir();
    const line = (time: string) =>
      `{"model":"gpt-4o","created_at":${JSON.stringify(time)},"usage":{"prompt_tokens":1,"completion_tokens":1}}`;
    writeFileSync(
      join(dir, 't.jsonl'),
      ['2026-06-01', '2026-06-01T23:30:00-02:00', '2026-02-28 09:20:46.847371', '2024-02-29T00:00:00.5Z'].map(line).join('\n'),
    );
    const run = await gacost(['usage', 't.jsonl', '--by', 'day', '--on', '', '--format', 'csv'], { cwd: dir });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(
      run.stdout
        .split('\n')
        .slice(1, -1)
        .map((row) => row.split(',')[0]),
    ).toEqual(['2024-02-29', '2026-02-28', '2026-06-01', '2026-06-02']);
  });

  it('the library refuses such a time as a GacostError, not a RangeError', async () => {
    const dir = scratchDir();
    writeFileSync(join(dir, 't.jsonl'), '{"model":"gpt-4o","created":1e20,"usage":{"prompt_tokens":1,"completion_tokens":1}}\n');
    const { usageReport } = await import('../../src/index.js');
    await expect(usageReport(['t.jsonl'], { cwd: dir, asOf: '2026-11-24' })).rejects.toMatchObject({
      code: 'invalid-usage',
      message: expect.stringMatching(/^t\.jsonl:1: created: 1e20 is not a plausible time/),
    });
  });
});

describe('gacost usage: records that contradict themselves', () => {
  it('refuses a CSV header that names one column twice', async () => {
    const dir = scratchDir();
    writeFileSync(join(dir, 'u.csv'), 'model,prompt_tokens,input_tokens,output_tokens\ngpt-4o,1000,5,100\n');
    writeFileSync(join(dir, 'l.csv'), 'model,spend,prompt_tokens,completion_tokens,response_cost\ngpt-4o,0.1,1,1,0.2\n');
    for (const [file, reason] of [
      ['u.csv', 'columns 2 and 3 ("prompt_tokens" and "input_tokens") both name input_tokens: which is it?'],
      ['l.csv', 'columns 2 and 5 ("spend" and "response_cost") both name spend: which is it?'],
    ]) {
      const run = await gacost(['usage', file as string, '--skip-bad'], { cwd: dir });
      expect([run.exitCode, run.stdout, run.stderr]).toEqual([2, '', `gacost: error: ${file}:1: the CSV header: ${reason}\n`]);
    }
  });

  it('Claude Code: responses without an id each count, whatever ids the others have', async () => {
    const dir = scratchDir();
    mkdirSync(join(dir, 'projects/p1'), { recursive: true });
    const line = (id: string | undefined, input: number, output: number) =>
      JSON.stringify({
        type: 'assistant',
        sessionId: 's1',
        timestamp: '2026-11-01T00:00:00Z',
        message: { ...(id === undefined ? {} : { id }), model: 'claude-haiku-4-5', usage: { input_tokens: input, output_tokens: output } },
      });
    writeFileSync(join(dir, 'projects/p1/s1.jsonl'), [line(undefined, 1000, 100), line('line 0', 5, 500), line('msg_a', 7, 1)].join('\n'));
    const { json } = await usage(['projects', '--on', ''], { cwd: dir });
    expect([json.totals.records, json.totals.input_tokens, json.sources[0]?.duplicates]).toEqual([3, 1012, 0]);
  });
});

describe('gacost usage: files, links and streams', () => {
  const log = () => readFileSync(join(ROOT, F, 'openai.jsonl'));

  it('never writes --out-file over a usage source: one named, one in a folder, for usage, check --usage and --from-usage', async () => {
    const dir = scratchDir();
    mkdirSync(join(dir, 'logs'));
    writeFileSync(join(dir, 'log.jsonl'), log());
    writeFileSync(join(dir, 'logs/a.jsonl'), log());
    writeFileSync(
      join(dir, 'b.yaml'),
      'version: 1\nworkloads:\n  - name: all\n    model: gpt-4o\n    tokens: 1M\n    budget: 100\n    usage: {provider: openai}\n',
    );
    for (const args of [
      ['usage', 'log.jsonl', '--format', 'csv', '--out-file', 'log.jsonl'],
      ['usage', 'logs', '--out-file', 'logs/a.jsonl'],
      ['check', '--config', 'b.yaml', '--usage', 'logs', '--out-file', 'logs/a.jsonl'],
      ['forecast', '--from-usage', 'log.jsonl', '--growth', '0%/mo', '--months', '2', '--model', 'gpt-4o', '--out-file', 'log.jsonl'],
    ]) {
      const run = await gacost(args, { cwd: dir });
      const named = args.at(-1) as string;
      expect([run.exitCode, run.errorCode, run.stderr], args.join(' ')).toEqual([
        2,
        'output-is-input',
        `gacost: error: will not write "${named}": it is the usage file "${named}" that this command reads\n`,
      ]);
    }
    expect(readFileSync(join(dir, 'log.jsonl'))).toEqual(log());
    expect(readFileSync(join(dir, 'logs/a.jsonl'))).toEqual(log());
  });

  it('follows symbolic links in a folder, refuses a loop of them, and reads a FIFO as a stream', async () => {
    const dir = scratchDir();
    mkdirSync(join(dir, 's/real'), { recursive: true });
    mkdirSync(join(dir, 'elsewhere'));
    writeFileSync(join(dir, 's/real/a.jsonl'), log());
    writeFileSync(join(dir, 'elsewhere/b.jsonl'), log());
    writeFileSync(join(dir, 'out.jsonl'), log());
    symlinkSync(join(dir, 'out.jsonl'), join(dir, 's/link.jsonl'));
    symlinkSync(join(dir, 'elsewhere'), join(dir, 's/linkdir'));
    execFileSync('mkfifo', [join(dir, 's/pipe.jsonl')]);
    const writing = writeFile(join(dir, 's/pipe.jsonl'), log());
    const { json } = await usage(['s', '--on', ''], { cwd: dir });
    await writing;
    expect(json.sources.map((source) => [source.path, source.records])).toEqual([
      ['s/link.jsonl', 3],
      ['s/linkdir/b.jsonl', 3],
      ['s/pipe.jsonl', 3],
      ['s/real/a.jsonl', 3],
    ]);
    // A FIFO is read once, by its writer's run.
    rmSync(join(dir, 's/pipe.jsonl'));
    symlinkSync('..', join(dir, 's/real/up'));
    const loop = await gacost(['usage', 's'], { cwd: dir });
    expect([loop.exitCode, loop.stderr]).toEqual([
      2,
      'gacost: error: cannot read usage folder s/real/up: a symbolic link that leads back to a folder it is in (a loop)\n',
    ]);
  });

  it('reads a file reached twice (named twice, or through a folder and a link) once, and says so', async () => {
    const dir = scratchDir();
    mkdirSync(join(dir, 'd'));
    writeFileSync(join(dir, 'd/x.jsonl'), log());
    symlinkSync(join(dir, 'd/x.jsonl'), join(dir, 'l.jsonl'));
    const { run, json } = await usage(['d', 'd/x.jsonl', 'l.jsonl', 'd'], { cwd: dir });
    expect(json.totals.records).toBe(3);
    expect(run.stderr).toContain(
      'gacost: warning: skipped 3 files read already (named twice, or reached again through a folder, a link or standard input) (d/x.jsonl, l.jsonl, d/x.jsonl)\n',
    );
  });

  it('records standard input redirected from a usage file: never an --out-file, and read once with the file named', async () => {
    const dir = scratchDir();
    mkdirSync(join(dir, 'd'));
    writeFileSync(join(dir, 'in.jsonl'), log());
    writeFileSync(join(dir, 'd/x.jsonl'), log());
    writeFileSync(
      join(dir, 'b.yaml'),
      'version: 1\nworkloads:\n  - name: all\n    model: gpt-4o\n    tokens: 1M\n    budget: 100\n    usage: {provider: openai}\n',
    );
    // As a shell's `< file`: the file's bytes, on a descriptor of the file.
    const redirected = async (file: string, args: string[]) => {
      const fd = openSync(join(dir, file), 'r');
      let stderr = '';
      let stdout = '';
      const outcome = await main(['node', 'gacost', ...args], {
        env: { GACOST_AS_OF: AS_OF },
        cwd: dir,
        stdout: (text) => (stdout += text),
        stderr: (text) => (stderr += text),
        stdoutIsTerminal: async () => false,
        stdin: () => Object.assign(Readable.from([readFileSync(join(dir, file))]), { fd }),
      }).finally(() => closeSync(fd));
      return { exitCode: outcome.exitCode, stdout, stderr };
    };
    const refusal = 'gacost: error: will not write "in.jsonl": it is the usage file "- (standard input)" that this command reads\n';
    for (const args of [
      ['usage', '-', '--format', 'csv', '--out-file', 'in.jsonl'],
      ['check', '--config', 'b.yaml', '--usage', '-', '--out-file', 'in.jsonl'],
      ['forecast', '--from-usage', '-', '--growth', '0%/mo', '--months', '2', '--model', 'gpt-4o', '--out-file', 'in.jsonl'],
    ]) {
      const run = await redirected('in.jsonl', args);
      expect([run.exitCode, run.stderr], args.join(' ')).toEqual([2, refusal]);
    }
    expect(readFileSync(join(dir, 'in.jsonl'))).toEqual(log());
    for (const args of [
      ['usage', '-', 'd/x.jsonl'],
      ['usage', 'd/x.jsonl', '-'],
    ]) {
      const twice = await redirected('d/x.jsonl', [...args, '--format', 'json']);
      expect(JSON.parse(twice.stdout).totals.records, args.join(' ')).toBe(3);
      expect(twice.stderr).toContain(
        'skipped 1 file read already (named twice, or reached again through a folder, a link or standard input)',
      );
    }
  });

  it('reads a gzip from a FIFO (as a pipe path such as /dev/fd/63) as one stream, like standard input', async () => {
    const dir = scratchDir();
    execFileSync('mkfifo', [join(dir, 'p.jsonl.gz')]);
    const writing = writeFile(join(dir, 'p.jsonl.gz'), gzipSync(log()));
    const { json } = await usage(['p.jsonl.gz', '--on', ''], { cwd: dir });
    await writing;
    expect(json.sources.map((source) => [source.path, source.format, source.records])).toEqual([['p.jsonl.gz', 'openai', 3]]);
  });

  it('drops a UTF-8 byte-order mark, and refuses UTF-16 by name', async () => {
    const dir = scratchDir();
    writeFileSync(join(dir, 'bom.jsonl'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), log()]));
    expect((await usage(['bom.jsonl', '--from', 'openai'], { cwd: dir })).json.totals.records).toBe(3);
    const text = log().toString('utf8');
    writeFileSync(join(dir, 'le.jsonl'), Buffer.from(`\uFEFF${text}`, 'utf16le'));
    writeFileSync(join(dir, 'no-bom.jsonl'), Buffer.from(text, 'utf16le'));
    for (const file of ['le.jsonl', 'no-bom.jsonl']) {
      const run = await gacost(['usage', file, '--skip-bad'], { cwd: dir });
      expect([run.exitCode, run.stderr]).toEqual([
        2,
        `gacost: error: ${file}: UTF-16 text, which gacost does not read: convert it to UTF-8 (iconv -f UTF-16 -t UTF-8)\n`,
      ]);
    }
  });

  it('refuses UTF-32 and zstd by name', async () => {
    const dir = scratchDir();
    const text = log().toString('utf8');
    const utf32le = Buffer.alloc(text.length * 4);
    for (let at = 0; at < text.length; at += 1) utf32le.writeUInt32LE(text.charCodeAt(at), at * 4);
    writeFileSync(join(dir, 'le.jsonl'), Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), utf32le]));
    writeFileSync(join(dir, 'no-bom.jsonl'), utf32le);
    for (const file of ['le.jsonl', 'no-bom.jsonl']) {
      const run = await gacost(['usage', file], { cwd: dir });
      expect([run.exitCode, run.stderr]).toEqual([
        2,
        `gacost: error: ${file}: UTF-32 text, which gacost does not read: convert it to UTF-8 (iconv -f UTF-32 -t UTF-8)\n`,
      ]);
    }
    writeFileSync(join(dir, 'u.csv.zst'), Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x04, 0x58, 0x45, 0x00, 0x00, 0x10, 0x22, 0x61]));
    const zstd = await gacost(['usage', 'u.csv.zst'], { cwd: dir });
    expect([zstd.exitCode, zstd.stderr]).toEqual([
      2,
      'gacost: error: u.csv.zst: zstd-compressed: gacost reads gzip (.gz); decompress it first\n',
    ]);
  });

  it('says a truncated or corrupt gzip is so, and standard input a directory', async () => {
    const dir = scratchDir();
    writeFileSync(join(dir, 't.jsonl.gz'), gzipSync(log()).subarray(0, 60));
    const truncated = await gacost(['usage', 't.jsonl.gz'], { cwd: dir });
    expect(truncated.stderr).toBe(
      'gacost: error: cannot read usage t.jsonl.gz: a truncated gzip (it ends before its compressed data does)\n',
    );
    const gzipped = gzipSync(log());
    const crc = Buffer.from(gzipped);
    crc.writeUInt8((crc.at(-8) as number) ^ 0xff, crc.length - 8);
    const corrupt =
      'gacost: error: cannot read usage c.jsonl.gz: a corrupt gzip (its compressed data, checksum or end is not what gzip writes)\n';
    for (const bytes of [crc, Buffer.concat([gzipped, Buffer.from('garbage after the end')])]) {
      writeFileSync(join(dir, 'c.jsonl.gz'), bytes);
      const run = await gacost(['usage', 'c.jsonl.gz'], { cwd: dir });
      expect([run.exitCode, run.stderr]).toEqual([2, corrupt]);
    }
    let stderr = '';
    const directory = openSync(dir, 'r');
    const outcome = await main(['node', 'gacost', 'usage', '-'], {
      env: { GACOST_AS_OF: AS_OF },
      cwd: dir,
      stdout: () => undefined,
      stderr: (text) => (stderr += text),
      stdoutIsTerminal: async () => false,
      stdin: () => Object.assign(Readable.from([]), { fd: directory }),
    }).finally(() => closeSync(directory));
    expect([outcome.exitCode, stderr]).toEqual([2, 'gacost: error: cannot read usage -: standard input is a directory, not a file\n']);
  });
});

describe('gacost usage: text from usage logs never forms a GitHub workflow command', () => {
  /** A line the Actions runner reads as a command: `::` after leading whitespace, or `##[` anywhere. */
  const COMMAND_LINE = /^\s*::|##\[/;
  const record = (fields: Record<string, unknown>) =>
    JSON.stringify({ created: 1796169600, usage: { prompt_tokens: 1000, completion_tokens: 10 }, ...fields });

  it('in tables, wrapped notes, Markdown, JSON and stderr, whatever a model or user field holds', async () => {
    const dir = scratchDir();
    const names = [
      ...hostileNames('pwned'),
      `::error::Forged_annotation_from_a_usage_log_model_name_${'X'.repeat(40)}`,
      'a ::error::mid-name',
      '\t::warning::after a tab',
    ];
    const log = names.flatMap((name) => [record({ model: name }), record({ model: 'gpt-4o', user: name })]);
    writeFileSync(join(dir, 'gh.jsonl'), `${log.join('\n')}\n`);
    writeFileSync(
      join(dir, 'b100.yaml'),
      'version: 1\nworkloads:\n  - name: all\n    model: gpt-4o\n    tokens: 1M\n    budget: 0.001\n    usage: {provider: openai}\n',
    );
    const runs = [
      ...['table', 'markdown', 'json'].map((format) => [
        '--as-of',
        '2026-12-05',
        'usage',
        'gh.jsonl',
        '--provider',
        'openai',
        '--on',
        '',
        '--by',
        'user,model',
        '--format',
        format,
      ]),
      ['--as-of', '2026-12-05', 'check', '--config', 'b100.yaml', '--usage', 'gh.jsonl', '--provider', 'openai', '--github'],
    ];
    for (const args of runs) {
      const run = await gacost(args, { cwd: dir, env: { COLUMNS: '60' } });
      expect(run.exitCode, `${args.join(' ')}: ${run.stderr}`).toBeLessThan(2);
      expect(
        run.stdout.split('\n').filter((line) => COMMAND_LINE.test(line)),
        args.join(' '),
      ).toEqual([]);
      // gacost's own annotation (its budget notice) is the one command on stderr.
      const own = /^::(error|warning) title=gacost budget(,file=[^:,]+,line=\d+)?::/;
      expect(
        run.stderr
          .split('\n')
          .filter((line) => COMMAND_LINE.test(line) && (!own.test(line) || line.includes('##[') || /\s::/.test(line.replace(own, '')))),
      ).toEqual([]);
    }
  });

  it('escapes the characters that would start one, wherever a word lands', () => {
    expect(escapeControls('::error::x')).toBe('\\x3a:error::x');
    expect(escapeControls('a ::b  ##[error] arn:aws:bedrock:us-east-1::model')).toBe(
      'a \\x3a:b  ##\\x5berror] arn:aws:bedrock:us-east-1::model',
    );
    expect(escapeControls('\u202egnp.exe\u2028')).toBe('\\u202egnp.exe\\u2028');
  });
});

describe('gacost usage: text beyond ASCII', () => {
  it('keeps the UTF-8 of names and group fields exactly, in JSON lines and in CSV', async () => {
    const lines = [
      JSON.stringify({
        model: 'gpt-4o',
        user: 'zoë 中文 🙂',
        usage: { prompt_tokens: 10, completion_tokens: 1 },
        choices: [{ message: { content: 'naïve \u2028 "quoted" \\ text' } }],
      }),
      JSON.stringify({ model: 'gpt-4o', user: 'zoë 中文 🙂', usage: { prompt_tokens: 5, completion_tokens: 2 } }),
    ].join('\n');
    const json = await gacost(['usage', '-', '--provider', 'openai', '--by', 'user', '--format', 'json'], { stdin: `${lines}\n` });
    expect(JSON.parse(json.stdout).rows.map((row: { user: string; records: number }) => [row.user, row.records])).toEqual([
      ['zoë 中文 🙂', 2],
    ]);
    const csv = await gacost(['usage', '-', '--by', 'project', '--format', 'json'], {
      stdin: 'model,input_tokens,output_tokens,project\ngpt-4o,10,1,Café ☕\n',
    });
    expect(JSON.parse(csv.stdout).rows.map((row: { project: string }) => row.project)).toEqual(['Café ☕']);
  });

  it('keeps characters written as JSON escapes (as Python writes them), beside the same written out', async () => {
    const line = (user: string) => `{"model":"gpt-4o","user":"${user}","usage":{"prompt_tokens":10,"completion_tokens":1}}`;
    const users = ['Jos\\u00e9', 'Jos\\u00fa', 'José', '\\u4e2d\\u00e9', '\\ud83d\\ude00', 'a\\\\u00e9', 'lone \\ud800'];
    const run = await gacost(['usage', '-', '--provider', 'openai', '--by', 'user', '--sort', 'key', '--format', 'json'], {
      stdin: `${users.map(line).join('\n')}\n`,
    });
    expect(JSON.parse(run.stdout).rows.map((row: { user: string; records: number }) => [row.user, row.records])).toEqual([
      ['José', 2],
      ['Josú', 1],
      ['a\\u00e9', 1],
      ['lone \uFFFD', 1],
      ['中é', 1],
      ['😀', 1],
    ]);
  });
});

/** CSV lines as records of their header's fields (the fixtures' cells hold no comma or quote). */
function csvRecords(text: string): Record<string, string>[] {
  const [header = '', ...lines] = text.trimEnd().split('\n');
  const fields = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, at) => [fields[at] ?? '', cell])));
}

/**
 * test/fixtures/usage/skipped/ (see its README row): a file of OpenAI lines with a line of no usage,
 * a record without a model and a line that is not JSON; a CSV file with a row without a model and one
 * with a bad token count. Costs: 2026-01-01 $0.0035 + $0.00035, 2026-01-02 $0.051, undated $0.0021 + $0.0025.
 */
const SKIPPED = `${F}/skipped`;

describe('gacost usage: counts, undated records, order and re-pricing alike in every format', () => {
  it('gives the same skipped counts and reasons per source in JSON, CSV (--table sources, --table skipped), the table and stderr', async () => {
    const { run, json } = await usage([SKIPPED, '--skip-bad']);
    const stderr = [...run.stderr.matchAll(/^gacost: warning: skipped (.+) \(/gm)].map((match) => match[1]).sort();
    expect(stderr).toEqual([
      '1 line that is not valid JSON',
      '1 record with a token count that is not a whole number of 0 or more',
      '2 records without a model',
    ]);
    const fromJson = new Map<string, number>();
    for (const source of json.sources)
      for (const entry of source.skipped_reasons)
        if (entry.bad) fromJson.set(entry.reason, (fromJson.get(entry.reason) ?? 0) + entry.count);
    expect([...fromJson].map(([reason, count]) => countedPhrase(count, reason)).sort()).toEqual(stderr);
    expect(json.sources.map((source) => [source.path, source.skipped, source.bad_records])).toEqual([
      [`${SKIPPED}/openai-mixed.jsonl`, 3, 2],
      [`${SKIPPED}/usage.csv`, 2, 2],
    ]);
    expect(json.totals.bad_records).toBe(4);
    const sources = await gacost(['usage', SKIPPED, '--skip-bad', '--format', 'csv', '--table', 'sources']);
    expect(csvRecords(sources.stdout).map((row) => [row.path, Number(row.records), Number(row.skipped), Number(row.bad_records)])).toEqual(
      json.sources.map((source) => [source.path, source.records, source.skipped, source.bad_records]),
    );
    const skipped = await gacost(['usage', SKIPPED, '--skip-bad', '--format', 'csv', '--table', 'skipped']);
    expect(csvRecords(skipped.stdout).map((row) => [row.path, row.reason, row.bad, Number(row.count)])).toEqual(
      json.sources.flatMap((source) => source.skipped_reasons.map((entry) => [source.path, entry.reason, String(entry.bad), entry.count])),
    );
    const table = await gacost(['usage', SKIPPED, '--skip-bad', '--wide']);
    expect(table.stdout).toContain(
      `Unreadable records skipped (--skip-bad): 2 records without a model (1 in ${SKIPPED}/openai-mixed.jsonl, 1 in ${SKIPPED}/usage.csv);`,
    );
  });

  it('--by day, week or month gives undated records the key "undated", in JSON and CSV; time order by default, --sort cost by cost', async () => {
    for (const [by, keys] of [
      ['day', ['2026-01-01', '2026-01-02', 'undated']],
      ['week', ['2026-W01', 'undated']],
      ['month', ['2026-01', 'undated']],
    ] as const) {
      const { json } = await usage([SKIPPED, '--skip-bad', '--by', by]);
      expect(json.rows.map((row) => row[by])).toEqual(keys);
      const csv = await gacost(['usage', SKIPPED, '--skip-bad', '--by', by, '--format', 'csv']);
      expect(csvRecords(csv.stdout).map((row) => row[by])).toEqual(keys);
    }
    const byCost = await usage([SKIPPED, '--skip-bad', '--by', 'day', '--sort', 'cost']);
    expect(byCost.json.rows.map((row) => [row.day, row.cost_usd])).toEqual([
      ['2026-01-02', 0.051],
      ['undated', 0.0046],
      ['2026-01-01', 0.00385],
    ]);
    const markdown = await gacost(['usage', SKIPPED, '--skip-bad', '--by', 'day', '--sort', 'cost', '--format', 'markdown']);
    expect([...markdown.stdout.matchAll(/^\| (2026-\d\d-\d\d|undated) \|/gm)].map((match) => match[1])).toEqual([
      '2026-01-02',
      'undated',
      '2026-01-01',
    ]);
  });

  it('says that the re-pricing on the catalog default candidates was not asked for, in JSON, CSV (--table repriced) and the table; --on none leaves it out', async () => {
    const unasked = await usage([`${F}/usage.csv`]);
    expect(unasked.json.repriced.map((line) => [line.candidate, line.asked])).toEqual([['global-api/deepseek-v4-flash', false]]);
    const table = await gacost(['usage', `${F}/usage.csv`, '--wide']);
    expect(table.stdout).toContain(
      "What-if, not asked for: the same traffic (3 priced records, $0.41) on the catalog's default candidates via Global API",
    );
    const asked = await usage([`${F}/usage.csv`, '--on', 'gpt-4o-mini']);
    expect(asked.json.repriced.map((line) => [line.candidate, line.asked])).toEqual([['openai/gpt-4o-mini', true]]);
    const csv = await gacost(['usage', `${F}/usage.csv`, '--format', 'csv', '--table', 'repriced']);
    expect(csvRecords(csv.stdout)).toEqual(
      unasked.json.repriced.map((line) => ({
        candidate: line.candidate,
        asked: 'false',
        cost_usd: String(line.cost_usd),
        observed_cost_usd: String(line.observed_cost_usd),
        savings_usd: String(line.savings_usd),
        savings_pct: String(line.savings_pct),
      })),
    );
    const none = await usage([`${F}/usage.csv`, '--on', 'none']);
    expect(none.json.repriced).toEqual([]);
    expect((await gacost(['usage', `${F}/usage.csv`, '--on', 'none'])).stdout).not.toContain('Re-priced on');
    for (const args of [
      ['--on', 'none,gpt-4o'],
      ['--on', 'none', '--format', 'csv', '--table', 'repriced'],
      ['--table', 'sources'],
      ['--table', 'sources', '--format', 'json'],
    ]) {
      const refused = await gacost(['usage', `${F}/usage.csv`, ...args]);
      expect([refused.exitCode, refused.errorCode, refused.stdout], args.join(' ')).toEqual([2, 'invalid-option', '']);
    }
  });
});

describe('gacost usage: a routing mix', () => {
  it("re-prices on a mix as compare does: its parts in JSON as compare's assumptions.mix, its cost each model's weighted by its share", async () => {
    const args = ['examples/usage-openai.jsonl', '--provider', 'openai'];
    const { json } = await usage([...args, '--on', 'deepseek-v4-flash', '--on', 'qwen3-32b', '--mix', 'deepseek-v4-flash=80,qwen3-32b=20']);
    const [flash, qwen, mix] = json.repriced;
    const compared = JSON.parse(
      (await gacost(['compare', '--tokens', '1M', '--mix', 'deepseek-v4-flash=80,qwen3-32b=20', '--format', 'json'])).stdout,
    );
    expect(mix).toMatchObject({ candidate: 'mix', mix: compared.assumptions.mix });
    expect([flash?.mix, qwen?.mix]).toEqual([null, null]);
    // Exact shares: 80% of the traffic's cost on one and 20% of its cost on the other (in femto-USD, rounded once).
    const femto = (usd: number | undefined) => parseDecimal(String(usd), 15) as bigint;
    expect(femto(mix?.cost_usd)).toBe(divideRounded(femto(flash?.cost_usd) * 80n + femto(qwen?.cost_usd) * 20n, 100n));
    const csv = await gacost(['usage', ...args, '--mix', 'deepseek-v4-flash=80,qwen3-32b=20', '--format', 'csv', '--table', 'repriced']);
    expect(csv.stdout.split('\n')[1]).toMatch(/^"mix global-api\/deepseek-v4-flash=80%,global-api\/qwen3-32b=20%",true,/);
  });
});
