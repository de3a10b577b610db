import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { scratchDir } from './gacost.js';

/** Writes `text` to a file in a fresh scratch folder and returns its path. */
export function scratchFile(name: string, text: string): string {
  const path = join(scratchDir(), name);
  writeFileSync(path, text);
  return path;
}

/** A budget file, gacost.yaml, of `lines` after `version: 1`, in a fresh scratch folder. */
export function budgetFile(lines: readonly string[]): string {
  return scratchFile('gacost.yaml', ['version: 1', ...lines, ''].join('\n'));
}

/** gacost.yaml in `dir`, with one workload, named `name`, over its budget; `extra` goes before the workloads. */
export function overBudgetFile(dir: string, name: string, extra = ''): void {
  writeFileSync(
    join(dir, 'gacost.yaml'),
    `version: 1\n${extra}workloads:\n  - name: ${JSON.stringify(name)}\n    model: deepseek-r1\n    tokens: 1B\n    budget: 1\n`,
  );
}

/** The minimal fixture catalog with one substitution, as catalog.yaml in a fresh scratch folder. */
export function minimalCatalog(from: string, to: string): string {
  const text = readFileSync('test/fixtures/catalogs/minimal.yaml', 'utf8');
  expect(text).toContain(from);
  return scratchFile('catalog.yaml', text.replace(from, to));
}

/** Writes `lines` as a file in `dir` and returns its path. */
export function writeLines(dir: string, name: string, lines: readonly string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** The error lines of a refused run, without the "gacost: error: " prefix. */
export function errorLines(stderr: string): string[] {
  return stderr
    .trimEnd()
    .split('\n')
    .map((line) => line.replace(/^gacost: error: /, ''));
}
