import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { gacost, scratchDir } from '../support/gacost.js';

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

describe('hostile review 2026-11: catalog import', () => {
  it('#9: writes any price a catalog accepts exactly, and skips (counted) a precise one it would refuse, never an internal error', async () => {
    const litellm = await importList(
      'litellm',
      'p.json',
      `{"over": ${chat('"output_cost_per_token": 123.456789123456789')}, "m1": ${chat('"output_cost_per_token": 0.123456789123456, "input_cost_per_token": 9.99999999e-7')}}\n`,
    );
    expect(litellm.run.errorCode).toBeUndefined();
    expect(litellm.run.stdout).toContain('output: 123456.789123456\n');
    expect(litellm.catalog?.models.map((model) => [model.id, model.prices])).toEqual([['m1', [{ from: null, output: '123456.789123456', input: '0.999999999' }]]]);
    expect(litellm.warnings).toContain('gacost: warning: not imported: 1 models with a price out of range (output_cost_per_token)');

    const genai = await importList(
      'genai-prices',
      'g.yml',
      'id: acme\nname: Acme\nmodels:\n  - id: over\n    prices: {output_mtok: 123456789.123456789}\n  - id: m1\n    prices: {output_mtok: 999999.999999999}\n',
    );
    expect(genai.run.errorCode).toBeUndefined();
    expect(outputOf(genai.catalog, 'acme/m1')).toEqual(['999999.999999999']);
    expect(genai.warnings[0]).toMatch(/^gacost: warning: g\.yml:5:27: over: output_mtok: 123456789\.123456789 is a price out of range; not imported$/);
  });

  it('#17: reports each bad entry at its line:col in the list, skips and counts it, and imports the rest', async () => {
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

  it('#18: imports LiteLLM models priced 0 as unpublished, counted, never as free', async () => {
    const { dir, run, catalog } = await importList(
      'litellm',
      'z.json',
      `{"free": ${chat('"input_cost_per_token": 0, "output_cost_per_token": 0')}, "no-output": ${chat('"input_cost_per_token": 1e-6, "output_cost_per_token": 0.0')}, "paid": ${chat('"output_cost_per_token": 1e-6')}}`,
    );
    expect(run.errorCode).toBeUndefined();
    expect([outputOf(catalog, 'free'), outputOf(catalog, 'no-output'), outputOf(catalog, 'paid')]).toEqual(['unpublished', 'unpublished', ['1']]);
    expect(run.stderr).toMatch(/^gacost: warning: imported as unpublished: 2 models the list prices 0 /m);
    writeFileSync(join(dir, 'z.yaml'), run.stdout);
    expect((await gacost(['--catalog', 'z.yaml', 'project', '--model', 'free', '--tokens', '1M'], { cwd: dir })).errorCode).toBe('no-published-price');
  });

  it('#22: says a LiteLLM price is negative or out of range, not too fine', async () => {
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

  it('#24: refuses a genai prices_checked date that does not exist rather than replacing it with the import date', async () => {
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
