import { GacostError } from '../errors.js';
import { MAX_INPUT_BYTES } from './read-input-file.js';

/**
 * A stream of bytes such as standard input, as the library's types name it: Node's Readable is one. A
 * structural type, so that the library's declarations compile without @types/node.
 */
export interface ByteStream extends AsyncIterable<Uint8Array | string> {
  destroy(): void;
}

/**
 * Standard input, read whole, for a file argument given as `-`: read once by the command layer (which
 * may wait on a stream), then handed to the synchronous file readers as text (InputFiles.stdin).
 * @internal (a Buffer: kept out of the library's declarations, which need no @types/node)
 */
export async function readStdin(stdin: (() => ByteStream) | undefined, what: string): Promise<Buffer> {
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
