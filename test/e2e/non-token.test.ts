import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CompareJson, UsageJson } from '../../src/output/contract.js';
import { gacost, ROOT, scratchDir } from '../support/gacost.js';

/**
 * Prices not by the token, on test/fixtures/catalogs/non-token.yaml: acme/searcher 3 / 15 per 1M and
 * $10 per 1,000 web searches; acme/sonar 1 / 1, reasoning 3, $12 per 1,000 requests; acme/filer 2 / 8
 * and $2.50 per 1,000 file searches, which no log carries; acme/plain 3 / 15.
 */
const CATALOG = join(ROOT, 'test/fixtures/catalogs/non-token.yaml');

const anthropic = (model: string, searches: number | null) =>
  JSON.stringify({
    type: 'message',
    model,
    created_at: '2026-11-02T10:00:00Z',
    usage: {
      input_tokens: 1000,
      cache_read_input_tokens: 0,
      output_tokens: 100,
      ...(searches === null ? {} : { server_tool_use: { web_search_requests: searches } }),
    },
  });

async function usage(files: Record<string, string>, ...flags: string[]): Promise<{ json: UsageJson; csv: string; table: string }> {
  const dir = scratchDir();
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), `${text}\n`);
  const run = (format: string) =>
    gacost(['usage', ...Object.keys(files), '--catalog', CATALOG, '--on', 'none', ...flags, '--format', format], { cwd: dir });
  const [json, csv, table] = await Promise.all([run('json'), run('csv'), run('table')]);
  for (const each of [json, csv, table]) expect(each.exitCode, each.stderr).toBe(0);
  return { json: JSON.parse(json.stdout) as UsageJson, csv: csv.stdout, table: table.stdout };
}

