// npm test: the checks (type check, Biome's lint and format check, knip's unused files, exports and
// dependencies) side by side with the build, then the tests, failing if any fails; each check that
// fails says so at the end. Extra arguments go to vitest.
import { spawn } from 'node:child_process';

const bin = (name) => new URL(`../node_modules/.bin/${name}`, import.meta.url).pathname;
const run = (command, args) =>
  new Promise((resolve) => spawn(command, args, { stdio: 'inherit' }).on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0))));

const checks = {
  'the type check (tsgo, TypeScript 7)': run(bin('tsgo'), []),
  'the lint and format check (npx biome check)': run(bin('biome'), ['check', '.']),
  'the unused code check (npx knip)': run(bin('knip'), ['--no-progress']),
};
const built = await run(process.execPath, [new URL('build.mjs', import.meta.url).pathname]);
const tests = built === 0 ? await run(bin('vitest'), ['run', ...process.argv.slice(2)]) : built;
let failed = tests;
for (const [name, check] of Object.entries(checks)) {
  const code = await check;
  if (code !== 0) console.error(`npm test: ${name} failed`);
  failed ||= code;
}
process.exitCode = failed;
