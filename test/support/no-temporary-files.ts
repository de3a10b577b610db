import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Vitest global setup: the tests (and the CLIs they spawn) get a temporary folder of their own, and
 * the run fails if they leave anything in it.
 */
export default function setup(): () => void {
  const folder = mkdtempSync(join(tmpdir(), 'gacost-suite-'));
  chmodSync(folder, 0o711); // the tests that run as another user reach their files through it
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = folder;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    const left = readdirSync(folder);
    rmSync(folder, { recursive: true, force: true });
    if (left.length > 0) {
      // Vitest reports an error thrown here but still exits 0.
      process.stderr.write(`the tests left ${left.length} temporary files behind: ${left.slice(0, 5).join(', ')}\n`);
      process.exitCode = 1;
    }
  };
}
