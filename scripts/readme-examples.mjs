// Re-runs every `$ gacost …` example in README.md and writes back its real output, so the README
// never shows output the tool no longer prints. `--check` only reports stale examples (exit 1).
// Examples run with FORCE_COLOR=0 and GACOST_AS_OF=2026-11-24, from the repository root.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const shims = mkdtempSync(join(tmpdir(), 'gacost-readme-'));
writeFileSync(join(shims, 'gacost'), `#!/bin/sh\nexec node ${join(root, 'bin/gacost.cjs')} "$@"\n`);
chmodSync(join(shims, 'gacost'), 0o755);

function run(command) {
  try {
    const output = execFileSync('bash', ['-c', `{ ${command}; } 2>&1`], {
      cwd: root,
      env: { ...process.env, PATH: `${shims}:${process.env.PATH}`, FORCE_COLOR: '0', GACOST_AS_OF: '2026-11-24', GACOST_CATALOG: '' },
      encoding: 'utf8',
    });
    return { output, status: 0 };
  } catch (error) {
    return { output: `${error.stdout ?? ''}`, status: error.status ?? 1 };
  }
}

const readme = readFileSync(join(root, 'README.md'), 'utf8');
const updated = readme.replace(/```\n(\$ [^\n]*gacost[^\n]*\n)([\s\S]*?)```/g, (block, commandLine, body) => {
  const showsExit = /^# exit \d+$/m.test(body);
  const { output, status } = run(commandLine.slice(2).trim());
  const exit = showsExit || status !== 0 ? `# exit ${status}\n` : '';
  return `\`\`\`\n${commandLine}${output.endsWith('\n') || output === '' ? output : `${output}\n`}${exit}\`\`\``;
});
if (process.argv.includes('--check')) {
  if (updated !== readme) {
    console.error('README.md examples are stale: run npm run readme');
    process.exit(1);
  }
} else {
  writeFileSync(join(root, 'README.md'), updated);
}
