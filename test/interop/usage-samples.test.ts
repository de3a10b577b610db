/**
 * gacost usage on every file of ../shared/usage-samples/ (real logs and exports, and the APIs'
 * documented examples), priced with the shipped catalog (--catalog pricing/catalog.yaml: in-process
 * the built-in one is the frozen test catalog). The expected token totals were established apart
 * from gacost, by reading each file with a few lines of Python's json module and the rules of the
 * folders' NOTES.md (written out here); the costs worked by hand are in the comments. Undated records
 * are priced as of the runner's pinned date (2026-11-24).
 */
import { describe, expect, it } from 'vitest';
import { reportedFemto, UsageTally } from '../../src/core/usage.js';
import type { UsageJson } from '../../src/output/contract.js';
import { countedPhrase } from '../../src/output/words.js';
import { readUsage } from '../../src/usage/read-usage.js';
import { type CliRun, gacost, ROOT } from '../support/gacost.js';
import { columnCells } from '../support/table-cells.js';

const S = '../shared/usage-samples';
const SHIPPED = ['--catalog', 'pricing/catalog.yaml'];

async function usage(args: readonly string[], env?: Record<string, string>): Promise<{ run: CliRun; json: UsageJson }> {
  const run = await gacost([...SHIPPED, 'usage', ...args, '--format', 'json'], env === undefined ? {} : { env });
  expect(run.exitCode, run.stderr).toBe(0);
  return { run, json: JSON.parse(run.stdout) as UsageJson };
}

/** Money as femto-USD, to add and compare exactly. */
const femto = (usd: number) => reportedFemto(String(usd)) as bigint;

type Tokens = [records: number, input: number, cached: number, writes: number, output: number];

/** Every record the readers give for a source, priced or not, summed (the CLI's totals are of priced records). */
async function readTotals(path: string): Promise<{ tokens: Tokens; bad: number }> {
  const tally = new UsageTally({
    thresholds: [],
    boundaries: [],
    groups: ['model'],
    since: undefined,
    until: undefined,
    asOf: '2026-01-01',
  });
  const read = await readUsage([path], {
    from: undefined,
    skipBad: true,
    cwd: ROOT,
    stdin: () => {
      throw new Error('no standard input');
    },
    tally,
  });
  const tokens: Tokens = [0, 0, 0, 0, 0];
  for (const { totals } of tally.aggregate.buckets()) {
    tokens[0] += totals.records;
    tokens[1] += totals.inputTokens;
    tokens[2] += totals.cachedInputTokens;
    tokens[3] += totals.cacheWriteTokens + totals.cacheWrite1hTokens;
    tokens[4] += totals.outputTokens;
  }
  return { tokens, bad: [...read.bad.values()].reduce((sum, entry) => sum + entry.count, 0) };
}

/**
 * Every sample of JSON lines and documents that holds usage: its format, the records gacost cannot
 * read (counted with --skip-bad: records without a model) and its token totals over priced and
 * unpriced records alike. Rules: OpenAI's prompt_tokens / input_tokens are all input, cached from
 * prompt_tokens_details.cached_tokens (DeepSeek's prompt_cache_hit_tokens, Mistral's and HF's
 * top-level cached_tokens / num_cached_tokens), writes from cache_write_tokens, output
 * completion_tokens (or total − prompt where Gemini's compatible endpoint reports more); Anthropic's
 * input is input_tokens + cache reads + cache writes; Gemini's input promptTokenCount (+ tool-use
 * prompts), output candidates + thoughts; Claude Code one response per (message.id, requestId), its
 * line with the most output.
 */
