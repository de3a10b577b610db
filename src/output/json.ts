import { ExactNumber } from './exact.js';

type Json = string | number | boolean | null | undefined | ExactNumber | readonly Json[] | { readonly [key: string]: Json };

/** JSON indented by two spaces, with exact decimals written as they are (Node 20 has no JSON.rawJSON). */
export function renderJson(value: unknown): string {
  return `${stringifyExact(value as Json)}\n`;
}

function stringifyExact(value: Json, indent = ''): string {
  if (value instanceof ExactNumber) return value.text;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = `${indent}  `;
  let text = '';
  if (Array.isArray(value)) {
    for (const item of value as readonly Json[]) text += `${text === '' ? '' : ','}\n${inner}${stringifyExact(item, inner)}`;
    return text === '' ? '[]' : `[${text}\n${indent}]`;
  }
  const record = value as { readonly [key: string]: Json };
  for (const key of Object.keys(record)) {
    const item = record[key];
    if (item !== undefined) text += `${text === '' ? '' : ','}\n${inner}${JSON.stringify(key)}: ${stringifyExact(item, inner)}`;
  }
  return text === '' ? '{}' : `{${text}\n${indent}}`;
}
