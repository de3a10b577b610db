import { readFileSync } from 'node:fs';
import { waitForUpdate } from '@pydantic/genai-prices';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { modelName as nameOf } from '../../src/core/catalog.js';
import { GacostError } from '../../src/errors.js';
import { providerKey } from '../../src/import/imported-catalog.js';
import { InputFiles, loadCatalogFile } from '../../src/read-files.js';
import { ROOT } from '../support/gacost.js';

const fixture = (name: string) => `test/fixtures/catalogs/${name}`;
const load = (name: string) => loadCatalog(readFileSync(fixture(name), 'utf8'), fixture(name));

function refusal(name: string): GacostError {
  try {
    load(name);
  } catch (error) {
    if (error instanceof GacostError) return error;
    throw error;
  }
  throw new Error(`${name} was accepted`);
}

describe('built-in catalog', () => {
  const catalog = loadCatalogFile('pricing/catalog.yaml', undefined, ROOT, new InputFiles());
  const byId = new Map(catalog.models.map((model) => [model.id as string, model]));

  it('carries the seed prices exactly', () => {
    expect(byId.get('global-api/deepseek-v4-flash')?.prices).toEqual([{ from: null, output: '0.25' }]);
    expect(byId.get('global-api/qwen3-32b')?.prices).toEqual([{ from: null, output: '0.28' }]);
    expect(byId.get('global-api/deepseek-r1')?.prices).toEqual([{ from: null, output: '2.5' }]);
    expect(byId.get('global-api/kimi-k2.5')?.prices).toEqual([{ from: null, output: '2.5' }]);
    expect(byId.get('openai/gpt-4o')?.prices).toEqual([{ from: null, input: '2.5', cached_input: '1.25', output: '10' }]);
    expect(byId.get('global-api/pro/deepseek-v3.2')?.prices).toBe('unpublished');
    expect(byId.get('global-api/pro/deepseek-v3.2')?.aliases).toContain('Pro/deepseek-ai/DeepSeek-V3.2');
  });

  it("keeps Global API's plan facts as data", () => {
    const globalApi = catalog.providers['global-api'];
    expect(globalApi?.endpoint).toBe('https://global-apis.com/v1');
    expect(globalApi?.models_available).toBe(184);
    expect(globalApi?.rate_limits).toEqual([{ plan: 'free', requests_per_minute: 50 }]);
    expect(globalApi?.credits).toEqual({ expire_after_days: 'never' });
    expect(globalApi?.channels?.pro).toMatchObject({ uptime_sla_pct: 99.9, dedicated_capacity: true, key_prefix: 'ga_pro_' });
  });

  it("carries 1,690+ models of every provider of the package's data and Global API, each with a source and checked date", async () => {
    expect(catalog.models.length).toBeGreaterThanOrEqual(1690);
    for (const model of catalog.models) {
      expect(model.source).toMatch(/^https:\/\//);
      expect(model.checked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    const data = await waitForUpdate();
    expect(new Set(catalog.models.map((model) => model.provider))).toEqual(
      new Set(['global-api', ...(data ?? []).map((provider) => providerKey(provider.id))]),
    );
  });
});

describe('catalog validation', () => {
  it('accepts the minimal fixture', () => {
    expect(load('minimal.yaml').models.map((model) => model.id)).toEqual(['acme/cheap', 'acme/dear']);
  });

  it.each([
    ['unknown-key.yaml', 'test/fixtures/catalogs/unknown-key.yaml:22:5: models[1].colour: unknown key'],
    ['duplicate-id.yaml', 'test/fixtures/catalogs/duplicate-id.yaml:20:9: models[1].id: duplicate id or alias "acme/cheap"'],
    [
      'duplicate-alias.yaml',
      'test/fixtures/catalogs/duplicate-alias.yaml:23:21: models[1].aliases[1]: duplicate id or alias "CHEAP" (case-insensitive): already names models[0]',
    ],
    ['negative-price.yaml', 'test/fixtures/catalogs/negative-price.yaml:24:32: models[1].prices.output: a price cannot be negative'],
    ['infinite-price.yaml', 'test/fixtures/catalogs/infinite-price.yaml:24:32: models[1].prices.output: expected a finite price'],
    ['nan-price.yaml', 'test/fixtures/catalogs/nan-price.yaml:17:22: models[0].prices.output: expected a finite price'],
    ['bad-date.yaml', 'test/fixtures/catalogs/bad-date.yaml:3:12: effective: not a real calendar date'],
    ['unknown-provider.yaml', 'test/fixtures/catalogs/unknown-provider.yaml:22:15: models[1].provider: unknown provider "acne"'],
    [
      'too-precise-price.yaml',
      'test/fixtures/catalogs/too-precise-price.yaml:17:22: models[0].prices.output: 0.0000000001 is not a plain decimal with at most 9 decimal places',
    ],
    ['unknown-default.yaml', 'test/fixtures/catalogs/unknown-default.yaml:7:13: defaults.baseline: "gpt-4o" is not a model id or alias'],
    ['unpublished-default.yaml', 'test/fixtures/catalogs/unpublished-default.yaml:7:13: defaults.baseline: "dear" has no published price'],
    ['wrong-schema.yaml', 'test/fixtures/catalogs/wrong-schema.yaml:1:9: schema: expected schema: 1'],
    [
      'malformed.yaml',
      'test/fixtures/catalogs/malformed.yaml:8:3: flow sequence in block collection must be sufficiently indented and end with a ]',
    ],
    ['duplicate-key.yaml', 'test/fixtures/catalogs/duplicate-key.yaml:5:1: the key currency is repeated; it is first at line 4, column 1'],
  ])('refuses %s with file:line:col and a one-line reason', (name, expected) => {
    const error = refusal(name);
    expect(error.code).toBe('invalid-catalog');
    expect(error.problems.length).toBeGreaterThan(0);
    expect(error.problems[0]).toContain(expected);
    for (const problem of error.problems) expect(problem).not.toContain('\n');
  });

  it('lists every problem, not only the first', () => {
    const text = readFileSync(fixture('minimal.yaml'), 'utf8')
      .replace('prices: {output: 0.1}', 'prices: {output: -1}')
      .replace('effective: 2026-01-15', 'effective: yesterday');
    try {
      loadCatalog(text, 'two-problems.yaml');
      expect.unreachable();
    } catch (error) {
      expect((error as GacostError).problems).toHaveLength(2);
    }
  });

  it('reads prices from their source text, never through a float', () => {
    const text = readFileSync(fixture('minimal.yaml'), 'utf8').replace('output: 0.1}', 'output: 123456.123456789}');
    const cheap = loadCatalog(text, 'precise.yaml').models[0];
    expect(cheap?.prices).toEqual([{ from: null, output: '123456.123456789' }]);
  });
});

describe('control characters in names', () => {
  const CONTROLS = ['\u0000', '\t', '\n', '\r', '\u001b', '\u007f', '\u0085', '\u009b', '\u061c', '\u200f', '\u202e', '\u2066', '\u2028'];
  const model = (names: { name?: string; alias?: string; pattern?: string }) => ({
    id: 'acme/m',
    name: names.name ?? 'M',
    provider: 'acme',
    aliases: [names.alias ?? 'm'],
    match: { or: [{ starts_with: 'm-' }, { equals: names.pattern ?? 'mm' }] },
    prices: { input: 1, output: 3 },
    source: 'https://example.com/p',
    checked: '2026-01-15',
  });
  const catalog = (names: { name?: string; alias?: string; pattern?: string; provider?: string }) => ({
    schema: 1,
    version: '2026.1.0',
    effective: '2026-01-15',
    currency: 'USD',
    providers: { acme: { name: names.provider ?? 'Acme' } },
    models: [model(names)],
  });
  const refusal = (text: string, file: string) => {
    try {
      loadCatalog(text, file);
    } catch (error) {
      if (error instanceof GacostError) return error.problems.join('\n');
      throw error;
    }
    return 'accepted';
  };

  it('are refused in a name, an alias, a match pattern and a provider name, each at file:line:col, in JSON and YAML', () => {
    for (const control of CONTROLS) {
      const code = `U+${control.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
      for (const [field, path] of [
        ['name', 'models[0].name'],
        ['alias', 'models[0].aliases[0]'],
        ['pattern', 'models[0].match.or[1].equals'],
        ['provider', 'providers.acme.name'],
      ] as const) {
        const json = JSON.stringify(catalog({ [field]: `x${control}y` }), null, 2);
        // YAML reads the same escapes in a double-quoted scalar.
        const yaml = json.replace(/^(\s*)"([a-z_]+)":/gm, '$1$2:');
        for (const [text, file] of [
          [json, 'cat.json'],
          [yaml, 'cat.yaml'],
        ] as const) {
          const lines = text.split('\n');
          const line = lines.findIndex((each) => each.includes(JSON.stringify(`x${control}y`))) + 1;
          const column = (lines[line - 1] ?? '').lastIndexOf('"x') + 1;
          expect(refusal(text, file), `${code} in ${field}`).toBe(
            `${file}:${line}:${column}: ${path}: holds a control character (${code} at character 2); names may not`,
          );
        }
      }
    }
  });

  it('leave free text alone: a note may hold a line break', () => {
    const json = JSON.stringify({ ...catalog({}), models: [{ ...model({}), notes: 'first line\nsecond line' }] });
    expect(loadCatalog(json, 'cat.json').models[0]?.notes).toBe('first line\nsecond line');
  });
});

describe('modelName', () => {
  const modelName = (model: { id: string; name: string; provider: string }) => nameOf(model as Parameters<typeof nameOf>[0]);
  it("is the catalog's name, or, where that is the id in lower-case words, the id after its provider", () => {
    expect(modelName({ id: 'global-api/deepseek-v4-flash', name: 'DeepSeek V4 Flash', provider: 'global-api' })).toBe('DeepSeek V4 Flash');
    expect(modelName({ id: 'openai/gpt-4o-mini', name: 'gpt 4o mini', provider: 'openai' })).toBe('gpt-4o-mini');
    expect(modelName({ id: 'google/gemini-flash-1.5-8b', name: 'gemini 1.5 flash', provider: 'google' })).toBe('gemini-flash-1.5-8b');
    expect(modelName({ id: 'acme-model', name: 'acme model', provider: 'acme' })).toBe('acme-model');
  });
});
