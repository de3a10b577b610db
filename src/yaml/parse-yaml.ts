import type { z } from 'zod';
import { type ErrorCode, GacostError } from '../errors.js';
import { LineIndex, type Located, type ReadOptions, readYamlNodes, YamlProblems } from './read-yaml.js';

export type Path = readonly (string | number)[];

/**
 * Reads a catalog, stage or budget file: its data, the exact text of its scalars, and the position
 * of every value, so that each problem gets its file:line:col. Every YAML problem of the file is
 * thrown as one GacostError with one line each.
 */
export function readYaml(text: string, file: string, errorCode: ErrorCode, options: ReadOptions = {}): YamlSource {
  const lines = new LineIndex(text);
  try {
    const { data, root } = readYamlNodes(text, lines, options);
    return new YamlSource(file, data, root, lines);
  } catch (error) {
    if (!(error instanceof YamlProblems)) throw error;
    const problems = error.problems.map(({ at, reason }) => `${positionIn(file, lines, at)}: ${reason}`);
    throw new GacostError(errorCode, `invalid YAML in ${file}`, problems);
  }
}

/** A YAML file read by readYaml. */
export class YamlSource {
  constructor(
    readonly file: string,
    private readonly data: unknown,
    private readonly root: Located,
    private readonly lines: LineIndex,
  ) {}

  toData(): unknown {
    return this.data;
  }

  /** The text of the scalar at `path` as written: "0.25" exactly, also when an alias repeats it. */
  scalarSource(path: Path): string {
    const text = this.find(path)?.text;
    if (text === undefined) throw new Error(`no scalar at ${describePath(path)}in ${this.file}`);
    return text;
  }

  /** "file:line:col" of the value at `path` (or of its key `key`), or of the nearest enclosing value that exists. */
  position(path: Path, key?: string): string {
    let node = this.root;
    for (const segment of path) {
      const next = childOf(node, segment);
      if (next === undefined) break;
      node = next;
    }
    const keyAt = key === undefined ? undefined : childOf(node, key)?.keyAt;
    return positionIn(this.file, this.lines, keyAt ?? node.at);
  }

  /** One line per zod issue: "file:line:col: models[2].prices.output: reason". */
  problemsOf(error: z.ZodError): string[] {
    return this.issueLines(error.issues);
  }

  private find(path: Path): Located | undefined {
    let node: Located | undefined = this.root;
    for (const segment of path) node = node === undefined ? undefined : childOf(node, segment);
    return node;
  }

  private issueLines(issues: readonly z.core.$ZodIssue[], prefix: Path = []): string[] {
    return issues.flatMap((issue): string[] => {
      const path = [...prefix, ...issue.path] as Path;
      // A union none of whose options matched: report the option that got furthest into the value,
      // so that `output: -1` says "cannot be negative" rather than "expected one of …".
      const closest = issue.code === 'invalid_union' ? closestOption(issue.errors) : undefined;
      if (closest) return this.issueLines(closest, path);
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map((key) => `${this.position(path, key)}: ${describePath([...path, key])}unknown key`);
      }
      const key = path[path.length - 1];
      const at = issue.code === 'invalid_key' && key !== undefined ? this.position(path.slice(0, -1), String(key)) : this.position(path);
      return [`${at}: ${describePath(path)}${issue.message}`];
    });
  }
}

function positionIn(file: string, lines: LineIndex, offset: number): string {
  const { line, column } = lines.of(offset);
  return `${file}:${line}:${column}`;
}

function closestOption(options: readonly (readonly z.core.$ZodIssue[])[]): readonly z.core.$ZodIssue[] | undefined {
  const depth = (issues: readonly z.core.$ZodIssue[]) =>
    Math.min(...issues.map((issue) => (issue.code === 'invalid_type' ? issue.path.length - 0.5 : issue.path.length)));
  const ranked = options.filter((issues) => issues.length > 0).sort((a, b) => depth(b) - depth(a));
  const best = ranked[0];
  return best && depth(best) > 0 ? best : undefined;
}

function childOf(node: Located, segment: string | number): Located | undefined {
  const children = node.children;
  if (Array.isArray(children)) return typeof segment === 'number' ? children[segment] : undefined;
  const key = String(segment);
  return children !== undefined && Object.hasOwn(children, key) ? (children as Readonly<Record<string, Located>>)[key] : undefined;
}

/** ["models", 2, "prices", "output"] → "models[2].prices.output: " (empty for the root). */
export function describePath(path: Path): string {
  if (path.length === 0) return '';
  const text = path
    .map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`))
    .join('');
  return `${text}: `;
}

const EXPECTED: Record<string, string> = {
  int: 'a whole number',
  number: 'a number',
  string: 'text',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping of keys to values',
};

/** gacost's words for what zod would say in its own; a schema that gives its own message keeps it. */
function gacostWording(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'required, but missing' : `expected ${EXPECTED[issue.expected] ?? issue.expected}`;
    case 'too_small': {
      const minimum = String(issue.minimum);
      if (issue.origin === 'array') return minimum === '1' ? 'must not be empty' : `needs at least ${minimum} entries`;
      if (issue.origin === 'string') return minimum === '1' ? 'must not be empty' : `needs at least ${minimum} characters`;
      return issue.inclusive ? `must be at least ${minimum}` : `must be more than ${minimum}`;
    }
    case 'too_big': {
      const maximum = String(issue.maximum);
      if (issue.origin === 'array') return `takes at most ${maximum} entries`;
      if (issue.origin === 'string') return `takes at most ${maximum} characters`;
      return issue.inclusive ? `must be at most ${maximum}` : `must be less than ${maximum}`;
    }
    case 'invalid_value':
      return issue.values.length === 1 ? `expected ${String(issue.values[0])}` : `expected one of ${issue.values.map(String).join(', ')}`;
    case 'invalid_key':
      return issue.issues.map((inner) => inner.message).join('; ');
    case 'invalid_union':
      return 'matches none of the forms this key takes';
    default:
      return undefined;
  }
}

/** Throws one error listing every problem, or returns the validated data. */
// Typed by the schema itself rather than as ZodType<T>: inferring T from a large schema costs tsc seconds.
export function validate<Schema extends z.ZodType>(
  schema: Schema,
  source: YamlSource,
  errorCode: ErrorCode,
  what: string,
): z.output<Schema> {
  // Without zod's JIT: a file is validated once, and compiling a fast path of each object's shape with
  // new Function costs more than it saves (7 ms of 24 on a 34-model catalog, none lost on 10,000 models).
  const result = schema.safeParse(source.toData(), { error: gacostWording, jitless: true });
  if (result.success) return result.data;
  throw new GacostError(errorCode, `invalid ${what} ${source.file}`, source.problemsOf(result.error));
}
