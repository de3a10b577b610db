// Lines of usage text: a source's bytes cut into numbered lines, a chunk's worth at a time, decoded
// as Latin-1 (one character a byte), and what turns the text kept back into UTF-8.
import type { UsageRecord } from '../core/usage.js';

/**
 * The longest text read as one string, a line or a whole JSON document (an API page): well below
 * V8's longest string (one character a byte, see Lines).
 */
export const MAX_TEXT_BYTES = 256 * 1024 * 1024;

/** A bad record without --skip-bad, at a line of its piece: the run is refused there. */
export class RefusedAt extends Error {
  constructor(
    readonly line: number,
    message: string,
    /** Whether --skip-bad would have skipped it (a line too long to read is not). */
    readonly skippable = true,
  ) {
    super(message);
  }
}

/** One line of a source, and its number. */
export interface Line {
  /** Decoded as Latin-1, one character a byte (see utf8Text). */
  readonly text: string;
  readonly line: number;
}

/**
 * The lines of a source, a chunk's worth at a time. Each chunk is decoded as Latin-1, one character
 * a byte, which is several times faster than UTF-8 when a log holds other scripts than Latin, and
 * leaves JSON's structure as it is (every byte of it is ASCII; other UTF-8 bytes stay inside the
 * strings). Text that is kept is turned back into UTF-8 by utf8Text. `\r\n` and a missing last
 * newline are read alike.
 */
export class Lines implements AsyncIterable<Line> {
  private batch: Line[] = [];
  private at = 0;
  private readonly batches: AsyncGenerator<Line[]>;
  /** The number of the last line read so far. */
  count = 0;

  /** @internal (its Buffers are kept out of the library's declarations, which need no @types/node) */
  constructor(bytes: AsyncIterable<Buffer>) {
    this.batches = batchesOf(bytes);
  }

  async next(): Promise<IteratorResult<Line, undefined>> {
    while (this.at >= this.batch.length) {
      const next = await this.batches.next();
      if (next.done) return { done: true, value: undefined };
      this.batch = next.value;
      this.at = 0;
      this.count = this.batch.at(-1)?.line ?? this.count;
    }
    return { done: false, value: this.batch[this.at++] as Line };
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Line> {
    for (let next = await this.next(); !next.done; next = await this.next()) yield next.value;
  }

  /** The lines not yet taken, a chunk's worth at a time. */
  async *rest(): AsyncGenerator<readonly Line[]> {
    if (this.at < this.batch.length) {
      const left = this.batch.slice(this.at);
      this.at = this.batch.length;
      yield left;
    }
    for (let next = await this.batches.next(); !next.done; next = await this.batches.next()) {
      this.count = next.value.at(-1)?.line ?? this.count;
      yield next.value;
    }
  }

  async close(): Promise<void> {
    await this.batches.return(undefined);
  }
}

async function* batchesOf(bytes: AsyncIterable<Buffer>): AsyncGenerator<Line[]> {
  // What follows the last newline so far, as text: a chunk's buffer may be filled again once read.
  let rest = '';
  let line = 0;
  for await (const chunk of bytes) {
    const last = chunk.lastIndexOf(10);
    // A line that long is no usage record (a gzip of zeros, /dev/zero), and would pass V8's longest string.
    if ((last < 0 ? rest.length + chunk.length : rest.length + chunk.indexOf(10)) > MAX_TEXT_BYTES) {
      throw new RefusedAt(
        line + 1,
        `a line of more than ${MAX_TEXT_BYTES / 1024 / 1024} MB: no usage log has one (gacost reads one JSON object or CSV row a line)`,
        false,
      );
    }
    if (last < 0) {
      rest += chunk.toString('latin1');
      continue;
    }
    const text = rest + chunk.toString('latin1', 0, last);
    rest = chunk.toString('latin1', last + 1);
    const lines: Line[] = [];
    let start = 0;
    for (let end = text.indexOf('\n'); ; end = text.indexOf('\n', start)) {
      const stop = end < 0 ? text.length : end;
      line += 1;
      lines.push({ text: text.slice(start, stop > start && text.charCodeAt(stop - 1) === 13 ? stop - 1 : stop), line });
      if (end < 0) break;
      start = end + 1;
    }
    yield lines;
  }
  if (rest.length > 0) yield [{ text: rest, line: line + 1 }];
}

/** Text read as Latin-1 turned back into what its UTF-8 bytes say. */
export function utf8Text(text: string): string {
  return /[\u0080-\u00ff]/.test(text) ? Buffer.from(text, 'latin1').toString('utf8') : text;
}

/**
 * A JSON escape of a character past ASCII (`\u00e9`, `\u4e2d`, a surrogate pair), or any other escape
 * (matched so that `\\u00e9`, an escaped backslash, is left as it is).
 */
const ESCAPE =
  /\\u(?:[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|00[89a-fA-F][0-9a-fA-F]|0[1-9a-fA-F][0-9a-fA-F]{2}|[1-9a-fA-F][0-9a-fA-F]{3})|\\[^u]/g;

/**
 * A line of JSON read as Latin-1 with its escapes of characters past ASCII written as their UTF-8
 * bytes, one character a byte, as the characters written out in the line are: JSON.parse then gives
 * every string in one form, which utf8Record turns back into UTF-8 whether the log escaped it (as
 * Python's json.dumps does by default) or not. Lines without `\u` (most) are left as they are.
 */
export function escapesAsBytes(text: string): string {
  if (!text.includes('\\u')) return text;
  return text.replace(ESCAPE, asBytes);
}

/** Escapes met so far and what they become: a log repeats the same few characters. */
const ESCAPED = new Map<string, string>();

function asBytes(sequence: string): string {
  if (sequence[1] !== 'u') return sequence;
  let bytes = ESCAPED.get(sequence);
  if (bytes === undefined) {
    const unit = Number.parseInt(sequence.slice(2, 6), 16);
    const pair =
      sequence.length > 6 ? 0x10000 + ((unit - 0xd800) << 10) + (Number.parseInt(sequence.slice(8, 12), 16) - 0xdc00) : undefined;
    // A surrogate alone is no character: the replacement character, as a UTF-8 decoder reads one.
    const point = pair ?? (unit >= 0xd800 && unit <= 0xdfff ? 0xfffd : unit);
    bytes = Buffer.from(String.fromCodePoint(point), 'utf8').toString('latin1');
    if (ESCAPED.size < MAX_ESCAPES_KEPT) ESCAPED.set(sequence, bytes);
  }
  return bytes;
}

/** Distinct escapes kept: enough for a language's characters, bounded for a hostile log. */
const MAX_ESCAPES_KEPT = 4096;

/** A record whose text fields came from Latin-1 text (see escapesAsBytes), with them in UTF-8. */
export function utf8Record(record: UsageRecord): UsageRecord {
  let fixed: Record<string, unknown> | undefined;
  for (const key of ['model', 'provider', 'time', 'serviceTier', 'reportedCost', 'project', 'key', 'user', 'session'] as const) {
    const value = record[key];
    if (value !== undefined && /[\u0080-\u00ff]/.test(value)) (fixed ??= { ...record })[key] = utf8Text(value);
  }
  return (fixed as UsageRecord | undefined) ?? record;
}
