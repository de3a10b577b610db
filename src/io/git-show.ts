import { execFile } from 'node:child_process';
import { GacostError } from '../errors.js';
import { MAX_INPUT_BYTES } from './read-input-file.js';

/** A file as a commit holds it: `git:REF:path`, read with `git show REF:path`. */
export interface GitFile {
  readonly ref: string;
  readonly path: string;
}

const GIT_PREFIX = 'git:';

/**
 * `git:REF:path` as its ref and path, or undefined for a plain path. The ref ends at the last colon, as
 * `git show` reads `REF:path` (a ref holds no colon): the path is from the repository's root, or from
 * the current folder when it starts with `./` (git's own rule).
 */
export function gitFileOf(source: string): GitFile | undefined {
  if (!source.startsWith(GIT_PREFIX)) return undefined;
  const rest = source.slice(GIT_PREFIX.length);
  const colon = rest.indexOf(':');
  const ref = colon < 0 ? '' : rest.slice(0, colon);
  const path = colon < 0 ? '' : rest.slice(colon + 1);
  if (ref === '' || path === '' || ref.startsWith('-')) {
    throw new GacostError('invalid-option', `invalid ${JSON.stringify(source)}: expected git:REF:path, such as git:HEAD~1:gacost.yaml`);
  }
  return { ref, path };
}

/** The file's text at the ref, run as `git show REF:path` in `cwd` (no shell); a missing git, ref or path is a one-line error. */
export function gitShow(file: GitFile, cwd: string): Promise<string> {
  const named = `git:${file.ref}:${file.path}`;
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      ['show', `${file.ref}:${file.path}`],
      { cwd, encoding: 'utf8', maxBuffer: MAX_INPUT_BYTES, windowsHide: true },
      (error, stdout, stderr) => {
        if (error === null) return resolve(stdout);
        const code = (error as NodeJS.ErrnoException).code;
        const reason =
          code === 'ENOENT'
            ? 'git is not installed (or not on PATH)'
            : code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER'
              ? `it holds more than the ${MAX_INPUT_BYTES / 1024 / 1024} MB gacost reads`
              : (stderr
                  .trim()
                  .split('\n')[0]
                  ?.replace(/^fatal: /, '') ??
                  '') ||
                error.message;
        reject(new GacostError('unreadable-file', `cannot read budget file ${named}: ${reason}`));
      },
    );
  });
}
