import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throw-away PostgreSQL cluster for the interop tests: Debian's `postgresql` package, run as its
 * `postgres` user (initdb refuses root), in a temporary folder outside the checkout (which may sit in a
 * folder only root may enter), listening only on a private socket folder and port. stop() removes it.
 */
export interface Postgres {
  /** Runs a SQL file (or text) with psql, stopping at the first error; returns stdout. */
  psql(sql: string, options?: { readonly csv?: boolean }): string;
  stop(): void;
}

/** Why no cluster can be started here, or undefined when one can. */
export function postgresUnavailable(): string | undefined {
  if (binDir() === undefined) return 'PostgreSQL is not installed (apt-get install -y postgresql; .ci/run installs it)';
  if (spawnSync('id', ['-u', 'postgres']).status !== 0) return 'there is no postgres user (the postgresql package creates it)';
  if (process.getuid?.() !== 0 && spawnSync('id', ['-un']).stdout.toString().trim() !== 'postgres')
    return 'the tests run neither as root nor as postgres, so they cannot run initdb as postgres';
  return undefined;
}

function binDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((name) => existsSync(join(root, name, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(root, versions[0], 'bin');
}

/** A command run as the postgres user (directly when the tests already run as it). */
function asPostgres(command: string, args: readonly string[], input?: string): string {
  const root = process.getuid?.() === 0;
  const [file, argv] = root ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, [...args]];
  return execFileSync(file, argv, { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
}

export function startPostgres(): Postgres {
  const bin = binDir();
  if (bin === undefined) throw new Error('PostgreSQL is not installed');
  const dir = mkdtempSync(join(tmpdir(), 'gacost-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const socket = join(dir, 'socket');
  const port = String(20_000 + (process.pid % 20_000));
  let started = false;
  const stop = () => {
    try {
      if (started) asPostgres(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // Removed below all the same.
    } finally {
      started = false;
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    asPostgres('mkdir', ['-m', '700', socket]);
    asPostgres(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale', 'C']);
    started = true;
    asPostgres(join(bin, 'pg_ctl'), [
      '-D',
      data,
      '-w',
      '-l',
      join(dir, 'log'),
      '-o',
      `-k ${socket} -p ${port} -c listen_addresses='' -c fsync=off`,
      'start',
    ]);
  } catch (error) {
    stop();
    throw error;
  }
  return {
    psql(sql, options = {}) {
      const file = join(dir, `script-${Date.now()}-${Math.random().toString(36).slice(2)}.sql`);
      writeFileSync(file, sql);
      chmodSync(file, 0o644);
      try {
        return asPostgres('psql', [
          '-h',
          socket,
          '-p',
          port,
          '-U',
          'postgres',
          '-d',
          'postgres',
          '-X',
          '-q',
          '-v',
          'ON_ERROR_STOP=1',
          ...(options.csv ? ['--csv'] : []),
          '-f',
          file,
        ]);
      } finally {
        rmSync(file, { force: true });
      }
    },
    stop,
  };
}
