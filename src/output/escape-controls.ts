import { CONTROL_CHARACTER } from '../core/control-characters.js';

const CONTROL = new RegExp(CONTROL_CHARACTER.source, 'g');
const NAMED: Readonly<Record<string, string>> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };
/** `::` where a word starts: the runner reads a line as a command when it starts so after its leading whitespace. */
const COMMAND_START = /(^|\s):(?=:)/g;

/**
 * Text for a terminal, or a log that a terminal or GitHub shows: every control character (C0, DEL,
 * C1, the bidirectional controls and line separators) written as its JavaScript escape, `\n`, `\t`,
 * `\r` or `\x1b`, `\x9b`, `\u202e`. Names come from catalogs, stage and budget files, usage logs (and
 * the environment through `${VAR}`): raw, an ESC or CSI could clear the screen, recolour or hide text,
 * or open an OSC 8 hyperlink, a CR could overwrite a line, a bidirectional override show it backwards,
 * and a newline could start a line of its own (a forged error, or a GitHub workflow command).
 * GitHub's runner also reads a line as a workflow command where it holds `##[` anywhere or starts, after
 * its leading whitespace, with `::` (actions/runner ActionCommand.TryParse and TryParseV2): so `[`
 * after `##` is written `\x5b`, and the first `:` of a `::` that starts a word `\x3a`, wherever a
 * table, a wrapped note or a stderr line puts the word. Escaped, the reader still sees what the file
 * holds; a backslash already in the text is left as it is, since doubling it would garble every Windows
 * path for the sake of an ambiguity only a hostile file creates.
 */
export function escapeControls(text: string): string {
  return text
    .replace(CONTROL, (char) => NAMED[char] ?? escapeOf(char))
    .replace(COMMAND_START, '$1\\x3a')
    .replaceAll('##[', '##\\x5b');
}

function escapeOf(char: string): string {
  const code = char.charCodeAt(0).toString(16);
  return code.length <= 2 ? `\\x${code.padStart(2, '0')}` : `\\u${code.padStart(4, '0')}`;
}
