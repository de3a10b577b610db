import type { BigIntStats } from 'node:fs';

export interface InputFile {
  /** What the file is to the command: "catalog", "budget file", … */
  readonly what: string;
  /** As the user or the file that named it gave it. */
  readonly path: string;
}

/**
 * The files a run has read, by device and inode, so that its output never replaces one of them:
 * `--out-file` naming the catalog, or a hard link or symbolic link to it, would destroy the input.
 */
export class InputFiles {
  private readonly files = new Map<string, InputFile>();

  record(file: InputFile, stats: BigIntStats): void {
    this.files.set(identity(stats), file);
  }

  /** The input that `stats` (of a file about to be replaced) belongs to, if it is one. */
  find(stats: BigIntStats): InputFile | undefined {
    return this.files.get(identity(stats));
  }
}

function identity(stats: BigIntStats): string {
  return `${stats.dev}:${stats.ino}`;
}
