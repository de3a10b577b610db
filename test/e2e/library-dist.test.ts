import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { gacost, processEnv, ROOT, scratchDir } from '../support/gacost.js';

const run = promisify(execFile);

const AS_OF = '2026-11-24';

/**
 * A small catalog (cheap to read on both sides, unlike a copy of the built-in one) with a router, for
 * usage's plan; a month of traffic on it; a budget file whose workloads pick their records; and a bill of it.
 */
function files(dir: string): { catalog: string; usage: string; budget: string; bill: string } {
  const model = (id: string, provider: string, input: string, output: string) =>
    `  - {id: ${id}, name: ${id}, provider: ${provider}, aliases: [${id.split('/')[1]}], prices: {input: ${input}, output: ${output}}, source: https://example.com, checked: 2026-01-01}`;
  const catalog = join(dir, 'catalog.yaml');
  writeFileSync(
    catalog,
    [
      'schema: 1',
      'version: 2026.1.0',
      'effective: 2026-01-01',
      'currency: USD',
      'defaults: {candidates: [ga/flash], baseline: openai/gpt-4o, router: {default: ga/flash, fallback: ga/qwen, premium: [ga/r1], failover: [ds/flash2]}}',
      'providers:',
      '  ga: {name: GA}',
      '  ds: {name: DS}',
      '  openai: {name: OpenAI}',
      '  anthropic: {name: Anthropic}',
      'models:',
      model('ga/flash', 'ga', '0.1', '0.25'),
      model('ga/qwen', 'ga', '0.1', '0.28'),
      model('ga/r1', 'ga', '0.5', '2.5'),
      model('ds/flash2', 'ds', '0.1', '0.3'),
      model('openai/gpt-4o', 'openai', '2.5', '10'),
      model('openai/gpt-4o-mini', 'openai', '0.15', '0.6'),
      model('anthropic/claude-haiku-4-5', 'anthropic', '1', '5'),
    ].join('\n'),
  );
  const usage = join(dir, 'usage.csv');
  writeFileSync(
    usage,
    [
      'date,model,provider,project,input_tokens,output_tokens',
      '2026-10-30,flash,ga,web,1000000,1',
      '2026-11-02,flash,ga,web,2000000,100000',
      '2026-11-10,r1,ga,batch,500000,50000',
      '2026-11-20,qwen,ga,web,1000000,200000',
    ].join('\n'),
  );
  const bill = join(dir, 'bill.csv');
  writeFileSync(bill, ['date,provider,model,amount,currency', '2026-11-02,ga,flash,0.3,USD', '2026-11-10,ga,r1,0.375,USD'].join('\n'));
  const budget = join(dir, 'gacost.yaml');
  writeFileSync(
    budget,
    [
      'version: 1',
      'budget: 40',
      'workloads:',
      '  - {name: web, model: flash, tokens: 1B, budget: 20, usage: {project: web}}',
      '  - {name: batch, model: r1, tokens: 100M, budget: 0.01, usage: {project: batch}}',
    ].join('\n'),
  );
  return { catalog, usage, budget, bill };
}

type Files = ReturnType<typeof files>;

/**
 * Every use case, called through the built package as a user's program calls it, by the names the
 * CLI's commands have; what each gives, as text (a render in JSON where it is a result).
 */
const program = ({ catalog, usage, budget, bill }: Files) => `
  const asOf = ${JSON.stringify(AS_OF)};
  const catalog = await g.loadCatalog(${JSON.stringify(catalog)});
  const json = (result) => g.render(result, 'json');
  const update = await g.catalogUpdate({ from: 'test/fixtures/import/genai-data.json', dryRun: true, asOf, env: { GACOST_CACHE_DIR: 'off' } });
  const out = {
    project: json(g.project(catalog, { tokens: '20B', mix: 'gpt-4o=50,gpt-4o-mini=50', tokensPerRequest: '1K', asOf })),
    compare: json(g.compare(catalog, { tokens: '1B', models: ['gpt-4o', 'claude-haiku-4-5'], inputShare: '75%', asOf })),
    forecast: json(g.forecast(catalog, { start: '5M', growth: '10x/yr', budget: 100, credits: 500, asOf })),
    fromUsage: json(g.forecast(catalog, { fromUsage: await g.fromUsage([${JSON.stringify(usage)}], { catalog, asOf }), growth: '5%/mo', months: 3, asOf })),
    check: json(await g.checkBudget(catalog, { config: ${JSON.stringify(budget)}, env: {} }, { inputShare: '50%', asOf })),
    checkUsage: json(await g.checkBudget(catalog, { config: ${JSON.stringify(budget)}, env: {} }, { usage: [${JSON.stringify(usage)}], asOf })),
    usage: json(await g.usageReport([${JSON.stringify(usage)}], { catalog, on: ['qwen'], mix: 'flash=80,r1=20', map: ['r1=flash2'], since: '2026-11-01', until: '2026-11-15', profile: true, plan: true, premiumShare: '20%', availability: ['flash2=99%'], asOf })),
    reconcile: json(await g.reconcile([${JSON.stringify(usage)}], { catalog, bill: [${JSON.stringify(bill)}], by: 'month', tolerance: '1%', asOf })),
    reconcileExit: g.reconcileExitCode(await g.reconcile([${JSON.stringify(usage)}], { catalog, bill: [${JSON.stringify(bill)}], tolerance: '1%', asOf })),
    models: json(g.models(catalog, { search: 'gpt-4o', asOf })),
    match: json(g.models(catalog, { match: ['gpt-4o-2024-08-06'], asOf })),
    validate: await g.catalogValidate(['test/fixtures/catalogs/minimal.yaml', 'test/fixtures/catalogs/bad-date.yaml']),
    diff: json(await g.catalogDiff(await g.loadCatalog('test/fixtures/catalogs/minimal-prev.yaml'), await g.loadCatalog('test/fixtures/catalogs/minimal-next.yaml'), { tokens: '1B', asOf })),
    import: (await g.catalogImport('test/fixtures/import/litellm-prices.json', { from: 'litellm', provider: 'openai', asOf })).yaml,
    export: g.catalogExport(catalog, { format: 'sql', dialect: 'postgres' }).text,
    update: [update.kind, update.stored, update.diff.changes.map((change) => change.id)],
    schema: await g.schema('budget'),
    refused: await g.usageReport([${JSON.stringify(usage)}], { catalog, premiumShare: '20%' }).catch((error) => [error instanceof g.GacostError, error.code, error.message]),
  };
  process.stdout.write(JSON.stringify(out));
`;

