import { readFileSync } from 'node:fs';

/** The excerpt of FOCUS 1.2's column list the checker holds a CSV against (test/fixtures/focus/README.md says where it is from). */
interface FocusSpec {
  readonly dateTimeFormat: string;
  readonly customColumnPrefix: string;
  readonly notNullForUsage: readonly string[];
  readonly columns: readonly {
    readonly id: string;
    readonly featureLevel: 'Mandatory' | 'Conditional' | 'Recommended';
    readonly allowsNulls: boolean;
    readonly dataType: 'String' | 'Decimal' | 'DateTime' | 'JSON';
    readonly allowedValues?: readonly string[];
  }[];
}

const FOCUS_1_2: FocusSpec = JSON.parse(readFileSync(new URL('../fixtures/focus/focus-1.2-columns.json', import.meta.url), 'utf8'));

/** RFC 4180: fields split on commas, quoted fields with doubled quotes and line ends kept. Rows end with LF (or CRLF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let at = 0;
  while (at < text.length) {
    const char = text[at] as string;
    if (char === '"' && field === '') {
      let end = at + 1;
      for (;;) {
        const next = text.indexOf('"', end);
        if (next === -1) throw new Error(`unclosed quote at ${at}`);
        if (text[next + 1] === '"') end = next + 2;
        else {
          field = text.slice(at + 1, next).replaceAll('""', '"');
          at = next + 1;
          break;
        }
      }
      continue;
    }
    if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || (char === '\r' && text[at + 1] === '\n')) {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      if (char === '\r') at += 1;
    } else field += char;
    at += 1;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** A column of a FOCUS CSV, by its name. */
export function column(csv: string, name: string): string[] {
  const [header = [], ...rows] = parseCsv(csv);
  return rows.map((row) => row[header.indexOf(name)] ?? '');
}

/** Decimal texts summed exactly, as an integer of 10^-15 (the money scale). */
export function exactSum(values: readonly string[]): bigint {
  return values.reduce((sum, value) => {
    const [whole = '0', fraction = ''] = value.split('.');
    const sign = whole.startsWith('-') ? -1n : 1n;
    return sum + sign * (BigInt(whole.replace('-', '')) * 10n ** 15n + BigInt(fraction.padEnd(15, '0')));
  }, 0n);
}

/** FOCUS's Numeric Format: an integer, a decimal or E notation, a sign only for a negative value or exponent. */
const DECIMAL = /^-?\d+(\.\d+)?(E-?\d+)?$/;
/** FOCUS's Date/Time Format, YYYY-MM-DDTHH:mm:ssZ. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

function typeProblem(type: FocusSpec['columns'][number]['dataType'], value: string): string | undefined {
  switch (type) {
    case 'Decimal':
      return DECIMAL.test(value) ? undefined : 'not a decimal in the Numeric Format';
    case 'DateTime': {
      const valid = DATE_TIME.test(value) && new Date(value).toISOString() === value.replace('Z', '.000Z');
      return valid ? undefined : 'not a date/time in the format YYYY-MM-DDTHH:mm:ssZ';
    }
    case 'JSON':
      try {
        JSON.parse(value);
        return undefined;
      } catch {
        return 'not JSON';
      }
    case 'String':
      return value.trim() === '' ? 'a string of spaces' : undefined;
  }
}

/**
 * The problems of a CSV as a FOCUS 1.2 dataset, each `row N, Column: why` (none: it passes): every
 * Mandatory column in the header, every other column FOCUS's or custom (x_), each value of its type and
 * format, one of the allowed values where the column has them, and null (an empty field) only where
 * the column allows it (and, on a Usage row, not in the columns its requirements say must be filled).
 */
export function focusProblems(csv: string, spec: FocusSpec = FOCUS_1_2): string[] {
  const [header = [], ...rows] = parseCsv(csv);
  const problems: string[] = [];
  const columns = new Map(spec.columns.map((column) => [column.id, column]));
  for (const column of spec.columns)
    if (column.featureLevel === 'Mandatory' && !header.includes(column.id)) problems.push(`header: mandatory column ${column.id} missing`);
  for (const name of header) {
    if (!columns.has(name) && !name.startsWith(spec.customColumnPrefix))
      problems.push(`header: ${name} is neither a FOCUS column nor custom (${spec.customColumnPrefix})`);
    if (header.indexOf(name) !== header.lastIndexOf(name)) problems.push(`header: ${name} twice`);
  }
  rows.forEach((cells, at) => {
    const where = `row ${at + 1}`;
    if (cells.length !== header.length) problems.push(`${where}: ${cells.length} fields, the header has ${header.length}`);
    const cellOf = (name: string) => cells[header.indexOf(name)] ?? '';
    const usage = cellOf('ChargeCategory') === 'Usage' && cellOf('ChargeClass') !== 'Correction';
    header.forEach((name, index) => {
      const column = columns.get(name);
      if (column === undefined) return;
      const value = cells[index] ?? '';
      if (value === '') {
        if (!column.allowsNulls) problems.push(`${where}, ${name}: null, which the column does not allow`);
        else if (usage && spec.notNullForUsage.includes(name)) problems.push(`${where}, ${name}: null on a Usage row`);
        return;
      }
      const problem = typeProblem(column.dataType, value);
      if (problem !== undefined) problems.push(`${where}, ${name}: ${JSON.stringify(value)} ${problem}`);
      else if (column.allowedValues !== undefined && !column.allowedValues.includes(value))
        problems.push(`${where}, ${name}: ${JSON.stringify(value)} is not an allowed value`);
    });
  });
  return problems;
}
