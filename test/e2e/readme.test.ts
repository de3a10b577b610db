import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/gacost.js';

describe('README.md, CONTRIBUTING.md and docs/*.md', () => {
  it('show the output each example command really prints, and name only files of the repository', () => {
    // Throws, with the reason on stderr, when an example's output has changed (run `npm run readme`) or an
    // example names a file outside the repository.
    expect(() => execFileSync(process.execPath, ['scripts/readme-examples.mjs', '--check'], { cwd: ROOT, stdio: 'pipe' })).not.toThrow();
  }, 60_000);
});
