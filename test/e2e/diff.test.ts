import { describe, expect, it } from 'vitest';
import { gacost } from '../support/gacost.js';

const OLD = 'test/fixtures/catalogs/minimal-prev.yaml';
const NEW = 'test/fixtures/catalogs/minimal-next.yaml';

describe('gacost catalog diff', () => {
  it('shows each kind of change, every price key old → new with its change in percent', async () => {
    const run = await gacost(['catalog', 'diff', OLD, NEW, '--format', 'csv']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe(
      'model,name,change,price,old_per_mtok_usd,new_per_mtok_usd,change_pct,hours\n' +
        'acme/dear,Dear,repriced,output,3,3.3,10,\n' +
        'acme/dear,Dear,repriced,input,1,1.2,20,\n' +
        'acme/fresh,Fresh,added,output,,0.5,,\n' +
        'acme/gone,Gone,removed,output,7,,,\n',
    );
  });

  it('gives the monthly cost effect of each changed model at --tokens, and in total', async () => {
    const run = await gacost(['catalog', 'diff', OLD, NEW, '--tokens', '1B', '--input-share', '50%', '--format', 'json']);
    const result = JSON.parse(run.stdout);
    expect(result.old).toMatchObject({ version: '2026.1.0' });
    expect(result.new).toMatchObject({ version: '2026.2.0' });
    expect(result.effects).toEqual([
      { name: 'acme/dear', model: 'acme/dear', tokens: 1e9, old_cost_usd: 2000, new_cost_usd: 2250, delta_usd: 250, change_pct: 12.5 },
      { name: 'acme/fresh', model: 'acme/fresh', tokens: 1e9, old_cost_usd: null, new_cost_usd: 500, delta_usd: null, change_pct: null },
      { name: 'acme/gone', model: 'acme/gone', tokens: 1e9, old_cost_usd: 7000, new_cost_usd: null, delta_usd: null, change_pct: null },
    ]);
    expect(result.total).toEqual({ old_cost_usd: 9000, new_cost_usd: 2750, delta_usd: -6250, change_pct: -69.4444 });
  });

  it('prices a budget file on both sides with --config', async () => {
    const run = await gacost(['catalog', 'diff', 'builtin', 'test/fixtures/catalogs/history.yaml', '--config', 'test/fixtures/budgets/base.yaml', '--format', 'json']);
    expect(run.exitCode).toBe(0); // the budget's model is not in the new catalog: — there
    expect(JSON.parse(run.stdout).effects).toMatchObject([{ name: 'bot', model: 'global-api/deepseek-v4-flash', old_cost_usd: expect.any(Number), new_cost_usd: null }]);
    const same = await gacost(['catalog', 'diff', 'builtin', 'builtin', '--config', 'examples/gacost.yaml', '--format', 'json']);
    const result = JSON.parse(same.stdout);
    expect(result.changes).toEqual([]);
    expect(result.total).toEqual({ old_cost_usd: 1103, new_cost_usd: 1103, delta_usd: 0, change_pct: 0 });
  });

  it('compares one catalog on two dates, on each side of a change', async () => {
    const args = ['catalog', 'diff', 'test/fixtures/catalogs/history.yaml'];
    const across = await gacost(['--as-of', '2026-01-31', ...args, '--vs-as-of', '2026-02-01', '--tokens', '1B', '--model', 'changing', '--format', 'markdown']);
    expect(across.stdout).toContain('| acme/changing | repriced | output | $8.00 | **$4.00** | -50% |');
    expect(across.stdout).toContain('| changing | changing | 1B | $8,000.00 | **$4,000.00** | -$4,000.00 | -50% |');
    const after = await gacost(['--as-of', '2026-02-01', ...args, '--vs-as-of', '2026-02-02', '--format', 'json']);
    expect(JSON.parse(after.stdout).changes).toEqual([]);
  });

});
