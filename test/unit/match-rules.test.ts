import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { lookupsOf, ModelIndex } from '../../src/core/resolve-model.js';
import { GacostError, isGacostError } from '../../src/errors.js';

const FILE = 'test/fixtures/catalogs/match-rules.yaml';
const TEXT = readFileSync(FILE, 'utf8');
const catalog = loadCatalog(TEXT, FILE);
const index = new ModelIndex(catalog, { asOf: '2026-11-24', tier: null });

/** What a name resolves to: [model id, via], or the error code. */
function resolved(name: string, provider?: string): [string, string] | string {
  try {
    const { model, via } = index.match(name, provider);
    return [model.id, via];
  } catch (error) {
    if (isGacostError(error)) return error.code;
    throw error;
  }
}

function refusal(text: string): GacostError {
  try {
    loadCatalog(text, 'rules.yaml');
  } catch (error) {
    if (error instanceof GacostError) return error;
    throw error;
  }
  throw new Error('the catalog was accepted');
}

describe('match rules', () => {
  it.each([
    ['openai/gpt-4o', 'openai/gpt-4o', 'id'],
    ['gpt-4o', 'openai/gpt-4o', 'alias'],
    ['gpt-4o-mini-2024-07-18', 'openai/gpt-4o-mini', 'rule'], // starts_with
    ['chatgpt-4o-latest', 'openai/gpt-4o', 'rule'], // equals inside or
    ['gpt-4o-2025-01-01', 'openai/gpt-4o-dated', 'rule'], // regex
    ['my-4o-mini-azure', 'azure/gpt-4o-mini', 'rule'], // and: contains and ends_with
    ['gemini-2.5-pro-latest', 'google/gemini-2.5-pro', 'rule'], // ends_with
    ['claude-3-7-sonnet@20250219', 'aws/claude-3-7-sonnet', 'rule'], // contains
    ['llama-v3p3-70b-instruct', 'fireworks/llama-v3p3-70b-instruct', 'rule'], // equals
  ])('resolves %s to %s through its %s', (name, model, via) => {
    expect(resolved(name)).toEqual([model, via]);
  });

  it('matches case-insensitively, in the rules and the names', () => {
    expect(resolved('GPT-4o-MINI-2024-07-18')).toEqual(['openai/gpt-4o-mini', 'rule']);
    expect(resolved('  ChatGPT-4o-Latest ')).toEqual(['openai/gpt-4o', 'rule']);
    expect(resolved('GPT-4O-2025-01-01')).toEqual(['openai/gpt-4o-dated', 'rule']);
    expect(resolved('US.Anthropic.Claude-3-7-Sonnet-20250219-V1:0')).toEqual(['aws/claude-3-7-sonnet', 'rule']);
  });

  it('needs every part of an and', () => {
    expect(resolved('4o-mini')).toBe('unknown-model');
    expect(resolved('model-azure')).toBe('unknown-model');
  });

  it.each([
    ['openai/gpt-4o-2024-08-06', 'openai/gpt-4o', 'rule'], // provider/ prefix
    ['openai/gpt-4o-mini', 'openai/gpt-4o-mini', 'id'],
    ['azure/gpt-4o-2024-08-06', 'azure/gpt-4o', 'rule'],
    ['models/gemini-2.5-pro', 'google/gemini-2.5-pro', 'alias'], // Gemini
    ['models/gemini-2.5-pro-preview-05-06', 'google/gemini-2.5-pro', 'rule'],
    ['accounts/fireworks/models/llama-v3p3-70b-instruct', 'fireworks/llama-v3p3-70b-instruct', 'rule'], // Fireworks
    ['us.anthropic.claude-3-7-sonnet-20250219-v1:0', 'aws/claude-3-7-sonnet', 'rule'], // Bedrock regions
    ['eu.anthropic.claude-3-7-sonnet-20250219-v1:0', 'aws/claude-3-7-sonnet', 'rule'],
    ['apac.anthropic.claude-3-7-sonnet-20250219-v1:0', 'aws/claude-3-7-sonnet', 'rule'],
    ['anthropic.claude-3-7-sonnet-20250219-v1:0', 'aws/claude-3-7-sonnet', 'rule'],
    ['openai/gpt-4o-mini:free', 'openai/gpt-4o-mini', 'id'], // OpenRouter's variants
    ['openai/gpt-4o-mini-2024-07-18:extended', 'openai/gpt-4o-mini', 'rule'],
  ])('understands the prefix of %s', (name, model, via) => {
    expect(resolved(name)).toEqual([model, via]);
  });

  it('does not take a prefix for a provider the catalog lacks, nor a region without a vendor', () => {
    expect(resolved('acme/gpt-4o-2024-08-06')).toBe('unknown-model');
    expect(resolved('us.claude-3-7-sonnet-20250219-v1:0')).toBe('unknown-model');
  });

  it('refuses a name that rules of several providers claim, unless the provider is known', () => {
    expect(resolved('gpt-4o-2024-08-06')).toBe('ambiguous-model');
    expect(() => index.match('gpt-4o-2024-08-06')).toThrow(/openai\/gpt-4o\b.*azure\/gpt-4o\b/);
    expect(resolved('gpt-4o-mini-2024-07-18-azure')).toBe('ambiguous-model'); // starts_with of one, and of the other
    expect(resolved('gpt-4o-2024-08-06', 'openai')).toEqual(['openai/gpt-4o', 'rule']);
    expect(resolved('gpt-4o-2024-08-06', 'azure')).toEqual(['azure/gpt-4o', 'rule']);
    expect(resolved('openai/gpt-4o-2024-08-06', 'azure')).toBe('unknown-model');
  });

  it("takes a provider's prefix before another provider's rule on the whole name, and a host's rule on its whole name before an alias of the short one", () => {
    const head = 'schema: 1\nversion: 2026.11.0\neffective: 2026-11-01\ncurrency: USD\n';
    const entry = (id: string, provider: string, extra: string) =>
      `  - {id: ${id}, name: ${id}, provider: ${provider}, ${extra}prices: {output: 1}, source: https://example.com, checked: 2026-11-01}\n`;
    const layered = loadCatalog(
      `${head}providers:\n  anthropic: {name: Anthropic}\n  vertex: {name: Vertex}\n  aws: {name: Bedrock, match: {contains: bedrock}}\n  fireworks: {name: Fireworks}\n  router: {name: Router}\nmodels:\n` +
        entry('anthropic/sonnet', 'anthropic', 'match: {starts_with: claude-sonnet-4.5}, ') +
        entry('vertex/sonnet', 'vertex', 'match: {contains: claude-sonnet-4}, ') +
        entry('aws/sonnet', 'aws', 'match: {starts_with: anthropic.claude-sonnet-4}, ') +
        entry('fireworks/flash', 'fireworks', 'match: {equals: accounts/fireworks/models/flash-v4}, ') +
        entry('router/flash', 'router', 'aliases: [flash-v4], '),
      'layered.yaml',
    );
    const layers = new ModelIndex(layered, { asOf: '2026-11-24', tier: null });
    expect(layers.match('anthropic/claude-sonnet-4.5').model.id).toBe('anthropic/sonnet');
    expect(layers.match('accounts/fireworks/models/flash-v4').model.id).toBe('fireworks/flash');
    expect(layers.match('flash-v4').model.id).toBe('router/flash');
    // A cross-region prefix names the provider that answers to "bedrock".
    expect(layers.match('eu.anthropic.claude-sonnet-4-5-20250929-v1:0').model.id).toBe('aws/sonnet');
  });

  it('gives a name to the first model in catalog order whose rule claims it, within a provider', () => {
    // Both openai/gpt-4o (starts_with gpt-4o-2024) and openai/gpt-4o-dated (its regex) claim it.
    expect(resolved('openai/gpt-4o-2024-11-20')).toEqual(['openai/gpt-4o', 'rule']);
    expect(resolved('gpt-4o-2024-11-20', 'openai')).toEqual(['openai/gpt-4o', 'rule']);
  });

  it('narrows ids and aliases to the provider asked for', () => {
    expect(resolved('gpt-4o', 'azure')).toBe('unknown-model');
    expect(resolved('azure-gpt-4o', 'azure')).toEqual(['azure/gpt-4o', 'alias']);
  });

  it('keeps ids and aliases before rules, and the unknown-model error for names nothing claims', () => {
    expect(resolved('gpt-4o-mini')).toEqual(['openai/gpt-4o-mini', 'alias']);
    expect(resolved('gpt-5')).toBe('unknown-model');
  });

  it('compiles the rules once per list of models, only when an id or alias misses, and shares them with every index of it', () => {
    const models = [...catalog.models];
    const fresh = new ModelIndex({ ...catalog, models }, { asOf: '2026-11-24', tier: null });
    expect(fresh.match('gpt-4o').via).toBe('alias');
    expect(lookupsOf(models).ruled).toBeUndefined();
    expect(fresh.match('gpt-4o-mini-x').via).toBe('rule');
    const compiled = lookupsOf(models).ruled;
    expect(compiled).toBeDefined();
    expect(new ModelIndex({ ...catalog, models }, { asOf: '2026-11-24', tier: null }).match('gpt-4o-mini-x').via).toBe('rule');
    expect(lookupsOf(models).ruled).toBe(compiled);
  });
});

