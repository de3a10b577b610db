import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  belowRequired,
  budgetExitCode,
  checkBudget,
  compare,
  diff,
  forecast,
  fromUsage,
  GacostError,
  init,
  loadCatalog,
  priceTokens,
  project,
  render,
  resolveModel,
  usageReport,
  usdText,
} from '../../src/index.js';
import { AS_OF, gacost, processEnv, ROOT } from '../support/gacost.js';
import { PR_CATALOG, prRepository } from '../support/pr-repo.js';

const { version: VERSION } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

const run = promisify(execFile);

/** The CLI ends what it prints with a line break, which a rendered text may leave out. */
const lines = (text: string) => (text.endsWith('\n') ? text : `${text}\n`);

/** A library error, caught: its class and code. */
async function failure(call: () => unknown): Promise<{ isGacostError: boolean; code: string; problems: readonly string[] }> {
  try {
    await call();
  } catch (error) {
    return { isGacostError: error instanceof GacostError, code: (error as GacostError).code, problems: (error as GacostError).problems };
  }
  throw new Error('expected the call to throw');
}

describe('import gacost', () => {
  // The built package, in a fresh process: importing prints nothing, sets no exit code, adds no listeners.
  const probe = `
    const before = { exitCode: process.exitCode, signals: process.listenerCount('SIGINT') + process.listenerCount('exit') + process.listenerCount('uncaughtException') };
    const after = (library) => ({ exitCode: process.exitCode, signals: process.listenerCount('SIGINT') + process.listenerCount('exit') + process.listenerCount('uncaughtException'), names: Object.keys(library).length });
  `;
  it.each([
    [
      'ESM',
      [
        '--input-type=module',
        '-e',
        `${probe} const library = await import(${JSON.stringify(join(ROOT, 'dist/index.js'))}); process.stdout.write('\\u0000' + JSON.stringify([before, after(library)]));`,
      ],
    ],
    [
      'CommonJS',
      [
        '-e',
        `${probe} const library = require(${JSON.stringify(join(ROOT, 'dist/index.cjs'))}); process.stdout.write('\\u0000' + JSON.stringify([before, after(library)]));`,
      ],
    ],
  ])('has no side effects (%s)', async (_, args) => {
    const { stdout, stderr } = await run(process.execPath, args, { env: processEnv() });
    expect(stderr).toBe('');
    expect(stdout.startsWith('\u0000')).toBe(true); // nothing printed before the probe's own line
    const [before, after] = JSON.parse(stdout.slice(1)) as [
      { exitCode: unknown; signals: number },
      { exitCode: unknown; signals: number; names: number },
    ];
    expect(after.exitCode).toBe(before.exitCode);
    expect(after.exitCode).toBeUndefined();
    expect(after.signals).toBe(before.signals);
    expect(after.names).toBeGreaterThan(10);
  });

  it('gives ESM and CommonJS the same module, so one GacostError class', async () => {
    const script = `import { GacostError, resolveModel, builtinCatalog } from ${JSON.stringify(join(ROOT, 'dist/index.js'))};
      import { createRequire } from 'node:module';
      const cjs = createRequire(import.meta.url)(${JSON.stringify(join(ROOT, 'dist/index.cjs'))});
      try { resolveModel(builtinCatalog(), 'no-such-model'); } catch (error) { console.log(cjs.GacostError === GacostError, error instanceof cjs.GacostError, error.code); }
      try { await cjs.loadCatalog('missing.yaml'); } catch (error) { console.log(error instanceof GacostError, error.code); }
      console.log(cjs.render(cjs.forecast(builtinCatalog(), { start: '5M', growth: '10x/yr', budget: 10 }), 'html').match(/<meta name="generator" content="[^"]*">|data-chart="[^"]*"/g).join(' '));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { env: processEnv(), cwd: ROOT });
    expect(stdout).toBe(
      `true true unknown-model\ntrue unreadable-file\n<meta name="generator" content="gacost ${VERSION}"> data-chart="forecast-spend"\n`,
    );
  });
});

describe('the library prices as the CLI does', () => {
  it('project, compare and forecast render what the CLI prints', async () => {
    const catalog = await loadCatalog();
    const cases: [unknown, string[]][] = [
      [project(catalog, { tokens: '5B', asOf: AS_OF }), ['project', '--tokens', '5B']],
      [
        project(catalog, {
          tokens: 20_000_000_000n,
          mix: 'deepseek-v4-flash=90,qwen3-32b=5,deepseek-r1=5',
          tokensPerRequest: '1K',
          asOf: AS_OF,
        }),
        ['project', '--tokens', '20B', '--mix', 'deepseek-v4-flash=90,qwen3-32b=5,deepseek-r1=5', '--tokens-per-request', '1K'],
      ],
      [compare(catalog, { tokens: '1B', inputShare: '75%', asOf: AS_OF }), ['compare', '--tokens', '1B', '--input-share', '75%']],
      [compare(catalog, { tokens: '1B', provider: 'openai', asOf: AS_OF }), ['compare', '--tokens', '1B', '--provider', 'openai']],
      [
        forecast(catalog, { start: '5M', growth: '10x/yr', months: 13, credits: 50, asOf: AS_OF }),
        ['forecast', '--start', '5M', '--growth', '10x/yr', '--months', '13', '--credits', '50'],
      ],
    ];
    for (const [result, args] of cases) {
      for (const format of ['json', 'csv', 'markdown', 'table', 'html'] as const) {
        const cli = await gacost([...args, '--format', format]);
        expect(lines(render(result as Parameters<typeof render>[0], format)), `${args.join(' ')} --format ${format}`).toBe(
          lines(cli.stdout),
        );
      }
    }
  });

  it('checkBudget, from workloads and from a budget file, with the exit code the CLI gives', async () => {
    const catalog = await loadCatalog();
    const inline = await checkBudget(catalog, [{ model: 'gpt-4o', tokens: '1B', budget: '$100' }], { asOf: AS_OF });
    const cli = await gacost(['check', '--model', 'gpt-4o', '--tokens', '1B', '--budget', '$100', '--format', 'json']);
    expect(lines(render(inline, 'json'))).toBe(lines(cli.stdout));
    expect(budgetExitCode(inline)).toBe(cli.exitCode);
    expect(budgetExitCode(inline)).toBe(1);
    const file = await checkBudget(catalog, { config: 'examples/gacost.yaml', cwd: ROOT, env: {} }, { asOf: AS_OF });
    const fileCli = await gacost(['check', '--config', 'examples/gacost.yaml', '--format', 'json']);
    expect(lines(render(file, 'json'))).toBe(lines(fileCli.stdout));
    expect(budgetExitCode(file)).toBe(fileCli.exitCode);
  });

  it('usageReport totals what gacost usage totals', async () => {
    const report = await usageReport(['examples/usage-openai.jsonl'], { cwd: ROOT, asOf: AS_OF });
    const cli = JSON.parse((await gacost(['usage', 'examples/usage-openai.jsonl', '--format', 'json'])).stdout) as {
      totals: unknown;
      rows: unknown;
    };
    const library = JSON.parse(render(report, 'json')) as { totals: unknown; rows: unknown };
    expect(library.totals).toEqual(cli.totals);
    expect(library.rows).toEqual(cli.rows);
    expect(report.totals.records).toBeGreaterThan(0);
    // --require exact's gate: the priced records below the level, none here.
    expect(belowRequired(report, 'exact')).toEqual([]);
    const vendors = await usageReport(['examples/usage-vendors.csv'], { cwd: ROOT, asOf: AS_OF });
    // Global API's V4 Flash publishes an output price only: its input is priced at it (on the test catalog).
    expect(belowRequired(vendors, 'exact').map((entry) => [entry.logModel, entry.model, entry.level, entry.pricing])).toEqual([
      ['deepseek-v4-flash', 'global-api/deepseek-v4-flash', 'assumed', ['output-price-for-input']],
    ]);
  });

  it('fromUsage reads logs as --from-usage does: the format, the provider of records that name none, bad lines skipped', async () => {
    const catalog = await loadCatalog();
    const observed = await fromUsage(['examples/usage-quarter.csv'], { catalog, cwd: ROOT, asOf: AS_OF, from: 'csv', skipBad: true });
    const cli = JSON.parse(
      (await gacost(['project', '--from-usage', 'examples/usage-quarter.csv', '--from', 'csv', '--skip-bad', '--format', 'json'])).stdout,
    ) as { rows: unknown };
    expect(JSON.parse(render(await project(catalog, { fromUsage: observed, asOf: AS_OF }), 'json')).rows).toEqual(cli.rows);
  });

  it('priceTokens and resolveModel: exact prices of a model by any of its names', async () => {
    const catalog = await loadCatalog();
    expect(resolveModel(catalog, 'gpt-4o-2024-08-06', { asOf: AS_OF }).model.id).toBe('openai/gpt-4o');
    expect(usdText(priceTokens(catalog, 'gpt-4o', '1M', { asOf: AS_OF }).cost)).toBe('10');
    expect(usdText(priceTokens(catalog, 'gpt-4o', 1_000_000, { inputShare: 0.75, cachedShare: '50%', asOf: AS_OF }).cost)).toBe('3.90625'); // 375K cached at $1.25, 375K input at $2.50, 250K output at $10;
  });

  it('loads a catalog from a file, from text and from an object, validated as a file is', async () => {
    const fromFile = await loadCatalog('examples/negotiated.yaml', { cwd: ROOT });
    expect(fromFile.models.length).toBeGreaterThan(0);
    const object = {
      schema: 1,
      version: '2026.1.0',
      effective: '2026-01-01',
      currency: 'USD',
      providers: { acme: { name: 'Acme' } },
      models: [
        {
          id: 'acme/m1',
          name: 'M1',
          provider: 'acme',
          prices: { input: 1, output: 2 },
          source: 'https://example.com',
          checked: '2026-01-01',
        },
      ],
    };
    const fromObject = await loadCatalog(object);
    expect(usdText(priceTokens(fromObject, 'acme/m1', '2M', { asOf: AS_OF }).cost)).toBe('4');
    const fromText = await loadCatalog({ text: JSON.stringify(object), name: 'acme.json' });
    expect(fromText.hash).toBe(fromObject.hash);
    expect(await failure(() => loadCatalog({ ...object, models: [{ ...object.models[0], prices: { output: 'lots' } }] }))).toMatchObject({
      isGacostError: true,
      code: 'invalid-catalog',
    });
  });

  it('throws typed errors and never prints or exits', async () => {
    const catalog = await loadCatalog();
    const exitCode = process.exitCode;
    expect(await failure(() => resolveModel(catalog, 'gpt-4o-typo'))).toMatchObject({ isGacostError: true, code: 'unknown-model' });
    expect(await failure(() => project(catalog, { tokens: '5X' }))).toMatchObject({ isGacostError: true, code: 'invalid-quantity' });
    expect(await failure(() => project(catalog, { tokens: '5B', tokensPerUser: '1K' }))).toMatchObject({ code: 'conflicting-options' });
    expect(await failure(() => compare(catalog, { tokens: '1B', tier: 'no-such-tier' }))).toMatchObject({ code: 'unknown-tier' });
    expect(await failure(() => forecast(catalog, { start: '5M', growth: 'fast' }))).toMatchObject({ code: 'invalid-option' });
    expect(await failure(() => project(catalog, { tokens: '5B', asOf: '2026-02-30' }))).toMatchObject({ code: 'invalid-option' });
    expect(await failure(() => loadCatalog('no-such-catalog.yaml', { cwd: ROOT }))).toMatchObject({ code: 'unreadable-file' });
    expect(await failure(() => usageReport(['no-such-usage.jsonl'], { cwd: ROOT }))).toMatchObject({ code: 'unreadable-file' });
    expect(await failure(() => render(project(catalog, { tokens: '5B' }), 'yaml' as 'json'))).toMatchObject({ code: 'invalid-option' });
    expect(process.exitCode).toBe(exitCode);
  });

  it('checks every argument at its edge: a wrong type throws invalid-option naming it, a string is never read as a list', async () => {
    const catalog = await loadCatalog();
    const usage = 'test/fixtures/usage/openai.jsonl';
    // Called as untyped JavaScript would call them.
    const loose = {
      usdText,
      loadCatalog,
      resolveModel,
      priceTokens,
      compare,
      forecast,
      project,
      checkBudget,
      usageReport,
      render,
      budgetExitCode,
      belowRequired,
    } as unknown as Record<string, (...args: unknown[]) => unknown>;
    const call =
      (name: string, ...args: unknown[]) =>
      () =>
        (loose[name] as (...args: unknown[]) => unknown)(...args);
    const wrong: [() => unknown, RegExp][] = [
      [call('usdText', 1.5), /^usdText: invalid usd: expected a bigint, got 1.5$/],
      [call('usdText', 1e21), /^usdText: invalid usd: expected a bigint/],
      [call('usageReport', usage, { cwd: ROOT, asOf: AS_OF }), /^usageReport: invalid paths: expected an array, got "test\/fixtures/],
      [
        call('usageReport', [usage], { by: 'model', cwd: ROOT, asOf: AS_OF }),
        /^usageReport: invalid options\.by: expected an array, got "model"$/,
      ],
      [
        call('usageReport', [usage], { by: ['bogus'], cwd: ROOT, asOf: AS_OF }),
        /^usageReport: invalid options\.by\[0\]: expected "model", .*, got "bogus"$/,
      ],
      [call('usageReport', [], { asOf: AS_OF }), /^usageReport: invalid paths: expected at least one entry, got none$/],
      [call('usageReport', [usage], { provider: 5, cwd: ROOT }), /^usageReport: invalid options\.provider: expected a string, got 5$/],
      [call('usageReport', [usage], { skip_bad: true, cwd: ROOT }), /^usageReport: invalid options: no such option "skip_bad"$/],
      [call('loadCatalog', null), /^loadCatalog: invalid source: expected a string or an object, got null$/],
      [call('resolveModel', catalog, 123), /^resolveModel: invalid name: expected a string, got 123$/],
      [call('priceTokens', catalog, 'gpt-4o', '1M', null), /^priceTokens: invalid options: expected an object, got null$/],
      [call('compare', catalog), /^compare: invalid options: expected an object, got undefined$/],
      [call('forecast', catalog, { start: '1M', growth: 5 }), /^forecast: invalid options\.growth: expected a string, got 5$/],
      [call('project', catalog, { stages: [] }), /^project: invalid options\.stages: expected an object, got an array$/],
      [call('checkBudget', catalog, [{}]), /^checkBudget: invalid workloads\[0\]\.model: expected a string, got undefined$/],
      [
        call('render', {}),
        /^render: invalid result\.kind: expected a result of project, compare, forecast, checkBudget, usageReport or reconcile/,
      ],
      [call('budgetExitCode', null), /^budgetExitCode: invalid check: expected an object, got null$/],
      [
        call('render', project(catalog, { tokens: '5B', asOf: AS_OF }), 'table', { width: 1.5 }),
        /^render: invalid options\.width: expected a whole number, got 1.5$/,
      ],
      [call('compare', catalog, { tokens: '1M', top: Number.NaN }), /^compare: invalid options\.top: expected a number or "all", got NaN$/],
      [call('compare', catalog, { tokens: '1M', models: 'gpt-4o' }), /^compare: invalid options\.models: expected an array, got "gpt-4o"$/],
      [call('belowRequired', {}, 'exact'), /^belowRequired: invalid report\.provenance: expected an object, got undefined$/],
    ];
    for (const [wrongCall, message] of wrong) {
      const error = await failure(wrongCall);
      expect(error, String(message)).toMatchObject({ isGacostError: true, code: 'invalid-option' });
      expect(error.problems[0], String(message)).toMatch(message);
    }
  });

  it('render refuses a result whose arrays were tampered with: invalid-option naming the result, in every format, never a TypeError', async () => {
    const catalog = await loadCatalog();
    const report = await usageReport(['test/fixtures/usage/openai.jsonl'], { cwd: ROOT, asOf: AS_OF });
    const compared = compare(catalog, { tokens: '1B', asOf: AS_OF });
    const forecasted = forecast(catalog, { start: '5M', growth: '10%/mo', months: 3, budget: 10, asOf: AS_OF });
    const projected = project(catalog, { tokens: '5B', asOf: AS_OF });
    const checked = checkBudget(catalog, [{ model: 'gpt-4o', tokens: '1B', budget: 10 }], { asOf: AS_OF });
    const tampered: [string, unknown][] = [
      ['usage rows', { ...report, rows: [{}] }],
      ['usage unpriced', { ...report, unpriced: [null] }],
      ['usage sources', { ...report, read: { ...report.read, sources: [{}] } }],
      ['compare rows', { ...compared, rows: [{}] }],
      ['compare candidates', { ...compared, candidates: [null] }],
      ['forecast rows', { ...forecasted, rows: [{}] }],
      ['forecast outlooks', { ...forecasted, outlooks: [{}] }],
      ['forecast candidates', { ...forecasted, candidates: [{}] }],
      ['projection rows', { ...projected, rows: [{}] }],
      ['projection candidates', { ...projected, candidates: [null] }],
      ['check workloads', { ...checked, workloads: [{ status: 'ok' }] }],
      // Deeper than the schema looks: still a GacostError naming the result.
      [
        'a compare row whose candidate lost its model',
        { ...compared, rows: compared.rows.map((row) => ({ ...row, candidate: { kind: 'model' } })) },
      ],
    ];
    for (const [name, result] of tampered) {
      for (const format of ['table', 'json', 'csv', 'markdown', 'html'] as const) {
        const error = await failure(() => render(result as Parameters<typeof render>[0], format));
        expect(error, `${name} as ${format}`).toMatchObject({ isGacostError: true, code: 'invalid-option' });
        expect(error.problems[0], `${name} as ${format}`).toMatch(/^render: invalid result/);
      }
    }
  });
});

describe('the library diffs budget files and starts one, as the CLI does', () => {
  it('diff gives the CLI figures, init the text gacost init writes; a wrong argument throws invalid-option', async () => {
    const cwd = prRepository();
    const catalog = await loadCatalog(PR_CATALOG);
    const result = await diff(catalog, 'git:HEAD~1:gacost.yaml', 'gacost.yaml', { cwd, asOf: AS_OF });
    expect([usdText(result.delta), result.newlyBroken]).toEqual(['-246', ['summaries']]);
    expect(render(result, 'markdown')).toBe(
      (await gacost(['--catalog', PR_CATALOG, 'diff', 'git:HEAD~1:gacost.yaml', 'gacost.yaml', '--format', 'markdown'], { cwd })).stdout,
    );
    expect(await init(catalog, ['gpt-4o'], { asOf: AS_OF })).toBe(
      (await gacost(['--catalog', PR_CATALOG, 'init', 'gpt-4o', '--out-file', '-'], { cwd })).stdout,
    );
    await expect(init(catalog, 'gpt-4o' as never)).rejects.toMatchObject({ code: 'invalid-option' });
  });
});
