/**
 * pickJson: the raw text of a few values of one JSON object, found without building the rest.
 *
 * A usage log line is mostly text the usage reader never needs (a response's content, tool calls,
 * signatures); JSON.parse would build all of it. pickJson walks the line once, validating it as
 * JSON.parse would, and returns only the slices of the values on the asked paths, which the caller
 * reads (a model name, a small usage object) with JSON.parse.
 *
 * Contract:
 * - a result is returned only when text[start, end) is exactly one JSON object (whitespace around
 *   it allowed) that JSON.parse accepts: strings, escapes, numbers, literals, nesting, commas and
 *   colons are all checked, strings for raw control characters too. Every returned slice is then
 *   what JSON.stringify-ing JSON.parse's value at that path would give modulo whitespace and escapes,
 *   and JSON.parse of the slice equals that value; undefined in the array means the path is absent
 *   (or passes through a value that is not an object). When an object names a key twice, the last
 *   one counts, as with JSON.parse: paths under an earlier occurrence are forgotten.
 * - undefined (whole) means: not one valid JSON object. Lone UTF-16 surrogates are not checked
 *   (JSON.parse accepts them too). The caller falls back to JSON.parse, for its precise error.
 * - keys match exactly, after unescaping when the key has escapes ("mod\u0065l" is "model").
 * - keys inside strings, or inside objects and arrays not on a path, are never taken for a path's.
 *
 * Speed: the cost is in the long strings, which are crossed by one native regular-expression search
 * for the next quote, backslash or control character (no per-character JavaScript loop); the rest
 * is one step per token. The paths are compiled once per array (kept in a WeakMap): do not change a
 * paths array after passing it. Strings rather than bytes: see scripts/bench-usage.mjs --pick.
 */

interface PathNode {
  /** Keys of this object that lead somewhere, and where. */
  readonly keys: string[];
  readonly kids: PathNode[];
  /** Paths that end at this value. */
  readonly ends: number[];
  /** Every path at or under this value: forgotten when the key comes again. */
  readonly all: number[];
}

const compiled = new WeakMap<readonly (readonly string[])[], PathNode>();

function compile(paths: readonly (readonly string[])[]): PathNode {
  const root: PathNode = { keys: [], kids: [], ends: [], all: [] };
  paths.forEach((path, index) => {
    let node = root;
    node.all.push(index);
    for (const key of path) {
      let at = node.keys.indexOf(key);
      if (at < 0) {
        at = node.keys.push(key) - 1;
        node.kids.push({ keys: [], kids: [], ends: [], all: [] });
      }
      node = node.kids[at]!;
      node.all.push(index);
    }
    node.ends.push(index);
  });
  return root;
}

// The text and end of the current call: module state, as pickJson calls nothing that calls it back.
let T = '';
let E = 0;
/** Whether the last string scanned had an escape. */
let escaped = false;

