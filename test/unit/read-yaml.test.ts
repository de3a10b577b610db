import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Document, isAlias, isCollection, isScalar, parseDocument, stringify } from 'yaml';
import { GacostError } from '../../src/errors.js';
import { type Path, readYaml } from '../../src/yaml/parse-yaml.js';
import { LineIndex, readComposedYaml, readPlainYaml, UNSAFE_KEYS, YamlProblems } from '../../src/yaml/read-yaml.js';
import { gacost, scratchDir } from '../support/gacost.js';
import { errorLines, writeLines } from '../support/inputs.js';

const MINIMAL = readFileSync('test/fixtures/catalogs/minimal.yaml', 'utf8');
const ZOD_DEFAULT_WORDING = /Invalid (key|input|option)|Too (small|big)|expected (int|number|string|array|object|boolean), received/;

/** Every path to a scalar in plain data. */
function scalarPaths(value: unknown, path: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => scalarPaths(item, [...path, index]));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => scalarPaths(item, [...path, key]));
  return [path];
}

/** gacost's reader agrees with the yaml library (which `catalog import` writes with) on the data and on every scalar's text. */
function expectSameAsYamlLibrary(text: string): void {
  const source = readYaml(text, 'test.yaml', 'invalid-catalog');
  const document = parseDocument(text, { uniqueKeys: true });
  expect(document.errors).toEqual([]);
  expect(source.toData()).toStrictEqual(document.toJS());
  for (const path of scalarPaths(source.toData())) {
    const node = nodeAt(document, path);
    const expected = isScalar(node) ? (node.source ?? String(node.value)) : undefined;
    expect([path, source.scalarSource(path)]).toEqual([path, expected]);
  }
}

/** The yaml library's node at `path`, through aliases. */
function nodeAt(document: Document, path: Path): unknown {
  const resolved = (node: unknown) => (isAlias(node) ? node.resolve(document) : node);
  let node = resolved(document.contents);
  for (const segment of path) node = isCollection(node) ? resolved(node.get(segment, true)) : undefined;
  return node;
}

function problemsOf(text: string): string[] {
  try {
    readYaml(text, 'c.yaml', 'invalid-catalog');
  } catch (error) {
    if (error instanceof GacostError) return error.problems.length > 0 ? [...error.problems] : [error.message];
    throw error;
  }
  throw new Error('accepted');
}

function yamlFiles(folder: string, extensions = ['.yaml']): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return yamlFiles(path, extensions);
    return extensions.some((extension) => name.endsWith(extension)) ? [path] : [];
  });
}

/** What a reading gives: its data and positions, or its problems. */
function outcomeOf(read: () => unknown): unknown {
  try {
    return { read: read() };
  } catch (error) {
    if (error instanceof YamlProblems) return { problems: error.problems };
    throw error;
  }
}

/** The reading from yaml's syntax tree, where it reads the file, gives what the reading through yaml's composer gives. */
function expectPlainAsComposed(text: string, env?: NodeJS.ProcessEnv): boolean {
  const options = env === undefined ? {} : { env };
  const plain = outcomeOf(() => readPlainYaml(text, new LineIndex(text), options));
  if ((plain as { read?: unknown }).read === undefined && !('problems' in (plain as object))) return false;
  expect([text, plain]).toStrictEqual([text, outcomeOf(() => readComposedYaml(text, new LineIndex(text), options))]);
  return true;
}

