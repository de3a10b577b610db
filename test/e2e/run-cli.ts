import { gacost, spawnGacost, type CliRun, type SpawnOptions } from '../support/gacost.js';

export { ROOT } from '../support/gacost.js';

/** In-process unless the test runs the CLI as another user. */
export function runCli(args: readonly string[], env: Record<string, string | undefined> = {}, cwd?: string, as?: SpawnOptions['as']): Promise<Omit<CliRun, 'errorCode'>> {
  const options = cwd === undefined ? { env } : { env, cwd };
  return as === undefined ? gacost(args, options) : spawnGacost(args, { ...options, as });
}
