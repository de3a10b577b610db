import { fstatSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { writeStdout } from './write-stdout.js';

/**
 * Everything the CLI takes from its process, passed in so that tests run it in-process: the
 * environment, the working directory that relative paths are read from, and the two streams.
 */
export interface CliIo {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stdout is a terminal, where a table may be coloured. */
  readonly stdoutIsTerminal: () => Promise<boolean>;
  /** The columns of the terminal stdout is, if it is one and tells them. */
  readonly stdoutColumns?: () => number | undefined;
  /** Whether stderr is a terminal, where a long run may show its progress. */
  readonly stderrIsTerminal?: () => Promise<boolean>;
  /** Standard input, for a source named `-` (absent: none, as in a run with no input). */
  readonly stdin?: () => Readable;
}

export function processIo(): CliIo {
  return {
    env: process.env,
    cwd: process.cwd(),
    stdout: writeStdout,
    stderr: (text) => process.stderr.write(text),
    stdin: () => process.stdin,
    // Asked only once stdout is known to be a terminal (process.stdout is then a tty.WriteStream).
    stdoutColumns: () => process.stdout.columns,
    stderrIsTerminal: async () => isCharacterDevice(2) && (await import('node:tty')).isatty(2),
    stdoutIsTerminal: async () => {
      // Pipes and files are settled without loading node:tty (and node:net behind it).
      if (!isCharacterDevice(1)) return false;
      return (await import('node:tty')).isatty(1);
    },
  };
}

function isCharacterDevice(fd: number): boolean {
  try {
    return fstatSync(fd).isCharacterDevice();
  } catch {
    return false;
  }
}
