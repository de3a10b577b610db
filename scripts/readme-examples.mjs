// Re-runs every `$ gacost …` example in README.md, CONTRIBUTING.md and docs/*.md (a fenced block, plain
// or `console`, whose first line is `$ ` and a command naming gacost or examples/library/) and writes back its real output,
// so the docs never show output the tool no longer prints. `--check` only reports stale examples
// (exit 1). Examples run with FORCE_COLOR=0 and GACOST_AS_OF=2026-11-24 on the built-in catalog, from the
// repository root: a plain command in this process through the built CLI's main(), a pipeline
// through bash (spawning a shell for every example would cost seconds). An example may name only files
// of the repository (and /dev/stdin, /dev/null): a path with `..` or an absolute one is refused.
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
    const { exitCode } = await main(['node', 'gacost', ...words.slice(1)], {
      env,
      cwd: root,
      stdout: write,
      stderr: write,
      stdoutIsTerminal: async () => false,
    });
    return { output, status: exitCode };
  }
  try {
    const { stdout } = await promisify(execFile)('bash', ['-c', `{ ${command}; } 2>&1`], {
      cwd: root,
      // A cache folder of its own: a catalog the machine's user stored (gacost catalog update) never changes an example.
      env: { ...process.env, PATH: `${shims}:${process.env.PATH}`, GACOST_CATALOG: '', GACOST_CACHE_DIR: join(shims, 'cache'), ...env },
      encoding: 'utf8',
    });
    return { output: stdout, status: 0 };
  } catch (error) {
    return { output: `${error.stdout ?? ''}`, status: typeof error.code === 'number' ? error.code : 1 };
  }
}

/** The files whose examples are kept true, relative to the repository root. */
function exampleFiles() {
  const docs = readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`);
  return ['README.md', 'CONTRIBUTING.md', ...docs].filter((file) => existsSync(join(root, file)));
}

// A command naming gacost, or one of the library's example programs (examples/library/, which import it).
const EXAMPLE = /```(?:console)?\n(\$ [^\n]*(?:gacost|examples\/library\/)[^\n]*\n)([\s\S]*?)```/g;

/** Why a command would reach outside the repository, or undefined. */
function outside(command) {
  for (const word of command.split(/[\s=|<>;&()'"]+/)) {
    if (word === '' || /^\/dev\/(stdin|null)$/.test(word)) continue;
    if (word.startsWith('/') || word.startsWith('~') || /(^|\/)\.\.(\/|$)/.test(word)) return word;
  }
  return undefined;
}

try {
  const stale = [];
  const problems = [];
  const files = exampleFiles().map((file) => ({ file, text: readFileSync(join(root, file), 'utf8') }));
  const blocks = files.flatMap(({ file, text }) => [...text.matchAll(EXAMPLE)].map((block) => ({ file, block })));
  for (const { file, block } of blocks) {
    const reach = outside(block[1].slice(2));
    if (reach) problems.push(`${file}: example "${block[1].trim()}" names ${reach}, outside the repository`);
  }
  if (problems.length > 0) {
    for (const problem of problems) console.error(problem);
    process.exitCode = 1;
  } else {
    // All at once: the pipelines wait on their processes side by side.
    const runs = await Promise.all(blocks.map(({ block: [, commandLine] }) => run(commandLine.slice(2).trim())));
    let index = 0;
    for (const { file, text } of files) {
      let updated = '';
      let at = 0;
      for (const block of text.matchAll(EXAMPLE)) {
        const [whole, commandLine, body] = block;
        const fence = whole.slice(0, whole.indexOf('\n') + 1);
        const showsExit = /^# exit \d+$/m.test(body);
        const { output, status } = runs[index++];
        const exit = showsExit || status !== 0 ? `# exit ${status}\n` : '';
        updated += `${text.slice(at, block.index)}${fence}${commandLine}${output.endsWith('\n') || output === '' ? output : `${output}\n`}${exit}\`\`\``;
        at = block.index + whole.length;
      }
      updated += text.slice(at);
      if (updated === text) continue;
      stale.push(file);
      if (!process.argv.includes('--check')) writeFileSync(join(root, file), updated);
    }
    if (process.argv.includes('--check') && stale.length > 0) {
      console.error(`examples are stale in ${stale.join(', ')}: run npm run readme`);
      process.exitCode = 1;
    } else if (stale.length > 0) {
      console.log(`rewrote the examples of ${stale.join(', ')}`);
    }
  }
} finally {
  rmSync(shims, { recursive: true, force: true });
}
