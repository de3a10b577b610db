import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import type { Candidate } from '../../src/core/candidate.js';
import { catalogInfo } from '../../src/core/catalog.js';
import { divideRounded, formatDecimal } from '../../src/core/decimal.js';
import { MONEY_SCALE, PERCENT_SCALE, usdText } from '../../src/core/money.js';
import { ALL_OUTPUT } from '../../src/core/pricing.js';
import { project } from '../../src/core/projection.js';
import { ModelIndex } from '../../src/core/resolve-model.js';
import type { StagePlan } from '../../src/core/stages.js';
import { emptyTotals } from '../../src/core/usage.js';
import type { UsageReport } from '../../src/core/usage-pricing.js';
import { csvPieces, renderCsv } from '../../src/output/csv.js';
import { exact } from '../../src/output/exact.js';
import { render } from '../../src/output/results.js';
import { unpricedNote } from '../../src/output/usage.js';

const PRICES = { asOf: '2026-11-24', tier: null };
const catalog = loadCatalog(readFileSync('test/fixtures/catalogs/standard.yaml', 'utf8'), 'test/fixtures/catalogs/standard.yaml');
const index = new ModelIndex(catalog, PRICES);
const priced = catalog.models.filter((model) => model.prices !== 'unpublished').map((model) => index.resolvePriced(model.id));

const projections = fc
  .record({
    tokens: fc.array(fc.bigInt({ min: 0n, max: 10n ** 15n }), { minLength: 1, maxLength: 5 }),
    candidates: fc.uniqueArray(fc.integer({ min: 0, max: priced.length - 1 }), { minLength: 1, maxLength: 3 }),
    baseline: fc.integer({ min: 0, max: priced.length - 1 }),
  })
  .map(({ tokens, candidates, baseline }) => {
    const plan: StagePlan = {
      stages: tokens.map((count, position) => ({ name: `stage ${position}`, users: null, tokens: count })),
      source: 'file',
      tokensPerUser: null,
      roundedStages: [],
    };
    const models: Candidate[] = candidates.map((position) => ({ kind: 'model', model: priced[position] ?? priced[0]! }));
    return project(
      catalogInfo(catalog, PRICES),
      plan,
      models,
      { kind: 'model', model: priced[baseline] ?? priced[0]! },
      { accounting: ALL_OUTPUT },
    );
  });

describe('output properties', () => {
  it('CSV read back gives the same numbers as the JSON', () => {
    fc.assert(
      fc.property(projections, (projection) => {
        const json = JSON.parse(render(projection, 'json', { color: false, width: 80 })).rows as Record<string, unknown>[];
        const [header = '', ...lines] = render(projection, 'csv', { color: false, width: 80 }).trimEnd().split('\n');
        const fields = header.split(',');
        const csv = lines.map((line) =>
          Object.fromEntries(
            line.split(',').map((cell, at) => [fields[at], cell === '' ? null : /^-?[\d.]+(e[+-]?\d+)?$/.test(cell) ? Number(cell) : cell]),
          ),
        );
        expect(csv).toEqual(json);
      }),
      { numRuns: 200 },
    );
  });

  it('JSON numbers are the exact decimal results, digit for digit', () => {
    fc.assert(
      fc.property(projections, (projection) => {
        const text = render(projection, 'json', { color: false, width: 80 });
        const written = [...text.matchAll(/"cost_usd": (-?[\d.]+)/g)].map((match) => match[1]);
        expect(written).toEqual(projection.rows.map((row) => usdText(row.cost)));
      }),
      { numRuns: 200 },
    );
  });

  it('savings_pct is at most 100 and equals 100 − 100·cost/baseline, rounded to 4 places', () => {
    fc.assert(
      fc.property(projections, (projection) => {
        for (const row of projection.rows) {
          if (row.baselineCost === 0n) {
            expect(row.savingsPct).toBeNull();
            continue;
          }
          const expected = divideRounded((row.baselineCost - row.cost) * 100n * 10n ** BigInt(PERCENT_SCALE), row.baselineCost);
          expect(row.savingsPct).toBe(expected);
          expect(row.savingsPct ?? 0n).toBeLessThanOrEqual(100n * 10n ** BigInt(PERCENT_SCALE));
          expect(formatDecimal(row.cost, MONEY_SCALE)).toBe(usdText(row.cost));
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('JSON output past the longest string', () => {
  it('is refused with a reason (invalid-option), not an internal error', () => {
    const plan: StagePlan = {
      stages: [{ name: 'one', users: null, tokens: 1_000n }],
      source: 'file',
      tokensPerUser: null,
      roundedStages: [],
    };
    const result = project(
      catalogInfo(catalog, PRICES),
      plan,
      [{ kind: 'model', model: priced[0]! }],
      { kind: 'model', model: priced[0]! },
      { accounting: ALL_OUTPUT },
    );
    const stringify = vi.spyOn(JSON, 'stringify').mockImplementationOnce(() => {
      throw new RangeError('Invalid string length');
    });
    try {
      expect(() => render(result, 'json', { color: false, width: undefined })).toThrow(
        expect.objectContaining({ code: 'invalid-option', message: expect.stringMatching(/longer than the longest text Node holds/) }),
      );
    } finally {
      stringify.mockRestore();
    }
  });
});

describe('CSV in pieces', () => {
  it('comes in pieces of whole lines, each made as it is asked for, that join into the CSV made whole', () => {
    const fields = ['session', 'cost_usd'];
    let made = 0;
    const records = function* () {
      for (let at = 0; at < 20_000; at += 1) {
        made += 1;
        yield { session: at % 2 === 0 ? `s${at}` : `"s,${at}"`, cost_usd: exact(`0.${at}`) };
      }
    };
    const pieces = csvPieces({ fields, records: records() });
    const first = pieces.next();
    expect(first.done).toBe(false);
    expect(made).toBeLessThan(20_000);
    const all = [first.value as string, ...pieces];
    expect(all.length).toBeGreaterThan(2);
    expect(all.every((piece) => piece.endsWith('\n'))).toBe(true);
    expect(all.join('')).toBe(renderCsv({ fields, records: records() }));
    expect(all.join('').split('\n').slice(0, 3)).toEqual(['session,cost_usd', 's0,0.0', '"""s,1""",0.1']);
  });
});

describe('one CSV writer', () => {
  it('guards text against spreadsheet formulas unless told not to (data to load), and quotes text a reader might trim', () => {
    const table = { fields: ['pattern', 'note', 'n'], records: [{ pattern: '-preview', note: ' padded ', n: exact('-1') }] };
    expect(renderCsv(table)).toBe(`pattern,note,n\n'-preview," padded ",-1\n`);
    expect(renderCsv(table, { formulaGuard: false })).toBe(`pattern,note,n\n-preview," padded ",-1\n`);
  });
});

describe('usage notes', () => {
  it('lists many unpriced names by reason in time linear in their number (no copy of the list per name)', () => {
    const unpriced = Array.from({ length: 40_000 }, (_, at) => ({
      name: `x${at}`,
      code: at % 2 === 0 ? 'unknown-model' : 'ambiguous-model',
      reason: '',
      totals: emptyTotals(),
    }));
    const totals = { unpricedRecords: 40_000, unpricedTokens: 0 } as UsageReport['totals'];
    const started = performance.now();
    const note = unpricedNote({ unpriced, totals } as Pick<UsageReport, 'unpriced' | 'totals'>);
    expect(performance.now() - started).toBeLessThan(300);
    expect(note).toContain('x0, x2, x4');
    expect(note).toContain('x39999.');
  });
});
