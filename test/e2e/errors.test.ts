import { describe, expect, it } from 'vitest';
import { COMMAND_PATHS } from '../support/commands.js';
import { AS_OF, gacost } from '../support/gacost.js';

describe('a broken catalog', () => {
  it('names every problem of a broken catalog, one line each', async () => {
    const run = await gacost(['models', '--catalog', 'test/fixtures/catalogs/duplicate-alias.yaml']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe(
      'gacost: error: test/fixtures/catalogs/duplicate-alias.yaml:23:21: models[1].aliases[1]: duplicate id or alias "CHEAP" (case-insensitive): already names models[0] (acme/cheap)\n',
    );
  });
});

describe('every error is one line', () => {
  it('keeps a newline that reaches an error on its line', async () => {
    const run = await gacost(['--catalog', 'missing\nfile.yaml', 'models']);
    expect(run).toMatchObject({ exitCode: 2, errorCode: 'unreadable-file' });
    expect(run.stderr).toBe('gacost: error: cannot read catalog missing\\nfile.yaml: no such file or directory\n');
  });

  it.each([[[]], [['catalog']], [['--as-of', AS_OF]]])('gacost %j without a command is a one-line error', async (args) => {
    const run = await gacost(args);
    expect(run).toMatchObject({ exitCode: 2, errorCode: 'usage', stdout: '' });
    expect(run.stderr).toMatch(/^gacost: error: no (catalog )?command given; see gacost (catalog )?--help\n$/);
  });
});

describe('help and version', () => {
  it('prints help on stdout and exits 0', async () => {
    const run = await gacost(['project', '--help']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('--tokens <quantity>');
  });

  it('prints the version', async () => {
    const { version } = (await import('../../package.json', { with: { type: 'json' } })).default;
    const run = await gacost(['--version']);
    expect(run).toMatchObject({ exitCode: 0, stdout: `${version}\n` });
  });
});

// A run declares only the command it names (src/cli.ts): what it says of other commands must not change.
describe('a run of one command', () => {
  it('finds its command after global flags and their values, even a value that is a command name', async () => {
    const run = await gacost(['--tier', 'usage', '--as-of', AS_OF, 'project', '--tokens', '5B', '--json']);
    expect(run).toMatchObject({ exitCode: 2, errorCode: 'unknown-tier' });
    const validate = await gacost(['--tier', 'batch', 'catalog', 'validate', 'test/fixtures/catalogs/standard.yaml']);
    expect(validate).toMatchObject({ exitCode: 2, stderr: 'gacost: error: --tier does not apply to gacost catalog validate\n' });
  });

  it('suggests the nearest command for a mistyped one', async () => {
    const run = await gacost(['--as-of', AS_OF, 'projct', '--tokens', '5B']);
    expect(run).toMatchObject({ exitCode: 2, errorCode: 'usage' });
    expect(run.stderr).toContain('(Did you mean project?)');
    const catalog = await gacost(['catalog', 'validat', 'x.yaml']);
    expect(catalog.stderr).toContain('(Did you mean validate?)');
  });

  it('lists every command in help, wherever --help is', async () => {
    for (const args of [['--help'], ['help'], ['--as-of', AS_OF, '--help', 'project']]) {
      const run = await gacost(args);
      expect(run.exitCode).toBe(0);
      for (const command of new Set(COMMAND_PATHS.flatMap((path) => path.slice(0, 1))))
        expect(run.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    }
  });

  it('refuses a global flag the command does not use, as before', async () => {
    const run = await gacost(['--tier', 'batch', 'schema', 'catalog']);
    expect(run).toMatchObject({
      exitCode: 2,
      errorCode: 'invalid-option',
      stderr: 'gacost: error: --tier does not apply to gacost schema\n',
    });
  });
});
