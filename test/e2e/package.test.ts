import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMAND_PATHS } from '../support/commands.js';
import { gacost, ROOT } from '../support/gacost.js';

const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

describe('the package', () => {
  it('has a lockfile whose root entry is package.json (as npm install --package-lock-only writes it)', () => {
    const root = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')).packages[''];
    for (const field of [
      'name',
      'version',
      'dependencies',
      'devDependencies',
      'optionalDependencies',
      'peerDependencies',
      'bin',
      'engines',
    ]) {
      expect(root[field], field).toEqual(packageJson[field]);
    }
  });

  it('runs no script of its own when installed (npm warns of one, and the tarball has no scripts/)', () => {
    for (const script of ['preinstall', 'install', 'postinstall', 'prepare'])
      expect(packageJson.scripts, script).not.toHaveProperty(script);
  });

  it("names in --help's examples only the files it ships", async () => {
    const shipped = (path: string) => (packageJson.files as string[]).some((entry) => path === entry || path.startsWith(`${entry}/`));
    for (const command of COMMAND_PATHS) {
      const examples = (await gacost([...command, '--help'])).stdout.split('\nExamples:\n')[1] ?? '';
      // A word that names a file of the repository is one a user of the package must have too.
      for (const word of examples.split(/\s+/).filter((word) => /^[\w.-]+\/[\w./-]+$/.test(word) && existsSync(join(ROOT, word)))) {
        expect(shipped(word), `gacost ${command.join(' ')} --help names ${word}`).toBe(true);
      }
    }
  });
});
