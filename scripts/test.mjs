// npm test: the checks (type check, Biome's lint and format check, knip's unused files, exports and
// dependencies) side by side with the build, then the tests, failing if any fails; each check that
// fails says so at the end. Extra arguments go to vitest.
import { spawn } from 'node:child_process';

const bin = (name) => new URL(`../node_modules/.bin/${name}`, import.meta.url).pathname;
const run = (command, args) =>
  new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit' });
    child.on('error', () => resolve(undefined));
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
/**
 * A check runs niced (`nice -n 10`, where there is a nice): the build and then the tests wait on each
 * other and take both cores while the checks fill what they leave idle, rather than slow the build down.
 */
const niced = async (command, args) => (await run('nice', ['-n', '10', command, ...args])) ?? (await run(command, args)) ?? 1;

/**
 * The type check and knip keep what they learnt in node_modules/.cache, as build tools do: a later run
 * checks again only what changed (about 8 s of CPU less of a run's 60 on a warm clone); a fresh clone
 * checks everything.
 */
const CACHE = new URL('../node_modules/.cache/', import.meta.url).pathname;
const checks = {
  'the type check (tsgo, TypeScript 7)': niced(bin('tsgo'), ['--incremental', '--tsBuildInfoFile', `${CACHE}gacost-tsgo.tsbuildinfo`]),
  'the lint and format check (npx biome check)': niced(bin('biome'), ['check', '.']),
  'the unused code check (npx knip)': niced(bin('knip'), ['--no-progress', '--cache', '--cache-location', `${CACHE}knip`]),
};
const built = (await run(process.execPath, [new URL('build.mjs', import.meta.url).pathname])) ?? 1;
const tests = built === 0 ? ((await run(bin('vitest'), ['run', ...process.argv.slice(2)])) ?? 1) : built;
let failed = tests;
for (const [name, check] of Object.entries(checks)) {
  const code = await check;
  if (code !== 0) console.error(`npm test: ${name} failed`);
  failed ||= code;
}
process.exitCode = failed;
