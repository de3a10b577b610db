import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gacost, scratchDir } from '../support/gacost.js';

const CATALOG = 'test/fixtures/catalogs/included/main.yaml';
const json = async (args: readonly string[]) => {
  const run = await gacost(['--catalog', CATALOG, ...args, '--format', 'json']);
  expect(run).toMatchObject({ exitCode: 0, stderr: '' });
  return JSON.parse(run.stdout);
};
const matched = async (...names: string[]) =>
  (await json(['models', '--match', ...names])).matches.map(
    (entry: { model: string | null; via: string | null; reason: string | null }) => [entry.model, entry.via, entry.reason],
  );

/** A catalog of files in a scratch folder, each given as lines. */
function catalogFiles(files: Record<string, readonly string[]>): string {
  const dir = scratchDir();
  for (const [name, lines] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), `${lines.join('\n')}\n`);
  }
  return dir;
}

const HEAD = ['schema: 1', 'version: 2026.11.0', 'effective: 2026-11-01', 'currency: USD'];
const model = (id: string, provider: string, extra: readonly string[] = []) => [
  `  - id: ${id}`,
  `    name: ${id}`,
  `    provider: ${provider}`,
  ...extra,
  '    prices: {output: 1}',
  '    source: https://example.com',
  '    checked: 2026-11-01',
];

describe('a catalog that includes others', () => {
  it("has its own models first, then each included file's, in order, with their providers", async () => {
    const result = await json(['models']);
    expect(result.models.map((entry: { id: string }) => entry.id)).toEqual([
      'house/small',
      'house/phi-4-local',
      'openai/gpt-4o',
      'openai/gpt-4o-mini',
      'openai/text-embedding-3-small',
      'azure/gpt-4o-mini',
      'azure/grok-3',
      'azure/phi-4',
      'x-ai/grok-3',
    ]);
    expect(Object.keys(result.providers)).toEqual(['house', 'openai', 'azure', 'x-ai']);
  });

  it('refuses, at the include entry, a file that sets defaults, repeats a model or a provider, or cannot be read; and a loop', async () => {
    const dir = catalogFiles({
      'main.yaml': [
        ...HEAD,
        'providers:',
        '  a: {name: A}',
        'models:',
        ...model('a/one', 'a'),
        'include:',
        '  - defaults.yaml',
        '  - again.yaml',
        '  - missing.yaml',
      ],
      'defaults.yaml': [
        ...HEAD,
        'defaults: {candidates: [b/one], baseline: b/one}',
        'providers:',
        '  b: {name: B}',
        'models:',
        ...model('b/one', 'b'),
      ],
      'again.yaml': [...HEAD, 'providers:', '  a: {name: A again}', 'models:', ...model('a/one', 'a')],
      'loop.yaml': [...HEAD, 'include: [loop.yaml]'],
    });
    const run = await gacost(['catalog', 'validate', 'main.yaml'], { cwd: dir });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(
      /^gacost: error: main\.yaml:17:5: include: cannot read catalog .*missing\.yaml: no such file or directory$/m,
    );
    writeFileSync(
      join(dir, 'missing.yaml'),
      `${[...HEAD, 'providers:', '  c: {name: C}', 'models:', ...model('c/one', 'c')].join('\n')}\n`,
    );
    const problems = (await gacost(['catalog', 'validate', 'main.yaml'], { cwd: dir })).stderr.trimEnd().split('\n');
    expect(problems).toEqual([
      'gacost: error: main.yaml:15:5: include[0]: defaults.yaml sets defaults: only the including catalog may',
      'gacost: error: main.yaml:16:5: include[1]: again.yaml has provider a, which this catalog already has',
      expect.stringMatching(
        /^gacost: error: main\.yaml:8:9: models\[0\]\.id: duplicate id or alias "a\/one" \(case-insensitive\): already names a\/one in again\.yaml$/,
      ),
    ]);
    const loop = await gacost(['catalog', 'validate', 'loop.yaml'], { cwd: dir });
    expect(loop.exitCode).toBe(2);
    expect(loop.stderr).toMatch(/loop\.yaml:5:\d+: include: loop\.yaml makes a loop/);
  });

  it('refuses a fallback to a provider the catalog does not have, where the including catalog names it', async () => {
    const dir = catalogFiles({
      'main.yaml': [
        ...HEAD,
        'providers:',
        '  a: {name: A, fallback_providers: [nobody]}',
        'models:',
        ...model('a/one', 'a'),
        'include: [b.yaml]',
      ],
      'b.yaml': [...HEAD, 'providers:', '  b: {name: B, fallback_providers: [a, c]}', 'models:', ...model('b/one', 'b')],
    });
    const run = await gacost(['catalog', 'validate', 'main.yaml'], { cwd: dir });
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      'gacost: error: main.yaml:6:37: providers.a.fallback_providers[0]: "nobody" is not another provider of the catalog',
      'gacost: error: main.yaml:14:11: include[0]: b.yaml: provider b falls back to "c", which is not another provider of the catalog',
    ]);
  });

  it("lets a rule claim the id of another provider's model, not of its own provider's", async () => {
    const claims = (provider: string) =>
      catalogFiles({
        'c.yaml': [
          ...HEAD,
          'providers:',
          '  a: {name: A}',
          '  b: {name: B}',
          'models:',
          ...model('a/one', 'a'),
          ...model('two', provider, ['    match: {contains: one}']),
        ],
      });
    expect((await gacost(['catalog', 'validate', 'c.yaml'], { cwd: claims('b') })).exitCode).toBe(0);
    const refused = await gacost(['catalog', 'validate', 'c.yaml'], { cwd: claims('a') });
    expect(refused.stderr).toMatch(/^gacost: error: c\.yaml:\d+:\d+: models\[1\]\.match: claims "a\/one", the id of a\/one/);
  });
});

