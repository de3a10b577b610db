import { describe, expect, it } from 'vitest';
import { displayWidth } from '../../src/output/draw-table.js';
import { gacost, STANDARD_CATALOG } from '../support/gacost.js';
import { columnCells } from '../support/table-cells.js';

/** The default invocation of each command that prints a table, and the README's first examples. */
const invocations: readonly (readonly string[])[] = [
  ['project'],
  ['project', '--tokens', '5B'],
  ['project', '--tokens', '20B', '--model', 'deepseek-v4-flash,qwen3-32b,deepseek-r1'],
  ['project', '--tokens', '5B', '--tokens-per-request', '1K'],
  ['project', '--stages', 'test/fixtures/stages/ramp.yaml', '--baseline', 'claude-sonnet-4-5'],
  ['compare', '--tokens', '1B'],
  ['compare', '--tokens', '1B', '--mix', 'deepseek-v4-flash=90,qwen3-32b=5,deepseek-r1=5', '--top', '6'],
  ['models'],
  ['models', '--provider', 'global-api'],
  [
    '--catalog',
    'test/fixtures/catalogs/match-rules.yaml',
    'models',
    '--match',
    'gpt-4o-2024-08-06',
    'us.anthropic.claude-3-7-sonnet-20250219-v1:0',
    'gpt4o',
  ],
  ['forecast', '--start', '5M', '--growth', '10x/yr', '--months', '13'],
  ['forecast', '--start', '5M', '--growth', '10x/yr', '--months', '13', '--budget', '10', '--credits', '50'],
  ['forecast', '--from-usage', 'examples/usage-quarter.csv', '--months', '3', '--model', 'deepseek-v4-flash,gpt-4o'],
  ['--catalog', STANDARD_CATALOG, 'check', '--config', 'examples/gacost.yaml'],
  ['check', '--model', 'deepseek-v4-flash', '--tokens', '5B', '--budget', '1000'],
  ['catalog', 'diff', 'builtin', 'examples/negotiated.yaml', '--tokens', '1B'],
  ['catalog', 'diff', 'test/fixtures/catalogs/minimal-prev.yaml', 'test/fixtures/catalogs/minimal-next.yaml', '--tokens', '1B'],
  ['usage', 'examples/usage-openai.jsonl', '--provider', 'openai'],
  [
    'usage',
    'examples/usage-openai.jsonl',
    '--provider',
    'openai',
    '--mix',
    'deepseek-v4-flash=80,qwen3-32b=20',
    '--map',
    'gpt-4o=deepseek-v4-flash',
  ],
  ['usage', 'examples/usage-quarter.csv'],
  ['usage', 'examples/usage-quarter.csv', '--profile', '--on', ''],
  ['reconcile', 'examples/usage-openai.jsonl', '--provider', 'openai', '--bill', 'examples/invoice-2026-10.csv', '--by', 'month'],
  ['reconcile', 'examples/usage-openai.jsonl', '--provider', 'openai', '--bill', 'test/fixtures/bills/invoice-daily-credit.csv'],
];

/** The widest line, in terminal columns, colour taking none; a word (a URL) wider than the line may stand alone. */
function widest(text: string, width: number): number {
  return Math.max(...text.split('\n').map((line) => (/^\s*\S+$/.test(line) ? Math.min(width, displayWidth(line)) : displayWidth(line))));
}

describe('tables fit the terminal', () => {
  it.each(invocations)('piped: gacost %j fits 80 columns', async (...args) => {
    const run = await gacost(args);
    expect(run.exitCode, run.stderr).toBeLessThan(2);
    expect(widest(run.stdout, 80)).toBeLessThanOrEqual(80);
  });

  it.each([80, 120])('on a terminal of %i columns, every table fits it', async (columns) => {
    for (const args of invocations) {
      const run = await gacost(args, { tty: true, columns });
      expect(run.exitCode, run.stderr).toBeLessThan(2);
      expect(widest(run.stdout, columns), args.join(' ')).toBeLessThanOrEqual(columns);
    }
  });

  it('at 80 columns names every model and id whole: wrapped at its words or its / and -, never cut with an ellipsis', async () => {
    const commands = [
      ['project', '--tokens', '5B'],
      ['compare', '--tokens', '1B', '--top', 'all'],
      ['--catalog', STANDARD_CATALOG, 'check', '--config', 'examples/gacost.yaml'],
      ['usage', 'examples/usage-quarter.csv'],
      ['models'],
    ];
    for (const args of commands) {
      const run = await gacost(args);
      const tables = run.stdout.split('\n').filter((line) => line.startsWith('│'));
      expect(tables.join('\n'), args.join(' ')).not.toContain('…');
    }
    const models = await gacost(['models']);
    const ids = (JSON.parse((await gacost(['models', '--format', 'json'])).stdout) as { models: { id: string }[] }).models.map(
      (model) => model.id,
    );
    expect(columnCells(models.stdout, 'ID', 'Output')).toEqual(ids);
    const project = await gacost(['project', '--tokens', '5B']);
    expect(columnCells(project.stdout, 'Model', 'Cost')).toEqual(Array(4).fill('DeepSeek V4 Flash · Global API'));
  });

  it('shows more on a wider terminal, and --wide every column whatever the width', async () => {
    const narrow = await gacost(['project', '--tokens', '5B'], { tty: true, columns: 80 });
    const wide = await gacost(['project', '--tokens', '5B'], { tty: true, columns: 200 });
    expect(narrow.stdout).toContain('Not shown, to fit 80 columns: Users');
    const head = (text: string) => text.split('\n').find((line) => line.startsWith('│') && line.includes('Stage')) ?? '';
    expect(head(narrow.stdout)).not.toContain('Savings');
    expect(head(wide.stdout)).toContain('GPT-4o (baseline)');
    expect(head(wide.stdout)).toContain('Savings');
    expect(wide.stdout).not.toContain('Not shown');
    const all = await gacost(['project', '--tokens', '5B', '--wide']);
    expect(all.stdout).toMatch(/│ +Users │/);
    expect(widest(all.stdout, 1000)).toBeGreaterThan(120);
  });

  it('models --match --wide shows the provider and the route', async () => {
    const run = await gacost([
      '--catalog',
      'test/fixtures/catalogs/match-rules.yaml',
      'models',
      '--match',
      'openai/gpt-4o-2024-08-06',
      '--wide',
    ]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/│ Provider │ Via +│/);
  });

  it('uses 80 columns for a pipe or a file, whatever the terminal says', async () => {
    const piped = await gacost(['compare', '--tokens', '1B'], { columns: 200 });
    expect(piped.stdout).toBe((await gacost(['compare', '--tokens', '1B'])).stdout);
    expect(widest(piped.stdout, 80)).toBeLessThanOrEqual(80);
  });

  it('leaves JSON, CSV and Markdown whole', async () => {
    for (const format of ['json', 'csv', 'markdown']) {
      const args = ['project', '--tokens', '5B', '--format', format];
      expect((await gacost(args, { tty: true, columns: 40 })).stdout).toBe((await gacost([...args, '--wide'])).stdout);
    }
    expect((await gacost(['project', '--tokens', '5B', '--format', 'markdown'])).stdout).toContain('Savings');
  });
});
