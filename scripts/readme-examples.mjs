// Re-runs every `$ gacost …` example in README.md and writes back its real output, so the README
// never shows output the tool no longer prints. `--check` only reports stale examples (exit 1).
// Examples run with FORCE_COLOR=0 and GACOST_AS_OF=2026-11-24 on the built-in catalog, from the
// repository root: a plain command in this process through the built CLI's main(), a pipeline
// through bash (spawning a shell for every example would cost seconds).
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('../', import.meta.url));
const env = { FORCE_COLOR: '0', GACOST_AS_OF: '2026-11-24' };
const { main } = createRequire(import.meta.url)('../dist/cli.cjs');
// A `gacost` on the PATH of the pipelines, made before they start.
const shims = mkdtempSync(join(tmpdir(), 'gacost-readme-'));
writeFileSync(join(shims, 'gacost'), `#!/bin/sh\nexec node ${join(root, 'bin/gacost.cjs')} "$@"\n`);
chmodSync(join(shims, 'gacost'), 0o755);

/** The words of a command line without shell syntax (quotes allowed), or undefined when it needs a shell. */
function plainWords(command) {
  if (/[|&;<>$`\\]/.test(command)) return undefined;
  return [...command.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2] ?? match[3]);
}

async function run(command) {
  const words = plainWords(command);
  if (words?.[0] === 'gacost') {
    let output = '';
    const write = (text) => (output += text);
    const { exitCode } = await main(['node', 'gacost', ...words.slice(1)], { env, cwd: root, stdout: write, stderr: write, stdoutIsTerminal: async () => false });
    return { output, status: exitCode };
  }
  try {
    const { stdout } = await promisify(execFile)('bash', ['-c', `{ ${command}; } 2>&1`], {
      cwd: root,
      env: { ...process.env, PATH: `${shims}:${process.env.PATH}`, GACOST_CATALOG: '', ...env },
      encoding: 'utf8',
    });
    return { output: stdout, status: 0 };
  } catch (error) {
    return { output: `${error.stdout ?? ''}`, status: typeof error.code === 'number' ? error.code : 1 };
  }
}

try {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```\n(\$ [^\n]*gacost[^\n]*\n)([\s\S]*?)```/g)];
  // All at once: the pipelines wait on their processes side by side.
  const runs = await Promise.all(blocks.map(([, commandLine]) => run(commandLine.slice(2).trim())));
  let updated = '';
  let at = 0;
  for (const [index, block] of blocks.entries()) {
    const [whole, commandLine, body] = block;
    const showsExit = /^# exit \d+$/m.test(body);
    const { output, status } = runs[index];
    const exit = showsExit || status !== 0 ? `# exit ${status}\n` : '';
    updated += `${readme.slice(at, block.index)}\`\`\`\n${commandLine}${output.endsWith('\n') || output === '' ? output : `${output}\n`}${exit}\`\`\``;
    at = block.index + whole.length;
  }
  updated += readme.slice(at);
  if (process.argv.includes('--check')) {
    if (updated !== readme) {
      console.error('README.md examples are stale: run npm run readme');
      process.exitCode = 1;
    }
  } else {
    writeFileSync(join(root, 'README.md'), updated);
  }
} finally {
  rmSync(shims, { recursive: true, force: true });
}
