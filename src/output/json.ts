import { GacostError } from '../errors.js';
import { ExactNumber } from './exact.js';

type Json = string | number | boolean | null | undefined | ExactNumber | readonly Json[] | { readonly [key: string]: Json };

/**
 * JSON indented by two spaces, as JSON.stringify(value, null, 2) writes it, but with each exact decimal
 * written as it is (Node 20 has no JSON.rawJSON).
 */
export function renderJson(value: unknown): string {
  try {
    return withoutWorkflowCommands(`${jsonText(value as Json)}\n`);
  } catch (error) {
    // Past V8's longest string (about 512 MB: a million rows of usage --by session) the text cannot be made at all.
    if (!(error instanceof RangeError)) throw error;
    throw new GacostError(
      'invalid-option',
      'the JSON output would be longer than the longest text Node holds (about 512 MB): --format csv writes it in less, or group by fewer fields',
    );
  }
}

/**
 * A list of a JSON document given one item at a time, and written so (jsonPieces): usage --by session
 * on a million sessions has a row each, never all made at once.
 */
export class JsonList<Item> {
  constructor(readonly items: Iterable<Item>) {}
}

/** Characters of JSON a piece holds, about: enough that writing a piece at a time costs nothing more. */
const PIECE_LENGTH = 1 << 16;

/**
 * The same text as renderJson, in pieces to write one after another: an object whose values may be
 * lists given one item at a time (JsonList), each item written as it comes; anything else whole.
 */
export function* jsonPieces(value: unknown): Generator<string, void, undefined> {
  if (
    value === null ||
    typeof value !== 'object' ||
    Array.isArray(value) ||
    !Object.values(value).some((item) => item instanceof JsonList)
  ) {
    yield renderJson(value);
    return;
  }
  const entries = Object.entries(value).filter(([, item]) => item !== undefined && typeof item !== 'function');
  let piece = '{';
  for (const [at, [key, item]] of entries.entries()) {
    piece += `${at === 0 ? '' : ','}\n  ${JSON.stringify(key)}: `;
    if (!(item instanceof JsonList)) {
      piece += nested(item, '  ');
      continue;
    }
    let items = 0;
    for (const element of (item as JsonList<unknown>).items) {
      piece += `${items++ === 0 ? '[' : ','}\n    ${nested(element, '    ')}`;
      if (piece.length >= PIECE_LENGTH) {
        yield piece;
        piece = '';
      }
    }
    piece += items === 0 ? '[]' : '\n  ]';
  }
  yield `${piece}${entries.length === 0 ? '}' : '\n}'}\n`;
}

/** A value's JSON as renderJson writes it `indent` deep (its lines after the first indented so). */
function nested(value: unknown, indent: string): string {
  return renderJson(value).slice(0, -1).replaceAll('\n', `\n${indent}`);
}

/**
 * `##[` anywhere in a line is a GitHub workflow command to the Actions runner (see escapeControls); in
 * JSON it can only be inside a string, where `\u005b` is the same `[` to any JSON reader.
 */
function withoutWorkflowCommands(json: string): string {
  return json.replaceAll('##[', '##\\u005b');
}

/** The text grows by appending to one string (which V8 joins once, at the end), not a string per value. */
function jsonText(root: Json): string {
  let text = '';
  const write = (value: Json, indent: string): void => {
    if (value instanceof ExactNumber) {
      text += value.text;
      return;
    }
    if (value === null || typeof value !== 'object') {
      text += JSON.stringify(value) ?? 'null';
      return;
    }
    const inner = `${indent}  `;
    let empty = true;
    if (Array.isArray(value)) {
      for (const item of value as readonly Json[]) {
        text += empty ? `[\n${inner}` : `,\n${inner}`;
        empty = false;
        write(item, inner);
      }
      text += empty ? '[]' : `\n${indent}]`;
      return;
    }
    for (const [key, item] of Object.entries(value as { readonly [key: string]: Json })) {
      if (item === undefined) continue;
      text += `${empty ? '{\n' : ',\n'}${inner}${JSON.stringify(key)}: `;
      empty = false;
      write(item, inner);
    }
    text += empty ? '{}' : `\n${indent}}`;
  };
  write(root, '');
  return text;
}
