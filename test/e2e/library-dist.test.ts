import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { gacost, processEnv, ROOT, scratchDir, STANDARD_CATALOG } from '../support/gacost.js';

const run = promisify(execFile);

const AS_OF = '2026-11-24';

/** A catalog with a router (for usage's plan) and the traffic of a month on it. */
function routerFiles(dir: string): { catalog: string; usage: string } {
  const model = (id: string, provider: string, output: string) => `  - {id: ${id}, name: ${id}, provider: ${provider}, aliases: [${id.split('/')[1]}], prices: {input: 0.1, output: ${output}}, source: https://example.com, checked: 2026-01-01}`;
  const catalog = join(dir, 'router.yaml');
  writeFileSync(
    catalog,
    [
      'schema: 1', 'version: 2026.1.0', 'effective: 2026-01-01', 'currency: USD',
      'defaults: {candidates: [ga/flash], baseline: ga/flash, router: {default: ga/flash, fallback: ga/qwen, premium: [ga/r1], failover: [ds/flash2]}}',
      'providers:', '  ga: {name: GA}', '  ds: {name: DS}',
      'models:', model('ga/flash', 'ga', '0.25'), model('ga/qwen', 'ga', '0.28'), model('ga/r1', 'ga', '2.5'), model('ds/flash2', 'ds', '0.3'),
    ].join('\n'),
  );
  const usage = join(dir, 'usage.csv');
  writeFileSync(usage, ['date,model,provider,input_tokens,output_tokens', '2026-10-30,flash,ga,1000000,1', '2026-11-02,flash,ga,2000000,100000', '2026-11-10,r1,ga,500000,50000', '2026-11-20,qwen,ga,1000000,200000'].join('\n'));
  return { catalog, usage };
}

/**
 * Every use case, called through the built package as a user's program calls it, by the names the
 * CLI's commands have; what each gives, as text (a render in JSON where it is a result).
 */
const program = (files: { catalog: string; usage: string }) => `
  const asOf = ${JSON.stringify(AS_OF)};
  const standard = await g.loadCatalog(${JSON.stringify(STANDARD_CATALOG)});
  const router = await g.loadCatalog(${JSON.stringify(files.catalog)});
  const json = (result) => g.render(result, 'json');
  const update = await g.catalogUpdate({ from: 'test/fixtures/import/genai-data.json', dryRun: true, asOf, env: { GACOST_CACHE_DIR: 'off' } });
  const out = {
    project: json(g.project(standard, { tokens: '20B', mix: 'gpt-4o=50,gpt-4o-mini=50', tokensPerRequest: '1K', asOf })),
    compare: json(g.compare(standard, { tokens: '1B', models: ['gpt-4o', 'claude-haiku-4-5'], inputShare: '75%', asOf })),
    forecast: json(g.forecast(standard, { start: '5M', growth: '10x/yr', budget: 100, credits: 500, asOf })),
    fromUsage: json(g.forecast(standard, { fromUsage: await g.fromUsage(['examples/usage-openai.jsonl'], { catalog: standard, asOf }), growth: '5%/mo', months: 3, asOf })),
    check: json(await g.checkBudget(standard, { config: 'examples/gacost.yaml', env: {} }, { asOf })),
    checkUsage: json(await g.checkBudget(standard, { config: 'test/fixtures/budgets/actuals.yaml', env: {} }, { usage: ['test/fixtures/usage/november.csv'], asOf })),
    usage: json(await g.usageReport([${JSON.stringify(files.usage)}], { catalog: router, on: ['qwen'], mix: 'flash=80,r1=20', map: ['r1=flash2'], since: '2026-11-01', until: '2026-11-15', profile: true, plan: true, premiumShare: '20%', availability: ['flash2=99%'], asOf })),
    models: json(g.models(standard, { search: 'gpt-4o', asOf })),
    match: json(g.models(standard, { match: ['gpt-4o-2024-08-06'], asOf })),
    validate: await g.catalogValidate(['examples/negotiated.yaml', 'test/fixtures/catalogs/bad-date.yaml']),
    diff: json(await g.catalogDiff(await g.loadCatalog('test/fixtures/catalogs/minimal-prev.yaml'), await g.loadCatalog('test/fixtures/catalogs/minimal-next.yaml'), { tokens: '1B', asOf })),
    import: (await g.catalogImport('test/fixtures/import/litellm-prices.json', { from: 'litellm', provider: 'openai', asOf })).yaml,
    export: g.catalogExport(standard, { format: 'sql', dialect: 'postgres' }).text,
    update: [update.kind, update.stored, update.diff.changes.map((change) => change.id)],
    schema: await g.schema('budget'),
    refused: await g.usageReport([${JSON.stringify(files.usage)}], { premiumShare: '20%' }).catch((error) => [error instanceof g.GacostError, error.code, error.message]),
  };
  process.stdout.write(JSON.stringify(out));
`;

