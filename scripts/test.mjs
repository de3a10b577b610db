// npm test: the type check side by side with the build and then the tests (each leaves a core idle
// for much of its run), failing if any fails. Extra arguments go to vitest.
import { spawn } from 'node:child_process';

const bin = (name) => new URL(`../node_modules/.bin/${name}`, import.meta.url).pathname;
const run = (command, args) =>
  new Promise((resolve) => spawn(command, args, { stdio: 'inherit' }).on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0))));

const typecheck = run(bin('tsc'), []);
const built = await run(process.execPath, [new URL('build.mjs', import.meta.url).pathname]);
const tests = built === 0 ? await run(bin('vitest'), ['run', ...process.argv.slice(2)]) : built;
if ((await typecheck) !== 0) console.error('npm test: the type check (tsc) failed');
process.exitCode = (await typecheck) || tests;
