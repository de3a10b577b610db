import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pickJson } from '../../src/usage/pick-json.js';

const PATHS = [['model'], ['usage'], ['message', 'usage'], ['message', 'id'], ['message', 'model'], ['requestId']] as const;

/** What JSON.parse finds at each path of text, or undefined for the whole when it is not an object. */
function byParse(text: string, paths: readonly (readonly string[])[]): (unknown[] | undefined) {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!isObject(parsed)) return undefined;
  return paths.map((path) => {
    let value: unknown = parsed;
    for (const key of path) {
      if (!isObject(value) || !Object.hasOwn(value, key)) return undefined;
      value = value[key];
    }
    return value;
  });
}

/** pickJson agrees with JSON.parse: the same paths present, and each picked text parses to the same value. */
function expectAgreement(text: string, paths: readonly (readonly string[])[], picked = pickJson(text, paths)): void {
  const expected = byParse(text, paths);
  if (expected === undefined) {
    expect(picked).toBeUndefined();
    return;
  }
  expect(picked).toBeDefined();
  expect(picked!.map((raw) => (raw === undefined ? undefined : JSON.stringify(JSON.parse(raw))))).toEqual(
    expected.map((value) => (value === undefined ? undefined : JSON.stringify(value))),
  );
}

const pick = (text: string) => pickJson(text, PATHS);