const FACES = {
  ESM: (script: string) => ['--input-type=module', '-e', `import * as g from ${JSON.stringify(join(ROOT, 'dist/index.js'))};\n${script}`],
  CommonJS: (script: string) => ['-e', `const g = require(${JSON.stringify(join(ROOT, 'dist/index.cjs'))});\n(async () => {${script}})();`],
};

describe('the library through dist/', () => {
  it('gives every command by its name, in ESM and CommonJS, as the CLI prints it', async () => {
    const given = files(scratchDir());
    // Both faces at once, while the CLI runs in-process.
    const faces = Promise.all(
      Object.entries(FACES).map(async ([face, args]) => {
        const { stdout, stderr } = await run(process.execPath, args(program(given)), { env: processEnv(), cwd: ROOT });
        return { face, stderr, out: JSON.parse(stdout) as Record<string, unknown> };
      }),
    );
    const cliRun = async (args: string[]) => (await gacost(['--catalog', given.catalog, ...args])).stdout;
    const json = (args: string[]) => cliRun([...args, '--format', 'json']);
    const cli: Record<string, string> = {
      project: await json(['project', '--tokens', '20B', '--mix', 'gpt-4o=50,gpt-4o-mini=50', '--tokens-per-request', '1K']),
      compare: await json(['compare', '--tokens', '1B', '--model', 'gpt-4o,claude-haiku-4-5', '--input-share', '75%']),
      forecast: await json(['forecast', '--start', '5M', '--growth', '10x/yr', '--budget', '100', '--credits', '500']),
      fromUsage: await json(['forecast', '--from-usage', given.usage, '--growth', '5%/mo', '--months', '3']),
      check: await json(['check', '--config', given.budget, '--input-share', '50%']),
      checkUsage: await json(['check', '--config', given.budget, '--usage', given.usage]),
      usage: await json([
        'usage',
        given.usage,
        '--on',
        'qwen',
        '--mix',
        'flash=80,r1=20',
        '--map',
        'r1=flash2',
        '--since',
        '2026-11-01',
        '--until',
        '2026-11-15',
        '--profile',
        '--plan',
        '--premium-share',
        '20%',
        '--availability',
        'flash2=99%',
      ]),
      reconcile: await json(['reconcile', given.usage, '--bill', given.bill, '--by', 'month', '--tolerance', '1%']),
      models: await json(['models', '--search', 'gpt-4o']),
      match: await json(['models', '--match', 'gpt-4o-2024-08-06']),
      diff: (
        await gacost([
          'catalog',
          'diff',
          'test/fixtures/catalogs/minimal-prev.yaml',
          'test/fixtures/catalogs/minimal-next.yaml',
          '--tokens',
          '1B',
          '--format',
          'json',
        ])
      ).stdout,
      import: (await gacost(['catalog', 'import', '--from', 'litellm', 'test/fixtures/import/litellm-prices.json', '--provider', 'openai']))
        .stdout,
      export: await cliRun(['catalog', 'export', '--format', 'sql', '--dialect', 'postgres']),
      schema: (await gacost(['schema', 'budget'])).stdout,
    };
    for (const { face, stderr, out } of await faces) {
      expect(stderr, face).toBe('');
      for (const [name, text] of Object.entries(cli)) expect((out[name] as string).trimEnd(), `${face} ${name}`).toBe(text.trimEnd());
      // Usage's on, mix, map, since, until, profile and plan each show in the result.
      const usage = JSON.parse(out.usage as string);
      expect([usage.repriced.length, usage.totals.records, usage.profile !== undefined, usage.plan.mixes.length > 0], face).toEqual([
        3,
        2,
        true,
        true,
      ]);
      // The bill charges less than the logs' Nov 2 and 10 cost, and nothing of the 20th: beyond 1%.
      expect([JSON.parse(out.reconcile as string).totals.billed_usd, out.reconcileExit], face).toEqual([0.675, 1]);
      expect(out.validate, face).toEqual([
        {
          source: 'test/fixtures/catalogs/minimal.yaml',
          valid: true,
          models: 2,
          version: '2026.1.0',
          hash: expect.stringMatching(/^[0-9a-f]{64}$/),
        },
        {
          source: 'test/fixtures/catalogs/bad-date.yaml',
          valid: false,
          problems: [expect.stringMatching(/^test\/fixtures\/catalogs\/bad-date\.yaml:\d+:\d+: /)],
        },
      ]);
      expect(out.update, face).toEqual(['update', null, expect.arrayContaining(['deepseek/deepseek-v5'])]);
      // Refused as the CLI refuses --premium-share without --plan, in the library's words.
      expect(out.refused, face).toEqual([true, 'conflicting-options', 'premiumShare goes with plan: give plan, or leave it out']);
    }
  });
});
