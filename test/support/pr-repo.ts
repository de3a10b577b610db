import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, scratchDir } from './gacost.js';

/** The catalog the pull-request tests price on: two models at round prices. */
export const PR_CATALOG = join(ROOT, 'test/fixtures/catalogs/pr-diff.yaml');

const BASE = `version: 1
workloads:
  - name: assistant
    model: gpt-4o
    tokens: 100M
    budget: 1500
  - name: summaries
    model: gpt-4o-mini
    tokens: 1B
    budget: 700
`;

/** The second commit: assistant moves from GPT-4o to a mix, summaries doubles its tokens (over its budget). */
const HEAD = BASE.replace('    model: gpt-4o\n', '    mix: gpt-4o-mini=90,gpt-4o=10\n').replace('tokens: 1B', 'tokens: 2B');

/** October 2026 in full: one GPT-4o record (assistant's) and one GPT-4o mini record (summaries'). */
const PR_USAGE = `date,model,provider,input_tokens,cached_input_tokens,output_tokens
2026-10-01,gpt-4o,openai,1000000,0,100000
2026-10-31,gpt-4o-mini,openai,2000000,0,500000
`;

/** A throw-away git repository of two commits of gacost.yaml (removed after the test), with usage.csv beside it, uncommitted. */
export function prRepository(): string {
  const dir = scratchDir();
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  git('init', '--quiet', '--initial-branch=main');
  git('config', 'user.email', 'test@example.com');
  git('config', 'user.name', 'test');
  git('config', 'commit.gpgsign', 'false');
  writeFileSync(join(dir, 'gacost.yaml'), BASE);
  git('add', 'gacost.yaml');
  git('commit', '--quiet', '-m', 'base');
  writeFileSync(join(dir, 'gacost.yaml'), HEAD);
  git('commit', '--quiet', '-am', 'head');
  writeFileSync(join(dir, 'usage.csv'), PR_USAGE);
  return dir;
}
