import { describe, expect, it } from 'vitest';
import { mergeHistory } from '../../src/import/import-history.js';
import type { ImportedModel } from '../../src/import/imported-catalog.js';

const model = (id: string, prices: ImportedModel['prices'], extra: Partial<ImportedModel> = {}): ImportedModel => ({
  id,
  name: id,
  provider: 'p',
  aliases: [],
  prices,
  source: 'https://example.com/pricing',
  checked: '2026-08-21',
  ...extra,
});
const REFRESH = '2026-09-23';

describe('a refresh merges the new data onto the catalog an earlier one made', () => {
  it('keeps a price the data has not changed as it was', () => {
    const [merged] = mergeHistory(
      [model('p/a', { input: '1', output: '2' })],
      [model('p/a', { input: '1', output: '2' }, { checked: REFRESH })],
      REFRESH,
    );
    expect(merged).toEqual(model('p/a', { input: '1', output: '2' }, { checked: REFRESH }));
  });

  it('adds a price changed without a date from the refresh date, keeping the old one, and is the same when run again', () => {
    const previous = [
      model('p/a', [
        { input: '1', output: '2' },
        { from: '2026-05-01', input: '0.5', output: '1' },
      ]),
    ];
    const once = mergeHistory(previous, [model('p/a', { input: '0.25', output: '1' })], REFRESH);
    expect(once[0]?.prices).toEqual([
      { input: '1', output: '2' },
      { from: '2026-05-01', input: '0.5', output: '1' },
      { from: REFRESH, input: '0.25', output: '1' },
    ]);
    expect(mergeHistory(once, [model('p/a', { input: '0.25', output: '1' })], REFRESH)).toEqual(once);
  });

  it('adds nothing on later refreshes of an unchanged price, whatever their dates', () => {
    const previous = [model('p/a', { input: '1', output: '2' })];
    const changed = mergeHistory(previous, [model('p/a', { input: '3', output: '4' })], '2026-10-01');
    const back = mergeHistory(changed, [model('p/a', { input: '1', output: '2' })], '2026-11-01');
    const later = mergeHistory(
      mergeHistory(back, [model('p/a', { input: '1', output: '2' })], '2026-12-01'),
      [model('p/a', { input: '1', output: '2' })],
      '2027-01-01',
    );
    expect(later[0]?.prices).toEqual([
      { input: '1', output: '2' },
      { from: '2026-10-01', input: '3', output: '4' },
      { from: '2026-11-01', input: '1', output: '2' },
    ]);
  });

  it('follows the data on prices still to come: a change it withdraws or moves goes', () => {
    const announced = mergeHistory(
      [model('p/a', { input: '1', output: '2' })],
      [
        model('p/a', [
          { input: '1', output: '2' },
          { from: '2026-12-01', input: '0.5', output: '1' },
        ]),
      ],
      '2026-10-01',
    );
    expect(mergeHistory(announced, [model('p/a', { input: '1', output: '2' })], '2026-11-01')[0]?.prices).toEqual({
      input: '1',
      output: '2',
    });
    const moved = mergeHistory(
      announced,
      [
        model('p/a', [
          { input: '1', output: '2' },
          { from: '2027-01-01', input: '0.5', output: '1' },
        ]),
      ],
      '2026-11-01',
    );
    expect(moved[0]?.prices).toEqual([
      { input: '1', output: '2' },
      { from: '2027-01-01', input: '0.5', output: '1' },
    ]);
    // Once its date has passed, an announced price is history the data cannot take back: the data's price applies from its own date.
    expect(mergeHistory(announced, [model('p/a', { input: '1', output: '2' })], '2026-12-15')[0]?.prices).toEqual([
      { input: '1', output: '2' },
      { from: '2026-12-01', input: '0.5', output: '1' },
      { from: '2026-12-15', input: '1', output: '2' },
    ]);
  });

  it("adds the data's own dated changes at their dates, and a time-of-day window with the price it refines", () => {
    const fresh = model('p/a', [
      { input: '1', output: '2' },
      { from: '2026-07-01', input: '0.5', output: '1' },
      { hours: '00:30:00-16:30:00', input: '1', output: '2' },
    ]);
    const [merged] = mergeHistory([model('p/a', { input: '1', output: '2' })], [fresh], REFRESH);
    expect(merged?.prices).toEqual(fresh.prices);
  });

  it('keeps context tiers with the prices they belong to', () => {
    const tiers = [{ above: '200K', input: '6', output: '22.5' }];
    const [merged] = mergeHistory(
      [model('p/a', { input: '3', output: '15' })],
      [model('p/a', { input: '3', output: '15' }, { context_tiers: tiers })],
      REFRESH,
    );
    expect(merged?.prices).toEqual([
      { input: '3', output: '15', context_tiers: [] },
      { from: REFRESH, input: '3', output: '15', context_tiers: tiers },
    ]);
    expect(merged?.context_tiers).toBeUndefined();
  });

  it('keeps a model the data no longer lists or prices, and takes a new one as the data has it', () => {
    const previous = [model('p/gone', { output: '1' }), model('p/free-now', { output: '3' })];
    const fresh = [model('p/free-now', 'unpublished'), model('p/new', [{ from: '2026-09-01', output: '4' }])];
    expect(mergeHistory(previous, fresh, REFRESH)).toEqual([
      model('p/free-now', { output: '3' }),
      model('p/new', [{ from: '2026-09-01', output: '4' }]),
      model('p/gone', { output: '1' }),
    ]);
  });
});
