import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { AS_OF, BIN, ROOT } from '../support/gacost.js';
import { PR_CATALOG, prRepository } from '../support/pr-repo.js';

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly shell?: string;
  readonly env?: Record<string, string>;
}

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8'));

/** Runs the action's script as its step does, in `cwd`, with the runner's files and variables set (an input of undefined unsets one). */
function runGate(cwd: string, inputs: Record<string, string | undefined>): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = {
    PATH: process.env.PATH,
    HOME: cwd,
    GACOST_BIN: BIN,
    GACOST_CATALOG: PR_CATALOG,
    GACOST_AS_OF: AS_OF,
    GITHUB_ACTIONS: 'true',
    GITHUB_STEP_SUMMARY: join(cwd, 'summary.md'),
    GITHUB_OUTPUT: join(cwd, 'output.txt'),
    RUNNER_TEMP: cwd,
    ...inputs,
  };
  return new Promise((resolve) => {
    execFile('bash', [join(ROOT, 'scripts/action/gate.sh')], { cwd, env }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr }),
    );
  });
}

describe('the GitHub action', () => {
  it('is a composite action whose every run step names its shell and runs the gate script with its inputs as variables', () => {
    expect(action).toMatchObject({ name: expect.any(String), description: expect.any(String), runs: { using: 'composite' } });
    expect(Object.keys(action.inputs)).toEqual(['config', 'mode', 'base-ref', 'usage', 'fail-on-increase', 'node-version']);
    const steps = action.runs.steps as Step[];
    expect(steps[0]?.uses).toMatch(/^actions\/setup-node@/);
    for (const step of steps.filter((step) => step.run !== undefined)) expect(step.shell).toBe('bash');
    const gate = steps.at(-1) as Step;
    expect(gate.run).toBe('bash "$GITHUB_ACTION_PATH/scripts/action/gate.sh"');
    expect(Object.keys(gate.env ?? {})).toContain('INPUT_BASE_REF');
  });

  it('checks and diffs a two-commit repository: the step summary, outputs, comment file and annotations at the workload line', async () => {
    const cwd = prRepository();
    writeFileSync(join(cwd, 'summary.md'), '');
    const run = await runGate(cwd, { INPUT_MODE: 'both', INPUT_BASE_REF: 'HEAD~1' });
    expect(run.code).toBe(1);
    // summaries (line 7 of gacost.yaml) is over its budget at head: check's annotation and diff's.
    expect(run.stderr).toContain('::error title=gacost budget,file=gacost.yaml,line=7::summaries: $1,200.00 a month');
    expect(run.stderr).toContain('::error title=gacost diff,file=gacost.yaml,line=7::summaries:');
    const summary = readFileSync(join(cwd, 'summary.md'), 'utf8');
    expect(summary).toMatch(
      /^### gacost budget check, monthly cost of 2 workloads: 1 over budget\n[\s\S]*\n<!-- gacost-diff -->\n### gacost: \$1,600\.00 → \$1,354\.00/,
    );
    const outputs = readFileSync(join(cwd, 'output.txt'), 'utf8');
    expect(outputs).toContain('check_verdict=fail\n');
    expect(outputs).toContain('difference_usd=-246\n');
    expect(outputs).toContain(`comment_file=${join(cwd, 'gacost-diff.md')}\n`);
    expect(outputs.endsWith('verdict=fail\n')).toBe(true);
    expect(readFileSync(join(cwd, 'gacost-diff.md'), 'utf8').startsWith('<!-- gacost-diff -->\n')).toBe(true);
  });

  it('diffs on measured traffic, and fails on a rise only with fail-on-increase', async () => {
    const cwd = prRepository();
    const measured = await runGate(cwd, { INPUT_MODE: 'diff', INPUT_BASE_REF: 'HEAD~1', INPUT_USAGE: 'usage.csv' });
    expect(measured.code).toBe(0);
    expect(readFileSync(join(cwd, 'output.txt'), 'utf8')).toMatch(/difference_usd=-2\.961\n[\s\S]*verdict=pass\n$/);
    // Without $GITHUB_OUTPUT, the difference is still read from gacost: a fall passes fail-on-increase.
    const fell = await runGate(cwd, {
      INPUT_MODE: 'diff',
      INPUT_BASE_REF: 'HEAD~1',
      INPUT_USAGE: 'usage.csv',
      INPUT_FAIL_ON_INCREASE: 'true',
      GITHUB_OUTPUT: undefined,
    });
    expect([fell.code, fell.stdout]).toEqual([0, expect.not.stringContaining('rises')]);
    // Back to GPT-4o alone: assistant's measured record costs $3.50 rather than $0.539, within its budget.
    const file = join(cwd, 'gacost.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('mix: gpt-4o-mini=90,gpt-4o=10', 'model: gpt-4o'));
    const inputs = { INPUT_MODE: 'diff', INPUT_BASE_REF: 'HEAD', INPUT_USAGE: 'usage.csv' };
    expect((await runGate(cwd, inputs)).code).toBe(0);
    const gated = await runGate(cwd, { ...inputs, INPUT_FAIL_ON_INCREASE: 'true' });
    expect([gated.code, gated.stdout]).toEqual([
      1,
      expect.stringContaining('::error title=gacost diff::the monthly cost rises by 2.961 USD'),
    ]);
  });
});
