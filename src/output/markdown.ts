import type { BudgetStatus } from '../core/budget-check.js';
import { escapeControls } from './escape-controls.js';
import type { DisplayCell, DisplayColumn, DisplayTable } from './view.js';

export const STATUS_MARKS: Record<BudgetStatus, string> = { ok: '✅', warn: '⚠️', fail: '❌', none: '➖', 'no-data': '❔' };

/** GitHub-flavoured Markdown, short enough for a PR comment or $GITHUB_STEP_SUMMARY. */
export function renderMarkdown(display: DisplayTable): string {
  // A --wide column (a model's id beside its name) is left out: the comment is read, not copied from.
  const shown = display.columns.flatMap((column, at) => (column.wide === true ? [] : [at]));
  const columns = shown.map((at) => display.columns[at] as DisplayColumn);
  const header = `| ${columns.map((column) => markdownText(column.title)).join(' | ')} |`;
  const rule = `| ${columns.map((column) => (column.align === 'right' ? '---:' : '---')).join(' | ')} |`;
  const rows = Array.from(display.rows, (row) => `| ${shown.map((at) => cellText(row[at] ?? { text: '' })).join(' | ')} |`);
  const title = display.title === undefined ? [] : [`### ${markdownText(display.title)}`, ''];
  const next = display.next === undefined ? [] : ['', renderMarkdown(display.next).trimEnd()];
  return `${[...title, header, rule, ...rows, '', ...display.notes.map((note) => `${markdownText(note)}  `), ...next].join('\n')}\n`;
}

function cellText(cell: DisplayCell): string {
  const text = markdownText(cell.text);
  if (cell.status !== undefined) return `${STATUS_MARKS[cell.status]} ${text}`;
  return cell.tone === 'strong' && text !== '' ? `**${text}**` : text;
}

/** Keeps text from breaking the table, turning into markup, or reaching a terminal as control codes. */
export function markdownText(text: string): string {
  return escapeControls(text.replace(/([\\|*_`<>[\]])/g, '\\$1'));
}
