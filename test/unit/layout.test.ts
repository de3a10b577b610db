import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve('src');
/** import … from '…', export … from '…', import('…'): type-only imports too, since the owner of a type is a dependency. */
const IMPORT = /\bfrom\s+'(\.[^']+)'|\bimport\s*\(\s*'(\.[^']+)'\s*\)/g;

/** src's top-level folder (or file, without .ts) a path is in. */
const topOf = (path: string) => (relative(SRC, path).split(/[\\/]/)[0] ?? '').replace(/\.[jt]s$/, '');

/** Which top-level folders each one imports from, parsed from the sources. */
function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.ts'));
  for (const file of files) {
    const path = join(SRC, file);
    const from = topOf(path);
    const targets = graph.get(from) ?? new Set<string>();
    graph.set(from, targets);
    for (const match of readFileSync(path, 'utf8').matchAll(IMPORT)) {
      const to = topOf(resolve(dirname(path), match[1] ?? match[2] ?? ''));
      if (to !== from) targets.add(to);
    }
  }
  return graph;
}

/** A cycle of folders, as a path from one back to itself, or undefined. */
function findCycle(graph: ReadonlyMap<string, ReadonlySet<string>>): string[] | undefined {
  const done = new Set<string>();
  const visit = (node: string, path: readonly string[]): string[] | undefined => {
    if (path.includes(node)) return [...path.slice(path.indexOf(node)), node];
    if (done.has(node)) return undefined;
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next, [...path, node]);
      if (cycle !== undefined) return cycle;
    }
    done.add(node);
    return undefined;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node, []);
    if (cycle !== undefined) return cycle;
  }
  return undefined;
}

describe('layout of src/', () => {
  const graph = folderGraph();

  it('has no import cycle between its top-level folders (a type belongs to the module that implements it)', () => {
    expect(findCycle(graph)).toBeUndefined();
    // The check sees what it checks: commands import core and output.
    expect([...(graph.get('commands') ?? [])]).toEqual(expect.arrayContaining(['core', 'output']));
  });

  it('keeps the core pure: it imports nothing but itself and errors', () => {
    expect([...(graph.get('core') ?? [])]).toEqual(['errors']);
  });

  it('imports only what docs/architecture.md allows each folder', () => {
    // The table of docs/architecture.md: a folder's imports may be fewer, never others.
    const allowed: Record<string, readonly string[]> = {
      errors: [],
      core: ['errors'],
      yaml: ['errors'],
      catalog: ['core', 'yaml', 'errors'],
      budget: ['core', 'yaml', 'errors'],
      stages: ['core', 'yaml', 'errors'],
      import: ['catalog', 'core', 'yaml', 'errors'],
      io: ['core', 'errors'],
      usage: ['core', 'io', 'errors'],
      bill: ['core', 'usage', 'errors'],
      'read-files': ['budget', 'catalog', 'stages', 'import', 'io', 'core', 'errors'],
      output: ['core', 'catalog', 'budget', 'errors'],
      app: ['core', 'catalog', 'budget', 'io', 'usage', 'bill', 'read-files', 'output', 'errors'],
      commands: ['app', 'core', 'catalog', 'budget', 'io', 'usage', 'bill', 'read-files', 'output', 'errors'],
      cli: ['commands', 'core', 'io', 'output', 'errors'],
      'library-arguments': ['app', 'core', 'output', 'usage', 'errors'],
      index: ['app', 'core', 'output', 'usage', 'library-arguments', 'errors'],
    };
    const strays = [...graph].flatMap(([from, targets]) =>
      [...targets].filter((to) => !(allowed[from] ?? []).includes(to)).map((to) => `${from} → ${to}`),
    );
    expect(strays).toEqual([]);
  });
});