const samples: [file: string, format: string, bad: number, tokens: Tokens][] = [
  ['openai-chat-completions/genai-prices-openai-compatible-chat.jsonl', 'openai', 0, [370, 132080, 9014, 4012, 48551]],
  // 7 of the 252 bodies name no model.
  ['openai-responses/genai-prices-openai-responses.jsonl', 'openai', 7, [245, 368938, 154028, 8677, 72746]],
  ['openrouter/genai-prices-openrouter-chat-and-responses.jsonl', 'openai', 0, [41, 30331, 12032, 10315, 3870]],
  ['anthropic-messages/genai-prices-anthropic-messages.jsonl', 'anthropic', 0, [226, 1337758, 117855, 16931, 28170]],
  // 12 of the 451 bodies (embeddings) carry no modelVersion.
  ['gemini/genai-prices-gemini-usagemetadata.jsonl', 'gemini', 12, [439, 262637, 14719, 0, 146121]],
  // 1,824 usage lines, 899 responses (none <synthetic>), 767,767 of the writes 1-hour ones.
  ['claude-code-jsonl/spotter/usage-only-extract-all-sessions.jsonl', 'claude-code', 0, [899, 79403351, 77328535, 2065675, 195794]],
  ['claude-code-jsonl/spotter/short.jsonl', 'claude-code', 0, [1, 25353, 11515, 13835, 13]],
  // The statusline transcript's 2 assistant lines name no model.
  ['claude-code-jsonl/ccusage-fixtures/test-transcript.jsonl', 'claude-code', 2, [0, 0, 0, 0, 0]],
  ['claude-code-jsonl/ccusage-fixtures/projects', 'claude-code', 0, [5, 930, 110, 90, 310]],
  ['litellm-spend-logs/spend_logs_payload.json', 'litellm', 0, [1, 10, 0, 0, 20]],
  ['litellm-spend-logs/standard_logging_payload.json', 'litellm', 0, [1, 10, 0, 0, 20]],
  // Not grouped by model: its one result has model null.
  ['openai-org-usage-costs/usage-completions-response.spec-example.2026-08.json', 'openai-usage', 1, [0, 0, 0, 0, 0]],
  ['openai-org-usage-costs/usage-completions-response.spec-example.legacy-pre-2026-07.json', 'openai-usage', 1, [0, 0, 0, 0, 0]],
  // input_tokens 5,000 = 3,000 uncached + 1,800 cached + 200 written.
  [
    'openai-org-usage-costs/usage-completions-result-object.grouped.spec-example.2026-08.json',
    'openai-usage',
    0,
    [1, 5000, 1800, 200, 1000],
  ],
];

/** Samples of no format gacost reads, each refused on its own and counted in a folder. */
const notUsage: [file: string, reason: RegExp][] = [
  ['openai-org-usage-costs/costs-response.spec-example.2026-08.json', /OpenAI Costs API results: amounts in USD, no tokens/],
  [
    'openai-org-usage-costs/costs-result-object.grouped-by-line_item.spec-example.2026-08.json',
    /OpenAI Costs API results: amounts in USD, no tokens/,
  ],
  // genai-prices' dataset ({body, extracted} entries), OpenRouter's Generation and Activity APIs and a bare usage object, Codex CLI events.
  ['genai-prices-dataset/usages.json', /not a usage log gacost reads/],
  ['openrouter/generation-api-response.spec-example.json', /not a usage log gacost reads/],
  ['openrouter/activity-api-response.spec-example.json', /not a usage log gacost reads/],
  ['openrouter/chat-usage-object.spec-example.json', /not a usage log gacost reads/],
  ['claude-code-jsonl/ccusage-fixtures/codex-session-alpha.jsonl', /not a usage log gacost reads/],
];

