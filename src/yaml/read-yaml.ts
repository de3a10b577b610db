import {
  Composer,
  CST,
  type Document,
  isAlias,
  isMap,
  isScalar,
  type ParsedNode,
  Parser,
  type Scalar,
  type ScalarTag,
  Schema,
  type YAMLError,
} from 'yaml';

/** Where a value is written, and for a collection, where each value in it is. */
export interface Located {
  /** The offset of the value: a scalar's first character, a collection's `{`, `[`, `-` or first key. */
  readonly at: number;
  /** The offset of its key, for a value in a mapping. */
  readonly keyAt: number | undefined;
  /** A scalar's text: a string's value, anything else exactly as written (a price "0.25"). */
  readonly text: string | undefined;
  /** A mapping's values by key (its own properties only), or a sequence's items. */
  readonly children: Readonly<Record<string, Located>> | readonly Located[] | undefined;
}

interface ReadResult {
  readonly data: unknown;
  readonly root: Located;
}

/** One problem of the file, at an offset into it. */
interface ReadProblem {
  readonly at: number;
  readonly reason: string;
}

export class YamlProblems extends Error {
  constructor(readonly problems: readonly ReadProblem[]) {
    super('invalid YAML');
  }
}

/** Keys that could reach an object's prototype: refused wherever they appear. */
export const UNSAFE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Nesting deeper than this is refused; files that gacost reads nest 6 deep. */
const MAX_DEPTH = 100;

/**
 * Aliases may repeat this many values, or as many as the file writes out if that is more: enough for
 * any catalog that shares its price maps, far too few for an alias bomb ("billion laughs").
 */
const MAX_REPEATED_VALUES = 10_000;

/** The YAML 1.2 core schema's tags, the only ones read: `!!int` or its verbatim form `!<tag:yaml.org,2002:int>`. */
const CORE_TAG_PREFIX = 'tag:yaml.org,2002:';
const CORE_TAGS: ReadonlySet<string> = new Set(['str', 'null', 'bool', 'int', 'float', 'map', 'seq']);
const WRITTEN_CORE_TAG = /^(?:!!([a-z]+)|!<tag:yaml\.org,2002:([a-z]+)>)$/;
/** What a value of each scalar tag is once yaml has resolved it; a value that its tag does not fit stays text. */
const TAG_TYPES: Readonly<Record<string, string>> = { str: 'string', null: 'object', bool: 'boolean', int: 'number', float: 'number' };

