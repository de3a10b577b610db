import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gacost, scratchDir } from '../support/gacost.js';

const HISTORY = 'test/fixtures/catalogs/history.yaml';

/** Found by reviewing this change after the defects of the November 2026 reviews were fixed. */
describe('second review', () => {
  it('imports no model named mix (it names the routing mix): skipped and counted, never an internal error', async () => {
    const list = join(scratchDir(), 'list.json');
    const entry = (cost: string) => `{"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": ${cost}, "output_cost_per_token": ${cost}}`;
    writeFileSync(list, `{"mix": ${entry('1e-6')}, "m1": ${entry('2e-6')}}`);
    const run = await gacost(['catalog', 'import', '--from', 'litellm', list]);
    expect(run).toMatchObject({ exitCode: 0 });
    expect(run.stdout).toContain('id: m1');
    expect(run.stdout).not.toContain('id: mix');
    expect(run.stderr).toContain('not imported: 1 entries named "mix"');
  });

  it.each([
    [['--tier', 'batch', 'schema', 'output']],
    [['--catalog', HISTORY, 'catalog', 'validate', 'builtin']],
    [['--as-of', '2026-01-01', 'catalog', 'validate', 'builtin']],
    [['--catalog', HISTORY, 'catalog', 'diff', HISTORY, HISTORY]],
    [['--tier', 'batch', 'catalog', 'import', '--from', 'litellm', 'test/fixtures/import/litellm-prices.json']],
  ])('refuses a global flag that %j would ignore', async (args) => {
    expect(await gacost(args)).toMatchObject({ exitCode: 2, errorCode: 'invalid-option', stdout: '' });
  });

  it('prices no model on a tier it lacks in catalog diff (it is not repriced at its standard price)', async () => {
    const next = join(scratchDir(), 'history-next.yaml');
    writeFileSync(next, readFileSync(HISTORY, 'utf8').replace('prices: {input: 3, cached_input: 0.3, output: 15}', 'prices: {input: 4, cached_input: 0.4, output: 20}'));
    const run = await gacost(['--tier', 'batch', 'catalog', 'diff', HISTORY, next, '--format', 'json']);
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout).changes).toEqual([]); // acme/steady has no batch tier on either side
    const standard = await gacost(['catalog', 'diff', HISTORY, next, '--format', 'json']);
    expect(JSON.parse(standard.stdout).changes.map((change: { model: string }) => change.model)).toEqual(['acme/steady']);
  });

  it('says which provider has no priced model, not that a flag the user never gave is empty', async () => {
    const catalog = join(scratchDir(), 'unpriced-provider.yaml');
    const minimal = readFileSync('test/fixtures/catalogs/minimal.yaml', 'utf8');
    const quoted = '  - {id: beta/quoted, name: Quoted, provider: beta, prices: unpublished, source: "https://example.com", checked: 2026-01-15}\n';
    writeFileSync(catalog, `${minimal.replace('providers:\n', 'providers:\n  beta: {name: Beta, kind: direct}\n')}${quoted}`);
    const run = await gacost(['--catalog', catalog, 'compare', '--tokens', '1B', '--provider', 'beta']);
    expect(run).toMatchObject({ exitCode: 2, errorCode: 'no-published-price', stdout: '' });
    expect(run.stderr).toContain('provider "beta" has no model with a price');
  });

  it('says credits that expire within the first month expire before month 1 ends', async () => {
    const catalog = join(scratchDir(), 'short-credits.yaml');
    const minimal = readFileSync('test/fixtures/catalogs/minimal.yaml', 'utf8');
    writeFileSync(catalog, minimal.replace('expire_after_days: 60', 'expire_after_days: 20'));
    const run = await gacost(['--catalog', catalog, 'forecast', '--start', '100M', '--growth', '0%/mo', '--months', '2', '--credits', '100']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('expire after 20 days (before month 1 ends)');
  });

  it('suggests names for the first 50 unknown models of a run only: the rest are refused without a pass over the catalog', async () => {
    const budget = join(scratchDir(), 'typos.yaml');
    const workloads = Array.from({ length: 60 }, (_, at) => `  - {name: w${at}, model: gpt-4o-typo${at}, tokens: 1M}\n`);
    writeFileSync(budget, `version: 1\nworkloads:\n${workloads.join('')}`);
    const run = await gacost(['check', '--config', budget]);
    expect(run).toMatchObject({ exitCode: 2, errorCode: 'invalid-budget', stdout: '' });
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(60);
    expect(lines.filter((line) => line.includes('did you mean'))).toHaveLength(50);
  });
});

describe('second review: check', () => {
  it('says when a routing mix in a budget file rounded token shares to whole tokens, as every other command does', async () => {
    // A mix shares the cost exactly (mixCost): 3 tokens half and half are 1.5 on each model, nothing rounded;
    // half of them input is what rounds.
    const budget = join(scratchDir(), 'mix.yaml');
    writeFileSync(budget, 'version: 1\nworkloads:\n  - name: tiny\n    mix: deepseek-v4-flash=50,qwen3-32b=50\n    tokens: 3\n    input_share: 50%\n');
    const run = await gacost(['check', '--config', budget, '--format', 'json']);
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout).assumptions.notes).toContain('token shares rounded to whole tokens');
  });
});
