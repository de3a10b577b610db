import { CONTROL_CHARACTER } from '../../core/control-characters.js';
import { GacostError } from '../../errors.js';

export const DIALECTS = ['duckdb', 'postgres', 'bigquery'] as const;
export type Dialect = (typeof DIALECTS)[number];

/** What the export's script writes differently in each SQL dialect; everything else is the same text. */
export interface SqlDialect {
  readonly name: Dialect;
  /** The type of text columns. */
  readonly text: string;
  /** The type of a price column: USD per 1M tokens to 9 decimal places. */
  readonly price: string;
  /** The type of the view's cost: USD to 15 decimal places, over any sum of tokens. */
  readonly cost: string;
  /** The type of a price per token in the view (a price × 10^-6), to 15 decimal places. */
  readonly perTokenPrice: string;
  /** The type a token count is cast to before it is multiplied by a price, so that the product stays exact. */
  readonly tokenCount: string;
  /** The types of the rule table's orders and alternatives, and of context_above (a token count). */
  readonly integer: string;
  readonly bigint: string;
  /** The aggregate that is true when every row of a group is (an `and` of a rule's rows). */
  readonly everyTrue: string;
  /** Whether its regex engine is RE2, which has no lookaround and no back-references (regexConcerns). */
  readonly re2: boolean;
  /** Whether `name` (lower case) matches `pattern`, case-insensitively. */
  regex(name: string, pattern: string): string;
  /** A string literal, safe whatever the text holds (see below). */
  literal(text: string): string;
  /** Statements the script starts with. */
  readonly preamble: readonly string[];
}

/**
 * String literals, one rule per dialect, safe whatever the text holds (the catalog refuses control
 * characters, but the script must not depend on that): no control character is written as it is, so
 * the script has one line per line of SQL (psql reads it line by line as C strings, and a NUL would end
 * a line inside a literal), and no backslash is read differently by a server's settings.
 */
const CONTROLS = new RegExp(CONTROL_CHARACTER.source, 'g');
const hex4 = (char: string) => char.charCodeAt(0).toString(16).padStart(4, '0');

/**
 * PostgreSQL: a standard string where the text has no backslash and no control; else an escape string,
 * E'…', whose backslashes psql and the server read alike whatever standard_conforming_strings says.
 * PostgreSQL text cannot hold a NUL at all.
 */
function postgresLiteral(text: string): string {
  if (!text.includes('\\') && !CONTROL_CHARACTER.test(text)) return `'${text.replaceAll("'", "''")}'`;
  if (text.includes('\0'))
    throw new GacostError('invalid-catalog', `PostgreSQL text cannot hold a NUL character: ${JSON.stringify(text).slice(0, 200)}`);
  return `E'${text
    .replaceAll('\\', '\\\\')
    .replaceAll("'", "''")
    .replace(CONTROLS, (char) => `\\u${hex4(char)}`)}'`;
}

/** DuckDB: standard strings keep backslashes; a control character is joined in with chr() (its parser reads a NUL as the script's end). */
function duckdbLiteral(text: string): string {
  return `'${text.replaceAll("'", "''").replace(CONTROLS, (char) => `' || chr(${char.charCodeAt(0)}) || '`)}'`;
}

/** BigQuery: a quoted string with its escapes (a raw string cannot end in a backslash, and no quoted string may hold a newline). */
function bigqueryLiteral(text: string): string {
  return `'${text
    .replaceAll('\\', '\\\\')
    .replaceAll("'", "\\'")
    .replace(CONTROLS, (char) => `\\u${hex4(char)}`)}'`;
}

export const SQL_DIALECTS: Record<Dialect, SqlDialect> = {
  duckdb: {
    name: 'duckdb',
    text: 'VARCHAR',
    price: 'DECIMAL(18,9)',
    cost: 'DECIMAL(38,15)',
    perTokenPrice: 'DECIMAL(18,15)',
    tokenCount: 'DECIMAL(20,0)',
    integer: 'INTEGER',
    bigint: 'BIGINT',
    everyTrue: 'bool_and',
    re2: true,
    regex: (name, pattern) => `regexp_matches(${name}, ${pattern}, 'i')`,
    literal: duckdbLiteral,
    preamble: [],
  },
  postgres: {
    name: 'postgres',
    text: 'TEXT',
    price: 'NUMERIC(18,9)',
    cost: 'NUMERIC(38,15)',
    perTokenPrice: 'DECIMAL(18,15)',
    tokenCount: 'DECIMAL(20,0)',
    integer: 'INTEGER',
    bigint: 'BIGINT',
    everyTrue: 'bool_and',
    re2: false,
    regex: (name, pattern) => `(${name} ~* ${pattern})`,
    literal: postgresLiteral,
    // Every literal is read alike either way; a server set otherwise still reads the view's as written.
    preamble: ['SET standard_conforming_strings = on;'],
  },
  bigquery: {
    name: 'bigquery',
    text: 'STRING',
    price: 'NUMERIC',
    cost: 'BIGNUMERIC',
    perTokenPrice: 'BIGNUMERIC',
    tokenCount: 'BIGNUMERIC',
    integer: 'INT64',
    bigint: 'INT64',
    everyTrue: 'LOGICAL_AND',
    re2: true,
    regex: (name, pattern) => `REGEXP_CONTAINS(${name}, CONCAT('(?i)', ${pattern}))`,
    literal: bigqueryLiteral,
    preamble: [],
  },
};

/** Regex features a SQL dialect's regex engine reads differently or not at all, for a warning. */
export function regexConcerns(pattern: string, dialect: SqlDialect): string | undefined {
  if (/\(\?<?[=!]/.test(pattern) && dialect.re2) return 'lookaround, which RE2 does not support';
  if (/\(\?<[a-z]/i.test(pattern)) return 'a named group';
  if (/\\[1-9]/.test(pattern) && dialect.re2) return 'a back-reference, which RE2 does not support';
  if (/\\[pP]\{/.test(pattern)) return 'a Unicode property class';
  return undefined;
}