describe('usage samples: every file read, with the token totals counted apart', () => {
  it.each(samples)('%s (%s, %i bad)', async (file, format, bad, tokens) => {
    expect(await readTotals(`${S}/${file}`)).toEqual({ tokens, bad });
    const { run, json } = await usage([`${S}/${file}`, ...(bad > 0 ? ['--skip-bad'] : [])]);
    expect(new Set(json.sources.map((source) => source.format))).toEqual(new Set([format]));
    expect(json.totals.bad_records).toBe(bad);
    if (bad > 0) expect(run.stderr).toContain(`skipped ${countedPhrase(bad, 'records without a model')}`);
    // Priced and unpriced records together: all of them. A name the catalog cannot price is listed with
    // its tokens and reason, never priced at $0.
    const unpriced = (key: 'records' | 'input_tokens' | 'output_tokens') => json.unpriced.reduce((sum, entry) => sum + entry[key], 0);
    expect(unpriced('records')).toBe(json.totals.unpriced_records);
    expect([
      json.totals.records + unpriced('records'),
      json.totals.input_tokens + unpriced('input_tokens'),
      json.totals.output_tokens + unpriced('output_tokens'),
    ]).toEqual([tokens[0], tokens[1], tokens[4]]);
    for (const entry of json.unpriced) expect(entry.reason).not.toBe('');
    expect(json.rows.reduce((sum, row) => sum + femto(row.cost_usd), 0n)).toBe(femto(json.totals.cost_usd));
  });

  it.each(notUsage)('%s is refused on its own', async (file, reason) => {
    const run = await gacost([...SHIPPED, 'usage', `${S}/${file}`]);
    expect([run.exitCode, run.errorCode, run.stdout]).toEqual([2, 'invalid-usage', '']);
    expect(run.stderr).toMatch(reason);
  });

  it('the whole folder: every sample read or counted, a response in two Claude Code files counted once', async () => {
    const { run, json } = await usage([S, '--skip-bad']);
    expect(json.sources).toHaveLength(15);
    // 7 + 12 + 2 + 2 records without a model.
    expect(json.totals.bad_records).toBe(23);
    // short.jsonl's one response is also in the extract, read after it: 899 + 1 − 1.
    const claude = json.sources.filter((source) => source.path.includes('/spotter/'));
    expect(claude.map((source) => source.records)).toEqual([1, 898]);
    expect(run.stderr).toContain('skipped 10 files that are not .jsonl, .ndjson, .json, .csv or .log (or .gz of one)');
    expect(run.stderr).toContain('skipped 5 files of no usage format gacost reads');
    expect(run.stderr).toContain('skipped 2 files of OpenAI Costs API results');
  });

  it('the whole folder at 80 columns: every model named whole (no ellipsis), the costliest first', async () => {
    const run = await gacost([...SHIPPED, 'usage', S, '--skip-bad']);
    expect(run.exitCode, run.stderr).toBe(0);
    const table = run.stdout.slice(0, run.stdout.indexOf('└'));
    expect(Math.max(...table.split('\n').map((line) => [...line].length))).toBeLessThanOrEqual(80);
    expect(table).not.toContain('…');
    const models = columnCells(run.stdout, 'Model', 'Cost');
    expect(models).toContain('Claude Opus 4.6 · Anthropic');
    expect(models[0]).toBe('Claude Opus 4.6 · Anthropic');
    const { json } = await usage([S, '--skip-bad']);
    expect(models).toHaveLength(json.rows.length + 1);
  });

  it('names the catalog does not know are reported, not priced', async () => {
    const { json } = await usage([`${S}/openai-chat-completions/genai-prices-openai-compatible-chat.jsonl`]);
    // An Ollama tag: no catalog prices a local model.
    expect(json.unpriced.find((entry) => entry.name === 'gpt-oss:20b')).toMatchObject({
      records: 3,
      reason: 'unknown model "gpt-oss:20b"',
    });
    expect(json.totals.unpriced_records).toBeGreaterThan(0);
    const strict = await gacost([
      ...SHIPPED,
      'usage',
      `${S}/openai-chat-completions/genai-prices-openai-compatible-chat.jsonl`,
      '--strict',
    ]);
    expect([strict.exitCode, strict.errorCode]).toEqual([2, 'unpriced-usage']);
  });
});

