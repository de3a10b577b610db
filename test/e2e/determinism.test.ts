import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

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

describe('determinism', () => {
  it.each(commands.flatMap((command) => ['table', 'json', 'csv', 'markdown'].map((format) => [format, command] as const)))(
    'prints byte-identical %s output for %j whatever the time zone and locale, run after run',
    async (format, command) => {
      const runs = await Promise.all(environments.map((env) => runCli([...command, '--format', format], env)));
      const again = await runCli([...command, '--format', format], environments[0]);
      for (const run of [...runs, again]) expect(run.stdout).toBe(runs[0]?.stdout);
      expect(runs[0]?.stdout.length).toBeGreaterThan(0);
    },
  );
});