describe('the YAML reader', () => {
  it('reads the built-in catalog, the examples and every valid YAML fixture but the hostile ones as the yaml library does', () => {
    let read = 0;
    for (const file of [
      'pricing/catalog.yaml',
      ...yamlFiles('examples'),
      ...yamlFiles('test/fixtures').filter((path) => !path.includes('/hostile/')),
    ]) {
      const text = readFileSync(file, 'utf8');
      const document = parseDocument(text, { uniqueKeys: true });
      if (document.errors.length > 0 || document.contents === null) continue;
      read += 1;
      expectSameAsYamlLibrary(text);
    }
    expect(read).toBeGreaterThan(20);
  });

  it('keeps the text of numbers, which a float would round, also where an alias repeats them', () => {
    const source = readYaml(
      'prices: {input: &p 0.100000000000000001, output: 2.50}\ntokens: [5M, 1e3, 0x1F, *p]\nmore: &m {a: 12345678.123456789}\nagain: *m\n',
      'c.yaml',
      'invalid-catalog',
    );
    expect(source.scalarSource(['prices', 'input'])).toBe('0.100000000000000001');
    expect(source.scalarSource(['prices', 'output'])).toBe('2.50');
    expect(source.scalarSource(['tokens', 0])).toBe('5M');
    expect(source.scalarSource(['tokens', 1])).toBe('1e3');
    expect(source.scalarSource(['tokens', 2])).toBe('0x1F');
    expect(source.scalarSource(['tokens', 3])).toBe('0.100000000000000001');
    expect(source.scalarSource(['again', 'a'])).toBe('12345678.123456789');
    expect(source.toData()).toStrictEqual({
      prices: { input: 0.1, output: 2.5 },
      tokens: ['5M', 1000, 31, 0.1],
      more: { a: 12345678.123456789 },
      again: { a: 12345678.123456789 },
    });
  });

  it.each([
    ['CRLF line ends', 'a: 1\r\nb: two\r\n'],
    ['a byte-order mark', '\uFEFFa: 1\n'],
    ['block scalars', 'a: |+\n  x\n\n\nb: >-\n  folded\n  line\n\n  para\n'],
    ['a multi-line plain scalar', 'a: multi\n  line plain\n\n  scalar\n'],
    ['escapes', "a: \"esc \\t \\u00e9 \\x41 \\0 \\\n  cont\"\nb: 'it''s'\n"],
    ['explicit keys and nested sequences', '- ? a\n  : [1, 2,]\n- - 2\n  - 3\n'],
    ['core-schema numbers', 'b: 0o17\nc: .inf\nd: -.INF\ne: .NaN\nf: +12\ng: 007\nh: 1_000\ni: 12345678901234567890\n'],
    ['document markers and comments', '--- # c\na: 1 # comment\n...\n'],
    ['anchors and aliases', 'a: &x {b: [1, &y two]}\nc: *x\nd: *y\n'],
    ['core-schema tags', 'a: !!str 1\nb: !!float 2.5\nc: !<tag:yaml.org,2002:int> 3\nd: !!map {e: !!null ~}\n'],
    ['a YAML 1.2 directive', '%YAML 1.2\n---\na: yes\n'],
  ])('reads %s as the yaml library does', (_what, text) => {
    expectSameAsYamlLibrary(text);
  });

  it.each([
    ['an empty file', '', 'c.yaml:1:1: the file is empty'],
    ['a comment only', '# nothing\n', 'c.yaml:1:1: the file is empty'],
    ['a tag gacost does not read', 'a: 1\nb: !!binary aGk=\n', 'c.yaml:2:4: the tag !!binary is not one gacost reads'],
    ['a local tag', 'a: !money 1\n', 'c.yaml:1:4: the tag !money is not one gacost reads'],
    ['a value its tag does not fit', 'a: !!int 1.5\n', 'c.yaml:1:10: 1.5 is not a valid !!int'],
    ['a YAML 1.1 directive', '# a\n%YAML 1.1\n---\na: yes\n', 'c.yaml:2:1: gacost reads YAML 1.2, not 1.1'],
    ['two documents', 'a: 1\n---\nb: 2\n', 'c.yaml:2:1: a second YAML document starts here; gacost reads one document per file'],
    ['a repeated key', 'a: 1\nb: 2\na: 2\n', 'c.yaml:3:1: the key a is repeated; it is first at line 1, column 1'],
    ['a __proto__ key', 'x:\n  __proto__: {polluted: true}\n', 'c.yaml:2:3: the key __proto__ is not allowed'],
    ['a collection as key', '? [a, b]\n: c\n', 'c.yaml:1:3: a key must be a single value, not a list or a mapping'],
    ['an alias as key', 'a: &k b\n*k : c\n', 'c.yaml:2:1: an alias cannot be a key'],
    ['an alias before its anchor', 'a: *x\nb: &x 1\n', 'c.yaml:1:4: the alias *x names no anchor (&x) before it'],
    ['an alias inside its own anchor', 'a: &x [1, *x]\n', 'c.yaml:1:11: the alias *x names no anchor (&x) before it'],
    ['malformed YAML', 'a: [1, 2\n', 'c.yaml:2:1: flow sequence in block collection must be sufficiently indented and end with a ]'],
    ['nesting deeper than 100', `${'['.repeat(101)}${']'.repeat(101)}\n`, 'c.yaml:1:100: nested more than 100 deep'],
    [
      'an alias bomb',
      readFileSync('test/fixtures/hostile/alias-bomb.yaml', 'utf8'),
      'c.yaml:5:8: aliases repeat more than 10000 values (an alias bomb?)',
    ],
  ])('refuses %s at its position', (_what, text, expected) => {
    expect(problemsOf(text)).toEqual([expected]);
  });

  it('lists every repeated and prototype key, each at its position', () => {
    expect(problemsOf('a: 1\nconstructor: 2\nb: {a: 1, a: 2}\na: 3\n')).toEqual([
      'c.yaml:2:1: the key constructor is not allowed',
      'c.yaml:3:11: the key a is repeated; it is first at line 3, column 5',
      'c.yaml:4:1: the key a is repeated; it is first at line 1, column 1',
    ]);
  });

  it('places values, keys and the nearest enclosing value of a missing one; lines end at LF, CRLF or CR', () => {
    const source = readYaml('models:\r  - id: a\r\n    prices: {output: "-1"}\n    empty:\n', 'c.yaml', 'invalid-catalog');
    expect(source.position(['models', 0, 'prices', 'output'])).toBe('c.yaml:3:22');
    expect(source.position(['models', 0], 'prices')).toBe('c.yaml:3:5');
    expect(source.position(['models', 0, 'empty'])).toBe('c.yaml:4:5');
    expect(source.position(['models', 0, 'name'])).toBe('c.yaml:2:5');
    expect(source.position(['models', 7])).toBe('c.yaml:2:3');
  });

  it('expands ${NAME} in string values only when asked, naming each variable that is not set', () => {
    const text = 'a: ${SET}\nb: "${SET}-${UNSET}"\nc: 5\n';
    expect(readYaml(text, 'b.yaml', 'invalid-budget').toData()).toEqual({ a: '${SET}', b: '${SET}-${UNSET}', c: 5 });
    expect(readYaml(text, 'b.yaml', 'invalid-budget', { env: { SET: '200', UNSET: 'x' } }).toData()).toEqual({
      a: '200',
      b: '200-x',
      c: 5,
    });
    try {
      readYaml(text, 'b.yaml', 'invalid-budget', { env: { SET: '200' } });
      expect.unreachable();
    } catch (error) {
      expect((error as GacostError).problems).toEqual(['b.yaml:2:4: ${UNSET} is not set in the environment']);
    }
  });

  it('reads what yaml writes, in every style, as yaml reads it', () => {
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
        expectSameAsYamlLibrary(stringify(data, style));
      }),
      { numRuns: 150 },
    );
  });
});

