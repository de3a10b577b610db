// Which usage format a source is: the formats in the order they are tried, those --from names, and
// the format of JSON lines a source's first lines tell. A whole JSON document or a CSV header tells
// its format as it is read (readers.ts), the document or header in hand.

import { bytesOf, upTo } from './bytes.js';
import type { UsageFormatName } from './format-names.js';
import { anthropicFormat } from './formats/anthropic.js';
import { anthropicReportFormat } from './formats/anthropic-report.js';
import { claudeCodeFormat } from './formats/claude-code.js';
import { csvFormat } from './formats/csv.js';
import { geminiFormat } from './formats/gemini.js';
import { litellmCsv, litellmDocument, litellmLines } from './formats/litellm.js';
import { openaiFormat } from './formats/openai.js';
import { openaiUsageFormat } from './formats/openai-usage.js';
import { type Line, Lines, MAX_TEXT_BYTES } from './lines.js';
import { isObject, type LineFormat, type UsageFormat } from './usage-format.js';

/** The formats, in the order they are tried. */
const USAGE_FORMATS_READ: readonly UsageFormat[] = [
  // JSON lines first (the first lines tell them apart), then whole documents, then CSV by its header.
  claudeCodeFormat,
  anthropicFormat,
  geminiFormat,
  openaiFormat,
  litellmLines,
  openaiUsageFormat,
  anthropicReportFormat,
  litellmDocument,
  litellmCsv,
  csvFormat,
];

/** The formats named in a message about a source of none of them. */
export const USAGE_FORMAT_LIST = 'OpenAI, OpenAI Usage API, Anthropic, Claude Code, Gemini, LiteLLM or CSV usage';

/** The formats --from names (all of them without it). */
export function candidatesFor(from: UsageFormatName | undefined): readonly UsageFormat[] {
  return from === undefined ? USAGE_FORMATS_READ : USAGE_FORMATS_READ.filter((candidate) => candidate.name === from);
}

/** The format of JSON lines of that name (a piece of a large file is read as the format its first lines told). */
export function lineFormatNamed(name: UsageFormatName): LineFormat {
  const format = USAGE_FORMATS_READ.find((candidate): candidate is LineFormat => candidate.kind === 'lines' && candidate.name === name);
  if (format === undefined) throw new Error(`no format of JSON lines named ${name}`);
  return format;
}

/**
 * The format of JSON lines a file's first lines tell (read as readOpened reads them, from its first
 * megabytes only), or undefined: of another kind, or not told by then.
 */
export async function lineFormatOfFile(file: string, path: string, from: UsageFormatName | undefined): Promise<LineFormat | undefined> {
  const lines = new Lines(upTo(bytesOf({ file }, path), HEAD_BYTES));
  try {
    return (await toldFormat(lines, candidatesFor(from))).format;
  } finally {
    await lines.close();
  }
}

/** A file's first bytes, read to tell its format before it is cut into pieces. */
const HEAD_BYTES = 4 * 1024 * 1024;

/** A source's format is told by its first lines: this many at most, */
const DETECTION_LINES = 64;

/**
 * The format of JSON lines a source's first lines tell, with the lines read to tell it and the first
 * that is not blank: one format of JSON lines named by --from, whatever the lines hold; else the
 * first line that parses as a JSON object some format knows, within 64 lines. Lines before it that
 * are no such object (a comment, a run of NULs that a truncated log starts with, a line cut short)
 * do not end the search: they are bad records of that format, refused or counted when read. A whole
 * document (a first line `[` or `{` alone) ends it, and so do 256 MB of lines.
 */
export async function toldFormat(
  lines: Lines,
  candidates: readonly UsageFormat[],
): Promise<{ format: LineFormat | undefined; buffered: Line[]; firstText: string | undefined }> {
  const lineFormats = candidates.filter((candidate): candidate is LineFormat => candidate.kind === 'lines');
  const buffered: Line[] = [];
  let bufferedBytes = 0;
  let format: LineFormat | undefined = candidates.length === 1 ? lineFormats[0] : undefined;
  let firstText: string | undefined;
  while (format === undefined && buffered.length < DETECTION_LINES && bufferedBytes <= MAX_TEXT_BYTES) {
    const next = await lines.next();
    if (next.done) break;
    buffered.push(next.value);
    bufferedBytes += next.value.text.length + 1;
    const trimmed = next.value.text.trim();
    if (trimmed === '') continue;
    const first = firstText === undefined;
    firstText ??= trimmed;
    if (trimmed === '{' || (first && trimmed.startsWith('['))) break;
    format = formatOfLine(trimmed, lineFormats);
  }
  return { format, buffered, firstText };
}

/**
 * The format of JSON lines a trimmed line tells: the first that knows it, when it is a JSON object.
 * A line that is not JSON tells none (a bad record of the format, refused or counted when read, or a
 * line of a document).
 */
function formatOfLine(trimmed: string, lineFormats: readonly LineFormat[]): LineFormat | undefined {
  if (!trimmed.startsWith('{')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  return isObject(value) ? lineFormats.find((candidate) => candidate.detect(value)) : undefined;
}

/** The format of JSON lines some line of the first lines (a JSON object a format knows) tells. */
export function toldLineFormat(entries: readonly Line[], candidates: readonly UsageFormat[]): LineFormat | undefined {
  const lineFormats = candidates.filter((candidate): candidate is LineFormat => candidate.kind === 'lines');
  for (const entry of entries.slice(0, DETECTION_LINES)) {
    const format = formatOfLine(entry.text.trim(), lineFormats);
    if (format !== undefined) return format;
  }
  return undefined;
}
