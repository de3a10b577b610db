import { appendFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { GacostError } from '../errors.js';
import { errnoReason } from '../io/errno-reason.js';
import type { CommandHost } from './context.js';

/**
 * Whether a run annotates its lines as GitHub Actions workflow commands: `--github`, or by default on a
 * GitHub Actions runner (GITHUB_ACTIONS=true), unless `--no-github`.
 */
export function annotates(host: CommandHost, github: boolean | undefined): boolean {
  return github ?? host.io.env.GITHUB_ACTIONS === 'true';
}

/**
 * On a runner: appends the result's Markdown to the job's summary ($GITHUB_STEP_SUMMARY, which GitHub
 * expects appended to) and the step's outputs to $GITHUB_OUTPUT (`name=value` lines), each where set.
 */
export function writeGithubFiles(host: CommandHost, summary: () => string, outputs: Readonly<Record<string, string>>): void {
  const { env, cwd } = host.io;
  const append = (variable: string, text: string) => {
    const path = env[variable];
    if (path === undefined || path === '') return;
    try {
      appendFileSync(resolve(cwd, path), text);
    } catch (error) {
      throw new GacostError('unwritable-file', `cannot write ${variable} ${path}: ${errnoReason(error)}`);
    }
  };
  append('GITHUB_STEP_SUMMARY', summary());
  // A value is one line of gacost's own (an amount, a word): never a newline that would start another output.
  append(
    'GITHUB_OUTPUT',
    Object.entries(outputs)
      .map(([name, value]) => `${name}=${value.replace(/[\r\n]/g, ' ')}\n`)
      .join(''),
  );
}