describe('the YAML reader on a plainly written file', () => {
  const files = ['pricing/catalog.yaml', ...yamlFiles('examples'), ...yamlFiles('test/fixtures', ['.yaml', '.json'])];

  it('reads the catalogs, stage and budget files gacost ships and tests from the syntax tree, without composing them', () => {
    for (const file of ['pricing/catalog.yaml', 'test/fixtures/catalogs/standard.yaml', 'test/fixtures/catalogs/minimal.yaml']) {
      expect([file, expectPlainAsComposed(readFileSync(file, 'utf8'))]).toEqual([file, true]);
    }
  });

  it('reads every fixture, valid or not, as through the composer, or leaves it to the composer', () => {
    let plain = 0;
    for (const file of files) if (expectPlainAsComposed(readFileSync(file, 'utf8'), { SET: 'value' })) plain += 1;
    expect(plain).toBeGreaterThan(files.length / 2);
  });

  it('reads what yaml writes, and that text with a few characters changed, as through the composer', () => {
    const key = fc.string({ unit: 'grapheme', maxLength: 8 }).filter((text) => !UNSAFE_KEYS.has(text));
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.string({ unit: 'grapheme', maxLength: 12 }),
        fc.constantFrom('0.25', '1e3', '.inf', 'true', 'null', '~', '5M', '-', ': x', '# y', "it's", '', ' lead', '${SET}', '${UNSET}'),
        fc.integer(),
        fc.array(tie('value'), { maxLength: 3 }),
        fc.dictionary(key, tie('value'), { maxKeys: 3 }),
      ),
    }));
    const written = fc.oneof(
      fc
        .tuple(
          fc.dictionary(key, value, { minKeys: 1, maxKeys: 4 }),
          fc.record({
            collectionStyle: fc.constantFrom('any', 'block', 'flow'),
            defaultStringType: fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE'),
            indentSeq: fc.boolean(),
          } as const),
        )
        .map(([data, style]) => stringify(data, style)),
      fc.constant(MINIMAL),
    );
    const snippet = fc.constantFrom(
      ' ',
      '  ',
      '\t',
      '\n',
      '\r',
      ':',
      ': ',
      '- ',
      '-',
      '#',
      ' #',
      ',',
      '[',
      ']',
      '{',
      '}',
      '"',
      "'",
      '&a ',
      '*a',
      '!!str ',
      '? ',
      '|\n',
      '---\n',
      '...',
      'x',
      '1',
      '\\',
    );
    const edit = fc.record({ at: fc.nat(), cut: fc.nat({ max: 3 }), insert: fc.array(snippet, { maxLength: 2 }) });
    fc.assert(
      fc.property(written, fc.array(edit, { maxLength: 3 }), (text, edits) => {
        let edited = text;
        for (const { at, cut, insert } of edits) {
          const place = at % (edited.length + 1);
          edited = edited.slice(0, place) + insert.join('') + edited.slice(place + cut);
        }
        expectPlainAsComposed(edited, { SET: 'value' });
      }),
      { numRuns: 400 },
    );
  });
});

