// Re-runs every `$ gacost …` example in README.md, CONTRIBUTING.md and docs/*.md (a fenced block, plain
// or `console`, whose first line is `$ ` and a command naming gacost or examples/library/) and writes back its real output,
// so the docs never show output the tool no longer prints. `--check` only reports stale examples
// (exit 1). Examples run with FORCE_COLOR=0 and GACOST_AS_OF=2026-11-24 on the built-in catalog, from the
// repository root: a plain command in this process through the built CLI's main(), and so the gacost
// command that starts a pipeline, whose output the rest of the pipeline then reads in bash (a process for
// every gacost of the docs cost `npm test` seconds). An example may name only files of the repository
// (and /dev/stdin, /dev/null): a path with `..` or an absolute one is refused.
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

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

/** What bash gives the pipelines: a `gacost` on the PATH, and a cache folder of their own. */
const shellEnv = {
  ...process.env,
  PATH: `${shims}:${process.env.PATH}`,
  GACOST_CATALOG: '',
  // A cache folder of its own: a catalog the machine's user stored (gacost catalog update) never changes an example.
  GACOST_CACHE_DIR: join(shims, 'cache'),
  ...env,
};

/**
 * Runs a command through bash, its stderr with its stdout, reading `input` from a pipe as the command
 * after a `|` does (Node's own stdio pipes are sockets, which /dev/stdin cannot open).
 */
function bash(command, input) {
  const piped = input === undefined ? command : `cat | ${command}`;
  return new Promise((resolve) => {
    const child = execFile('bash', ['-c', `{ ${piped}; } 2>&1`], { cwd: root, env: shellEnv, encoding: 'utf8' }, (error, stdout) =>
      resolve({ output: stdout, status: error ? (typeof error.code === 'number' ? error.code : 1) : 0 }),
    );
    child.stdin.on('error', () => {}); // the rest of a pipeline may stop reading (head)
    child.stdin.end(input ?? '');
  });
}

/**
 * Runs `gacost …` words through the built CLI's main() from a folder of the repository: its stdout, its
 * stderr, both as written, and whether it wrote to stderr after its output began.
 */
async function inProcess(words, folder) {
  let stdout = '';
  let stderr = '';
  let both = '';
  let stderrAfterStdout = false;
  const { exitCode } = await main(['node', 'gacost', ...words.slice(1)], {
    env: { ...env, GACOST_CACHE_DIR: shellEnv.GACOST_CACHE_DIR },
    cwd: join(root, folder),
    stdout: (text) => {
      stdout += text;
      both += text;
    },
    stderr: (text) => {
      stderr += text;
      both += text;
      stderrAfterStdout ||= stdout !== '';
    },
    stdoutIsTerminal: async () => false,
  });
  return { stdout, stderr, both, stderrAfterStdout, status: exitCode };
}

/**
 * A command that starts with a gacost command without shell syntax, reading no stdin, maybe after
 * `cd folder &&` and before `2>/dev/null` and `| the rest`: the folder, its words, whether its stderr
 * is dropped, and the rest.
 */
function gacostFirst(command) {
  const match = /^(?:cd ([\w./-]+) && )?(gacost(?: [^|]*?)?)( 2>\/dev\/null)?(?: \| (.+))?$/.exec(command);
  if (match === null) return undefined;
  const head = match[2];
  const balanced = (head.split("'").length - 1) % 2 === 0 && (head.split('"').length - 1) % 2 === 0;
  const words = balanced ? plainWords(head) : undefined;
  if (!words || words.some((word) => word === '-' || word === '/dev/stdin')) return undefined;
  return { folder: match[1] ?? '.', words, dropStderr: match[3] !== undefined, rest: match[4] };
}

async function run(command) {
  const first = gacostFirst(command);
  if (first !== undefined) {
    const ran = await inProcess(first.words, first.folder);
    if (first.rest === undefined) return { output: first.dropStderr ? ran.stdout : ran.both, status: ran.status };
    // In a shell, what gacost writes to stderr before its output comes before the rest's output; what
    // it writes after may come before or after it, so bash runs such a pipeline whole.
    if (first.dropStderr || !ran.stderrAfterStdout) {
      const rest = await bash(first.rest, ran.stdout);
      return { output: (first.dropStderr ? '' : ran.stderr) + rest.output, status: rest.status };
    }
  }
  return bash(command);
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
