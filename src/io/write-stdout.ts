import { writeSync } from 'node:fs';

/**
 * Writes the result to stdout synchronously. Writing to fd 1 directly spares every start the cost of
 * Node's stream machinery behind process.stdout, and makes a closed pipe (`gacost … | head -1`)
 * an ordinary, quiet end: the reader has all it wanted.
 */
export function writeStdout(text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(1, bytes, offset);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') return;
      if (code !== 'EAGAIN') throw error;
      // A non-blocking pipe that is full: let the stream wait for the reader instead of spinning.
      process.stdout.on('error', (streamError: NodeJS.ErrnoException) => {
        if (streamError.code !== 'EPIPE') throw streamError;
      });
      process.stdout.write(bytes.subarray(offset));
      return;
    }
  }
}
