import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitForUpdate } from '@pydantic/genai-prices';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import type { Catalog } from '../../src/core/catalog.js';
import { importGenaiPrices } from '../../src/import/import-genai-prices.js';
import { ROOT } from '../support/gacost.js';

const pricing = (file: string) => join(ROOT, 'pricing', file);
const included = (file: string): Catalog => loadCatalog(readFileSync(pricing(file), 'utf8'), file, undefined, { included: true });
const HEAD = 'schema: 1\nversion: 2026.12.0\neffective: 2026-09-23\ncurrency: USD\n';
const MODEL =
  'providers: {p: {name: P}}\nmodels:\n  - {id: p/a, name: A, provider: p, prices: {input: 3, output: 15}, source: "https://p.example/pricing", checked: 2026-09-23}\n';
const CORRECTION =
  'corrections:\n  - {model: P/A, note: long context, source: "https://p.example/pricing#long", context_tiers: [{above: 200K, input: 6}], tiers: {priority: {output: 30}}}\n';

describe('curated corrections', () => {
  it('apply to the models of the catalog that includes them, and name their source and note', () => {
    const catalog = loadCatalog(`${HEAD}${MODEL}include: [corrections.yaml]\n`, 'c.yaml', undefined, {
      loadInclude: () => loadCatalog(`${HEAD}${CORRECTION}`, 'corrections.yaml', undefined, { included: true }),
    });
    expect(catalog.models[0]).toMatchObject({
      context_tiers: [{ above: '200000', input: '6' }],
      tiers: { priority: { output: '30' } },
      source: 'https://p.example/pricing#long',
      notes: 'corrected: long context',
    });
    expect(catalog.corrections).toBeUndefined();
  });

  it('refuse a model the catalog does not have, where the correction names it', () => {
    const load = () => loadCatalog(`${HEAD}${MODEL}${CORRECTION.replace('P/A', 'p/b')}`, 'c.yaml');
    expect(load).toThrow(
      expect.objectContaining({ problems: ['c.yaml:9:13: corrections: "p/b" is not the id of a model of the catalog'] }),
    );
  });

  it('refuse a second correction of one model, at its place', () => {
    const load = () =>
      loadCatalog(`${HEAD}${MODEL}${CORRECTION}${CORRECTION.replace('corrections:\n', '').replace('long context', 'again')}`, 'c.yaml');
    expect(load).toThrow(
      expect.objectContaining({
        problems: ['c.yaml:10:13: corrections: P/A is corrected already (at c.yaml:9:13): give one correction a model'],
      }),
    );
  });

  it('in an overlay, apply before its discounts, which then discount the corrected prices', () => {
    const base = loadCatalog(`${HEAD}${MODEL}`, 'base.yaml');
    const overlay = loadCatalog(
      `${HEAD}extends: base.yaml\ndiscounts:\n  - {provider: p, discount: 50%}\n${CORRECTION}`,
      'overlay.yaml',
      () => base,
    );
    expect(overlay.models[0]).toMatchObject({
      prices: [{ input: '1.5', output: '7.5' }],
      context_tiers: [{ above: '200000', input: '3' }],
      tiers: { priority: { output: '15' } },
    });
  });

  // A correction the refreshed data has caught up with must go: it would hide the data's own price.
  it('each still differ from the generated files, and each corrected model is still refused by the importer', async () => {
    const corrections = included('corrections.yaml');
    for (const correction of corrections.corrections ?? []) {
      const provider = correction.model.split('/')[0];
      const generated = included(`providers/${provider}.yaml`).models.find(
        (model) => model.id.toLowerCase() === correction.model.toLowerCase(),
      );
      expect(generated, correction.model).toBeDefined();
      if (correction.context_tiers !== undefined) expect(generated?.context_tiers, correction.model).not.toEqual(correction.context_tiers);
      for (const [tier, prices] of Object.entries(correction.tiers ?? {}))
        expect(generated?.tiers?.[tier], `${correction.model} ${tier}`).not.toEqual(prices);
    }
    if (corrections.models.length === 0) return;
    // The data's providers of those models alone: the whole data takes the importer a second.
    const providers = new Set<string>(corrections.models.map((model) => model.provider));
    const data = JSON.stringify(
      (await waitForUpdate())?.filter((provider) => providers.has(provider.id.toLowerCase().replace(/[^a-z0-9]+/g, '-'))),
    );
    const imported = new Set(importGenaiPrices(data, 'data.json', { checked: '2026-09-23' }).models.map((each) => each.id.toLowerCase()));
    for (const model of corrections.models) expect(imported.has(model.id.toLowerCase()), model.id).toBe(false);
  });
});

describe('the refreshed built-in catalog', () => {
  it('has Claude Fable 5.1 at its own prices', () => {
    const fable = included('providers/anthropic.yaml').models.find((model) => model.id === 'anthropic/claude-fable-5-1');
    expect(fable?.prices).toEqual([
      { from: null, input: '10', cached_input: '0.25', cache_write: '12.5', cache_write_1h: '20', output: '50', web_searches_per_1k: '10' },
    ]);
  });
});
