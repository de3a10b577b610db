import { execFile } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { processEnv, ROOT, scratchDir } from '../support/gacost.js';

const run = promisify(execFile);

/** bin/ and dist/ as npm installs them: without the code caches the build leaves in a clone. */
function installedCopy(): string {
  const copy = scratchDir();
  for (const folder of ['bin', 'dist']) cpSync(join(ROOT, folder), join(copy, folder), { recursive: true, filter: (file) => !file.endsWith('.cache') });
  cpSync(join(ROOT, 'package.json'), join(copy, 'package.json'));
  return copy;
}

const ARGS = ['project', '--tokens', '5B', '--format', 'csv'];

describe('the code caches of an installed package', () => {
  it('are written to the cache folder by the first run, used by the next, and rewritten when they do not fit', async () => {
    const copy = installedCopy();
    const cache = join(copy, 'cache');
    const env = processEnv({ GACOST_CACHE_DIR: cache });
    const bin = join(copy, 'bin/gacost.cjs');
    const first = await run(process.execPath, [bin, ...ARGS], { env });
    // The CLI's bundle, and the file readers' (the tests' catalog is a file, GACOST_CATALOG).
    const files = readdirSync(cache).sort();
    expect(files.map((name) => name.replace(/-[0-9a-f]{8}-node.*$/, ''))).toEqual(['cli.cjs', 'read-files.cjs']);
    const file = files[0];
    expect(file).toMatch(new RegExp(`^cli\\.cjs-[0-9a-f]{8}-node${process.version.replace(/\./g, '\\.')}-${process.arch}-0\\.1\\.0-\\d+-\\d+\\.cache$`));
    const written = readFileSync(join(cache, file ?? ''));
    expect((await run(process.execPath, [bin, ...ARGS], { env })).stdout).toBe(first.stdout);
    expect(readFileSync(join(cache, file ?? ''))).toEqual(written); // used, not rewritten
    writeFileSync(join(cache, file ?? ''), 'not a code cache');
    expect((await run(process.execPath, [bin, ...ARGS], { env })).stdout).toBe(first.stdout);
    expect(readFileSync(join(cache, file ?? '')).length).toBeGreaterThan(written.length / 2); // rejected by V8, written afresh
  });

  it('never fail a run: a cache folder that cannot be made, or caching off', async () => {
    const copy = installedCopy();
    const bin = join(copy, 'bin/gacost.cjs');
    writeFileSync(join(copy, 'a-file'), '');
    const expected = (await run(process.execPath, [bin, ...ARGS], { env: processEnv({ GACOST_CACHE_DIR: 'off' }) })).stdout;
    const blocked = await run(process.execPath, [bin, ...ARGS], { env: processEnv({ GACOST_CACHE_DIR: join(copy, 'a-file', 'cache') }) });
    expect(blocked.stdout).toBe(expected);
    expect(blocked.stderr).toBe('');
    expect(readdirSync(copy).sort()).toEqual(['a-file', 'bin', 'dist', 'package.json']);
  });
});
