import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { formatDecimal, parseDecimal } from '../../src/core/decimal.js';
import { gacost } from '../support/gacost.js';

const LITELLM = '../shared/reference-prices/litellm/model_prices.json';
const GENAI = '../shared/reference-prices/genai-prices';
const dir = mkdtempSync(join(tmpdir(), 'gacost-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// Each test converts a whole real list: seconds on a busy machine.
const WHOLE_LIST = { timeout: 60_000 };

async function imported(args: string[], name: string) {
  const out = join(dir, name);
  const run = await gacost(['catalog', 'import', ...args, '--out', out]);
  expect(run.exitCode, run.stderr).toBe(0);
  expect(run.stdout).toBe('');
  return { run, out, catalog: loadCatalog(readFileSync(out, 'utf8'), out) };
}

/** The raw text of each number field of each model, read straight from the JSON text. */
function rawFields(text: string, key: string): Map<string, string> {
  const start = text.indexOf(`${JSON.stringify(key)}: {`) + JSON.stringify(key).length + 2;
  let depth = 0;
  let end = start;
  do {
    if (text[end] === '{') depth++;
    if (text[end] === '}') depth--;
    end++;
  } while (depth > 0);
  // Only the entry's own fields: drop nested objects such as search_context_cost_per_query.
  const block = text.slice(start + 1, end - 1).replace(/\{[^{}]*\}/g, '{}');
  return new Map([...block.matchAll(/"([a-z_0-9]+)":\s*(-?[\d.eE+-]+)\s*[,\n]/g)].map((match) => [match[1] ?? '', match[2] ?? '']));
}

describe('catalog import --from litellm', WHOLE_LIST, () => {
  it('prices gpt-4o at 2.5 / 10 / 1.25 exactly, with its batch prices under --tier batch', async () => {
    const { out } = await imported(['--from', 'litellm', LITELLM], 'litellm.yaml');
    const models = await gacost(['models', '--catalog', out, '--provider', 'openai', '--format', 'json']);
    const gpt4o = JSON.parse(models.stdout).models.find((model: { id: string }) => model.id === 'gpt-4o');
    expect(gpt4o.prices).toEqual({ input: 2.5, cached_input: 1.25, output: 10 });
    expect(gpt4o.tiers).toEqual(['batch']);
    const batch = await gacost(['--tier', 'batch', 'models', '--catalog', out, '--provider', 'openai', '--format', 'json']);
    expect(JSON.parse(batch.stdout).models.find((model: { id: string }) => model.id === 'gpt-4o').prices).toEqual({
      input: 1.25,
      cached_input: 1.25,
      output: 5,
    });
    const projected = await gacost([
      'project',
      '--catalog',
      out,
      '--model',
      'gpt-4o',
      '--baseline',
      'gpt-4o',
      '--tokens',
      '5B',
      '--format',
      'csv',
    ]);
    expect(projected.stdout.trimEnd().split('\n').at(-1)).toBe('Growth,100000,5000000000,gpt-4o,10,50000,gpt-4o,50000,0,0');
  });

  it('converts every priced chat model exactly, as decimals of the source text', async () => {
    const { catalog } = await imported(['--from', 'litellm', LITELLM], 'litellm-all.yaml');
    const text = readFileSync(LITELLM, 'utf8');
    const source = JSON.parse(text) as Record<string, Record<string, unknown>>;
    const chat = Object.keys(source).filter(
      (key) => source[key]?.mode === 'chat' && source[key]?.output_cost_per_token !== undefined && !key.includes('*'),
    );
    expect(catalog.models.map((model) => model.id).sort()).toEqual(chat.sort());
    const perMillion = (raw: string | undefined) => (raw === undefined ? undefined : formatDecimal(parseDecimal(raw, 15) ?? -1n, 9));
    for (const model of catalog.models) {
      const raw = rawFields(text, model.id);
      // LiteLLM's 0 is no price (billed another way): such a model is unpublished, never free.
      const pricedZero = [...raw].some(
        ([field, value]) => /^output_cost_per_token(_batches|_above_\d+k_tokens)?$/.test(field) && perMillion(value) === '0',
      );
      expect({ id: model.id, unpublished: model.prices === 'unpublished' }).toEqual({ id: model.id, unpublished: pricedZero });
      if (model.prices === 'unpublished') continue;
      expect({ id: model.id, ...model.prices[0] }).toEqual({
        id: model.id,
        from: null,
        output: perMillion(raw.get('output_cost_per_token')),
        ...(raw.has('input_cost_per_token') ? { input: perMillion(raw.get('input_cost_per_token')) } : {}),
        ...(raw.has('cache_read_input_token_cost') ? { cached_input: perMillion(raw.get('cache_read_input_token_cost')) } : {}),
        ...(raw.has('cache_creation_input_token_cost') ? { cache_write: perMillion(raw.get('cache_creation_input_token_cost')) } : {}),
      });
    }
  });

  it('lists what it could not map on stderr, with counts', async () => {
    const { run } = await imported(['--from', 'litellm', LITELLM, '--provider', 'gemini'], 'gemini.yaml');
    expect(run.stderr).toMatch(/^gacost: imported \d+ models from /);
    expect(run.stderr).toMatch(/gacost: warning: not imported: \d+ price fields with no gacost equivalent \(input_cost_per_audio_token\)/);
    const gemini = await gacost(['models', '--catalog', join(dir, 'gemini.yaml'), '--format', 'json']);
    const pro = JSON.parse(gemini.stdout).models.find((model: { id: string }) => model.id === 'gemini/gemini-2.5-pro');
    expect(pro.prices).toEqual({ input: 1.25, cached_input: 0.3125, output: 10 });
  });
});

describe('catalog import --from genai-prices', WHOLE_LIST, () => {
  it('keeps context tiers and dated prices, and projects them', async () => {
    const { run, out, catalog } = await imported(['--from', 'genai-prices', `${GENAI}/anthropic.yml`], 'anthropic.yaml');
    const sonnet = catalog.models.find((model) => model.id === 'anthropic/claude-sonnet-4-5');
    expect(sonnet?.context_tiers).toEqual([
      { above: '200000', input: '6', cached_input: '0.6', cache_write: '7.5', cache_write_1h: '12', output: '22.5' },
    ]);
    const long = await gacost([
      'project',
      '--catalog',
      out,
      '--model',
      'claude-sonnet-4-5',
      '--baseline',
      'claude-sonnet-4-5',
      '--tokens',
      '1B',
      '--tokens-per-request',
      '400K',
      '--input-share',
      '75%',
      '--format',
      'json',
    ]);
    expect(JSON.parse(long.stdout).rows[3].cost_usd).toBe(10125);
    // A dated entry carries its own tiers: Sonnet 4.6's long-context tier ends on 2026-03-13, nothing dropped.
    const sonnet46 = catalog.models.find((model) => model.id === 'anthropic/claude-sonnet-4-6');
    expect(
      sonnet46?.prices === 'unpublished'
        ? []
        : sonnet46?.prices.map((entry) => ({ from: entry.from, tiers: entry.context_tiers?.map((tier) => [tier.above, tier.input]) })),
    ).toEqual([
      { from: null, tiers: [['200000', '6']] },
      { from: '2026-03-13', tiers: [] },
    ]);
    expect(run.stderr).toBe('gacost: imported 23 models from ../shared/reference-prices/genai-prices/anthropic.yml\n');
    const sonnet5 = catalog.models.find((model) => model.id === 'anthropic/claude-sonnet-5');
    expect(sonnet5?.prices).toEqual([
      { from: null, input: '2', cached_input: '0.2', cache_write: '2.5', cache_write_1h: '4', output: '10', web_searches_per_1k: '10' },
      {
        from: '2026-09-01',
        input: '3',
        cached_input: '0.3',
        cache_write: '3.75',
        cache_write_1h: '6',
        output: '15',
        web_searches_per_1k: '10',
      },
    ]);
  });

  it('keeps time-of-day windows as hours entries beside the all-day price, and drops nothing', async () => {
    const { run, catalog } = await imported(['--from', 'genai-prices', `${GENAI}/deepseek.yml`], 'deepseek.yaml');
    expect(run.stderr).toBe('gacost: imported 7 models from ../shared/reference-prices/genai-prices/deepseek.yml\n');
    // The list's unconstrained price holds outside the window (here the off-peak discount), its constraint's inside.
    expect(catalog.models.find((model) => model.id === 'deepseek/deepseek-reasoner')?.prices).toEqual([
      { from: null, input: '0.135', cached_input: '0.035', output: '0.55' },
      { from: null, hours: '00:30:00-16:30:00', input: '0.55', cached_input: '0.14', output: '2.19' },
    ]);
    expect(catalog.models.find((model) => model.id === 'deepseek/deepseek-v4-flash')?.prices).toEqual([
      { from: null, input: '0.14', cached_input: '0.0028', output: '0.28' },
    ]);
  });

  it.each([
    [['catalog', 'import', '--from', 'litellm', `${GENAI}/openai.yml`], 'is not a LiteLLM price list'],
    [['catalog', 'import', '--from', 'genai-prices', LITELLM], 'not a genai-prices provider file'],
    [['catalog', 'import', '--from', 'csv', LITELLM], "argument 'csv' is invalid"],
    [
      ['catalog', 'import', '--from', 'litellm', LITELLM, '--provider', 'nobody'],
      'has no chat model with token prices from provider nobody',
    ],
  ])('gacost %j exits 2', async (args, reason) => {
    const run = await gacost(args);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(reason);
  });
});
