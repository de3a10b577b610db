import {
  boolCoreTag,
  EVENT_ID,
  floatCoreTag,
  getScalarValue,
  intCoreTag,
  NOT_RESOLVED,
  nullCoreTag,
  parseEvents,
  SCALAR_STYLE,
  strTag,
  YAMLException,
  type Event,
  type ScalarEvent,
  type ScalarTagDefinition,
} from 'js-yaml';

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

/** The YAML 1.2 core schema's scalar tags, in the order that the schema tries them on a plain scalar. */
const IMPLICIT_TAGS: readonly ScalarTagDefinition[] = [nullCoreTag, boolCoreTag, intCoreTag, floatCoreTag];
const SCALAR_TAGS = new Map<string, ScalarTagDefinition>([
  ['str', strTag],
  ...IMPLICIT_TAGS.map((tag): [string, ScalarTagDefinition] => [tag.tagName.slice(tag.tagName.lastIndexOf(':') + 1), tag]),
]);
/** `!!int` or its verbatim form `!<tag:yaml.org,2002:int>`; other tags are not read. */
const CORE_TAG = /^(?:!!([a-z]+)|!<tag:yaml\.org,2002:([a-z]+)>)$/;

/** Every plain scalar that the core schema reads as other than a string is empty or starts so. */
const NON_STRING_START = /^(?:$|[-+.0-9~nNtTfF])/;
const ENVIRONMENT_VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

type Container = Record<string, unknown> | unknown[];

interface Frame {
  readonly data: Container;
  readonly children: Record<string, Located> | Located[];
  readonly at: number;
  readonly keyAt: number | undefined;
  readonly anchor: string | undefined;
  /** The values in it, counting itself and what its aliases repeat. */
  values: number;
  /** In a mapping, the key read and waiting for its value; undefined when a key comes next. */
  key: string | undefined;
  keyOffset: number;
  /** False for a key refused (repeated or unsafe): its value is read but not kept. */
  keepValue: boolean;
}

interface Anchored {
  readonly value: unknown;
  readonly located: Located;
  readonly values: number;
}

