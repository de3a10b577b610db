/**
 * Characters no name has a use for and every program that reads names may read as something else:
 * C0 (NUL to US: a NUL ends a C string, a newline a line), DEL, C1 (CSI, NEL), the bidirectional
 * controls (U+202E shows text backwards) and the line and paragraph separators. The catalog refuses
 * them in ids, aliases, names and match patterns; each output sink escapes them on its own all the same.
 */
export const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

/** The first control character of `text` as `U+XXXX at N` (N counts characters from 1), or undefined. */
export function firstControlCharacter(text: string): string | undefined {
  const found = CONTROL_CHARACTER.exec(text);
  if (found === null) return undefined;
  return `U+${found[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} at character ${Array.from(text.slice(0, found.index)).length + 1}`;
}