const ENVIRONMENT_VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * yaml parses with its core schema, one document at a time, keeping each node's offsets. Repeated keys
 * are left to this reader, which finds them with one lookup per key (yaml's own check is quadratic), and
 * tags yaml knows beyond the core schema's are not resolved: gacost refuses them.
 */
const COMPOSER_OPTIONS = { uniqueKeys: false, resolveKnownTags: false, version: '1.2' } as const;

/** A value read, where it is written, and how many values it holds, counting itself. */
interface Read {
  readonly value: unknown;
  readonly located: Located;
  readonly values: number;
}

export interface ReadOptions {
  /** Replaces `${NAME}` in string values with the environment's value. */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Reads one YAML document with yaml, keeping the position of every value and the exact text of every
 * scalar, aliases included, so that no price passes through a float. Duplicate and prototype keys are
 * checked with one lookup per key, so even a huge mapping is read (or refused) in linear time. A file
 * written the plain way is read from yaml's syntax tree (PlainReader); any other, and any file yaml
 * would refuse, through yaml's composer (NodeReader), which costs a catalog read about a third more.
 */
export function readYamlNodes(text: string, lines: LineIndex, options: ReadOptions = {}): ReadResult {
  const tokens = parseTokens(text);
  return readPlainTokens(tokens, lines, options) ?? new NodeReader(lines, options).read(composeDocument(tokens, text));
}

/** What readYamlNodes reads from yaml's syntax tree alone: undefined where it leaves the file to yaml's composer. */
export function readPlainYaml(text: string, lines: LineIndex, options: ReadOptions = {}): ReadResult | undefined {
  return readPlainTokens(parseTokens(text), lines, options);
}

/** What readYamlNodes reads through yaml's composer, which reads any file. */
export function readComposedYaml(text: string, lines: LineIndex, options: ReadOptions = {}): ReadResult {
  return new NodeReader(lines, options).read(parseYaml(text));
}

/**
 * A file's one YAML document as yaml parses it, each node with its offsets; anything a gacost file has
 * no use for (several documents, tags other than the core schema's, YAML 1.1, nesting deeper than
 * MAX_DEPTH) refused (YamlProblems) with its position.
 */
export function parseYaml(text: string): Document.Parsed {
  return composeDocument(parseTokens(text), text);
}

/** yaml's syntax tree of the file, its directives and nesting checked. */
function parseTokens(text: string): CST.Token[] {
  // YAML 1.2 ends a line at a lone CR too, which yaml does not: an LF in its place keeps every offset.
  const source = text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
  const tokens = [...new Parser().parse(source)];
  checkTokens(tokens);
  return tokens;
}

function composeDocument(tokens: readonly CST.Token[], text: string): Document.Parsed {
  const documents = new Composer(COMPOSER_OPTIONS).compose(tokens);
  const first = documents.next();
  if (first.done === true) throw new YamlProblems([{ at: 0, reason: 'the file is empty' }]);
  const document = first.value;
  const [error] = document.errors;
  if (error !== undefined) throw new YamlProblems([{ at: error.pos[0], reason: yamlReason(error) }]);
  checkWarnings(document.warnings, text);
  if (documents.next().done !== true) {
    throw new YamlProblems([
      { at: secondDocumentAt(text, document), reason: 'a second YAML document starts here; gacost reads one document per file' },
    ]);
  }
  return document;
}

/** Refuses directives other than `%YAML 1.2`, and nesting deeper than MAX_DEPTH before yaml composes (and recurses into) it. */
function checkTokens(tokens: readonly CST.Token[]): void {
  const stack: { token: CST.Token | null | undefined; depth: number; parent: number }[] = [];
  for (const token of tokens) {
    if (token.type === 'directive') {
      const [, version] = /^%YAML[ \t]+(\S+)/.exec(token.source) ?? [];
      if (version === '1.2') continue;
      throw new YamlProblems([
        { at: token.offset, reason: version === undefined ? 'gacost reads no %TAG directives' : `gacost reads YAML 1.2, not ${version}` },
      ]);
    }
    if (token.type === 'document') stack.push({ token: token.value, depth: 0, parent: token.offset });
  }
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { token, depth, parent } = next;
    if (token === null || token === undefined) continue;
    if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection') continue;
    if (depth === MAX_DEPTH) throw new YamlProblems([{ at: parent, reason: `nested more than ${MAX_DEPTH} deep` }]);
    for (const item of token.items) {
      if ('key' in item) stack.push({ token: item.key, depth: depth + 1, parent: token.offset });
      stack.push({ token: item.value, depth: depth + 1, parent: token.offset });
    }
  }
}

/** Tags outside the core schema are refused where they are written; a core tag that does not fit its value is refused at the value. */
function checkWarnings(warnings: readonly YAMLError[], text: string): void {
  for (const warning of warnings) {
    if (warning.code !== 'TAG_RESOLVE_FAILED') throw new YamlProblems([{ at: warning.pos[0], reason: yamlReason(warning) }]);
    const written = text.slice(warning.pos[0], warning.pos[1]);
    const match = WRITTEN_CORE_TAG.exec(written);
    const name = match?.[1] ?? match?.[2];
    if (name === undefined || !CORE_TAGS.has(name))
      throw new YamlProblems([{ at: warning.pos[0], reason: `the tag ${written} is not one gacost reads` }]);
  }
}

/** yaml's message, in gacost's style: its first line, without the position that the problem's file:line:col gives. */
function yamlReason(error: YAMLError): string {
  const reason = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
  return reason.charAt(0).toLowerCase() + reason.slice(1);
}

/** The `---` or `...` line after the first document's last value. */
function secondDocumentAt(text: string, document: Document.Parsed): number {
  const marker = /^(?:---|\.\.\.)(?=\s|$)/gm;
  marker.lastIndex = document.contents?.range[1] ?? 0;
  return marker.exec(text)?.index ?? marker.lastIndex;
}

/** What both readers keep as they walk a document: the problems met, and the last offset seen. */
abstract class ValueReader {
  protected readonly problems: ReadProblem[] = [];
  /** The last offset seen, for a value written as nothing (`key:` with no value), which has none. */
  protected lastAt = 0;

  constructor(
    private readonly lines: LineIndex,
    private readonly options: ReadOptions,
  ) {}

  /** A mapping's key: unique in its mapping, never one that reaches a prototype. False for a key refused, whose value is read but not kept. */
  protected checkKey(children: Record<string, Located>, name: string, at: number): boolean {
    if (UNSAFE_KEYS.has(name)) {
      this.problems.push({ at, reason: `the key ${name} is not allowed` });
      return false;
    }
    const first = Object.hasOwn(children, name) ? children[name] : undefined;
    if (first === undefined) return true;
    this.problems.push({ at, reason: `the key ${name} is repeated; it is first at ${this.lineAndColumn(first.keyAt ?? first.at)}` });
    return false;
  }

  /** A string value, with `${NAME}` replaced when the environment is given. */
  protected stringValue(value: string, at: number): string {
    if (this.options.env === undefined || !value.includes('${')) return value;
    return value.replace(ENVIRONMENT_VARIABLE, (placeholder, name: string) => {
      const set = this.options.env?.[name];
      if (set !== undefined) return set;
      this.problems.push({ at, reason: `\${${name}} is not set in the environment` });
      return placeholder;
    });
  }

  private lineAndColumn(offset: number): string {
    const { line, column } = this.lines.of(offset);
    return `line ${line}, column ${column}`;
  }
}

/** Reads the document yaml composed: any file, aliases, tags and every problem yaml finds included. */
class NodeReader extends ValueReader {
  private readonly anchors = new Map<string, Read>();
  private written = 0;
  private repeated = 0;

  read(document: Document.Parsed): ReadResult {
    const contents = document.contents;
    if (contents === null) this.fail(0, 'the file is empty');
    const { value, located } = this.node(contents, undefined);
    if (this.problems.length > 0) throw new YamlProblems(this.problems);
    return { data: value, root: located };
  }

  private node(node: ParsedNode | null, keyAt: number | undefined): Read {
    if (node === null) return this.scalarRead(null, { at: this.lastAt, keyAt, text: '', children: undefined });
    if (isScalar(node)) return this.scalar(node, keyAt);
    if (isAlias(node)) return this.alias(node.source, node.range[0], keyAt);
    const at = node.range[0];
    this.lastAt = at;
    const kind = isMap(node) ? 'map' : 'seq';
    const tag = node.tag === undefined ? undefined : this.coreTag(node.tag, at);
    if (tag !== undefined && tag !== kind) this.fail(at, `the tag !!${tag} does not fit a ${kind === 'map' ? 'mapping' : 'list'}`);
    let read: Read;
    if (isMap(node)) read = this.mapping(node.items, at, keyAt);
    else read = this.sequence(node.items as (ParsedNode | null)[], at, keyAt);
    this.written += 1;
    if (node.anchor !== undefined) this.anchors.set(node.anchor, read);
    return read;
  }

  private mapping(items: readonly { key: unknown; value: unknown }[], at: number, keyAt: number | undefined): Read {
    const data: Record<string, unknown> = {};
    const children: Record<string, Located> = {};
    let values = 1;
    for (const pair of items) {
      const key = pair.key as ParsedNode | null;
      if (key !== null && isAlias(key)) this.fail(key.range[0], 'an alias cannot be a key');
      if (key !== null && !isScalar(key)) this.fail(key.range[0], 'a key must be a single value, not a list or a mapping');
      const name = key === null ? '' : this.keyName(key);
      const nameAt = key === null ? this.lastAt : key.range[0];
      this.lastAt = nameAt;
      if (key?.anchor !== undefined)
        this.anchors.set(key.anchor, this.scalarRead(name, { at: nameAt, keyAt: undefined, text: name, children: undefined }));
      const keep = this.checkKey(children, name, nameAt);
      const read = this.node(pair.value as ParsedNode | null, nameAt);
      values += read.values;
      if (keep) {
        data[name] = read.value;
        children[name] = read.located;
      }
    }
    return { value: data, located: { at, keyAt, text: undefined, children }, values };
  }

  private sequence(items: readonly (ParsedNode | null)[], at: number, keyAt: number | undefined): Read {
    const data: unknown[] = [];
    const children: Located[] = [];
    let values = 1;
    for (const item of items) {
      const read = this.node(item, undefined);
      values += read.values;
      data.push(read.value);
      children.push(read.located);
    }
    return { value: data, located: { at, keyAt, text: undefined, children }, values };
  }

  private scalar(node: Scalar.Parsed, keyAt: number | undefined): Read {
    const written = (node.source as string | undefined) ?? '';
    // A value written as nothing has no place of its own: it is placed at what comes before it.
    const at = written === '' && node.type === 'PLAIN' ? this.lastAt : node.range[0];
    this.lastAt = at;
    let value: unknown = node.value;
    if (node.tag !== undefined) {
      const tag = this.coreTag(node.tag, at);
      if (typeof value !== TAG_TYPES[tag] || (tag === 'null' && value !== null)) this.fail(at, `${written} is not a valid !!${tag}`);
    }
    if (typeof value === 'string') value = this.stringValue(value, at);
    const read = this.scalarRead(value, { at, keyAt, text: typeof value === 'string' ? value : written, children: undefined });
    this.written += 1;
    if (node.anchor !== undefined) this.anchors.set(node.anchor, read);
    return read;
  }

  private scalarRead(value: unknown, located: Located): Read {
    return { value, located, values: 1 };
  }

  private alias(name: string, at: number, keyAt: number | undefined): Read {
    this.lastAt = at;
    const anchored = this.anchors.get(name);
    if (anchored === undefined) this.fail(at, `the alias *${name} names no anchor (&${name}) before it`);
    this.repeated += anchored.values;
    const budget = Math.max(MAX_REPEATED_VALUES, this.written);
    if (this.repeated > budget) this.fail(at, `aliases repeat more than ${budget} values (an alias bomb?)`);
    return { value: anchored.value, located: { ...anchored.located, at, keyAt }, values: anchored.values };
  }

  /** A key's text: a scalar's text as written, whatever the core schema would make of it. */
  private keyName(key: Scalar.Parsed): string {
    if (key.tag !== undefined) this.coreTag(key.tag, key.range[0]);
    return (key.source as string | undefined) ?? String(key.value);
  }

  /** The core-schema name of a node's tag ("int" for `!!int`); any other tag was refused with its warning. */
  private coreTag(tag: string, at: number): string {
    const name = tag.startsWith(CORE_TAG_PREFIX) ? tag.slice(CORE_TAG_PREFIX.length) : '';
    if (!CORE_TAGS.has(name)) this.fail(at, `the tag ${tag} is not one gacost reads`);
    return name;
  }

  private fail(at: number, reason: string): never {
    throw new YamlProblems([...this.problems, { at, reason }]);
  }
}

/**
 * The core schema's tags that a plain scalar may resolve to (null, bool, int, float), in yaml's order:
 * the first whose pattern fits the text resolves it, as yaml's composer does.
 */
let plainScalarTags: readonly ScalarTag[] | undefined;
const RESOLVE_OPTIONS = { intAsBigInt: false } as const;
/** The first characters of the core schema's nulls, booleans and numbers: a plain scalar that starts otherwise is text. */
const NON_TEXT_STARTS = '~nNtTfF+-.0123456789';
/** What a plain scalar may not start with (yaml refuses it). */
const BAD_PLAIN_STARTS = '\t,%|>@`';

/** yaml's syntax tree holds something this reader leaves to yaml's composer. */
class LeftToComposer extends Error {}

function leaveToComposer(): never {
  throw new LeftToComposer();
}

/**
 * The document read straight from yaml's syntax tree, without composing it, for a file written the
 * plain way (block and flow collections, plain and quoted scalars, comments); undefined for anything
 * else, or anything yaml's composer would report (anchors, aliases, tags, block scalars, explicit
 * keys, tabs, several documents, a syntax error), which is then composed and read by NodeReader.
 */
function readPlainTokens(tokens: readonly CST.Token[], lines: LineIndex, options: ReadOptions): ReadResult | undefined {
  try {
    return new PlainReader(lines, options).read(tokens);
  } catch (error) {
    if (error instanceof LeftToComposer) return undefined;
    throw error;
  }
}

interface Value {
  readonly value: unknown;
  readonly located: Located;
}

/**
 * Reads the syntax tree as NodeReader reads yaml's composed document: the same data, positions and
 * problems. Any token it is not sure of is left to the composer (leaveToComposer), so that the file is
 * refused, or read, exactly as yaml would.
 */
class PlainReader extends ValueReader {
  read(tokens: readonly CST.Token[]): ReadResult {
    let document: CST.Document | undefined;
    for (const token of tokens) {
      if (token.type === 'document' && document === undefined) document = token;
      else if (token.type !== 'comment' && token.type !== 'newline' && token.type !== 'space') leaveToComposer();
    }
    if (document?.value === undefined) return leaveToComposer();
    checkSpacing(document.start, true);
    checkSpacing(document.end ?? [], true);
    const { value, located } = this.node(document.value, undefined);
    if (this.problems.length > 0) throw new YamlProblems(this.problems);
    return { data: value, root: located };
  }

  private node(token: CST.Token | undefined, keyAt: number | undefined): Value {
    if (token === undefined) return { value: null, located: { at: this.lastAt, keyAt, text: '', children: undefined } };
    switch (token.type) {
      case 'scalar':
      case 'single-quoted-scalar':
      case 'double-quoted-scalar':
        return this.scalar(token, keyAt);
      case 'block-map':
        return this.blockMap(token, keyAt);
      case 'block-seq':
        return this.blockSequence(token, keyAt);
      case 'flow-collection':
        return this.flowCollection(token, keyAt);
      default:
        return leaveToComposer();
    }
  }

  private blockMap(map: CST.BlockMap, keyAt: number | undefined): Value {
    const entries = this.entries(map.offset, keyAt, true);
    const last = map.items.length - 1;
    for (let index = 0; index <= last; index++) {
      const { start, explicitKey, key, sep, value } = map.items[index] as CST.BlockMap['items'][number];
      checkSpacing(start, true);
      // Comments after the last entry.
      if (key === undefined && sep === undefined && value === undefined && explicitKey === undefined && index === last) break;
      if (
        explicitKey !== undefined ||
        key === undefined ||
        key === null ||
        sep === undefined ||
        !('indent' in key) ||
        key.indent !== map.indent
      )
        leaveToComposer();
      const colon = valueIndicator(sep, false);
      // A key on one line, its `:` well within yaml's 1,024 characters of it; a block value below its key, not beside it.
      if (isMultiline(key) || colon.offset - key.offset > 1000) leaveToComposer();
      if (isBlockCollection(value) && !sep.some((token) => token.type === 'newline')) leaveToComposer();
      this.entry(entries, key, value);
    }
    return entries;
  }

  private blockSequence(sequence: CST.BlockSequence, keyAt: number | undefined): Value {
    const entries = this.entries(sequence.offset, keyAt, false);
    for (const { start, value } of sequence.items) {
      const indicators = indicatorsAmong(start, true);
      // Comments after the last item.
      if (indicators.length === 0 && value === undefined) continue;
      if (indicators.length !== 1 || indicators[0]?.type !== 'seq-item-ind') leaveToComposer();
      this.item(entries, value);
    }
    return entries;
  }

  private flowCollection(collection: CST.FlowCollection, keyAt: number | undefined): Value {
    const isMap = collection.start.source === '{';
    const entries = this.entries(collection.offset, keyAt, isMap);
    const last = collection.items.length - 1;
    for (let index = 0; index <= last; index++) {
      const { start, key, sep, value } = collection.items[index] as CST.CollectionItem;
      const commas = indicatorsAmong(start, false);
      if (commas.length !== (index === 0 ? 0 : 1) || commas.some((token) => token.type !== 'comma')) leaveToComposer();
      if (key === undefined && sep === undefined && value === undefined) {
        // A trailing comma leaves an empty last item.
        if (index === last) break;
        leaveToComposer();
      }
      if (isBlockCollection(value)) leaveToComposer();
      if (!isMap) {
        if (key !== undefined || sep !== undefined) leaveToComposer();
        this.item(entries, value);
        continue;
      }
      if (key === undefined || key === null || sep === undefined || isBlockCollection(key) || isMultiline(key)) leaveToComposer();
      valueIndicator(sep, true);
      this.entry(entries, key, value);
    }
    const [end, ...after] = collection.end;
    if (end?.source !== (isMap ? '}' : ']')) leaveToComposer();
    checkSpacing(after, false);
    return entries;
  }

  /** A collection's value and place, its entries added as they are read. */
  private entries(at: number, keyAt: number | undefined, isMap: boolean): Value & { value: object; located: { children: object } } {
    this.lastAt = at;
    return { value: isMap ? {} : [], located: { at, keyAt, text: undefined, children: isMap ? {} : [] } };
  }

  private entry(map: Value, key: CST.Token, value: CST.Token | undefined): void {
    if (key.type !== 'scalar' && key.type !== 'single-quoted-scalar' && key.type !== 'double-quoted-scalar') leaveToComposer();
    const name = this.scalarText(key);
    this.lastAt = key.offset;
    const children = map.located.children as Record<string, Located>;
    const keep = this.checkKey(children, name, key.offset);
    const read = this.node(value, key.offset);
    if (keep) {
      (map.value as Record<string, unknown>)[name] = read.value;
      children[name] = read.located;
    }
  }

  private item(sequence: Value, value: CST.Token | undefined): void {
    const read = this.node(value, undefined);
    (sequence.value as unknown[]).push(read.value);
    (sequence.located.children as Located[]).push(read.located);
  }

  /** A scalar's text, as yaml's composer reads it: a plain scalar on one line is its source. */
  private scalarText(token: CST.FlowScalar): string {
    const { type, source, end } = token;
    if (type !== 'scalar' || source.includes('\n') || BAD_PLAIN_STARTS.includes(source.charAt(0)))
      return CST.resolveAsScalar(token, true, leaveToComposer).value;
    checkSpacing(end ?? [], false);
    return source;
  }

  private scalar(token: CST.FlowScalar, keyAt: number | undefined): Value {
    const written = this.scalarText(token);
    const plain = token.type === 'scalar';
    // A value written as nothing has no place of its own: it is placed at what comes before it.
    const at = written === '' && plain ? this.lastAt : token.offset;
    this.lastAt = at;
    let value: unknown = written;
    if (plain && (written === '' || NON_TEXT_STARTS.includes(written.charAt(0)))) {
      plainScalarTags ??= new Schema({}).tags.filter((tag): tag is ScalarTag => 'test' in tag && tag.test !== undefined);
      const tag = plainScalarTags.find((candidate) => candidate.test?.test(written));
      const resolved = tag === undefined ? written : tag.resolve(written, leaveToComposer, RESOLVE_OPTIONS);
      value = isScalar(resolved) ? resolved.value : resolved;
    }
    if (typeof value === 'string') value = this.stringValue(value, at);
    return { value, located: { at, keyAt, text: typeof value === 'string' ? value : written, children: undefined } };
  }
}

function isBlockCollection(token: CST.Token | null | undefined): boolean {
  return token?.type === 'block-map' || token?.type === 'block-seq';
}

/** A key that spans lines, which yaml refuses as an implicit key. */
function isMultiline(key: CST.Token): boolean {
  return !('source' in key) || key.source.includes('\n') || ('end' in key && (key.end ?? []).some((token) => token.type === 'newline'));
}

/**
 * The indicators (`-`, `,`) among the spaces, line ends and comments before or after a node, for the
 * caller to check. A tab, a comment that follows no white space (`spaced`: white space or a line start
 * comes before the tokens) or any other token is left to the composer.
 */
function indicatorsAmong(tokens: readonly CST.SourceToken[], spaced: boolean): CST.SourceToken[] {
  const indicators: CST.SourceToken[] = [];
  let afterSpace = spaced;
  for (const token of tokens) {
    switch (token.type) {
      case 'space':
        if (token.source.includes('\t')) leaveToComposer();
        afterSpace = true;
        break;
      case 'newline':
        afterSpace = true;
        break;
      case 'comment':
        if (!afterSpace) leaveToComposer();
        break;
      case 'seq-item-ind':
      case 'comma':
        indicators.push(token);
        afterSpace = false;
        break;
      default:
        leaveToComposer();
    }
  }
  return indicators;
}

/** Spaces, line ends and comments only. */
function checkSpacing(tokens: readonly CST.SourceToken[], spaced: boolean): void {
  if (indicatorsAmong(tokens, spaced).length > 0) leaveToComposer();
}

/** The one `:` of a key's separator tokens: spaces before it, spaces, line ends and comments (not in a flow collection) after it. */
function valueIndicator(sep: readonly CST.SourceToken[], inFlow: boolean): CST.SourceToken {
  const at = sep.findIndex((token) => token.type === 'map-value-ind');
  const colon = sep[at];
  if (colon === undefined) return leaveToComposer();
  checkSpacing(sep.slice(0, at), true);
  const after = sep.slice(at + 1);
  if (sep.slice(0, at).some((token) => token.type !== 'space') || (inFlow && after.some((token) => token.type === 'comment')))
    leaveToComposer();
  checkSpacing(after, false);
  return colon;
}

/** 1-based lines and columns of offsets into a text; a line ends at LF, CRLF or a lone CR, as in YAML. */
export class LineIndex {
  private starts: number[] | undefined;

  constructor(private readonly text: string) {}

  of(offset: number): { readonly line: number; readonly column: number } {
    const starts = (this.starts ??= lineStarts(this.text));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - (starts[low] ?? 0) + 1 };
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 10 || (code === 13 && text.charCodeAt(index + 1) !== 10)) starts.push(index + 1);
  }
  return starts;
}
