/**
 * A GitHub Actions workflow command such as `::error title=…::message`, escaped as GitHub's own
 * toolkit (@actions/core) escapes it. The runner reads every line of the log as a possible command and
 * decodes %XX in it, so a newline, or a `%0A` that a name holds, would otherwise end the annotation
 * and start a command of the name's choosing (an annotation on any file, ::add-mask::, …).
 */
export function githubAnnotation(level: 'error' | 'warning', properties: Readonly<Record<string, string>>, message: string): string {
  const list = Object.entries(properties).map(([key, value]) => `${key}=${escapeProperty(value)}`);
  return `::${level} ${list.join(',')}::${escapeData(message)}`;
}

function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** A property also ends at `,` (the next property) and `:` (`::`, the message). */
function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

/** An annotation's `file` and `line` properties from a position "file:line:col" (the file may hold colons); none without one. */
export function annotationPlace(position: string | undefined): Record<string, string> {
  const found = position === undefined ? null : /^(.*):(\d+):\d+$/s.exec(position);
  return found === null ? {} : { file: found[1] ?? '', line: found[2] ?? '' };
}