describe('pickJson', () => {
  it('picks the top-level values and the nested ones on a path, as raw JSON text', () => {
    const text =
      '{"id":"chatcmpl-1","object":"chat.completion","model":"gpt-4o-2024-08-06","choices":[{"index":0,"message":{"role":"assistant","content":"hi"}}],' +
      '"usage":{"prompt_tokens":1200,"completion_tokens":300,"prompt_tokens_details":{"cached_tokens":1024}},"service_tier":"default"}';
    expect(pick(text)).toEqual([
      '"gpt-4o-2024-08-06"',
      '{"prompt_tokens":1200,"completion_tokens":300,"prompt_tokens_details":{"cached_tokens":1024}}',
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('never takes a key of a nested object, an array or a string off the path for the record\'s own', () => {
    const text =
      '{"choices":[{"message":{"model":"decoy-1","usage":{"prompt_tokens":9}}},{"model":"decoy-2"}],' +
      '"data":{"model":"decoy-3","message":{"id":"decoy-4"}},' +
      '"content":"\\"model\\":\\"decoy-5\\", \\"usage\\": {}",' +
      '"model":"real","message":{"content":[{"type":"text","text":"{\\"id\\":\\"decoy-6\\"}","model":"decoy-7"}],"id":"msg_1","usage":{"output_tokens":5}}}';
    expect(pick(text)).toEqual(['"real"', undefined, '{"output_tokens":5}', '"msg_1"', undefined, undefined]);
  });

  it('takes the last of a key given twice, forgetting what was under the first, as JSON.parse does', () => {
    expect(pick('{"model":"a","model":"b"}')?.[0]).toBe('"b"');
    const twice = '{"message":{"id":"first","usage":{"a":1}},"message":{"id":"second"}}';
    expect(pick(twice)).toEqual([undefined, undefined, undefined, '"second"', undefined, undefined]);
    expect(pick('{"message":{"id":"x"},"message":"text"}')?.[3]).toBeUndefined();
    expect(pick('{"message":{"id":"x","id":"y"}}')?.[3]).toBe('"y"');
  });

  it('reads escapes in strings and keys, and non-ASCII text', () => {
    const text = '{"content":"a \\"quoted\\" \\\\ back\\\\\\"slash\\n\\t\\u00e9\\uD83C\\uDF89 é 中文 🎉","mod\\u0065l":"gpt-\\u00e9","requestId":"req_\\"1\\\\"}';
    expect(pick(text)).toEqual(['"gpt-\\u00e9"', undefined, undefined, undefined, undefined, '"req_\\"1\\\\"']);
    expect(JSON.parse(pick(text)![0]!)).toBe('gpt-é');
    expect(pick('{"é":{"model":"x"},"model":"中文 🎉"}')?.[0]).toBe('"中文 🎉"');
  });

  it('allows whitespace anywhere JSON does, and returns values without it', () => {
    const text = ' \t\r\n{ "model" :\n"m" ,\r\n "message" : { "id" : "i" , "usage" : { "a" : [ 1 , 2 ] } } }\n ';
    expect(pick(text)).toEqual(['"m"', undefined, '{ "a" : [ 1 , 2 ] }', '"i"', undefined, undefined]);
  });

  it('picks the whole object for the empty path, and gives undefined for a path through a value that is not an object', () => {
    expect(pickJson(' {"a":1} ', [[], ['a', 'b'], ['a']])).toEqual(['{"a":1}', undefined, '1']);
    expect(pickJson('{"message":[{"id":1}]}', [['message', 'id']])).toEqual([undefined]);
    expect(pickJson('{"message":null}', [['message', 'id'], ['message']])).toEqual([undefined, 'null']);
  });

  it('reads only text[start, end), as a line of a longer text', () => {
    const text = '{"model":"before"}\n{"model":"line", "usage":{"x":1}}\n{"model":"after"}';
    const start = text.indexOf('\n') + 1;
    const end = text.indexOf('\n', start);
    expect(pickJson(text, [['model'], ['usage']], start, end)).toEqual(['"line"', '{"x":1}']);
    // A value cut by the end is not read past it.
    expect(pickJson('{"model":"a"}', [['model']], 0, 12)).toBeUndefined();
    expect(pickJson('{"a":12}3', [['a']], 0, 8)).toEqual(['12']);
    expect(pickJson('{"a":123}', [['a']], 0, 7)).toBeUndefined();
    expect(pickJson('{"a":"\\u00e9"}', [['a']], 0, 10)).toBeUndefined();
  });

  it('crosses nesting of any depth', () => {
    const deep = `{"a":${'['.repeat(200_000)}${']'.repeat(200_000)},"model":"m","b":${'{"c":'.repeat(100_000)}1${'}'.repeat(100_000)}}`;
    expect(pickJson(deep, [['model']])).toEqual(['"m"']);
    expect(pickJson(`{"a":${'['.repeat(200_000)}${']'.repeat(199_999)},"model":"m"}`, [['model']])).toBeUndefined();
  });

  it('returns undefined for every text that is not one JSON object JSON.parse accepts', () => {
    const invalid = [
      '',
      ' ',
      '[]',
      '"model"',
      '1',
      'null',
      '{',
      '}',
      '{"model":"a"',
      '{"model":"a"}}',
      '{"model":"a"} x',
      '{"model":"a"}{"model":"b"}',
      '{"model":"a}',
      '{"model:"a"}',
      '{model:"a"}',
      "{'model':'a'}",
      '{"model" "a"}',
      '{"model":"a",}',
      '{,"model":"a"}',
      '{"model":"a",,"b":1}',
      '{"model":"a" "b":1}',
      '{"a":[1,2,]}',
      '{"a":[1 2]}',
      '{"a":[}',
      '{"a":{]}',
      '{"a":[1,{"b":2]}}',
      '{"a":tru}',
      '{"a":nul}',
      '{"a":True}',
      '{"a":01}',
      '{"a":1.}',
      '{"a":.5}',
      '{"a":+1}',
      '{"a":1e}',
      '{"a":-}',
      '{"a":0x10}',
      '{"a":NaN}',
      '{"a":Infinity}',
      '{"a":"\\x41"}',
      '{"a":"\\u00g1"}',
      '{"a":"\\u00e"}',
      '{"a":"\\\'"}',
      '{"a":"tab\there"}',
      '{"a":"line\nbreak"}',
      '{"a":"nul\u0000"}',
      '{"mo\u0001del":"a"}',
      '\uFEFF{"a":1}',
      '{"a":1}\u00a0',
      '{"a"\u00a0:1}',
      '{"a":"unterminated\\"}',
      '{"a":"\\',
    ];
    for (const text of invalid) {
      expect(byParse(text, PATHS), text).toBeUndefined(); // JSON.parse refuses it, or it is not an object
      expect(pick(text), text).toBeUndefined();
    }
  });

  it('checks strings, numbers and literals inside values it skips', () => {
    for (const bad of ['"\\q"', '"\t"', '01', '-', '1e+', 'nulls', '[1,]', '{"x":1,}', '{"x"}', '{1:2}', '[[]', '{"x":[}']) {
      expect(pickJson(`{"skipped":${bad},"model":"m"}`, [['model']]), bad).toBeUndefined();
      expect(pickJson(`{"skipped":[0,{"deeper":${bad}}],"model":"m"}`, [['model']]), bad).toBeUndefined();
    }
    for (const good of ['"\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041"', '-0', '0.5e-3', '1E+2', '-12.75E3', 'true', 'false', 'null', '[]', '{}', '[{"x":[null]}]']) {
      expect(pickJson(`{"skipped":${good},"model":"m"}`, [['model'], ['skipped']]), good).toEqual(['"m"', good]);
    }
  });

  it('keeps the results of different path lists apart', () => {
    const one = [['model']];
    const two = [['usage'], ['model']];
    const text = '{"model":"m","usage":{"a":1}}';
    expect(pickJson(text, one)).toEqual(['"m"']);
    expect(pickJson(text, two)).toEqual(['{"a":1}', '"m"']);
    expect(pickJson(text, one)).toEqual(['"m"']);
  });
});

// Random documents: objects whose keys often are the asked ones (at every depth, so most are decoys)
// or come twice, strings full of escapes, quotes and non-ASCII text, numbers in every JSON form, and
// whitespace and escaping chosen per token.
type Doc =
  | { readonly kind: 'object'; readonly entries: readonly (readonly [string, Doc])[] }
  | { readonly kind: 'array'; readonly items: readonly Doc[] }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly text: string }
  | { readonly kind: 'literal'; readonly text: 'true' | 'false' | 'null' };

const KEYS = ['model', 'usage', 'message', 'id', 'requestId', '__proto__', 'é中', 'a"b', 'c\\d', ''];
const key = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...KEYS) }, { weight: 1, arbitrary: fc.string({ maxLength: 4 }) });
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('"model":"decoy"', '{"usage":{"prompt_tokens":1}}', '\\', '\\"', '"', '}', ']', 'é 中文 🎉', '\u2028\n\t'),
);
const numberText = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((value) => JSON.stringify(value)),
  fc.integer().map(String),
  fc.tuple(fc.integer({ min: -999, max: 999 }), fc.nat(99), fc.constantFrom('e', 'E', 'e+', 'e-', 'E-'), fc.nat(20)).map(([whole, fraction, e, exponent]) => `${whole}.${fraction}${e}${exponent}`),
);
const doc = fc.letrec<{ doc: Doc }>((tie) => ({
  doc: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ kind: fc.constant('string' as const), value: text }),
    fc.record({ kind: fc.constant('number' as const), text: numberText }),
    fc.record({ kind: fc.constant('literal' as const), text: fc.constantFrom('true' as const, 'false' as const, 'null' as const) }),
    fc.record({ kind: fc.constant('object' as const), entries: fc.array(fc.tuple(key, tie('doc')), { maxLength: 5 }) }),
    fc.record({ kind: fc.constant('array' as const), items: fc.array(tie('doc'), { maxLength: 4 }) }),
  ),
}));
const topObject = fc.record({ kind: fc.constant('object' as const), entries: fc.array(fc.tuple(key, doc.doc), { maxLength: 8 }) });

