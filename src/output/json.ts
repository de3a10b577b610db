import { GacostError } from '../errors.js';
import { ExactNumber } from './exact.js';

type Json = string | number | boolean | null | undefined | ExactNumber | readonly Json[] | { readonly [key: string]: Json };

/** Marks an exact decimal in JSON.stringify's output, where it then loses its quotes and the mark. */
const EXACT_MARK = '\u0000';

/**
 * JSON indented by two spaces, with exact decimals written as they are (Node 20 has no JSON.rawJSON).
 * JSON.stringify writes it, each exact decimal as a marked string whose quotes are then taken off: on
 * 10,000 models several times faster than building the text here (npm run bench). Text that holds the
 * mark itself (a NUL in a name) could pass for a number, so such output is built by `write`.
 */
export function renderJson(value: unknown): string {
  try {
    return jsonText(value);
  } catch (error) {
    // Past V8's longest string (about 512 MB: a million rows of usage --by session) the text cannot be made at all.
    if (!(error instanceof RangeError)) throw error;
    throw new GacostError('invalid-option', 'the JSON output would be longer than the longest text Node holds (about 512 MB): --format csv writes it in less, or group by fewer fields');
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
  if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.values(value).some((item) => item instanceof JsonList)) {
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

function jsonText(value: unknown): string {
  let markInText = false;
  const text = JSON.stringify(
    value,
    (key, item: unknown) => {
      if (item instanceof ExactNumber) return `${EXACT_MARK}${item.text}`;
      if (key.includes(EXACT_MARK) || (typeof item === 'string' && item.includes(EXACT_MARK))) markInText = true;
      return item;
    },
    2,
  );
  if (!markInText) return `${withoutWorkflowCommands(text.replace(/"\\u0000([^"]*)"/g, '$1'))}\n`;
  const parts: string[] = [];
  write(value as Json, '', parts);
  parts.push('\n');
  return withoutWorkflowCommands(parts.join(''));
}

/**
 * `##[` anywhere in a line is a GitHub workflow command to the Actions runner (see escapeControls); in
 * JSON it can only be inside a string, where `\u005b` is the same `[` to any JSON reader.
 */
function withoutWorkflowCommands(json: string): string {
  return json.replaceAll('##[', '##\\u005b');
}

/** Appends to `parts` rather than concatenating strings: joined once, the text is built flat. */
function write(value: Json, indent: string, parts: string[]): void {
  if (value instanceof ExactNumber) {
    parts.push(value.text);
    return;
  }
  if (value === null || typeof value !== 'object') {
    parts.push(JSON.stringify(value) ?? 'null');
    return;
  }
  const inner = `${indent}  `;
  const isArray = Array.isArray(value);
  const entries: [string | null, Json][] = isArray
    ? (value as readonly Json[]).map((item) => [null, item])
    : Object.entries(value as { readonly [key: string]: Json }).filter(([, item]) => item !== undefined);
  if (entries.length === 0) {
    parts.push(isArray ? '[]' : '{}');
    return;
  }
  parts.push(isArray ? '[' : '{');
  entries.forEach(([key, item], at) => {
    parts.push(at === 0 ? '\n' : ',\n', inner);
    if (key !== null) parts.push(JSON.stringify(key), ': ');
    write(item, inner, parts);
  });
  parts.push('\n', indent, isArray ? ']' : '}');
}
