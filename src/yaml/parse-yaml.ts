import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { GacostError, type ErrorCode } from '../errors.js';
import { plainScalarSource, readPlainYaml, UNSAFE_KEYS, type PlainYaml } from './read-plain-yaml.js';

export type Path = readonly (string | number)[];

/** What the loaders need of a parsed YAML file: its data, the exact text of its scalars, and positions. */
export interface YamlData {
  readonly file: string;
  toData(): unknown;
  /** The source text of the scalar at `path`, e.g. "0.25" exactly as written. */
  scalarSource(path: Path): string | undefined;
  /** "file:line:col" of the node at `path`, or of the nearest enclosing node that exists. */
  position(path: Path, key?: string): string;
  /** One line per zod issue: "file:line:col: models[2].prices.output: reason". */
  problemsOf(error: z.ZodError): string[];
}

/**
 * A catalog or stage file, read on the fast path where it is plain YAML; positions (needed only to
 * report a problem) come from the full parser, run then on the same text.
 */
export function readYaml(text: string, file: string, errorCode: ErrorCode): YamlData {
  const plain = readPlainYaml(text);
  return plain === undefined ? YamlSource.parse(text, file, errorCode) : new PlainYamlSource(text, file, errorCode, plain);
}

class PlainYamlSource implements YamlData {
  private full: YamlSource | undefined;

  constructor(
    private readonly text: string,
    readonly file: string,
    private readonly errorCode: ErrorCode,
    private readonly plain: PlainYaml,
  ) {}

  toData(): unknown {
    return this.plain.data;
  }

  scalarSource(path: Path): string | undefined {
    return plainScalarSource(this.plain, path);
  }

  position(path: Path, key?: string): string {
    return this.fullSource().position(path, key);
  }

  problemsOf(error: z.ZodError): string[] {
    return this.fullSource().problemsOf(error);
  }

  private fullSource(): YamlSource {
    this.full ??= YamlSource.parse(this.text, this.file, this.errorCode);
    return this.full;
  }
}

/** A YAML file parsed with every node's position kept. */
export class YamlSource implements YamlData {
  private constructor(
    readonly file: string,
    private readonly document: Document.Parsed,
    private readonly lines: LineCounter,
    private readonly errorCode: ErrorCode,
  ) {}

  static parse(text: string, file: string, errorCode: ErrorCode): YamlSource {
    const lines = new LineCounter();
    const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    const source = new YamlSource(file, document, lines, errorCode);
    if (document.errors.length > 0) {
      const problems = document.errors.map((error) => {
        const first = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+.*$/, '') ?? error.code;
        const reason = /call stack/i.test(first) ? 'nested too deeply' : first;
        return `${source.positionOfOffset(error.pos[0])}: ${reason}`;
      });
      throw new GacostError(errorCode, `invalid YAML in ${file}`, problems);
    }
    if (document.contents === null) throw new GacostError(errorCode, `${file}:1:1: the file is empty`);
    const unsafe: string[] = [];
    visit(document, {
      Pair: (_key, pair) => {
        if (isScalar(pair.key) && UNSAFE_KEYS.has(String(pair.key.value))) {
          unsafe.push(`${source.positionOfOffset(pair.key.range?.[0] ?? 0)}: the key ${String(pair.key.value)} is not allowed`);
        }
      },
    });
    if (unsafe.length > 0) throw new GacostError(errorCode, `invalid YAML in ${file}`, unsafe);
    return source;
  }

  /** The plain data; aliases are expanded up to yaml's cap against alias bombs ("billion laughs"). */
  toData(): unknown {
    try {
      return this.document.toJS();
    } catch (error) {
      const reason = error instanceof RangeError ? 'nested too deeply' : /alias/i.test(String(error)) ? 'too many aliases (an alias bomb?)' : undefined;
      if (reason === undefined) throw error;
      throw new GacostError(this.errorCode, `${this.file}:1:1: ${reason}`);
    }
  }

  /**
   * Replaces `${NAME}` in string values with the environment's value, so that secrets and per-branch
   * figures can stay out of the file. Returns one problem line per unset variable (never "").
   */
  expandEnvironment(env: NodeJS.ProcessEnv): string[] {
    const problems: string[] = [];
    visit(this.document, {
      Scalar: (_key, node) => {
        if (typeof node.value !== 'string' || !node.value.includes('${')) return;
        const expanded = node.value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (placeholder, name: string) => {
          const value = env[name];
          if (value !== undefined) return value;
          problems.push(`${this.positionOfOffset(node.range?.[0] ?? 0)}: \${${name}} is not set in the environment`);
          return placeholder;
        });
        node.value = expanded;
        node.source = expanded;
      },
    });
    return problems;
  }

  scalarSource(path: Path): string | undefined {
    const node = this.document.getIn(path, true);
    return isScalar(node) ? (node.source ?? String(node.value)) : undefined;
  }

  position(path: Path, key?: string): string {
    let node: unknown = this.document.contents;
    for (const segment of path) {
      const next = childOf(node, segment);
      if (next === undefined) break;
      node = next;
    }
    if (key !== undefined && isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === key);
      if (pair && isScalar(pair.key)) node = pair.key;
    }
    const offset = (node as Node | null)?.range?.[0] ?? 0;
    return this.positionOfOffset(offset);
  }

  problemsOf(error: z.ZodError): string[] {
    return this.issueLines(error.issues);
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
      return [`${this.position(path)}: ${describePath(path)}${issue.message}`];
    });
  }

  private positionOfOffset(offset: number): string {
    const { line, col } = this.lines.linePos(offset);
    return `${this.file}:${line}:${col}`;
  }
}

function closestOption(options: readonly (readonly z.core.$ZodIssue[])[]): readonly z.core.$ZodIssue[] | undefined {
  const depth = (issues: readonly z.core.$ZodIssue[]) =>
    Math.min(...issues.map((issue) => (issue.code === 'invalid_type' ? issue.path.length - 0.5 : issue.path.length)));
  const ranked = options.filter((issues) => issues.length > 0).sort((a, b) => depth(b) - depth(a));
  const best = ranked[0];
  return best && depth(best) > 0 ? best : undefined;
}

function childOf(node: unknown, segment: string | number): unknown {
  if (isMap(node)) return node.items.find((item) => isScalar(item.key) && item.key.value === segment)?.value ?? undefined;
  if (isSeq(node) && typeof segment === 'number') return node.items[segment];
  return undefined;
}

/** ["models", 2, "prices", "output"] → "models[2].prices.output: " (empty for the root). */
export function describePath(path: Path): string {
  if (path.length === 0) return '';
  const text = path
    .map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`))
    .join('');
  return `${text}: `;
}

/** Throws one error listing every problem, or returns the validated data. */
// Typed by the schema itself rather than as ZodType<T>: inferring T from a large schema costs tsc seconds.
export function validate<Schema extends z.ZodType>(schema: Schema, source: YamlData, errorCode: ErrorCode, what: string): z.output<Schema> {
  const result = schema.safeParse(source.toData());
  if (result.success) return result.data;
  throw new GacostError(errorCode, `invalid ${what} ${source.file}`, source.problemsOf(result.error));
}