describe('usage samples: priced on their dates, and re-priced', () => {
  it("ccusage's Claude Code fixtures: each record on its own day, whatever the as-of date, beside the costUSD they report", async () => {
    // Shipped prices per 1M (input / cached / 5-minute write / output): claude-sonnet-4-0 3 / 0.3 / 3.75 / 15,
    // claude-opus-4-0 15 / 1.5 / 18.75 / 75, claude-haiku-4-5 1 / 0.1 / 1.25 / 5.
    // alpha-1: 100×3 + 10×0.3 + 25×3.75 + 50×15 = 1,146.75; alpha-2: 200×15 + 20×1.5 + 50×18.75 + 75×75 = 9,592.5;
    // alpha-3: 300×3 + 40×0.3 + 125×15 = 2,787; beta-1: 50×1 + 15×0.1 + 5×1.25 + 25×5 = 182.75; beta-2: 80×1 + 25×0.1 + 10×1.25 + 35×5 = 270
    // → 13,979 per 1M = $0.013979; costUSD 0.12 + 0.34 + 0.56 + 0.03 + 0.04 = $1.09.
    const { json } = await usage([`${S}/claude-code-jsonl/ccusage-fixtures/projects`, '--by', 'day']);
    expect([json.totals.cost_usd, json.totals.reported_cost_usd]).toEqual([0.013979, 1.09]);
    expect(json.rows.map((row) => (row as unknown as { day: string }).day)).toEqual(['2026-01-09', '2026-01-10', '2026-02-03']);
    const later = await usage([`${S}/claude-code-jsonl/ccusage-fixtures/projects`], { GACOST_AS_OF: '2027-06-30' });
    expect(later.json.totals.cost_usd).toBe(0.013979);
  });

  it("LiteLLM's row: gpt-4o on 2025-01-24 costs what LiteLLM's spend says", async () => {
    // 10×2.5 + 20×10 = 225 per 1M = $0.000225; spend 0.00022500000000000002 (kept to 15 places).
    const { json } = await usage([`${S}/litellm-spend-logs/spend_logs_payload.json`, '--by', 'day']);
    expect(json.rows.map((row) => [(row as unknown as { day: string }).day, row.cost_usd, row.reported_cost_usd])).toEqual([
      ['2025-01-24', 0.000225, 0.000225],
    ]);
  });

  it('the Anthropic Messages sample re-priced with --on, --mix and --map', async () => {
    const file = `${S}/anthropic-messages/genai-prices-anthropic-messages.jsonl`;
    const { json } = await usage([
      file,
      '--on',
      'gpt-4o-mini,claude-haiku-4-5',
      '--mix',
      'claude-haiku-4-5=50,gpt-4o-mini=50',
      '--map',
      'claude-sonnet-4-5=claude-haiku-4-5',
    ]);
    expect(json.totals.unpriced_records).toBe(0);
    // A mix by its parts, as the tables name it.
    const name = (line: UsageJson['repriced'][number]) =>
      line.mix === null ? line.candidate : `mix ${line.mix.map((part) => `${part.model}=${part.percent}%`).join(',')}`;
    const cost = new Map(json.repriced.map((line) => [name(line), femto(line.cost_usd)]));
    // All 226 records: 1,202,972 uncached, 117,855 cached, 16,931 written, 28,170 output, 20 web searches.
    // No record has a time: each is priced on the as-of date (2026-11-24), where both candidates bill web searches at $10 per 1,000.
    expect(json.totals.web_searches).toBe(20);
    // gpt-4o-mini (0.15 / 0.075 / no write price: input / 0.6): 180,445.8 + 8,839.125 + 2,539.65 + 16,902 = 208,726.575 per 1M,
    // + 20 searches × $0.01 = $0.2.
    expect(cost.get('openai/gpt-4o-mini')).toBe(femto(0.408726575));
    // claude-haiku-4-5 (1 / 0.1 / 1.25 / 5): 1,202,972 + 11,785.5 + 21,163.75 + 140,850 = 1,376,771.25 per 1M, + $0.2.
    expect(cost.get('anthropic/claude-haiku-4-5')).toBe(femto(1.57677125));
    // Half of the traffic on each.
    expect(cost.get('mix anthropic/claude-haiku-4-5=50%,openai/gpt-4o-mini=50%')).toBe(femto(0.9927489125));
    // claude-sonnet-4-5's 158 records (1,047,800 uncached, 4,402 cached, 1,572 written, 15,518 output, 17 web searches) on
    // claude-haiku-4-5: 1,047,800 + 440.2 + 1,965 + 77,590 = 1,127,795.2 per 1M + $0.17, in place of their own cost.
    const sonnet = json.rows.find((row) => row.model === 'anthropic/claude-sonnet-4-5');
    expect(sonnet?.records).toBe(158);
    expect(cost.get('map anthropic/claude-sonnet-4-5=anthropic/claude-haiku-4-5')).toBe(
      femto(json.totals.cost_usd) - femto(sonnet?.cost_usd ?? 0) + femto(1.2977952),
    );
  });
});

