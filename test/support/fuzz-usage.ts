import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { expect } from 'vitest';
import { USAGE_FORMATS } from '../../src/usage/format-names.js';
import { gacost, ROOT, scratchDir } from './gacost.js';

/**
 * The readers' property: whatever bytes a usage source holds, in whatever format it is read as (each
 * --from and the format told by the file), gacost usage exits 0, 1 or 2, and on 2 says why in one
 * line; exit 3 (an internal error) is reached by no input. Shared by npm test (few, small inputs) and
 * npm run test:interop (many, larger ones).
 */

/** Field names of every format gacost reads, so that random objects often look like usage. */
const KEYS = [
  'model',
  'created',
  'timestamp',
  'time',
  'startTime',
  'endTime',
  'usage',
  'prompt_tokens',
  'completion_tokens',
  'total_tokens',
  'input_tokens',
  'output_tokens',
  'cache_read_input_tokens',
  'cache_creation_input_tokens',
  'prompt_tokens_details',
  'cached_tokens',
  'reasoning_tokens',
  'provider',
  'custom_llm_provider',
  'user',
  'session_id',
  'sessionId',
  'project_id',
  'api_key',
  'id',
  'type',
  'object',
  'message',
  'response',
  'body',
  'data',
  'results',
  'usageMetadata',
  'promptTokenCount',
  'candidatesTokenCount',
  'cachedContentTokenCount',
  'modelVersion',
  'spend',
  'response_cost',
  'cost',
  'service_tier',
  'num_model_requests',
  'start_time',
  'status',
  'costUSD',
  'requestId',
];

const scalar = fc.oneof(
  fc.integer({ min: -2, max: 5_000_000 }),
  fc.constantFrom(0, 1, 1.5, -0, 1e21, 2 ** 53, Number.MAX_SAFE_INTEGER, 1_767_225_600, 1_767_225_600_000, 2.5e-7),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(
    'gpt-4o',
    'gpt-4o-mini',
    'claude-sonnet-4-5',
    'gemini-2.5-flash',
    'openai',
    'anthropic',
    'message',
    'assistant',
    'batch',
    '',
    '12',
    '1e3',
    '2026-11-02T10:00:00Z',
    '2026-11-02',
    '1700000000',
  ),
  fc.string({ maxLength: 12 }),
);

/** JSON values shaped like usage: objects of the formats' keys, nested a few levels, of any type. */
const { value: jsonValue } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('object'), tie('array')),
  object: fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 6 })), tie('value'), { maxKeys: 6 }),
  array: fc.array(tie('value'), { maxLength: 3 }),
}));

const usageObject = fc.dictionary(fc.constantFrom(...KEYS), jsonValue, { minKeys: 1, maxKeys: 8 });

