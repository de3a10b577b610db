import { ExactNumber } from './exact.js';

type Json = string | number | boolean | null | undefined | ExactNumber | readonly Json[] | { readonly [key: string]: Json };

/** JSON indented by two spaces, with exact decimals written as they are (Node 20 has no JSON.rawJSON). */
export function renderJson(value: unknown): string {
  const parts: string[] = [];
  write(value as Json, '', parts);
  parts.push('\n');
  return parts.join('');
}

/** Appends to `parts` rather than concatenating strings: joined once, the text is built flat. */
function write(value: Json, indent: string, parts: string[]): void {
  if (value instanceof ExactNumber) {
    parts.push(value.text);
    return;
  }
  if (value === null || typeof value !== 'object') {
    parts.push(JSON.stringify(value) ?? 'null');
    return;
  }
  const inner = `${indent}  `;
  const isArray = Array.isArray(value);
  const entries: [string | null, Json][] = isArray
    ? (value as readonly Json[]).map((item) => [null, item])
    : Object.entries(value as { readonly [key: string]: Json }).filter(([, item]) => item !== undefined);
  if (entries.length === 0) {
    parts.push(isArray ? '[]' : '{}');
    return;
  }
  parts.push(isArray ? '[' : '{');
  entries.forEach(([key, item], at) => {
    parts.push(at === 0 ? '\n' : ',\n', inner);
    if (key !== null) parts.push(JSON.stringify(key), ': ');
    write(item, inner, parts);
  });
  parts.push('\n', indent, isArray ? ']' : '}');
}
