const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const NAMED: Readonly<Record<string, string>> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/**
 * Text for a terminal, or a log that a terminal or GitHub shows: every control character (C0, DEL
 * and C1) written as its JavaScript escape, `\n`, `\t`, `\r` or `\x1b`, `\x9b`. Names come from
 * catalogs, stage and budget files (and the environment through `${VAR}`): raw, an ESC or CSI could
 * clear the screen, recolour or hide text, or open an OSC 8 hyperlink, a CR could overwrite a line,
 * and a newline could start a line of its own (a forged error, or a GitHub workflow command). Escaped,
 * the reader still sees what the file holds; a backslash already in the text is left as it is, since
 * doubling it would garble every Windows path for the sake of an ambiguity only a hostile file creates.
 */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, (char) => NAMED[char] ?? `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
