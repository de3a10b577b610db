import { roundsAway } from '../core/decimal.js';

/**
 * A number of a JSON text that JSON.parse would round (0.99999999999999999 to 1, 1e-400 to 0, 1e400
 * to Infinity, a cost's 20th digit away), or written with an exponent (1e20, which JavaScript writes
 * back as 100000000000000000000): kept as written, so that a reader judges and quotes what the file
 * says (a token count of 0.99999999999999999 is not a whole number; a cost keeps its digits).
 */
export class SourceNumber {
  constructor(readonly text: string) {}
}

/**
 * Where a JSON text may hold a number kept as written: one of 16 digits or more, or with an exponent,
 * after `:`, `,` or `[`. Numbers of 15 significant digits or fewer without one read back exactly as
 * written; text that merely looks so (inside a string) costs a second look only.
 */
const MAY_ROUND = /[:,[]\s*-?(?:\d[\d.]{15}|[\d.]+[eE])/;

/**
 * Stands for a number that rounds while the text is parsed (written as an escape: JSON strings hold no
 * raw NUL); no file can hold it, as it is made afresh each run. Made on first use: crypto would
 * otherwise load on every start of the CLI, which holds this module for its list of formats.
 */
let markId: string | undefined;
const markIdOf = (): string => (markId ??= `${globalThis.crypto.randomUUID()}:`);

/** JSON.parse, but a number that it would round or that has an exponent is a SourceNumber (see there). Throws as JSON.parse does. */
export function parseJson(text: string): unknown {
  const value: unknown = JSON.parse(text);
  if (!MAY_ROUND.test(text)) return value;
  const kept: string[] = [];
  let marked = '';
  let copied = 0;
  const literal = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  for (let at = 0; at < text.length; at += 1) {
    const char = text.charCodeAt(at);
    if (char === 34 /* " */) {
      for (at += 1; at < text.length && text.charCodeAt(at) !== 34; at += 1) if (text.charCodeAt(at) === 92 /* \ */) at += 1;
      continue;
    }
    if (char !== 45 /* - */ && (char < 48 || char > 57)) continue;
    literal.lastIndex = at;
    const number = (literal.exec(text) as RegExpExecArray)[0];
    if (roundsAway(number) || /[eE]/.test(number)) {
      marked += `${text.slice(copied, at)}"\\u0000${markIdOf()}${kept.length}"`;
      kept.push(number);
      copied = at + number.length;
    }
    at += number.length - 1;
  }
  if (kept.length === 0) return value;
  return withSourceNumbers(JSON.parse(marked + text.slice(copied)), kept);
}

/** The parsed value with each mark replaced by its SourceNumber; iterative, as deep as JSON.parse goes. */
function withSourceNumbers(value: unknown, kept: readonly string[]): unknown {
  const mark = `\u0000${markIdOf()}`;
  const number = (child: unknown): unknown =>
    typeof child === 'string' && child.startsWith(mark) ? new SourceNumber(kept[Number(child.slice(mark.length))] as string) : child;
  const pending: unknown[] = [value];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (typeof node !== 'object' || node === null || node instanceof SourceNumber) continue;
    const object = node as Record<string, unknown>;
    for (const key of Object.keys(object)) {
      const child = number(object[key]);
      // Defined, not assigned: a key __proto__ is a property like any other, as JSON.parse made it.
      if (child !== object[key]) Object.defineProperty(object, key, { value: child, writable: true, enumerable: true, configurable: true });
      else pending.push(child);
    }
  }
  return number(value);
}
