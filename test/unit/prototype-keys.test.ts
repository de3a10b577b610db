import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { GacostError } from '../../src/errors.js';
import { loadStages } from '../../src/stages/load-stages.js';
import { readYaml } from '../../src/yaml/parse-yaml.js';

const FIXTURE = 'test/fixtures/hostile/proto-keys.yaml';
const texts = [
  readFileSync(FIXTURE, 'utf8'),
  '__proto__: {polluted: true}\n',
  '- {name: a, tokens: 1M, __proto__: {polluted: true}}\n',
  '{"constructor": {"prototype": {"polluted": true}}}\n',
];

function refusal(load: () => unknown): GacostError {
  try {
    load();
  } catch (error) {
    if (error instanceof GacostError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('prototype keys, read in this process', () => {
  afterEach(() => {
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each(texts)('are refused by every YAML reader, with their position: %j', (text) => {
    expect(refusal(() => loadCatalog(text, 'c.yaml')).problems.join('\n')).toMatch(
      /c\.yaml:\d+:\d+: the key (__proto__|constructor|prototype) is not allowed/,
    );
    expect(refusal(() => loadStages(text, 's.yaml')).problems.join('\n')).toMatch(
      /s\.yaml:\d+:\d+: the key (__proto__|constructor|prototype) is not allowed/,
    );
    expect(() => readYaml(text, 'b.yaml', 'invalid-budget', { env: {} })).toThrow(GacostError);
  });
});
