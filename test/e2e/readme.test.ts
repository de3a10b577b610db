import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/gacost.js';

describe('README', () => {
  it('shows the output each example command really prints', () => {
    // Throws, with the reason on stderr, when an example's output has changed: run `npm run readme`.
    expect(() => execFileSync(process.execPath, ['scripts/readme-examples.mjs', '--check'], { cwd: ROOT, stdio: 'pipe' })).not.toThrow();
  }, 60_000);
});
