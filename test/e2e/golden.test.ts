import { describe, expect, it } from 'vitest';
import { type CliRun, gacost, STANDARD_CATALOG } from '../support/gacost.js';

const OLD = 'test/fixtures/catalogs/minimal-prev.yaml';
const NEW = 'test/fixtures/catalogs/minimal-next.yaml';
const MATCH = 'test/fixtures/catalogs/match-rules.yaml';

/**
 * One golden file per case, as @arethetypeswrong/cli keeps them: the command, its exit code, stdout
 * and stderr, to review in a diff. Run `npx vitest run test/e2e/golden.test.ts -u` after a deliberate
 * change of output. The error cases pin the wording of each error code once.
 */
const cases: Record<string, readonly string[]> = {
  // Each command's table at 80 columns (a pipe's width) here, and at 120 in WIDE below.
  usage: ['usage', 'test/fixtures/usage/usage.csv', '--by', 'model'],
  project: ['project'],
  'project-json': ['project', '--tokens', '5B', '--format', 'json'],
  'project-csv': ['project', '--tokens', '5B', '--format', 'csv'],
  'project-wide': ['project', '--tokens', '5B', '--wide'],
  'project-markdown': ['project', '--tokens', '5B', '--format', 'markdown'],
  'project-stages-requests': [
    'project',
    '--stages',
    'test/fixtures/stages/ramp.yaml',
    '--tokens-per-request',
    '2K',
    '--model',
    'v4-flash,qwen3-32b',
  ],
  compare: ['compare', '--tokens', '1B', '--input-share', '75%', '--top', '5'],
  'compare-wide': ['compare', '--tokens', '1B', '--input-share', '75%', '--top', '5', '--wide'],
  'compare-mix-json': [
    'compare',
    '--tokens',
    '1B',
    '--model',
    'gpt-4o',
    '--mix',
    'v4-flash=90,qwen3-32b=5,deepseek-r1=5',
    '--format',
    'json',
  ],
  forecast: ['forecast', '--start', '5M', '--growth', '10x/yr', '--months', '13', '--budget', '10', '--credits', '5'],
  'forecast-html': [
    'forecast',
    '--start',
    '5M',
    '--growth',
    '10x/yr',
    '--months',
    '13',
    '--budget',
    '1000',
    '--credits',
    '500',
    '--format',
    'html',
  ],
  models: ['models', '--provider', 'global-api'],
  'models-json': ['models', '--provider', 'global-api', '--format', 'json'],
  'models-match': [
    '--catalog',
    MATCH,
    'models',
    '--match',
    'gpt-4o-2024-08-06',
    'openai/gpt-4o-2024-08-06',
    'us.anthropic.claude-3-7-sonnet-20250219-v1:0',
    'models/gemini-2.5-pro',
    'o1-preview-2024-09-12',
    'gpt4o',
  ],
  'models-match-json': [
    '--catalog',
    MATCH,
    'models',
    '--match',
    'gpt-4o-2024-08-06',
    'gpt-5-pro-2025-10-06',
    'nothing',
    '--provider',
    'azure',
    '--format',
    'json',
  ],
  // The examples name the built-in catalog; --catalog puts the standard one in its place.
  check: ['--catalog', STANDARD_CATALOG, 'check', '--config', 'examples/gacost.yaml'],
  'check-over-budget': ['--catalog', STANDARD_CATALOG, 'check', '--config', 'examples/over-budget.yaml'],
  'check-over-budget-github': [
    '--catalog',
    STANDARD_CATALOG,
    'check',
    '--config',
    'examples/over-budget.yaml',
    '--github',
    '--format',
    'markdown',
  ],
  'check-usage': [
    '--as-of',
    '2026-11-24',
    'check',
    '--config',
    'test/fixtures/budgets/actuals.yaml',
    '--usage',
    'test/fixtures/usage/november.csv',
  ],
  'check-usage-github': [
    '--as-of',
    '2026-10-31',
    'check',
    '--config',
    'test/fixtures/budgets/actuals.yaml',
    '--usage',
    'test/fixtures/usage/november.csv',
    '--format',
    'markdown',
    '--github',
  ],
  'catalog-diff': ['catalog', 'diff', OLD, NEW, '--tokens', '1B', '--input-share', '50%'],
  'catalog-validate': ['catalog', 'validate', 'test/fixtures/catalogs/minimal.yaml', 'test/fixtures/catalogs/duplicate-alias.yaml'],
  'error-invalid-quantity': ['project', '--tokens', '5X'],
  'error-unknown-model': ['project', '--model', 'gpt4o'],
  'error-ambiguous-model': ['--catalog', MATCH, 'project', '--model', 'gpt-4o-2024-08-06'],
  'error-no-published-price': ['project', '--model', 'Pro/deepseek-ai/DeepSeek-V3.2'],
  'error-no-price-on-date': ['--catalog', 'test/fixtures/catalogs/history.yaml', '--as-of', '2024-12-31', 'project', '--model', 'changing'],
  'error-unknown-tier': ['--tier', 'batch', 'project'],
  'error-usage': ['project', '--colour'],
  'error-invalid-option': ['forecast', '--start', '5M', '--growth', 'fast'],
  'error-conflicting-options': ['catalog', 'diff', OLD, NEW, '--tokens', '1B', '--config', 'examples/gacost.yaml'],
  'error-unreadable-file': ['project', '--catalog', 'missing.yaml'],
  'error-unwritable-file': ['models', '--out-file', 'no-such-dir/models.txt'],
  'error-invalid-catalog': ['models', '--catalog', 'test/fixtures/catalogs/duplicate-id.yaml'],
  'error-invalid-stages': ['project', '--stages', 'test/fixtures/stages/bad-tokens.yaml'],
  'error-invalid-budget': ['check', '--config', 'test/fixtures/budgets/several-problems.yaml'],
  'error-invalid-import': ['catalog', 'import', '--from', 'litellm', 'test/fixtures/hostile/wrong-types.yaml'],
  'usage-csv': ['usage', 'test/fixtures/usage/usage.csv', '--by', 'project,model', '--on', 'gpt-4o-mini'],
  'usage-reports-json': [
    'usage',
    'test/fixtures/usage/anthropic-report.json',
    'test/fixtures/usage/openai-usage.json',
    'test/fixtures/usage/litellm-spend-logs.json',
    '--by',
    'provider,project',
    '--on',
    'gpt-4o-mini',
    '--format',
    'json',
  ],
  'error-invalid-usage': ['usage', 'test/fixtures/usage/bad/negative-tokens.csv'],
  reconcile: [
    'reconcile',
    'examples/usage-openai.jsonl',
    '--provider',
    'openai',
    '--bill',
    'examples/invoice-2026-10.csv',
    '--by',
    'month',
    '--tolerance',
    '1%',
  ],
  'error-invalid-bill': ['reconcile', 'examples/usage-openai.jsonl', '--bill', 'test/fixtures/bills/invoice-eur.csv'],
};

function golden(run: CliRun): string {
  const block = (text: string) => (text === '' ? '(empty)\n' : `~~~\n${text}${text.endsWith('\n') ? '' : '\n'}~~~\n`);
  return `# ${run.command}\n\nexit ${run.exitCode}${run.errorCode === undefined ? '' : ` (${run.errorCode})`}\n\n## stdout\n\n${block(run.stdout)}\n## stderr\n\n${block(run.stderr)}`;
}

/** The same tables on a terminal of 120 columns (without colour): the columns that come back, and names on one line. */
const WIDE = ['project', 'compare', 'check', 'usage', 'models'] as const;

describe('golden outputs', () => {
  it.each(Object.entries(cases))('%s', async (name, args) => {
    await expect(golden(await gacost(args))).toMatchFileSnapshot(`golden/${name}.md`);
  });

  it.each(WIDE)('%s at 120 columns', async (name) => {
    const run = await gacost(cases[name] ?? [], { tty: true, columns: 120, env: { NO_COLOR: '1' } });
    await expect(golden({ ...run, command: `${run.command} (on a terminal of 120 columns)` })).toMatchFileSnapshot(`golden/${name}-120.md`);
  });
});
