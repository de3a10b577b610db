import { writeSync } from 'node:fs';
import { GacostError } from '../errors.js';
import { errnoReason } from './errno-reason.js';

/**
 * Writes the result to stdout synchronously. Writing to fd 1 directly spares every start the cost of
 * Node's stream machinery behind process.stdout, and makes a closed pipe (`gacost … | head -1`)
 * an ordinary, quiet end: the reader has all it wanted. Any other failure (a full disk, /dev/full,
 * an I/O error) is the user's to fix, not a bug of gacost's.
 */
let onStream = false;

export function writeStdout(text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  // Once bytes wait on the stream, what follows waits behind them, in order.
  if (onStream) {
    process.stdout.write(bytes);
    return;
  }
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(1, bytes, offset);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') return;
      if (code !== 'EAGAIN') throw new GacostError('unwritable-file', `cannot write stdout: ${errnoReason(error)}`);
      // A non-blocking pipe that is full: let the stream wait for the reader instead of spinning.
      // Such a write fails only after main() has returned its exit code: the error is reported here.
      onStream = true;
      process.stdout.on('error', (streamError: NodeJS.ErrnoException) => {
        if (streamError.code === 'EPIPE') return;
        process.stderr.write(`gacost: error: cannot write stdout: ${errnoReason(streamError)}\n`);
        process.exitCode = 2;
      });
      process.stdout.write(bytes.subarray(offset));
      return;
    }
  }
}
