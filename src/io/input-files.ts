import { GacostError } from '../errors.js';
import { type ByteStream, readStdin } from './read-stdin.js';

export interface InputFile {
  /** What the file is to the command: "catalog", "budget file", … */
  readonly what: string;
  /** As the user or the file that named it gave it. */
  readonly path: string;
}

/** What tells a file from every other: its device and inode (a BigIntStats has them). */
export interface FileIdentity {
  readonly dev: bigint;
  readonly ino: bigint;
}

/**
 * The files a run has read, by device and inode, so that its output never replaces one of them:
 * `--out-file` naming the catalog, or a hard link or symbolic link to it, would destroy the input.
 */
export class InputFiles {
  private readonly files = new Map<string, InputFile>();
  /** Standard input, once read for a file argument `-`, and what it was read as. */
  private standardInput: { readonly what: string; readonly bytes: Buffer } | undefined;

  /**
   * Reads standard input whole, for the `what` given as `-`; the synchronous readers then take it
   * with stdin(). Standard input is one stream: two different inputs cannot both be `-`.
   */
  async readStdin(stdin: (() => ByteStream) | undefined, what: string): Promise<void> {
    if (this.standardInput !== undefined) {
      if (this.standardInput.what === what) return;
      throw twice(this.standardInput.what, what);
    }
    this.standardInput = { what, bytes: await readStdin(stdin, what) };
  }

  /**
   * Standard input as read by readStdin for `what`.
   * @internal (a Buffer: kept out of the library's declarations, which need no @types/node)
   */
  stdin(what: string): Buffer {
    if (this.standardInput === undefined)
      throw new GacostError('unreadable-file', `cannot read ${what} -: standard input is not read for a ${what}`);
    if (this.standardInput.what !== what) throw twice(this.standardInput.what, what);
    return this.standardInput.bytes;
  }

  record(file: InputFile, stats: FileIdentity): void {
    this.files.set(identity(stats), file);
  }

  /** The input that `stats` (of a file about to be replaced) belongs to, if it is one. */
  find(stats: FileIdentity): InputFile | undefined {
    return this.files.get(identity(stats));
  }
}

function identity(stats: FileIdentity): string {
  return `${stats.dev}:${stats.ino}`;
}

function twice(first: string, second: string): GacostError {
  return new GacostError(
    'conflicting-options',
    `the ${first} and the ${second} cannot both be - (standard input): give one of them as a file`,
  );
}