describe('charges not by the token', () => {
  it('prices the web searches an Anthropic record ran at its model price per 1,000: 3 searches at $10/1K cost $0.03 more', async () => {
    const { json, csv, table } = await usage(
      { 'searched.jsonl': anthropic('searcher', 3), 'none.jsonl': anthropic('plain', null) },
      '--by',
      'model',
    );
    // Tokens alike: 1,000 × 3 + 100 × 15 = 4,500 femto-USD per token unit → $0.0045 each; the searches $0.03.
    expect(json.rows.map((row) => [row.model, row.web_searches, row.cost_usd])).toEqual([
      ['acme/searcher', 3, 0.0345],
      ['acme/plain', 0, 0.0045],
    ]);
    expect(json.totals.web_searches).toBe(3);
    expect(json.totals.cost_usd).toBe(0.039);
    // Every record carried its count (none, for the record without server_tool_use): nothing left out, nothing said.
    expect(json.assumptions.map((entry) => entry.code)).not.toContain('charges-not-carried');
    expect(csv.split('\n')[0]).toBe(
      'model,log_models,records,requests,input_tokens,cached_input_tokens,cache_write_tokens,output_tokens,web_searches,cost_usd,reported_cost_usd,exact_records,exact_tokens,exact_cost_usd,rule_records,rule_tokens,rule_cost_usd,assumed_records,assumed_tokens,assumed_cost_usd,provenance',
    );
    expect(csv.split('\n')[1]).toMatch(/^acme\/searcher,searcher,1,1,1000,0,0,100,3,0.0345,/);
    expect(table).toMatch(/│ Searches │/); // "Web searches" short, to fit 80 columns
  });

  it('has no web search field or column where no record ran one', async () => {
    const { json, csv } = await usage({ 'none.jsonl': anthropic('searcher', 0) });
    expect(json.totals.web_searches).toBeUndefined();
    expect(json.rows[0]).not.toHaveProperty('web_searches');
    expect(csv.split('\n')[0]).not.toMatch(/web_searches/);
    expect(json.totals.cost_usd).toBe(0.0045);
  });

  it('charges a price per request on each request, and reasoning tokens at their own price', async () => {
    const line = (reasoning: number) =>
      JSON.stringify({
        model: 'sonar',
        created: 1793700000,
        usage: { prompt_tokens: 1000, completion_tokens: 500, completion_tokens_details: { reasoning_tokens: reasoning } },
      });
    const { json } = await usage({ 'sonar.jsonl': [line(200), line(0)].join('\n') });
    // 2 × (1,000 × 1) + (300 × 1 + 200 × 3) + 500 × 1 = 3,400 → $0.0034; 2 requests at $12/1K: $0.024.
    expect(json.totals.cost_usd).toBe(0.0274);
    // A CSV row that sums 5 requests pays for 5.
    const csv = await usage({ 'sum.csv': 'model,requests,input_tokens,output_tokens\nsonar,5,1000,0' });
    expect(csv.json.totals.cost_usd).toBe(0.061);
  });

  it('says, once and in every format, that charges a log cannot carry are not included', async () => {
    const chat = (model: string) => JSON.stringify({ model, created: 1793700000, usage: { prompt_tokens: 1000, completion_tokens: 100 } });
    const { json, csv, table } = await usage({ 'chat.jsonl': [chat('filer'), chat('searcher'), chat('filer')].join('\n') });
    const texts = json.assumptions.filter((entry) => entry.code === 'charges-not-carried').map((entry) => entry.text);
    expect(texts).toEqual([
      'acme/searcher also charges for web searches, which these logs do not carry: such charges are not included',
      'acme/filer also charges for file searches, which these logs do not carry: such charges are not included',
    ]);
    // The table names the model; JSON gives its id.
    expect(table.replace(/\s+/g, ' ')).toContain(
      'Filer via Acme also charges for file searches, which these logs do not carry: such charges are not included',
    );
    expect(csv).not.toMatch(/web_searches/);
  });

  it('counts the web_search_call items of a whole Responses body', async () => {
    const body = {
      model: 'searcher',
      created_at: 1793700000,
      output: [{ type: 'web_search_call' }, { type: 'message' }, { type: 'web_search_call' }],
      usage: { input_tokens: 1000, output_tokens: 100 },
    };
    const { json } = await usage({ 'responses.jsonl': JSON.stringify(body) });
    expect([json.totals.web_searches, json.totals.cost_usd]).toEqual([2, 0.0245]);
    expect(json.assumptions).toEqual([]);
  });

  it("counts an Anthropic usage object's web searches in a bare {model, usage} line", async () => {
    const line = {
      model: 'searcher',
      created_at: '2026-11-02T10:00:00Z',
      usage: { input_tokens: 1000, output_tokens: 100, server_tool_use: { web_search_requests: 3 } },
    };
    const { json } = await usage({ 'proxy.jsonl': JSON.stringify(line) }, '--provider', 'acme');
    expect([json.totals.web_searches, json.totals.cost_usd]).toEqual([3, 0.0345]);
  });

  it('says the web searches a log carries on a model with no web-search price are not in the cost, also in a re-pricing', async () => {
    const { json } = await usage({ 'plain.jsonl': anthropic('plain', 1000) }, '--provider', 'acme');
    expect(json.totals.cost_usd).toBe(0.0045);
    expect(json.assumptions.map((entry) => entry.text)).toContain(
      '1,000 web searches ran on acme/plain, which has no web-search price in the catalog: they are not in the cost',
    );
    const dir = scratchDir();
    writeFileSync(join(dir, 'searcher.jsonl'), `${anthropic('searcher', 1000)}\n`);
    const repriced = await gacost(
      ['usage', 'searcher.jsonl', '--catalog', CATALOG, '--provider', 'acme', '--on', 'acme/plain', '--format', 'json'],
      { cwd: dir },
    );
    expect(JSON.parse(repriced.stdout).assumptions.map((entry: { text: string }) => entry.text)).toContain(
      'in the re-pricing (a what-if), web searches ran on acme/plain, which has no web-search price in the catalog: they are not in the cost',
    );
  });

  it("reads Perplexity's reasoning tokens at the top of usage, and refuses counts a record gives twice with different values", async () => {
    const line = (usage: object) =>
      JSON.stringify({
        model: 'sonar',
        created_at: '2026-11-02T10:00:00Z',
        usage: { prompt_tokens: 1000, completion_tokens: 1000, ...usage },
      });
    const top = await usage({ 'top.jsonl': line({ reasoning_tokens: 500 }) }, '--provider', 'acme');
    const nested = await usage({ 'nested.jsonl': line({ completion_tokens_details: { reasoning_tokens: 500 } }) }, '--provider', 'acme');
    expect([top.json.totals.cost_usd, nested.json.totals.cost_usd]).toEqual([0.015, 0.015]);
    const dir = scratchDir();
    const bad = {
      'twice.jsonl': line({ num_search_queries: 1, server_tool_use: { web_search_requests: 50 } }),
      'shape.jsonl': line({ server_tool_use: 7 }),
      'reasoning.jsonl': line({ reasoning_tokens: 500, completion_tokens_details: { reasoning_tokens: 400 } }),
    };
    for (const [name, text] of Object.entries(bad)) writeFileSync(join(dir, name), `${text}\n`);
    const reasons = await Promise.all(
      Object.keys(bad).map((name) => gacost(['usage', name, '--catalog', CATALOG, '--provider', 'acme', '--on', 'none'], { cwd: dir })),
    );
    expect(reasons.map((run) => [run.exitCode, run.stderr.split('\n')[0]])).toEqual([
      [
        2,
        expect.stringContaining(
          'twice.jsonl:1: usage.num_search_queries (1) and usage.server_tool_use.web_search_requests (50) both count the same web searches',
        ),
      ],
      [2, expect.stringContaining('shape.jsonl:1: usage.server_tool_use: 7 is not an object of counts')],
      [
        2,
        expect.stringContaining(
          'reasoning.jsonl:1: usage.completion_tokens_details.reasoning_tokens (400) and usage.reasoning_tokens (500) both count the same tokens',
        ),
      ],
    ]);
  });

  it('keeps the web searches a Claude Code response ran when a later line of it leaves its server tools out', async () => {
    const dir = scratchDir();
    const response = (serverTools: object) =>
      JSON.stringify({
        type: 'assistant',
        sessionId: 's1',
        requestId: 'req_1',
        timestamp: '2026-11-02T10:00:00.000Z',
        message: {
          id: 'msg_1',
          role: 'assistant',
          model: 'searcher',
          content: [{ type: 'text' }],
          usage: { input_tokens: 1000, output_tokens: 100, ...serverTools },
        },
      });
    mkdirSync(join(dir, 'projects', 'p1'), { recursive: true });
    writeFileSync(
      join(dir, 'projects', 'p1', 's1.jsonl'),
      `${response({ server_tool_use: { web_search_requests: 3 } })}\n${response({})}\n`,
    );
    const run = await gacost(['usage', 'projects', '--catalog', CATALOG, '--provider', 'acme', '--on', 'none', '--format', 'json'], {
      cwd: dir,
    });
    expect(JSON.parse(run.stdout).totals).toMatchObject({ records: 1, web_searches: 3, cost_usd: 0.0345 });
  });

  it('notes in project and compare that tokens alone leave out the charges of the models priced', async () => {
    const run = await gacost(['compare', '--catalog', CATALOG, '--tokens', '1M', '--format', 'json']);
    expect(run.exitCode, run.stderr).toBe(0);
    const notes = (JSON.parse(run.stdout) as CompareJson).assumptions.notes;
    expect(notes).toContain(
      'Searcher also charges for web searches; Filer also charges for file searches; Sonar also charges for requests: such charges are not included (tokens alone do not count them)',
    );
    const plain = await gacost(['project', '--catalog', CATALOG, '--tokens', '1M', '--model', 'plain', '--baseline', 'plain']);
    expect(plain.stdout).not.toMatch(/also charges/);
  });
});
