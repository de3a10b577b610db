import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { processEnv, ROOT } from '../support/gacost.js';

// One process runs the built CLI three times and lists the files of dist/ loaded after each run: what a
// run loads stays loaded, so each list holds the runs before it too.
const SCRIPT = `
const { main } = require('./dist/cli.cjs');
const loaded = () => Object.keys(require.cache).filter((file) => file.includes('/dist/')).map((file) => file.replace(/.*\\/dist\\//, ''));
const io = { env: process.env, cwd: process.cwd(), stdout() {}, stderr() {}, stdoutIsTerminal: async () => false };
(async () => {
  const lists = [];
  for (const args of [['--version'], ['project', '--tokens', '5B'], ['compare', '--tokens', '5B']]) {
    await main(['node', 'gacost', ...args], io);
    lists.push(loaded());
  }
  process.stdout.write(JSON.stringify(lists));
})();
`;

describe('what a run loads', () => {
  it('loads the code of on-demand commands only for a run that names one', () => {
    const [version, project, compare] = JSON.parse(
      execFileSync(process.execPath, ['-e', SCRIPT], { cwd: ROOT, env: processEnv() }).toString(),
    ) as string[][];
    const onDemand = (files: string[]) => files.filter((file) => file.startsWith('cli-on-demand'));
    expect(onDemand(version ?? [])).toEqual([]);
    expect(onDemand(project ?? [])).toEqual([]);
    expect(onDemand(compare ?? [])).toEqual([expect.stringMatching(/^cli-on-demand-pricing-\w+\.cjs$/)]);
  });
});
