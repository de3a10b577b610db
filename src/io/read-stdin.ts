import type { Readable } from 'node:stream';
import { GacostError } from '../errors.js';
import { MAX_INPUT_BYTES } from './read-input-file.js';

/**
 * Standard input, read whole, for a file argument given as `-`: read once by the command layer (which
 * may wait on a stream), then handed to the synchronous file readers as text (InputFiles.stdin).
 */
export async function readStdin(stdin: (() => Readable) | undefined, what: string): Promise<Buffer> {
  if (stdin === undefined) throw new GacostError('unreadable-file', `cannot read ${what} -: this run has no standard input`);
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stdin()) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Buffer);
    length += bytes.length;
    if (length > MAX_INPUT_BYTES) {
      throw new GacostError(
        'unreadable-file',
        `cannot read ${what} -: it holds more than the ${MAX_INPUT_BYTES / 1024 / 1024} MB gacost reads`,
      );
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks, length);
}