export interface ReadOptions {
  /** Replaces `${NAME}` in string values with the environment's value. */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Reads one YAML document with js-yaml's event parser, keeping the position of every value and the
 * exact text of every scalar, aliases included, so that no price passes through a float. Duplicate
 * and prototype keys are checked with one lookup per key, so even a huge mapping is read (or refused)
 * in linear time. Anything a gacost file has no use for (several documents, tags other than the core
 * schema's, keys that are not scalars, YAML 1.1) is refused with its position.
 */
export function readYamlEvents(text: string, lines: LineIndex, options: ReadOptions = {}): ReadResult {
  let events: Event[];
  try {
    events = parseEvents(text, { maxDepth: MAX_DEPTH });
  } catch (error) {
    if (!(error instanceof YAMLException)) throw error;
    const reason = /maxDepth/.test(error.reason) ? `nested more than ${MAX_DEPTH} deep` : error.reason;
    throw new YamlProblems([{ at: error.mark?.position ?? 0, reason }]);
  }
  return new EventReader(text, lines, options).read(events);
}

class EventReader {
  private readonly problems: ReadProblem[] = [];
  private readonly anchors = new Map<string, Anchored>();
  private readonly stack: Frame[] = [];
  private root: { value: unknown; located: Located } | undefined;
  private written = 0;
  private repeated = 0;
  /** The last offset seen, for a value written as nothing (`key:` with no value) that has none. */
  private lastAt = 0;

  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
    private readonly options: ReadOptions,
  ) {}

  read(events: readonly Event[]): ReadResult {
    let documents = 0;
    for (const event of events) {
      switch (event.type) {
        case EVENT_ID.DOCUMENT:
          documents += 1;
          if (documents > 1) this.fail(this.secondDocumentAt(), 'a second YAML document starts here; gacost reads one document per file');
          this.checkDirectives(event.directives);
          break;
        case EVENT_ID.SEQUENCE:
        case EVENT_ID.MAPPING:
          this.open(event.type === EVENT_ID.SEQUENCE ? [] : {}, event.start, this.anchorOf(event), this.tagOf(event), event.type === EVENT_ID.SEQUENCE ? 'seq' : 'map');
          break;
        case EVENT_ID.SCALAR:
          this.scalar(event);
          break;
        case EVENT_ID.ALIAS:
          this.alias(this.text.slice(event.anchorStart, event.anchorEnd), event.anchorStart - 1);
          break;
        case EVENT_ID.POP:
          this.close();
          break;
      }
    }
    if (this.problems.length > 0) throw new YamlProblems(this.problems);
    if (this.root === undefined) this.fail(0, 'the file is empty');
    return { data: this.root.value, root: this.root.located };
  }

  private open(data: Container, at: number, anchor: string | undefined, tag: string | undefined, kind: 'map' | 'seq'): void {
    this.lastAt = at;
    if (tag !== undefined && tag !== kind) this.fail(at, `the tag !!${tag} does not fit a ${kind === 'map' ? 'mapping' : 'list'}`);
    this.stack.push({ data, children: Array.isArray(data) ? [] : {}, at, keyAt: this.keyBeforeValue(), anchor, values: 1, key: undefined, keyOffset: 0, keepValue: false });
  }

  private close(): void {
    const frame = this.stack.pop();
    if (frame === undefined) return; // the end of a document
    const located: Located = { at: frame.at, keyAt: frame.keyAt, text: undefined, children: frame.children };
    this.written += 1;
    if (frame.anchor !== undefined) this.anchors.set(frame.anchor, { value: frame.data, located, values: frame.values });
    this.place(frame.data, located, frame.values);
  }

  private scalar(event: ScalarEvent): void {
    const decoded = getScalarValue(this.text, event);
    const quoted = event.style === SCALAR_STYLE.SINGLE_QUOTED || event.style === SCALAR_STYLE.DOUBLE_QUOTED;
    const at = event.valueStart < 0 ? this.lastAt : quoted ? event.valueStart - 1 : event.valueStart;
    this.lastAt = at;
    const anchor = this.anchorOf(event);
    const parent = this.stack[this.stack.length - 1];
    if (parent !== undefined && !Array.isArray(parent.data) && parent.key === undefined) {
      this.tagOf(event);
      this.key(parent, decoded, at);
      if (anchor !== undefined) this.anchors.set(anchor, { value: decoded, located: { at, keyAt: undefined, text: decoded, children: undefined }, values: 1 });
      return;
    }
    let value = this.resolve(event, decoded, at);
    if (typeof value === 'string' && this.options.env !== undefined && value.includes('${')) value = this.expand(value, at);
    const located: Located = { at, keyAt: this.keyBeforeValue(), text: typeof value === 'string' ? value : decoded, children: undefined };
    this.written += 1;
    if (anchor !== undefined) this.anchors.set(anchor, { value, located, values: 1 });
    this.place(value, located, 1);
  }

  private alias(name: string, at: number): void {
    this.lastAt = at;
    const anchored = this.anchors.get(name);
    if (anchored === undefined) this.fail(at, `the alias *${name} names no anchor (&${name}) before it`);
    const parent = this.stack[this.stack.length - 1];
    if (parent !== undefined && !Array.isArray(parent.data) && parent.key === undefined) this.fail(at, 'an alias cannot be a key');
    this.repeated += anchored.values;
    if (this.repeated > Math.max(MAX_REPEATED_VALUES, this.written)) this.fail(at, `aliases repeat more than ${Math.max(MAX_REPEATED_VALUES, this.written)} values (an alias bomb?)`);
    const located: Located = { ...anchored.located, at, keyAt: this.keyBeforeValue() };
    this.place(anchored.value, located, anchored.values);
  }

  /** A mapping's key: text, unique in its mapping, never one that reaches a prototype. */
  private key(frame: Frame, name: string, at: number): void {
    const first = Object.hasOwn(frame.children, name) ? (frame.children as Record<string, Located>)[name] : undefined;
    const unsafe = UNSAFE_KEYS.has(name);
    if (unsafe) this.problems.push({ at, reason: `the key ${name} is not allowed` });
    else if (first !== undefined) this.problems.push({ at, reason: `the key ${name} is repeated; it is first at ${this.lineAndColumn(first.keyAt ?? first.at)}` });
    frame.key = name;
    frame.keyOffset = at;
    frame.keepValue = !unsafe && first === undefined;
  }

  /** Puts a finished value into the collection around it, or makes it the document. */
  private place(value: unknown, located: Located, values: number): void {
    const frame = this.stack[this.stack.length - 1];
    if (frame === undefined) {
      this.root = { value, located };
      return;
    }
    frame.values += values;
    if (Array.isArray(frame.data)) {
      frame.data.push(value);
      (frame.children as Located[]).push(located);
      return;
    }
    const key = frame.key;
    if (key === undefined) this.fail(located.at, 'a key must be a single value, not a list or a mapping');
    if (frame.keepValue) {
      frame.data[key] = value;
      (frame.children as Record<string, Located>)[key] = located;
    }
    frame.key = undefined;
  }

  /** The offset of the key that the value being read belongs to, if it is in a mapping. */
  private keyBeforeValue(): number | undefined {
    const frame = this.stack[this.stack.length - 1];
    return frame?.key === undefined ? undefined : frame.keyOffset;
  }

  /** A scalar's value by the YAML 1.2 core schema: plain scalars may be numbers, true, null…; any other is a string. */
  private resolve(event: ScalarEvent, decoded: string, at: number): unknown {
    const tag = this.tagOf(event);
    if (tag !== undefined) {
      const definition = SCALAR_TAGS.get(tag);
      if (definition === undefined) this.fail(at, `the tag !!${tag} does not fit a scalar`);
      const value = definition.resolve(decoded, true, definition.tagName);
      if (value === NOT_RESOLVED) this.fail(at, `${decoded} is not a valid !!${tag}`);
      return value;
    }
    if (event.style !== SCALAR_STYLE.PLAIN || !NON_STRING_START.test(decoded)) return decoded;
    for (const implicit of IMPLICIT_TAGS) {
      const value = implicit.resolve(decoded, false, implicit.tagName);
      if (value !== NOT_RESOLVED) return value;
    }
    return decoded;
  }

  private expand(value: string, at: number): string {
    return value.replace(ENVIRONMENT_VARIABLE, (placeholder, name: string) => {
      const set = this.options.env?.[name];
      if (set !== undefined) return set;
      this.problems.push({ at, reason: `\${${name}} is not set in the environment` });
      return placeholder;
    });
  }

  private anchorOf(event: { readonly anchorStart: number; readonly anchorEnd: number }): string | undefined {
    return event.anchorStart < 0 ? undefined : this.text.slice(event.anchorStart, event.anchorEnd);
  }

  /** The core-schema name of a node's tag ("int" for `!!int`); any other tag is refused. */
  private tagOf(event: { readonly tagStart: number; readonly tagEnd: number }): string | undefined {
    if (event.tagStart < 0) return undefined;
    const written = this.text.slice(event.tagStart, event.tagEnd);
    const match = CORE_TAG.exec(written);
    const name = match?.[1] ?? match?.[2];
    if (name === undefined || !(SCALAR_TAGS.has(name) || name === 'map' || name === 'seq')) this.fail(event.tagStart, `the tag ${written} is not one gacost reads`);
    return name;
  }

  private checkDirectives(directives: readonly { readonly kind: string; readonly version?: string }[]): void {
    const directive = directives.find((candidate) => candidate.kind !== 'yaml' || candidate.version !== '1.2');
    if (directive === undefined) return;
    const at = /^%/m.exec(this.text)?.index ?? 0;
    this.fail(at, directive.kind === 'yaml' ? `gacost reads YAML 1.2, not ${directive.version}` : 'gacost reads no %TAG directives');
  }

  /** The `---` or `...` line after the first document's last value. */
  private secondDocumentAt(): number {
    const marker = /^(?:---|\.\.\.)(?=\s|$)/gm;
    marker.lastIndex = this.lastAt;
    return marker.exec(this.text)?.index ?? this.lastAt;
  }

  private lineAndColumn(offset: number): string {
    const { line, column } = this.lines.of(offset);
    return `line ${line}, column ${column}`;
  }

  private fail(at: number, reason: string): never {
    throw new YamlProblems([...this.problems, { at, reason }]);
  }
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
