import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { gacost, scratchDir } from '../support/gacost.js';

// Trimmed copies of the real lists (see test/fixtures/import/README.md); the full lists: npm run test:interop.
const LITELLM = 'test/fixtures/import/litellm-prices.json';
const ANTHROPIC = 'test/fixtures/import/genai-anthropic.yml';
const DEEPSEEK = 'test/fixtures/import/genai-deepseek.yml';
const LITELLM_SOURCE = 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json';

/** `catalog import` to stdout, and the catalog it printed, loaded as `--catalog` would load it. */
async function imported(args: string[]) {
  const run = await gacost(['catalog', 'import', ...args]);
  expect(run.exitCode, run.stderr).toBe(0);
  return { run, catalog: loadCatalog(run.stdout, 'imported.yaml') };
}

/** The imported catalog as a file, for the commands that read one. */
function saved(yaml: string): string {
  const file = join(scratchDir(), 'imported.yaml');
  writeFileSync(file, yaml);
  return file;
}

/** Runs `catalog import` on `text` written to `name` in a scratch folder; the catalog it printed, loaded. */
async function importList(from: 'litellm' | 'genai-prices', name: string, text: string) {
  const dir = scratchDir();
  writeFileSync(join(dir, name), text);
  const run = await gacost(['catalog', 'import', '--from', from, name], { cwd: dir });
  const catalog = run.exitCode === 0 ? loadCatalog(run.stdout, name) : undefined;
  const warnings = run.stderr.split('\n').filter((line) => line.startsWith('gacost: warning: '));
  return { dir, run, catalog, warnings };
}

const chat = (fields: string) => `{"litellm_provider": "openai", "mode": "chat", ${fields}}`;
const outputOf = (catalog: ReturnType<typeof loadCatalog> | undefined, id: string) => {
  const prices = catalog?.models.find((model) => model.id === id)?.prices;
  return prices === 'unpublished' ? prices : prices?.map((entry) => entry.output);
};