describe('usage samples: every priced record says how it was found and priced', () => {
  it('no record another vendor served is booked to Global API; provenance adds up to every row and the totals; --require exact names what falls short', async () => {
    const { json } = await usage([S, '--skip-bad']);
    // No sample came through Global API: its aliases (qwen/qwen3-32b, deepseek-v4-flash, deepseek-ai/DeepSeek-R1) take none of them.
    expect(json.rows.filter((row) => row.model?.startsWith('global-api/'))).toEqual([]);
    const sum = (entries: readonly { records: number; tokens: number; cost_usd: number }[]) => ({
      records: entries.reduce((total, entry) => total + entry.records, 0),
      tokens: entries.reduce((total, entry) => total + entry.tokens, 0),
      cost: entries.reduce((total, entry) => total + femto(entry.cost_usd), 0n),
    });
    for (const row of json.rows) {
      expect(sum(row.provenance)).toEqual({
        records: row.records,
        tokens: row.input_tokens + row.output_tokens,
        cost: femto(row.cost_usd),
      });
    }
    expect(sum(json.totals.provenance)).toEqual({
      records: json.totals.records,
      tokens: json.totals.input_tokens + json.totals.output_tokens,
      cost: femto(json.totals.cost_usd),
    });
    // Groq's and OVHcloud's own name (no record says which served it): refused as ambiguous between them, never
    // booked to DeepSeek's family rule (starts_with deepseek-r1) that also claims it.
    expect(json.provenance.find((entry) => entry.log_model === 'deepseek-r1-distill-llama-70b')).toBeUndefined();
    const distill = json.unpriced.find((entry) => entry.name === 'deepseek-r1-distill-llama-70b');
    expect(distill).toMatchObject({ records: 2, code: 'ambiguous-model' });
    expect(distill?.reason).toContain('(groq/deepseek-r1-distill-llama-70b of groq, ovhcloud/DeepSeek-R1-Distill-Llama-70B of ovhcloud)');
    // A longer name a family rule caught is a rule, named with its rule; a dropped OpenRouter variant too.
    expect(json.provenance.find((entry) => entry.log_model === 'gemini-2.5-pro-preview-05-06')).toMatchObject({
      model: 'google/gemini-2.5-pro',
      level: 'rule',
      rule: 'and(starts_with gemini-2.5-pro, regex ^(?!.*-[tT][tT][sS](?:$|-)))',
    });
    expect(json.provenance.find((entry) => entry.log_model === 'google/gemini-2.0-flash-exp:free')).toMatchObject({
      level: 'rule',
      rule: 'variant :free',
    });
    const required = await gacost([...SHIPPED, 'usage', S, '--skip-bad', '--require', 'exact', '--format', 'json']);
    expect(required.exitCode).toBe(2);
    expect(required.stderr).toMatch(
      /gacost: error: --require exact: \d+ priced records, \$[\d.]+ \([\d.]+% of spend\), are not priced exactly: mistral-large-latest as mistral\/mistral-large \(input-price-for-cache-reads\); .*, and \d+ more\n$/,
    );
  });
});
