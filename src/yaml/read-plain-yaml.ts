import { EVENT_ID, getScalarValue, parseEvents, SCALAR_STYLE, type Event } from 'js-yaml';
import { isScalar, Schema, type ScalarTag } from 'yaml';
import type { Path } from './parse-yaml.js';

type Container = Record<string, unknown> | unknown[];

/** The plain data of a YAML file, and the source text of each scalar in it that is not a string. */
export interface PlainYaml {
  readonly data: unknown;
  /** Per collection, the source text of its non-string scalars by key or index. */
  readonly scalarSources: ReadonlyMap<Container, ReadonlyMap<string | number, string>>;
}

/** yaml's own YAML 1.2 core-schema resolvers, so that a plain scalar means what it means on the full path. */
const CORE_SCALAR_TAGS = new Schema({ schema: 'core' }).tags.filter(
  (tag): tag is ScalarTag => tag.default === true && tag.test !== undefined && !('collection' in tag),
);

/** Keys that could reach an object's prototype: refused wherever they appear (by the full parser). */
export const UNSAFE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Every plain scalar that the core schema reads as other than a string is empty or starts so. */
const NON_STRING_START = /^(?:$|[-+.0-9~nNtTfF])/;
const mayNotBeString = (source: string): boolean => NON_STRING_START.test(source);

/** Beyond this the full parser decides (it refuses deeper nesting with a position). */
const MAX_DEPTH = 100;

interface Frame {
  readonly container: Container;
  /** A mapping's key, between reading it and reading its value. */
  key: string | undefined;
  sources: Map<string | number, string> | undefined;
}

/**
 * Reads the plain YAML that catalogs and stage files are made of, several times faster than the
 * full parser, which keeps every node's position. Returns undefined for anything outside that
 * subset (errors, aliases, anchors, tags, directives, several documents, non-string, repeated or
 * unsafe keys): the caller then takes the full parser, which places each problem at its
 * file:line:col. For the files it does read, the data equals the full parser's.
 */
export function readPlainYaml(text: string): PlainYaml | undefined {
  let events: Event[];
  try {
    events = parseEvents(text, { maxDepth: MAX_DEPTH });
  } catch {
    return undefined;
  }
  const scalarSources = new Map<Container, Map<string | number, string>>();
  const stack: Frame[] = [];
  let documents = 0;
  let root: unknown;
  let hasRoot = false;

  /** Puts a finished value in its parent; false when the file is outside the subset. */
  const place = (value: unknown, source?: string): boolean => {
    const frame = stack[stack.length - 1];
    if (frame === undefined) {
      if (hasRoot) return false;
      root = value;
      hasRoot = true;
      return true;
    }
    let at: string | number;
    if (Array.isArray(frame.container)) {
      at = frame.container.length;
      frame.container.push(value);
    } else if (frame.key === undefined) {
      if (typeof value !== 'string' || UNSAFE_KEYS.has(value) || Object.hasOwn(frame.container, value)) return false;
      frame.key = value;
      return true;
    } else {
      at = frame.key;
      frame.container[at] = value;
      frame.key = undefined;
    }
    if (source !== undefined) (frame.sources ??= new Map()).set(at, source);
    return true;
  };

  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.DOCUMENT:
        documents += 1;
        if (documents > 1 || event.directives.length > 0) return undefined;
        break;
      case EVENT_ID.SEQUENCE:
      case EVENT_ID.MAPPING: {
        if (event.tagStart !== -1 || event.anchorStart !== -1) return undefined;
        const parent = stack[stack.length - 1];
        if (parent !== undefined && !Array.isArray(parent.container) && parent.key === undefined) return undefined;
        stack.push({ container: event.type === EVENT_ID.SEQUENCE ? [] : {}, key: undefined, sources: undefined });
        break;
      }
      case EVENT_ID.SCALAR: {
        if (event.tagStart !== -1 || event.anchorStart !== -1) return undefined;
        const source = getScalarValue(text, event);
        const tag = event.style === SCALAR_STYLE.PLAIN && mayNotBeString(source) ? CORE_SCALAR_TAGS.find((candidate) => candidate.test?.test(source)) : undefined;
        if (tag === undefined) {
          if (!place(source)) return undefined;
          break;
        }
        let failed = false;
        const resolved = tag.resolve(source, () => (failed = true), {});
        if (failed || !place(isScalar(resolved) ? resolved.value : resolved, source)) return undefined;
        break;
      }
      case EVENT_ID.ALIAS:
        return undefined;
      case EVENT_ID.POP: {
        const frame = stack.pop();
        if (frame === undefined) break; // the end of the document
        if (frame.key !== undefined || !place(frame.container)) return undefined;
        if (frame.sources !== undefined) scalarSources.set(frame.container, frame.sources);
        break;
      }
    }
  }
  return hasRoot && stack.length === 0 ? { data: root, scalarSources } : undefined;
}

/** The source text of the scalar at `path`, as the full parser gives it: numbers exactly as written. */
export function plainScalarSource(plain: PlainYaml, path: Path): string | undefined {
  let parent: unknown;
  let value: unknown = plain.data;
  for (const segment of path) {
    parent = value;
    value = value !== null && typeof value === 'object' ? (value as Record<string | number, unknown>)[segment] : undefined;
  }
  if (typeof value === 'string') return value;
  const last = path[path.length - 1];
  return last === undefined ? undefined : plain.scalarSources.get(parent as Container)?.get(last);
}
