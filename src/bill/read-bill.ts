import type { BillLine } from '../core/reconcile.js';
import { GacostError } from '../errors.js';
import { CsvRows, headerNames } from '../usage/csv.js';
import { parseJson } from '../usage/json-numbers.js';
import { lineOfPath } from '../usage/json-position.js';
import { BadRecord } from '../usage/usage-format.js';
import { anthropicCosts } from './anthropic-costs.js';
import { type BillSource, type BillSourceName, badLine } from './bill-source.js';
import { plainCsv } from './csv.js';
import { focus } from './focus.js';
import { litellm } from './litellm.js';
import { openaiCosts } from './openai-costs.js';
import { openrouter } from './openrouter.js';
import { openrouterActivity } from './openrouter-activity.js';

/** Every bill source, in the order tried: the first whose detect claims a file reads it. */
const BILL_SOURCES: readonly BillSource[] = [openaiCosts, anthropicCosts, openrouterActivity, openrouter, litellm, focus, plainCsv];

/** A bill file read: its source and its lines, in the file's order. */
export interface ReadBill {
  readonly path: string;
  readonly source: BillSourceName;
  readonly title: string;
  readonly lines: readonly BillLine[];
}

/**
 * The lines of a bill file (its text): JSON (a document, or one a line) or CSV with a header, of the
 * source `from` names or the first that claims its shape. A file of no source, or a line a source
 * cannot read, is refused (invalid-bill) with its place.
 */
export function readBill(path: string, text: string, from: BillSourceName | undefined): ReadBill {
  const body = text.replace(/^\uFEFF/, '');
  const start = body.trimStart()[0];
  const found = start === '{' || start === '[' ? jsonBill(path, body, from) : csvBill(path, body, from);
  return { path, ...found };
}

const NO_SOURCE = `not a bill gacost reads (${BILL_SOURCES.map((source) => source.title).join('; ')}): --bill-from names its source`;

function jsonBill(path: string, body: string, from: BillSourceName | undefined): Omit<ReadBill, 'path'> {
  const documents = jsonDocuments(path, body);
  const sources = BILL_SOURCES.filter((source) => source.kind === 'json' && (from === undefined || source.name === from));
  const source = sources.find((candidate) => candidate.kind === 'json' && documents.some((document) => candidate.detect(document.value)));
  if (source === undefined || source.kind !== 'json')
    throw new GacostError('invalid-bill', `${path}: ${from === undefined ? NO_SOURCE : `not a ${from} bill`}`);
  const lines = documents.flatMap((document) =>
    source.lines(document.value, (at) => `${path}:${document.line + lineOfPath(document.text, at) - 1}`),
  );
  return { source: source.name, title: source.title, lines };
}

/** The file as one JSON document, or as one a line (pages or records saved as JSON lines). */
function jsonDocuments(path: string, body: string): { value: unknown; line: number; text: string }[] {
  try {
    return [{ value: parseJson(body), line: 1, text: body }];
  } catch {
    return body.split('\n').flatMap((text, index) => {
      if (text.trim() === '') return [];
      try {
        return [{ value: parseJson(text), line: index + 1, text }];
      } catch (error) {
        throw badLine(`${path}:${index + 1}`, `not JSON (${(error as Error).message})`);
      }
    });
  }
}

function csvBill(path: string, body: string, from: BillSourceName | undefined): Omit<ReadBill, 'path'> {
  const rows = new CsvRows();
  const lines: BillLine[] = [];
  let read: ((row: readonly string[], where: string) => BillLine[]) | undefined;
  let source: BillSource | undefined;
  for (const [index, text] of body.split(/\r?\n/).entries()) {
    const where = `${path}:${index + 1}`;
    let row: ReturnType<CsvRows['line']>;
    try {
      row = rows.line(text, index + 1);
    } catch (error) {
      if (error instanceof BadRecord) throw badLine(where, error.message);
      throw error;
    }
    if (row === undefined) continue;
    if (read === undefined) {
      const header = headerNames(row.fields);
      rows.columns = row.fields.length;
      source = BILL_SOURCES.find(
        (candidate) => candidate.kind === 'csv' && (from === undefined || candidate.name === from) && candidate.detect(header),
      );
      if (source === undefined || source.kind !== 'csv')
        throw new GacostError('invalid-bill', `${path}: ${from === undefined ? NO_SOURCE : `not a ${from} bill`}`);
      read = source.open(header, `${path}:${row.line}`);
      continue;
    }
    lines.push(...read(row.fields, `${path}:${row.line}`));
  }
  if (source === undefined) throw new GacostError('invalid-bill', `${path}: empty: no header line`);
  return { source: source.name, title: source.title, lines };
}
