import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { gacost, processEnv, ROOT } from '../support/gacost.js';

const commands = [
  ['project', '--tokens', '20B', '--mix', 'deepseek-v4-flash=90,qwen3-32b=5,deepseek-r1=5', '--tokens-per-request', '1K'],
  ['compare', '--tokens', '1B', '--input-share', '75%'],
  ['forecast', '--start', '5M', '--growth', '10x/yr', '--months', '13', '--credits', '50'],
  ['check', '--config', 'examples/gacost.yaml'],
  ['models'],
  ['project', '--catalog', 'examples/negotiated.yaml', '--stages', 'test/fixtures/stages/ramp.yaml', '--model', 'v4-flash,gpt-4o'],
];
const environments = [
  { TZ: 'UTC', LANG: 'C', LC_ALL: 'C' },
  { TZ: 'Pacific/Kiritimati', LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8' },
  { TZ: 'America/Los_Angeles', LANG: 'ar_EG.UTF-8', LC_ALL: 'ar_EG.UTF-8' },
];

/**
 * Time zone and locale belong to the process, so each environment is a process of its own, which runs
 * every command through the built CLI's main() and prints the outputs as one JSON array.
 */
const RUN_ALL = `
const { main } = require(process.argv[1]);
(async () => {
  const outputs = [];
  for (const args of JSON.parse(process.argv[2])) {
    let stdout = '';
    const io = { env: process.env, cwd: process.cwd(), stdout: (text) => (stdout += text), stderr: () => {}, stdoutIsTerminal: async () => false };
    await main(['node', 'gacost', ...args], io);
    outputs.push(stdout);
  }
  process.stdout.write(JSON.stringify(outputs));
})();`;

const everyRun = commands.flatMap((command) => ['table', 'json', 'csv', 'markdown'].map((format) => [...command, '--format', format]));

async function runAllIn(env: Record<string, string>): Promise<string[]> {
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', RUN_ALL, join(ROOT, 'dist/cli.cjs'), JSON.stringify(everyRun)], {
    cwd: ROOT,
    env: processEnv(env),
    encoding: 'utf8',
  });
  return JSON.parse(stdout) as string[];
}

describe('determinism', () => {
  it('prints byte-identical output in every format whatever the time zone and locale, run after run', async () => {
    const [first, ...others] = await Promise.all([...environments, environments[0]].map((env) => runAllIn(env ?? {})));
    expect(first).toHaveLength(everyRun.length);
    for (const output of first ?? []) expect(output.length).toBeGreaterThan(0);
    for (const outputs of others) expect(outputs).toEqual(first);
  });

  it('prints the same result on any day but the as-of date it names (and the staleness that follows from it), so the suite does not depend on the day it runs', async () => {
    const [pinned, later] = await Promise.all(
      ['2026-11-24', '2031-05-05'].map((date) => gacost(['project', '--format', 'json'], { env: { GACOST_AS_OF: date } })),
    );
    expect(pinned).toMatchObject({ exitCode: 0, stderr: '' });
    expect(pinned?.stdout).toContain('"as_of": "2026-11-24"');
    // and, that far past the catalog's newest checked date, how stale its prices may be.
    expect(later?.stdout).toBe(
      pinned?.stdout.replace('"as_of": "2026-11-24"', '"as_of": "2031-05-05"').replace('"stale_days": null', '"stale_days": 1646'),
    );
  });
});