/** A run of string characters without escapes; then one of any characters and escapes. */
const PLAIN = /[^"\\\u0000-\u001f]*/y;
const ESCAPED = /(?:[^"\\\u0000-\u001f]+|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*/y;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

/**
 * From just after an opening quote: the index of the closing quote, or -1 (a raw control character,
 * an invalid escape, no closing quote before the end). Both expressions only ever succeed (a loop with
 * nothing after it), so they cannot backtrack far whatever the string.
 */
function scanString(pos: number): number {
  PLAIN.lastIndex = pos;
  PLAIN.test(T);
  let at = PLAIN.lastIndex;
  escaped = T.charCodeAt(at) === BACKSLASH;
  if (escaped) {
    ESCAPED.lastIndex = at;
    ESCAPED.test(T);
    at = ESCAPED.lastIndex;
  }
  return at < E && T.charCodeAt(at) === QUOTE ? at : -1;
}

function skipSpace(pos: number): number {
  while (pos < E) {
    const code = T.charCodeAt(pos);
    if (code !== 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) break;
    pos++;
  }
  return pos;
}

function codeAt(pos: number): number {
  return pos < E ? T.charCodeAt(pos) : -1;
}

/** After a key's opening quote: the position after its colon (and the space after it), or -1. */
function skipKey(pos: number): number {
  const close = scanString(pos);
  if (close < 0) return -1;
  pos = skipSpace(close + 1);
  return codeAt(pos) === COLON ? skipSpace(pos + 1) : -1;
}

/** One scalar at pos (not an object or array): the position after it, or -1. */
function skipScalar(pos: number, code: number): number {
  if (code === QUOTE) {
    const close = scanString(pos + 1);
    return close < 0 ? -1 : close + 1;
  }
  if (code === 0x74 /* t */) return pos + 4 <= E && T.startsWith('true', pos) ? pos + 4 : -1;
  if (code === 0x66 /* f */) return pos + 5 <= E && T.startsWith('false', pos) ? pos + 5 : -1;
  if (code === 0x6e /* n */) return pos + 4 <= E && T.startsWith('null', pos) ? pos + 4 : -1;
  NUMBER.lastIndex = pos;
  if (!NUMBER.test(T) || NUMBER.lastIndex > E) return -1;
  return NUMBER.lastIndex;
}

/**
 * One value at pos (no space before it), validated: the position after it, or -1. Nesting is kept
 * on an explicit stack, so any depth is crossed without recursion.
 */
function skipValue(pos: number): number {
  let stack: number[] | undefined;
  let depth = 0;
  for (;;) {
    // A value.
    let code = codeAt(pos);
    if (code === OPEN_OBJECT || code === OPEN_ARRAY) {
      const close = code === OPEN_OBJECT ? CLOSE_OBJECT : CLOSE_ARRAY;
      pos = skipSpace(pos + 1);
      if (codeAt(pos) === close) {
        pos++;
      } else {
        (stack ??= [])[depth++] = close;
        if (close === CLOSE_OBJECT) {
          if (codeAt(pos) !== QUOTE) return -1;
          pos = skipKey(pos + 1);
          if (pos < 0) return -1;
        }
        continue;
      }
    } else {
      pos = skipScalar(pos, code);
      if (pos < 0) return -1;
    }
    // After a value: close what it ends, until a comma or the end of the outermost value.
    for (;;) {
      if (depth === 0) return pos;
      pos = skipSpace(pos);
      code = codeAt(pos);
      const close = stack![depth - 1]!;
      if (code === close) {
        depth--;
        pos++;
      } else if (code === COMMA) {
        pos = skipSpace(pos + 1);
        if (close === CLOSE_OBJECT) {
          if (codeAt(pos) !== QUOTE) return -1;
          pos = skipKey(pos + 1);
          if (pos < 0) return -1;
        }
        break;
      } else {
        return -1;
      }
    }
  }
}

/** The kid of node named by the key text[open + 1, close), or undefined. */
function kidFor(node: PathNode, open: number, close: number): PathNode | undefined {
  const keys = node.keys;
  if (escaped) {
    const key = JSON.parse(T.slice(open, close + 1)) as string;
    const at = keys.indexOf(key);
    return at < 0 ? undefined : node.kids[at];
  }
  const length = close - open - 1;
  for (let at = 0; at < keys.length; at++) {
    const key = keys[at]!;
    if (key.length === length && T.startsWith(key, open + 1)) return node.kids[at];
  }
  return undefined;
}

/** The object at pos (its '{'), picking the values of node's paths into out: the position after it, or -1. */
function pickObject(pos: number, node: PathNode, out: (string | undefined)[]): number {
  pos = skipSpace(pos + 1);
  if (codeAt(pos) === CLOSE_OBJECT) return pos + 1;
  for (;;) {
    if (codeAt(pos) !== QUOTE) return -1;
    const close = scanString(pos + 1);
    if (close < 0) return -1;
    const kid = node.keys.length === 0 ? undefined : kidFor(node, pos, close);
    pos = skipSpace(close + 1);
    if (codeAt(pos) !== COLON) return -1;
    pos = skipSpace(pos + 1);
    if (kid === undefined) {
      pos = skipValue(pos);
    } else {
      for (const index of kid.all) out[index] = undefined;
      const start = pos;
      pos = kid.keys.length > 0 && codeAt(pos) === OPEN_OBJECT ? pickObject(pos, kid, out) : skipValue(pos);
      if (pos < 0) return -1;
      if (kid.ends.length > 0) {
        const value = T.slice(start, pos);
        for (const index of kid.ends) out[index] = value;
      }
    }
    if (pos < 0) return -1;
    pos = skipSpace(pos);
    const code = codeAt(pos);
    if (code === CLOSE_OBJECT) return pos + 1;
    if (code !== COMMA) return -1;
    pos = skipSpace(pos + 1);
  }
}

/**
 * For each path (object keys from the top level), the raw JSON text of its value in the object
 * text[start, end), or undefined where the path is absent; undefined when that text is not one valid
 * JSON object. See the contract at the top of this file.
 */
export function pickJson(
  text: string,
  paths: readonly (readonly string[])[],
  start = 0,
  end = text.length,
): (string | undefined)[] | undefined {
  let root = compiled.get(paths);
  if (root === undefined) compiled.set(paths, (root = compile(paths)));
  T = text;
  E = Math.min(end, text.length);
  try {
    const out: (string | undefined)[] = new Array<string | undefined>(paths.length).fill(undefined);
    const open = skipSpace(Math.max(0, start));
    if (codeAt(open) !== OPEN_OBJECT) return undefined;
    const close = pickObject(open, root, out);
    if (close < 0 || skipSpace(close) !== E) return undefined;
    if (root.ends.length > 0) {
      const whole = T.slice(open, close);
      for (const index of root.ends) out[index] = whole;
    }
    return out;
  } finally {
    T = '';
  }
}