const FACES = {
  ESM: (script: string) => ['--input-type=module', '-e', `import * as g from ${JSON.stringify(join(ROOT, 'dist/index.js'))};\n${script}`],
  CommonJS: (script: string) => ['-e', `const g = require(${JSON.stringify(join(ROOT, 'dist/index.cjs'))});\n(async () => {${script}})();`],
};

describe('the library through dist/', () => {
  it('gives every command by its name, in ESM and CommonJS, as the CLI prints it', async () => {
    const files = routerFiles(scratchDir());
    // Both faces at once, while the CLI runs in-process.
    const faces = Object.entries(FACES).map(async ([face, args]) => {
      const { stdout, stderr } = await run(process.execPath, args(program(files)), { env: processEnv(), cwd: ROOT });
      return { face, stderr, out: JSON.parse(stdout) as Record<string, unknown> };
    });
    const json = async (args: string[]) => (await gacost([...args, '--format', 'json'])).stdout;
    const catalog = ['--catalog', STANDARD_CATALOG];
    const cli: Record<string, string> = {
      project: await json([...catalog, 'project', '--tokens', '20B', '--mix', 'gpt-4o=50,gpt-4o-mini=50', '--tokens-per-request', '1K']),
      compare: await json([...catalog, 'compare', '--tokens', '1B', '--model', 'gpt-4o,claude-haiku-4-5', '--input-share', '75%']),
      forecast: await json([...catalog, 'forecast', '--start', '5M', '--growth', '10x/yr', '--budget', '100', '--credits', '500']),
      fromUsage: await json([...catalog, 'forecast', '--from-usage', 'examples/usage-openai.jsonl', '--growth', '5%/mo', '--months', '3']),
      check: await json([...catalog, 'check', '--config', 'examples/gacost.yaml']),
      checkUsage: await json([...catalog, 'check', '--config', 'test/fixtures/budgets/actuals.yaml', '--usage', 'test/fixtures/usage/november.csv']),
      usage: await json(['--catalog', files.catalog, 'usage', files.usage, '--on', 'qwen', '--mix', 'flash=80,r1=20', '--map', 'r1=flash2', '--since', '2026-11-01', '--until', '2026-11-15', '--profile', '--plan', '--premium-share', '20%', '--availability', 'flash2=99%']),
      models: await json([...catalog, 'models', '--search', 'gpt-4o']),
      match: await json([...catalog, 'models', '--match', 'gpt-4o-2024-08-06']),
      diff: await json(['catalog', 'diff', 'test/fixtures/catalogs/minimal-prev.yaml', 'test/fixtures/catalogs/minimal-next.yaml', '--tokens', '1B']),
      import: (await gacost(['catalog', 'import', '--from', 'litellm', 'test/fixtures/import/litellm-prices.json', '--provider', 'openai'])).stdout,
      export: (await gacost([...catalog, 'catalog', 'export', '--format', 'sql', '--dialect', 'postgres'])).stdout,
      schema: (await gacost(['schema', 'budget'])).stdout,
    };
    for (const { face, stderr, out } of await Promise.all(faces)) {
      expect(stderr, face).toBe('');
      for (const [name, text] of Object.entries(cli)) expect((out[name] as string).trimEnd(), `${face} ${name}`).toBe(text.trimEnd());
      // Usage's on, mix, map, since, until, profile and plan each show in the result.
      const usage = JSON.parse(out.usage as string);
      expect([usage.repriced.length, usage.totals.records, usage.profile !== undefined, usage.plan.mixes.length > 0], face).toEqual([3, 2, true, true]);
      expect(out.validate, face).toEqual([
        { source: 'examples/negotiated.yaml', valid: true, models: expect.any(Number), version: expect.any(String), hash: expect.any(String) },
        { source: 'test/fixtures/catalogs/bad-date.yaml', valid: false, problems: [expect.stringMatching(/^test\/fixtures\/catalogs\/bad-date\.yaml:\d+:\d+: /)] },
      ]);
      expect(out.update, face).toEqual(['update', null, expect.arrayContaining(['deepseek/deepseek-v5'])]);
      // Refused as the CLI refuses --premium-share without --plan, in the library's words.
      expect(out.refused, face).toEqual([true, 'conflicting-options', 'premiumShare goes with plan: give plan, or leave it out']);
    }
  });
});