describe('names across providers', () => {
  it('settles a name that rules of several providers claim by the provider that claims such names, else refuses it as ambiguous', async () => {
    expect(await matched('gpt-4o-mini', 'grok-3', 'phi-4-mini')).toEqual([
      ['openai/gpt-4o-mini', 'rule', null],
      ['x-ai/grok-3', 'rule', null],
      [null, null, expect.stringContaining('house/phi-4-local of house, azure/phi-4 of azure')],
    ]);
  });

  it('reads a provider by its other names, and falls back to the models of the providers it serves', async () => {
    expect(await matched('azure/gpt-4o-mini', 'xai/grok-3-mini', 'azure/gpt-4o-2024-08-06', 'azure/gpt-5')).toEqual([
      ['azure/gpt-4o-mini', 'id', null],
      ['x-ai/grok-3', 'rule', null],
      ['openai/gpt-4o', 'rule', null],
      [null, null, expect.stringContaining('unknown model "azure/gpt-5"')],
    ]);
    const byProvider = await json(['models', '--match', 'grok-3', '--provider', 'XAI']);
    expect(byProvider.matches[0]).toMatchObject({ model: 'x-ai/grok-3', provider: 'x-ai' });
  });

  it('knows a model billed by input alone, at its input price, and prices no output with it', async () => {
    const listed = (await json(['models', '--provider', 'openai'])).models.find(
      (entry: { id: string }) => entry.id === 'openai/text-embedding-3-small',
    );
    expect(listed).toMatchObject({ status: 'priced', prices: { input: 0.02 } });
    const projected = await gacost(['--catalog', CATALOG, 'project', '--model', 'text-embedding-3-small', '--tokens', '1M']);
    expect(projected.errorCode).toBe('no-published-price');
  });
});

describe('compare with a comparison set', () => {
  it("ranks the catalog's comparison set without --model or --provider, and the whole catalog with --top", async () => {
    const curated = await json(['compare', '--tokens', '1B']);
    expect([curated.selection, curated.omitted, curated.rows.map((row: { model: string }) => row.model)]).toEqual([
      'curated',
      0,
      ['house/small', 'openai/gpt-4o-mini', 'openai/gpt-4o'],
    ]);
    const top = await json(['compare', '--tokens', '1B', '--top', '2']);
    // Eight models have an output price; the embedding model is left out, and said to be.
    expect([top.selection, top.omitted, top.rows.length]).toEqual(['catalog', 6, 2]);
    expect(JSON.stringify(top.assumptions)).toContain('text-embedding-3-small');
  });
});

describe('catalog import --exclude', () => {
  it('leaves out the models named, and says how many', async () => {
    const run = await gacost([
      'catalog',
      'import',
      '--from',
      'genai-prices',
      'test/fixtures/import/genai-deepseek.yml',
      '--exclude',
      'DEEPSEEK/deepseek-chat',
    ]);
    expect(run.stdout).not.toContain('id: deepseek/deepseek-chat\n');
    expect(run.stdout).toContain('id: deepseek/deepseek-v4-flash\n');
    expect(run.stderr).toContain('gacost: warning: not imported: 1 models left out with --exclude\n');
  });
});
