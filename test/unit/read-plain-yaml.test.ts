import fc from 'fast-check';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readYaml, YamlSource, type Path } from '../../src/yaml/parse-yaml.js';
import { plainScalarSource, readPlainYaml, UNSAFE_KEYS } from '../../src/yaml/read-plain-yaml.js';

/** Every path to a scalar in plain data. */
function scalarPaths(value: unknown, path: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => scalarPaths(item, [...path, index]));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => scalarPaths(item, [...path, key]));
  return [path];
}

/** The fast reader agrees with the full parser on the data and on every scalar's source text. */
function expectSameAsFullParser(text: string): void {
  const plain = readPlainYaml(text);
  if (plain === undefined) throw new Error('the fast reader passed the file to the full parser');
  const full = YamlSource.parse(text, 'test.yaml', 'invalid-catalog');
  expect(plain.data).toStrictEqual(full.toData());
  for (const path of scalarPaths(plain.data)) expect([path, plainScalarSource(plain, path)]).toEqual([path, full.scalarSource(path)]);
}

function yamlFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return name.endsWith('.yaml') ? [path] : [];
  });
}

describe('the fast reader of plain YAML', () => {
  it('reads the built-in catalog, the examples and a stage file, as the full parser does', () => {
    for (const file of ['pricing/catalog.yaml', ...yamlFiles('examples'), 'test/fixtures/stages/ramp.yaml']) {
      expectSameAsFullParser(readFileSync(file, 'utf8'));
    }
  });

  it('agrees with the full parser on every fixture it reads', () => {
    let read = 0;
    for (const file of yamlFiles('test/fixtures')) {
      const text = readFileSync(file, 'utf8');
      const plain = readPlainYaml(text);
      if (plain === undefined) continue;
      read += 1;
      expectSameAsFullParser(text);
    }
    expect(read).toBeGreaterThan(20);
  });

  it('keeps the source text of numbers, which a float would round', () => {
    const plain = readPlainYaml('prices: {input: 0.100000000000000001, output: 2.50}\ntokens: [5M, 1e3, 0x1F]\n');
    expect(plain).toBeDefined();
    expect(plainScalarSource(plain!, ['prices', 'input'])).toBe('0.100000000000000001');
    expect(plainScalarSource(plain!, ['prices', 'output'])).toBe('2.50');
    expect(plainScalarSource(plain!, ['tokens', 0])).toBe('5M');
    expect(plainScalarSource(plain!, ['tokens', 1])).toBe('1e3');
    expect(plainScalarSource(plain!, ['tokens', 2])).toBe('0x1F');
    expect(plain!.data).toStrictEqual({ prices: { input: 0.1, output: 2.5 }, tokens: ['5M', 1000, 31] });
  });

  it.each([
    ['CRLF line ends', 'a: 1\r\nb: two\r\n'],
    ['a byte-order mark', '\uFEFFa: 1\n'],
    ['block scalars', 'a: |+\n  x\n\n\nb: >-\n  folded\n  line\n\n  para\n'],
    ['a multi-line plain scalar', 'a: multi\n  line plain\n\n  scalar\n'],
    ['escapes', 'a: "esc \\t \\u00e9 \\x41 \\0 \\\n  cont"\nb: \'it\'\'s\'\n'],
    ['explicit keys and nested sequences', '- ? a\n  : [1, 2,]\n- - 2\n  - 3\n'],
    ['core-schema numbers', 'b: 0o17\nc: .inf\nd: -.INF\ne: .NaN\nf: +12\ng: 007\nh: 1_000\ni: 12345678901234567890\n'],
    ['document markers and comments', '--- # c\na: 1 # comment\n...\n'],
  ])('reads %s as the full parser does', (_what, text) => {
    expectSameAsFullParser(text);
  });

  it.each([
    ['an empty file', ''],
    ['an alias', 'a: &x 1\nb: *x\n'],
    ['an anchor', 'a: &x {b: 1}\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a directive', '%YAML 1.1\n---\na: yes\n'],
    ['two documents', 'a: 1\n---\nb: 2\n'],
    ['a repeated key', 'a: 1\na: 2\n'],
    ['a __proto__ key', '__proto__: {polluted: true}\n'],
    ['a constructor key', 'constructor: {prototype: 1}\n'],
    ['a number as key', '1: one\n'],
    ['a null key', '~: nothing\n'],
    ['a collection as key', '? [a, b]\n: c\n'],
    ['malformed YAML', 'a: [1, 2\n'],
    ['nesting deeper than 100', `${'['.repeat(101)}${']'.repeat(101)}\n`],
  ])('leaves %s to the full parser', (_what, text) => {
    expect(readPlainYaml(text)).toBeUndefined();
  });

  it('leaves positions to the full parser, so a problem is placed as before', () => {
    const source = readYaml('models:\n  - id: a\n    prices: {output: -1}\n', 'c.yaml', 'invalid-catalog');
    expect(source.position(['models', 0, 'prices', 'output'])).toBe('c.yaml:3:22');
  });

  it('reads what yaml writes, in every style, as the full parser does', () => {
    const key = fc.string({ unit: 'grapheme', maxLength: 12 }).filter((text) => !UNSAFE_KEYS.has(text));
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.string({ unit: 'grapheme', maxLength: 20 }),
        fc.constantFrom('0.25', '1e3', 'true', 'null', '~', '5M', '-', ': x', '# y', "it's", '"q"', '', ' lead', 'trail '),
        fc.integer(),
        fc.double({ noNaN: true, noDefaultInfinity: true }).filter((number) => !Object.is(number, -0)),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(key, tie('value'), { maxKeys: 4 }),
      ),
    }));
    const options = fc.record({
      collectionStyle: fc.constantFrom('any', 'block', 'flow'),
      defaultStringType: fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'),
      defaultKeyType: fc.constantFrom(null, 'PLAIN', 'QUOTE_DOUBLE'),
      lineWidth: fc.constantFrom(0, 20, 80),
    } as const);
    fc.assert(
      fc.property(fc.dictionary(key, value, { minKeys: 1, maxKeys: 5 }), options, (data, style) => {
        expectSameAsFullParser(stringify(data, style));
      }),
      { numRuns: 300 },
    );
  });
});