describe('the YAML reader in the commands that read catalogs, stage and budget files', () => {
  it('a price or budget reached through an alias is read from its exact text', async () => {
    const dir = scratchDir();
    const withPrices = (cheap: string, dear: string) =>
      MINIMAL.replace('prices: {output: 0.1}', `prices: ${cheap}`).replace('prices: {input: 1, output: 3}', `prices: ${dear}`);
    const scalar = writeLines(dir, 'scalar.yaml', [withPrices('{output: &p 999999.123456789}', '{output: *p}')]);
    const csv = await gacost(['--catalog', scalar, 'models', '--format', 'csv']);
    expect(csv.exitCode).toBe(0);
    expect(
      csv.stdout
        .trimEnd()
        .split('\n')
        .slice(1)
        .map((row) => row.split(',')[8]),
    ).toEqual(['999999.123456789', '999999.123456789']);

    // A float keeps 0.1 of these digits: the repeat must be refused as the anchor is, not read as 0.1.
    const tooPrecise = '0.1000000000000000001';
    const scalarRepeat = writeLines(dir, 'scalar-repeat.yaml', [withPrices(`{output: &p ${tooPrecise}}`, '{output: *p}')]);
    const scalarRun = await gacost(['--catalog', scalarRepeat, 'models']);
    expect(scalarRun.errorCode).toBe('invalid-catalog');
    expect(errorLines(scalarRun.stderr).map((line) => line.split(': ').slice(0, 2).join(': '))).toEqual([
      `${scalarRepeat}:18:25: models[0].prices.output`,
      `${scalarRepeat}:25:22: models[1].prices.output`,
    ]);
    const mapRepeat = writeLines(dir, 'map-repeat.yaml', [withPrices(`&pp {input: ${tooPrecise}, output: 1}`, '*pp')]);
    const mapRun = await gacost(['--catalog', mapRepeat, 'models']);
    expect(mapRun.errorCode).toBe('invalid-catalog');
    expect(errorLines(mapRun.stderr).map((line) => line.split(': ').slice(0, 2).join(': '))).toEqual([
      `${mapRepeat}:18:25: models[0].prices.input`,
      `${mapRepeat}:18:25: models[1].prices.input`,
    ]);

    const budget = writeLines(dir, 'gacost.yaml', [
      'version: 1',
      'workloads:',
      '  - {name: a, model: gpt-4o, tokens: 1M, budget: &b 12345678.123456789}',
      '  - {name: b, model: gpt-4o, tokens: 1M, budget: *b}',
    ]);
    const check = await gacost(['check', '--config', budget, '--format', 'json']);
    expect(check.exitCode).toBe(0);
    expect(check.stdout.match(/"budget_usd": [^,\n]+/g)).toEqual([
      '"budget_usd": null',
      '"budget_usd": 12345678.123456789',
      '"budget_usd": 12345678.123456789',
    ]);
  });

  it('a large mapping with repeated keys is refused with the position of each repeat and of its first', async () => {
    const dir = scratchDir();
    // Large enough to hold many keys; how the check scales (linearly) is npm run bench's to measure.
    const providers = Array.from({ length: 2_000 }, (_, index) => `  p${index}: {name: P}`);
    providers.push('  p7: {name: again}', '  p1999: {name: again}');
    const path = writeLines(dir, 'big.yaml', ['schema: 1', 'providers:', ...providers]);
    const run = await gacost(['--catalog', path, 'models']);
    expect(run.errorCode).toBe('invalid-catalog');
    expect(errorLines(run.stderr)).toEqual([
      `${path}:2003:3: the key p7 is repeated; it is first at line 10, column 3`,
      `${path}:2004:3: the key p1999 is repeated; it is first at line 2002, column 3`,
    ]);
  });

  it('a second document and zod-level problems are told in gacost words, at their position', async () => {
    const dir = scratchDir();
    const two = writeLines(dir, 'two.yaml', [MINIMAL.trimEnd(), '---', 'schema: 1']);
    const twoRun = await gacost(['--catalog', two, 'models']);
    expect(twoRun.errorCode).toBe('invalid-catalog');
    expect(errorLines(twoRun.stderr)).toEqual([`${two}:28:1: a second YAML document starts here; gacost reads one document per file`]);

    const wrong = writeLines(dir, 'wrong.yaml', [
      MINIMAL.replace('  acme:\n', '  Acme: {name: Upper}\n  acme:\n    models_available: 1.5\n')
        .replace('candidates: [cheap]', 'candidates: []')
        .replace('prices: {output: 0.1}', 'prices: {output: 0.1}\n    tiers: {Batch: {output: 0.05}}'),
    ]);
    const wrongRun = await gacost(['--catalog', wrong, 'models']);
    expect(wrongRun.errorCode).toBe('invalid-catalog');
    const reported = errorLines(wrongRun.stderr);
    expect(reported.join('\n')).not.toMatch(ZOD_DEFAULT_WORDING);
    expect(reported.map((line) => /^.*?:\d+:\d+: [^:]+/.exec(line)?.[0])).toEqual([
      `${wrong}:6:15: defaults.candidates`,
      `${wrong}:9:3: providers.Acme`,
      `${wrong}:11:23: providers.acme.models_available`,
      `${wrong}:21:13: models[0].tiers.Batch`,
    ]);

    const stages = writeLines(dir, 'stages.yaml', ['- {name: a, users: 1.5}']);
    const stagesRun = await gacost(['project', '--stages', stages]);
    expect(stagesRun.errorCode).toBe('invalid-stages');
    expect(errorLines(stagesRun.stderr)).toEqual([`${stages}:1:20: [0].users: expected a whole number`]);

    const budget = writeLines(dir, 'gacost.yaml', ['version: 1', 'days_per_month: 40', 'workloads: []']);
    const budgetRun = await gacost(['check', '--config', budget]);
    expect(budgetRun.errorCode).toBe('invalid-budget');
    expect(errorLines(budgetRun.stderr).join('\n')).not.toMatch(ZOD_DEFAULT_WORDING);
  });
});
