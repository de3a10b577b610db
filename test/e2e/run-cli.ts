import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/gacost.cjs', import.meta.url));

export interface CliRun {
  readonly command: string;
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built CLI as a user would, with colour forced off unless the test says otherwise. */
export function runCli(
  args: readonly string[],
  env: Record<string, string | undefined> = {},
  cwd: string = ROOT,
  as: { readonly uid: number; readonly gid: number; readonly bin: string } | undefined = undefined,
): Promise<CliRun> {
  // A fixed as-of date keeps outputs (which name it) the same whatever day the tests run.
  const fullEnv: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: '0', GACOST_AS_OF: '2026-11-24', GACOST_CATALOG: undefined, NO_COLOR: undefined, ...env };
  for (const key of Object.keys(fullEnv)) if (fullEnv[key] === undefined) delete fullEnv[key];
  return new Promise((resolve) => {
    execFile(process.execPath, [as?.bin ?? BIN, ...args], { cwd, env: fullEnv, uid: as?.uid, gid: as?.gid }, (error, stdout, stderr) => {
      const exitCode = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ command: `gacost ${args.join(' ')}`, exitCode, stdout, stderr });
    });
  });
}