describe('catalog import --from litellm', () => {
  it('converts USD per token to exact USD per 1M tokens: base prices, batch tier, context tiers; a 0 as unpublished', async () => {
    const { catalog } = await imported(['--from', 'litellm', LITELLM]);
    expect(catalog.models.map((model) => [model.id, model.provider, model.prices, model.tiers, model.context_tiers])).toEqual([
      [
        'gpt-4o',
        'openai',
        [{ from: null, input: '2.5', output: '10', cached_input: '1.25' }],
        { batch: { input: '1.25', output: '5' } },
        undefined,
      ],
      ['gpt-4o-audio-preview', 'openai', [{ from: null, input: '2.5', output: '10' }], undefined, undefined],
      [
        'gpt-4o-mini-search-preview',
        'openai',
        [{ from: null, input: '0.15', output: '0.6', cached_input: '0.075' }],
        { batch: { input: '0.075', output: '0.3' } },
        undefined,
      ],
      ['ft:gpt-4-0613', 'openai', [{ from: null, input: '30', output: '60' }], undefined, undefined],
      [
        'claude-sonnet-4-20250514',
        'anthropic',
        [{ from: null, input: '3', cached_input: '0.3', cache_write: '3.75', output: '15' }],
        undefined,
        undefined,
      ],
      [
        'gemini/gemini-2.5-pro',
        'gemini',
        [{ from: null, input: '1.25', output: '10', cached_input: '0.3125' }],
        undefined,
        [{ above: '200000', input: '2.5', output: '15' }],
      ],
      ['gemini-2.0-flash-exp', 'vertex-ai-language-models', 'unpublished', undefined, undefined],
      ['sagemaker/meta-textgeneration-llama-2-70b-b-f', 'sagemaker', 'unpublished', undefined, undefined],
      ['vertex_ai/meta/llama3-405b-instruct-maas', 'vertex-ai-llama-models', 'unpublished', undefined, undefined],
    ]);
    expect(catalog.models.find((model) => model.id === 'gpt-4o')).toMatchObject({
      name: 'gpt-4o',
      source: LITELLM_SOURCE,
      checked: '2026-11-24',
    });
  });

  it("says on stderr what it imported, what it could not map and what it changed, with counts and the list's line:col", async () => {
    const { run } = await imported(['--from', 'litellm', LITELLM, '--provider', 'openai']);
    expect(run.stderr.split('\n').slice(0, 3)).toEqual([
      `gacost: imported 4 models from ${LITELLM}`,
      `gacost: warning: ${LITELLM}:74:15: ft:gpt-4-0613: source: not an http(s) URL; the list's URL is written instead`,
      'gacost: warning: not imported: 1 entries that are not chat models (mode embedding)',
    ]);
    expect(run.stderr).toContain('gacost: warning: not imported: 1 price fields with no gacost equivalent (input_cost_per_audio_token)\n');
    expect(run.stderr).toContain('gacost: warning: not imported: 1 entries that are not chat models (mode responses)\n');
    const all = await imported(['--from', 'litellm', LITELLM]);
    expect(all.run.stderr).toContain(
      'gacost: warning: imported as unpublished: 3 models the list prices 0 or not by the token (free, or billed another way: gacost does not price them at $0)\n',
    );
    expect(all.run.stderr).toContain('gacost: warning: not imported: 1 entries whose name is a pattern rather than a model name\n');
  });

  it('writes a catalog the other commands price exactly, with its batch tier', async () => {
    const { run } = await imported(['--from', 'litellm', LITELLM, '--provider', 'openai']);
    const file = saved(run.stdout);
    const batch = await gacost(['--tier', 'batch', 'models', '--catalog', file, '--format', 'json']);
    expect(JSON.parse(batch.stdout).models.find((model: { id: string }) => model.id === 'gpt-4o').prices).toEqual({
      input: 1.25,
      cached_input: 1.25,
      output: 5,
    });
    const projected = await gacost([
      'project',
      '--catalog',
      file,
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

  it('writes the catalog whole to --out, and nothing to stdout', async () => {
    const out = join(scratchDir(), 'openai.yaml');
    const run = await gacost(['catalog', 'import', '--from', 'litellm', LITELLM, '--provider', 'openai', '--out', out]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe('');
    expect(loadCatalog(readFileSync(out, 'utf8'), out).models).toHaveLength(4);
  });

  it('imports no model named mix (it names the routing mix): skipped and counted, never an internal error', async () => {
    const list = join(scratchDir(), 'list.json');
    const entry = (cost: string) =>
      `{"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": ${cost}, "output_cost_per_token": ${cost}}`;
    writeFileSync(list, `{"mix": ${entry('1e-6')}, "m1": ${entry('2e-6')}}`);
    const run = await gacost(['catalog', 'import', '--from', 'litellm', list]);
    expect(run).toMatchObject({ exitCode: 0 });
    expect(run.stdout).toContain('id: m1');
    expect(run.stdout).not.toContain('id: mix');
    expect(run.stderr).toContain('not imported: 1 entries named "mix"');
  });

  it('imports LiteLLM models priced 0 as unpublished, counted, never as free', async () => {
    const { dir, run, catalog } = await importList(
      'litellm',
      'z.json',
      `{"free": ${chat('"input_cost_per_token": 0, "output_cost_per_token": 0')}, "no-output": ${chat('"input_cost_per_token": 1e-6, "output_cost_per_token": 0.0')}, "paid": ${chat('"output_cost_per_token": 1e-6')}}`,
    );
    expect(run.errorCode).toBeUndefined();
    expect([outputOf(catalog, 'free'), outputOf(catalog, 'no-output'), outputOf(catalog, 'paid')]).toEqual([
      'unpublished',
      'unpublished',
      ['1'],
    ]);
    expect(run.stderr).toMatch(/^gacost: warning: imported as unpublished: 2 models the list prices 0 /m);
    writeFileSync(join(dir, 'z.yaml'), run.stdout);
    expect((await gacost(['--catalog', 'z.yaml', 'project', '--model', 'free', '--tokens', '1M'], { cwd: dir })).errorCode).toBe(
      'no-published-price',
    );
  });
});

describe('catalog import of bad entries', () => {
  it('writes any price a catalog accepts exactly, and skips (counted) a precise one it would refuse, never an internal error', async () => {
    const litellm = await importList(
      'litellm',
      'p.json',
      `{"over": ${chat('"output_cost_per_token": 123.456789123456789')}, "m1": ${chat('"output_cost_per_token": 0.123456789123456, "input_cost_per_token": 9.99999999e-7')}}\n`,
    );
    expect(litellm.run.errorCode).toBeUndefined();
    expect(litellm.run.stdout).toContain('output: 123456.789123456\n');
    expect(litellm.catalog?.models.map((model) => [model.id, model.prices])).toEqual([
      ['m1', [{ from: null, output: '123456.789123456', input: '0.999999999' }]],
    ]);
    expect(litellm.warnings).toContain('gacost: warning: not imported: 1 models with a price out of range (output_cost_per_token)');

    const genai = await importList(
      'genai-prices',
      'g.yml',
      'id: acme\nname: Acme\nmodels:\n  - id: over\n    prices: {output_mtok: 123456789.123456789}\n  - id: m1\n    prices: {output_mtok: 999999.999999999}\n',
    );
    expect(genai.run.errorCode).toBeUndefined();
    expect(outputOf(genai.catalog, 'acme/m1')).toEqual(['999999.999999999']);
    expect(genai.warnings[0]).toMatch(
      /^gacost: warning: g\.yml:5:27: over: output_mtok: 123456789\.123456789 is a price out of range; not imported$/,
    );
  });

  it('reports each bad entry at its line:col in the list, skips and counts it, and imports the rest', async () => {
    const litellm = await importList(
      'litellm',
      'd.json',
      [
        '{',
        `  "m1": ${chat('"output_cost_per_token": 1e-6')},`,
        `  "m1": ${chat('"output_cost_per_token": 2e-6')},`,
        `  "GPT-X": ${chat('"output_cost_per_token": 1e-6')},`,
        `  "gpt-x": ${chat('"output_cost_per_token": 2e-6')},`,
        `  "src": ${chat('"output_cost_per_token": 3e-6, "source": "https://exa mple.com/"')}`,
        '}',
        '',
      ].join('\n'),
    );
    expect(litellm.run.errorCode).toBeUndefined();
    expect(litellm.run.stderr).not.toContain('(imported)');
    expect(litellm.catalog?.models.map((model) => [model.id, outputOf(litellm.catalog, model.id)?.[0], model.source])).toEqual([
      ['m1', '1', 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json'],
      ['GPT-X', '1', 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json'],
      ['src', '3', 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json'],
    ]);
    expect(litellm.warnings.map((line) => /^gacost: warning: (d\.json:\d+:\d+): ([^:]+):/.exec(line)?.slice(1))).toEqual([
      ['d.json:3:3', 'm1'],
      ['d.json:5:3', 'gpt-x'],
      ['d.json:6:98', 'src'],
      undefined,
      undefined,
    ]);
    expect(litellm.warnings.slice(3).map((line) => /^gacost: warning: not imported: (\d+) /.exec(line)?.[1])).toEqual(['2', '1']);

    const genai = await importList(
      'genai-prices',
      'g.yml',
      `id: acme
name: Acme
models:
  - id: kept
    match: {or: [{equals: kept-latest}, {equals: later}]}
    prices: {output_mtok: 1}
  - id: later
    prices: {output_mtok: 2}
  - id: LATER
    prices: {output_mtok: 3}
  - id: out-of-order
    prices:
      - constraint: {start_date: 2026-03-01}
        prices: {output_mtok: 3}
      - constraint: {start_date: 2026-01-01}
        prices: {output_mtok: 4}
  - id: same-day
    prices:
      - prices: {output_mtok: 2}
      - constraint: {start_date: 2026-03-01}
        prices: {output_mtok: 3}
      - constraint: {start_date: 2026-03-01}
        prices: {output_mtok: 4}
  - id: dated-first
    prices:
      - constraint: {start_date: 2026-03-01}
        prices: {output_mtok: 3}
      - prices: {output_mtok: 4}
  - id: negative-start
    prices:
      output_mtok: {base: 1, tiers: [{start: -5, price: 2}]}
  - id: word-start
    prices:
      output_mtok: {base: 1, tiers: [{start: abc, price: 2}]}
  - id: dated
    prices:
      - prices: {output_mtok: 2}
      - constraint: {start_date: 2026-03-01}
        prices: {output_mtok: 3}
`,
    );
    expect(genai.run.errorCode).toBeUndefined();
    expect(genai.catalog?.models.map((model) => [model.id, model.match])).toEqual([
      ['acme/kept', { or: [{ equals: 'kept-latest' }, { equals: 'later' }] }],
      ['acme/later', undefined],
      ['acme/dated', undefined],
    ]);
    expect(outputOf(genai.catalog, 'acme/dated')).toEqual(['2', '3']);
    expect(genai.warnings.slice(0, 8).map((line) => /^gacost: warning: (g\.yml:\d+:\d+): ([^:]+):/.exec(line)?.slice(1))).toEqual([
      ['g.yml:9:9', 'LATER'],
      ['g.yml:15:34', 'out-of-order'],
      ['g.yml:22:34', 'same-day'],
      ['g.yml:28:9', 'dated-first'],
      ['g.yml:31:46', 'negative-start'],
      ['g.yml:34:46', 'word-start'],
      undefined,
      undefined,
    ]);
  });

  it('says a LiteLLM price is negative or out of range, not too fine', async () => {
    const { run, catalog } = await importList(
      'litellm',
      'n.json',
      `{"negative": ${chat('"output_cost_per_token": -1e-6')}, "huge": ${chat('"output_cost_per_token": 1e+300')}, "ok": ${chat('"output_cost_per_token": 1e-6')}}`,
    );
    expect(catalog?.models.map((model) => model.id)).toEqual(['ok']);
    expect(run.stderr).toContain('gacost: warning: not imported: 1 models with a negative price (output_cost_per_token)\n');
    expect(run.stderr).toContain('gacost: warning: not imported: 1 models with a price out of range (output_cost_per_token)\n');
    expect(run.stderr).not.toContain('finer than gacost keeps');
  });

  it('refuses a genai prices_checked date that does not exist rather than replacing it with the import date', async () => {
    const { run, catalog, warnings } = await importList(
      'genai-prices',
      'c.yml',
      'id: acme\nname: Acme\nmodels:\n  - id: bad\n    prices_checked: 2026-02-30\n    prices: {output_mtok: 1}\n  - id: good\n    prices_checked: 2026-02-28\n    prices: {output_mtok: 1}\n',
    );
    expect(run.errorCode).toBeUndefined();
    expect(catalog?.models.map((model) => [model.id, model.checked])).toEqual([['acme/good', '2026-02-28']]);
    expect(warnings[0]).toMatch(/^gacost: warning: c\.yml:5:21: bad: prices_checked: /);
    expect(warnings[1]).toMatch(/^gacost: warning: not imported: 1 /);
  });
});

describe('catalog import --from genai-prices', () => {
  it('keeps context tiers and dated prices, and projects them', async () => {
    const { run, catalog } = await imported(['--from', 'genai-prices', ANTHROPIC]);
    expect(catalog.models.map((model) => model.id)).toEqual([
      'anthropic/claude-2',
      'anthropic/claude-sonnet-4-5',
      'anthropic/claude-sonnet-4-6',
      'anthropic/claude-sonnet-5',
    ]);
    const sonnet = catalog.models.find((model) => model.id === 'anthropic/claude-sonnet-4-5');
    expect(sonnet).toMatchObject({ name: 'Claude Sonnet 4.5', source: 'https://www.anthropic.com/pricing#api', checked: '2026-07-29' });
    expect(sonnet?.context_tiers).toEqual([
      { above: '200000', input: '6', cached_input: '0.6', cache_write: '7.5', cache_write_1h: '12', output: '22.5' },
    ]);
    // The newest price of claude-sonnet-4-6 has no context tiers: each dated price keeps its own, so an older date keeps the older tiers.
    const sonnet46 = catalog.models.find((model) => model.id === 'anthropic/claude-sonnet-4-6');
    expect(sonnet46?.context_tiers).toBeUndefined();
    expect(sonnet46?.prices !== 'unpublished' && sonnet46?.prices.map((entry) => entry.context_tiers?.length)).toEqual([1, 0]);
    expect(run.stderr).not.toContain('context tiers');
    expect(catalog.models.find((model) => model.id === 'anthropic/claude-sonnet-5')?.prices).toEqual([
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
    const long = await gacost([
      'project',
      '--catalog',
      saved(run.stdout),
      '--model',
      'anthropic/claude-sonnet-4-5',
      '--baseline',
      'anthropic/claude-sonnet-4-5',
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
  });

  it("keeps the list's match rules and the provider's, with ids as provider/id, and a time-of-day window as a price with hours", async () => {
    const { run, catalog } = await imported(['--from', 'genai-prices', DEEPSEEK]);
    expect(catalog.models.map((model) => [model.id, model.match, model.prices, model.checked])).toEqual([
      [
        'deepseek/deepseek-chat',
        { or: [{ starts_with: 'deepseek-chat' }, { equals: 'deepseek-chat-v3-0324' }] },
        [
          { from: null, input: '0.135', cached_input: '0.035', output: '0.55' },
          { from: null, hours: '00:30:00-16:30:00', input: '0.27', cached_input: '0.07', output: '1.1' },
        ],
        '2025-07-12',
      ],
      [
        'deepseek/deepseek-v4-flash',
        { or: [{ starts_with: 'deepseek-v4-flash' }] },
        [{ from: null, input: '0.14', cached_input: '0.0028', output: '0.28' }],
        '2026-05-12',
      ],
      [
        'deepseek/deepseek-v4-pro',
        { or: [{ starts_with: 'deepseek-v4-pro' }] },
        [{ from: null, input: '0.435', cached_input: '0.003625', output: '0.87' }],
        '2026-06-02',
      ],
    ]);
    expect(catalog.providers.deepseek?.model_match).toEqual({ starts_with: 'deepseek' });
    expect(run.stderr).toBe(`gacost: imported 3 models from ${DEEPSEEK}\n`);
  });
});

describe('catalog import --keep-history', () => {
  it('keeps the models of a provider the list no longer has, with that provider, in a catalog that loads', async () => {
    const dir = scratchDir();
    const list = (provider: string) =>
      JSON.stringify([
        {
          id: provider,
          name: provider,
          pricing_urls: ['https://example.com/p'],
          models: [{ id: 'm1', name: 'M1', prices: { input_mtok: 1, output_mtok: 2 } }],
        },
      ]);
    const first = join(dir, 'first.yaml');
    expect(
      (
        await gacost(['catalog', 'import', '--from', 'genai-prices', '-', '--as-of', '2026-10-01', '--out-file', first], {
          stdin: list('acme'),
        })
      ).exitCode,
    ).toBe(0);
    const second = await gacost(['catalog', 'import', '--from', 'genai-prices', '-', '--as-of', '2026-11-01', '--keep-history', first], {
      stdin: list('other'),
    });
    expect(second.exitCode).toBe(0);
    const catalog = loadCatalog(second.stdout, 'second.yaml');
    expect([Object.keys(catalog.providers).sort(), catalog.models.map((model) => model.id)]).toEqual([
      ['acme', 'other'],
      ['other/m1', 'acme/m1'],
    ]);
  });
});

describe('catalog import refuses', () => {
  it('a list with YAML aliases, at the alias; a model with two prices for one context tier, at the second', async () => {
    const dir = scratchDir();
    const model = (prices: string) => `id: acme\nname: Acme\nmodels:\n  - id: m1\n    prices: ${prices}\n`;
    writeFileSync(join(dir, 'alias.yml'), `${model('&p {output_mtok: 1}')}  - id: m2\n    prices: *p\n`);
    writeFileSync(
      join(dir, 'tiers.yml'),
      `${model('{output_mtok: {base: 1, tiers: [{start: 200000, price: 2}, {start: 200K, price: 3}]}}')}  - id: m2\n    prices: {output_mtok: 1}\n`,
    );
    const alias = await gacost(['catalog', 'import', '--from', 'genai-prices', 'alias.yml'], { cwd: dir });
    expect([alias.errorCode, alias.stderr]).toEqual([
      'invalid-import',
      'gacost: error: alias.yml:7:13: not a genai-prices provider file (id, name, pricing_urls, models) or data file (a list of them): a YAML alias (*name)\n',
    ]);
    const tiers = await gacost(['catalog', 'import', '--from', 'genai-prices', 'tiers.yml'], { cwd: dir });
    expect(loadCatalog(tiers.stdout, 'tiers.yml').models.map((entry) => entry.id)).toEqual(['acme/m2']);
    expect(tiers.stderr).toContain(
      'gacost: warning: tiers.yml:5:72: m1: output_mtok: a second tier starting at 200K tokens; not imported\n',
    );
  });

  it("a name or match pattern holding a control character, at its place (the R-D01 list: NUL and psql's \\!), so no catalog it writes holds one", async () => {
    const dir = scratchDir();
    const list = [
      'id: evil',
      'name: Evil',
      'models:',
      '  - id: evil-chat',
      '    name: Evil Chat',
      '    match:',
      '      or:',
      '        - equals: "evil-chat\\0x"',
      "        - equals: '\\! touch pwned #'",
      '    prices: {input_mtok: 1, output_mtok: 2}',
      '  - id: named',
      '    name: "Named\\u202e"',
      '    prices: {input_mtok: 1, output_mtok: 2}',
      '  - id: fine',
      '    prices: {input_mtok: 1, output_mtok: 2}',
    ];
    writeFileSync(join(dir, 'evil.yml'), `${list.join('\n')}\n`);
    const run = await gacost(['catalog', 'import', '--from', 'genai-prices', 'evil.yml'], { cwd: dir });
    expect(run.exitCode).toBe(0);
    expect(loadCatalog(run.stdout, 'imported.yaml').models.map((entry) => entry.id)).toEqual(['evil/fine']);
    expect(run.stderr).toContain(
      'gacost: warning: evil.yml:8:19: evil-chat: match.or.equals: holds a control character (U+0000 at character 10); not imported\n',
    );
    expect(run.stderr).toContain(
      'gacost: warning: evil.yml:12:11: named: name: holds a control character (U+202E at character 6); not imported\n',
    );
    writeFileSync(join(dir, 'provider.yml'), 'id: evil\nname: "Evil\\r"\nmodels: []\n');
    const provider = await gacost(['catalog', 'import', '--from', 'genai-prices', 'provider.yml'], { cwd: dir });
    expect([provider.errorCode, provider.stderr]).toEqual([
      'invalid-import',
      'gacost: error: provider.yml:2:7: name: holds a control character (U+000D at character 5)\n',
    ]);
    writeFileSync(
      join(dir, 'litellm.json'),
      JSON.stringify({
        'acme-chat': { litellm_provider: 'acme\u001b[2J', mode: 'chat', input_cost_per_token: 1e-6, output_cost_per_token: 2e-6 },
      }),
    );
    const litellm = await gacost(['catalog', 'import', '--from', 'litellm', 'litellm.json'], { cwd: dir });
    expect(litellm.stderr).toContain(
      'litellm.json:1:34: acme-chat: litellm_provider: holds a control character (U+001B at character 5); not imported',
    );
  });

  it.each([
    [['--from', 'litellm', ANTHROPIC], 'invalid-import', 'is not a LiteLLM price list'],
    [['--from', 'genai-prices', LITELLM], 'invalid-import', 'not a genai-prices provider file'],
    [['--from', 'litellm', LITELLM, '--provider', 'nobody'], 'invalid-import', 'has no chat model with token prices from provider nobody'],
    [['--from', 'csv', LITELLM], 'usage', "argument 'csv' is invalid"],
  ])('gacost catalog import %j: exit 2, one line', async (args, errorCode, reason) => {
    const run = await gacost(['catalog', 'import', ...args]);
    expect([run.exitCode, run.errorCode, run.stdout]).toEqual([2, errorCode, '']);
    expect(run.stderr).toMatch(/^gacost: error: [^\n]+\n$/);
    expect(run.stderr).toContain(reason);
  });
});