/** JSON lines: usage-shaped objects, now and then a value of another kind or a broken line. */
const jsonLines = (maxLines: number) =>
  fc
    .array(
      fc.oneof(
        { weight: 6, arbitrary: usageObject.map((object) => JSON.stringify(object)) },
        { weight: 1, arbitrary: jsonValue.map((value) => JSON.stringify(value) ?? 'null') },
        { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
      ),
      { maxLength: maxLines },
    )
    .map((lines) => lines.join('\n'));

const CSV_COLUMNS = [
  'model',
  'input_tokens',
  'output_tokens',
  'cached_input_tokens',
  'cache_write_tokens',
  'requests',
  'time',
  'timestamp',
  'date',
  'day',
  'provider',
  'user',
  'session',
  'project',
  'key',
  'cost',
  'cost_usd',
  'total_tokens',
  'prompt_tokens',
  'completion_tokens',
];

const csvCell = fc.oneof(
  fc.integer({ min: -1, max: 10_000_000 }).map(String),
  fc.constantFrom(
    '',
    '1.5',
    '1,000',
    '1e3',
    'gpt-4o',
    'claude-haiku-4-5',
    '2026-11-02',
    '2026-11-02T10:00:00Z',
    '1767225600',
    '1767225600000',
    '2026-02-30',
    'NaN',
    '"',
    '""',
    'a,b',
    'x\ny',
    '\r',
  ),
  fc.string({ maxLength: 10 }),
);

/** CSV: a header from the columns gacost knows (and others), rows of cells of any kind, quoting or not. */
const csv = (maxRows: number) =>
  fc
    .tuple(
      fc.uniqueArray(fc.oneof(fc.constantFrom(...CSV_COLUMNS), fc.string({ maxLength: 6 })), { minLength: 1, maxLength: 8 }),
      fc.array(fc.array(csvCell, { maxLength: 9 }), { maxLength: maxRows }),
      fc.boolean(),
    )
    .map(([header, rows, quoted]) => {
      const cell = (text: string) => (quoted && /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
      return [header.map(cell).join(','), ...rows.map((row) => row.map(cell).join(','))].join('\n');
    });

const bytes = (maxBytes: number) => fc.uint8Array({ maxLength: maxBytes });

/** The fixtures of every format (test/fixtures/usage/), whose records a fuzz run spoils a field or two of. */
const FIXTURES = join(ROOT, 'test/fixtures/usage');
const fixtureFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? fixtureFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
/** The JSON values of the fixtures' lines and documents (those of bad/ and skipped/ too, where they parse). */
const jsonTemplates: readonly unknown[] = fixtureFiles(FIXTURES).flatMap((file) => {
  const texts = file.endsWith('.jsonl')
    ? readFileSync(file, 'utf8').split('\n')
    : file.endsWith('.json')
      ? [readFileSync(file, 'utf8')]
      : [];
  return texts.flatMap((text) => {
    try {
      return [JSON.parse(text) as unknown];
    } catch {
      return [];
    }
  });
});
const csvTemplates: readonly string[][] = fixtureFiles(FIXTURES)
  .filter((file) => file.endsWith('.csv'))
  .map((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line !== ''),
  );

/** Every path to a value inside a JSON value, the value itself first. */
function pathsOf(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [path];
  return [path, ...Object.entries(value).flatMap(([key, inner]) => pathsOf(inner, [...path, Array.isArray(value) ? Number(key) : key]))];
}

function withValueAt(root: unknown, path: readonly (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = (Array.isArray(root) ? [...root] : { ...(root as object) }) as Record<string | number, unknown>;
  const [key, ...rest] = path as [string | number, ...(string | number)[]];
  copy[key] = withValueAt(copy[key], rest, value);
  return copy;
}

/** A real record of some format with a few of its fields (at any depth) given values of any type. */
const spoiledJson = fc
  .tuple(fc.constantFrom(...jsonTemplates), fc.array(fc.tuple(fc.nat(), jsonValue), { minLength: 1, maxLength: 3 }))
  .map(([template, changes]) =>
    changes.reduce((record, [at, value]) => {
      const paths = pathsOf(record);
      return withValueAt(record, paths[at % paths.length] ?? [], value);
    }, template),
  );

const spoiledJsonLines = (maxLines: number) =>
  fc
    .array(
      spoiledJson.map((record) => JSON.stringify(record) ?? 'null'),
      { minLength: 1, maxLength: maxLines },
    )
    .map((lines) => lines.join('\n'));

/** A real CSV file with a few of its cells replaced. */
const spoiledCsv = fc
  .tuple(fc.constantFrom(...csvTemplates), fc.array(fc.tuple(fc.nat(), fc.nat(), csvCell), { minLength: 1, maxLength: 3 }))
  .map(([lines, changes]) => {
    const rows = lines.map((line) => line.split(','));
    for (const [row, column, cell] of changes) {
      const cells = rows[row % rows.length] ?? [];
      cells[column % Math.max(cells.length, 1)] = cell;
    }
    return rows.map((cells) => cells.join(',')).join('\n');
  });

/**
 * A document nested deep, in arrays or in objects of the formats' keys: no reader may recurse into a
 * crash. Shown as its depth and opening, not its text, when the property fails.
 */
const nested = (maxDepth: number) =>
  fc
    .record({ depth: fc.integer({ min: 1, max: maxDepth }), open: fc.constantFrom('[', '{"data":', '{"results":', '{"usage":') })
    .map(({ depth, open }) => {
      const close = open === '[' ? ']' : '}';
      const content = Buffer.from(`${open.repeat(depth)}1${close.repeat(depth)}`);
      return Object.assign(content, { [fc.toStringMethod]: () => `nested ${JSON.stringify(open)} × ${depth}` });
    });

export interface FuzzSize {
  readonly runs: number;
  /** The most lines or rows of a text input, and bytes of a binary one. */
  readonly lines: number;
  readonly bytes: number;
  /** The deepest a nested document goes. */
  readonly depth: number;
}

/** A source's content, and the name (extension) gacost is given it by. */
const sources = (size: FuzzSize) =>
  fc.oneof(
    fc.tuple(
      jsonLines(size.lines).map((text) => Buffer.from(text)),
      fc.constantFrom('usage.jsonl', 'usage.json', 'usage.log'),
    ),
    fc.tuple(
      csv(size.lines).map((text) => Buffer.from(text)),
      fc.constantFrom('usage.csv', 'usage.log'),
    ),
    fc.tuple(
      bytes(size.bytes).map((data) => Buffer.from(data)),
      fc.constantFrom('usage.jsonl', 'usage.csv', 'usage.json', 'usage'),
    ),
    fc.tuple(
      spoiledJsonLines(size.lines).map((text) => Buffer.from(text)),
      fc.constantFrom('usage.jsonl', 'usage.json'),
    ),
    fc.tuple(
      spoiledCsv.map((text) => Buffer.from(text)),
      fc.constant('usage.csv'),
    ),
    fc.tuple(nested(size.depth), fc.constantFrom('usage.json', 'usage.jsonl')),
  );

export async function readersNeverFailInternally(size: FuzzSize): Promise<void> {
  const dir = scratchDir();
  await fc.assert(
    fc.asyncProperty(sources(size), fc.constantFrom(undefined, ...USAGE_FORMATS), fc.boolean(), async ([content, name], from, skipBad) => {
      const file = join(dir, name);
      writeFileSync(file, content);
      const run = await gacost([
        'usage',
        file,
        '--on',
        'none',
        '--provider',
        'openai',
        ...(from === undefined ? [] : ['--from', from]),
        ...(skipBad ? ['--skip-bad'] : []),
        '--format',
        'json',
      ]);
      expect([0, 1, 2], `${run.command}\n${run.stderr}`).toContain(run.exitCode);
      if (run.exitCode === 2) {
        expect(run.stdout).toBe('');
        expect(run.stderr).toMatch(/^gacost: error: [^\n]+\n$/);
      }
    }),
    { numRuns: size.runs },
  );
}