describe('checks of match rules at load time', () => {
  // The fixture's header and providers, without its defaults (which name its models).
  const base = TEXT.slice(0, TEXT.indexOf('models:\n')).replace(/defaults:\n( {2}.*\n)+/, '');
  const model = (id: string, extra: string) =>
    `  - id: ${id}\n    name: ${id}\n    provider: openai\n${extra}    prices: {output: 1}\n    source: https://openai.com/api/pricing\n    checked: 2026-11-01\n`;

  it('refuses a rule that claims another model id, with the position of the claiming alternative', () => {
    const text = `${base}models:\n${model('openai/a', '    aliases: [a-one]\n')}${model('openai/b', '    match:\n      or:\n        - equals: b-one\n        - starts_with: openai/A\n')}`;
    const error = refusal(text);
    expect(error.code).toBe('invalid-catalog');
    expect(error.problems).toEqual([
      expect.stringMatching(/^rules\.yaml:26:11: models\[1\]\.match\.or\[1\]: claims "openai\/a", the id of openai\/a/),
    ]);
  });

  it('refuses a rule that claims another model alias', () => {
    const text = `${base}models:\n${model('openai/a', '    aliases: [a-one]\n')}${model('openai/b', '    match: {ends_with: -ONE}\n')}`;
    expect(refusal(text).problems).toEqual([
      expect.stringMatching(/^rules\.yaml:\d+:\d+: models\[1\]\.match: claims "a-one", the alias of openai\/a/),
    ]);
  });

  it('lets a rule claim its own model id and aliases', () => {
    const text = `${base}models:\n${model('openai/a', '    aliases: [a-one]\n    match: {contains: a-}\n')}`;
    expect(loadCatalog(text, 'rules.yaml').models[0]?.match).toEqual({ contains: 'a-' });
  });

  it('refuses an invalid regex with its position', () => {
    const text = `${base}models:\n${model('openai/a', "    match:\n      and:\n        - starts_with: a\n        - regex: 'a(b'\n")}`;
    const error = refusal(text);
    expect(error.problems).toEqual([expect.stringMatching(/^rules\.yaml:\d+:18: models\[0\]\.match\.and\[1\]\.regex: invalid regex: /)]);
  });

  it('refuses a rule with no test or an unknown one', () => {
    expect(refusal(`${base}models:\n${model('openai/a', '    match: {or: []}\n')}`).code).toBe('invalid-catalog');
    expect(refusal(`${base}models:\n${model('openai/a', '    match: {like: a}\n')}`).code).toBe('invalid-catalog');
  });

  it('refuses an overlay model whose id a rule of its base claims', () => {
    const overlay = `schema: 1\nversion: 2026.11.1\neffective: 2026-11-01\ncurrency: USD\nextends: base\nmodels:\n${model('chatgpt-4o-latest', '')}`;
    let error: unknown;
    try {
      loadCatalog(overlay, 'overlay.yaml', () => catalog);
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({
      code: 'invalid-catalog',
      problems: [expect.stringMatching(/^overlay\.yaml:7:9: models\[0\]\.id: openai\/gpt-4o's match rule/)],
    });
  });
});
