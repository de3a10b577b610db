import { type CatalogTables, EXPORT_PRICE_KEYS, type PriceRow, type RuleRow } from '../../src/core/catalog-export.js';

/**
 * Names that each sink (SQL literals of every dialect, CSV, terminal tables and notes, stderr, CI
 * logs, HTML) must carry exactly or refuse, never read as something else: controls (NUL, CR, LF, tab,
 * ESC, NEL), backslashes (one ending a name), quotes, psql's `\!`, GitHub workflow commands (`::` at a
 * line's start, `##[` anywhere), a bidirectional override, SQL that would end a literal, and a 10 KB name.
 * `shellTarget` is a file that a shell command hidden in a name would create.
 */
export function hostileNames(shellTarget: string): string[] {
  return [
    'nul\u0000x',
    'cr\rx',
    'lf\nx',
    'tab\tx',
    'esc\u001b[31mred',
    'nel\u0085x',
    'c:\\',
    '\\',
    "\\'",
    "it's",
    '"double"',
    `\\! touch ${shellTarget} #`,
    `\\\\! touch ${shellTarget} #`,
    '##[error]forged annotation',
    '::error::forged annotation',
    '  ::warning  title=x::forged',
    '\u202egnp.exe',
    "x'); drop table gacost_prices; --",
    '$$ dollar $$',
    "e'\\x41'",
    "u&'\\0041'",
    '%_ like',
    'emoji 😀',
    `long-${'x'.repeat(10 * 1024)}`,
  ];
}

/** The export's tables for one model per name (acme/m0, acme/m1, …), each name its alias, priced $1 in and $3 out. */
export function tablesNaming(names: readonly string[]): CatalogTables {
  const price = (key: string) => (key === 'input' ? '1' : key === 'output' ? '3' : null);
  const prices = names.map(
    (_, order): PriceRow => ({
      model_id: `acme/m${order}`,
      provider: 'acme',
      valid_from: null,
      valid_to: null,
      tier: null,
      context_above: null,
      prices: Object.fromEntries(EXPORT_PRICE_KEYS.map((key) => [key, price(key)])) as PriceRow['prices'],
    }),
  );
  const base = { provider: 'acme', provider_order: 0 };
  const rules: RuleRow[] = [
    { ...base, model_id: null, model_order: null, scope: 'provider', alternative: 0, kind: 'id', pattern: 'acme' },
    ...names.flatMap((name, order): RuleRow[] => [
      { ...base, model_id: `acme/m${order}`, model_order: order, scope: 'model', alternative: 0, kind: 'id', pattern: `acme/m${order}` },
      { ...base, model_id: `acme/m${order}`, model_order: order, scope: 'model', alternative: 1, kind: 'alias', pattern: name },
    ]),
  ];
  return { prices, rules, timeOfDayLeftOut: [] };
}