/** A JSON text of doc, its whitespace and string escapes chosen by seed. */
function serialize(value: Doc, seed: number): string {
  let state = seed | 1;
  const next = (count: number) => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % count;
  };
  const SPACES = ['', '', '', ' ', '\n', '\t', '\r\n  '];
  const space = () => SPACES[next(SPACES.length)]!;
  const string = (s: string) => {
    switch (next(3)) {
      case 0:
        return `"${Array.from({ length: s.length }, (_, at) => `\\u${s.charCodeAt(at).toString(16).padStart(4, '0')}`).join('')}"`;
      case 1:
        return JSON.stringify(s).replaceAll('/', '\\/');
      default:
        return JSON.stringify(s);
    }
  };
  const write = (node: Doc): string => {
    switch (node.kind) {
      case 'string':
        return string(node.value);
      case 'number':
      case 'literal':
        return node.text;
      case 'array':
        return `[${space()}${node.items.map((item) => `${write(item)}${space()}`).join(`,${space()}`)}]`;
      case 'object':
        return `{${space()}${node.entries.map(([name, item]) => `${string(name)}${space()}:${space()}${write(item)}${space()}`).join(`,${space()}`)}}`;
    }
  };
  return `${space()}${write(value)}${space()}`;
}

const paths = fc.uniqueArray(fc.array(fc.constantFrom(...KEYS.slice(0, 6)), { maxLength: 3 }), { minLength: 1, maxLength: 5, comparator: 'IsStrictlyEqual' });

describe('pickJson properties', () => {
  it('agrees with JSON.parse on random objects: the same paths present, each picked text parsing to the value at its path', () => {
    fc.assert(
      fc.property(topObject, fc.integer(), paths, (value, seed, asked) => {
        const json = serialize(value, seed);
        expectAgreement(json, asked);
        // The same inside a longer text, read between start and end.
        const around = `{"model":"outside"}\n${json}\n"tail`;
        expectAgreement(json, asked, pickJson(around, asked, 20, 20 + json.length));
      }),
      { numRuns: 400 },
    );
  });

  it('never yields a wrong value from a corrupted text: undefined when JSON.parse refuses it, the same values when it accepts it', () => {
    const corruption = fc.tuple(fc.constantFrom('delete', 'insert', 'replace', 'truncate'), fc.nat(), fc.constantFrom(...'{}[]":,\\ \n\u0001a0e-.tnu'));
    fc.assert(
      fc.property(topObject, fc.integer(), paths, fc.array(corruption, { minLength: 1, maxLength: 3 }), (value, seed, asked, changes) => {
        let json = serialize(value, seed);
        for (const [how, where, char] of changes) {
          const at = json.length === 0 ? 0 : where % json.length;
          if (how === 'delete') json = json.slice(0, at) + json.slice(at + 1);
          else if (how === 'insert') json = json.slice(0, at) + char + json.slice(at);
          else if (how === 'replace') json = json.slice(0, at) + char + json.slice(at + 1);
          else json = json.slice(0, at);
        }
        expectAgreement(json, asked);
      }),
      { numRuns: 1000 },
    );
  });
});
