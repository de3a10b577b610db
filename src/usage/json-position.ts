/**
 * The line (1-based) where the value at `path` starts in a JSON text that parsed, or the line of its
 * nearest ancestor that is there: for naming where a bad record of a document is. Run only when a
 * record is bad, so a document's happy path costs nothing more than JSON.parse.
 */
export function lineOfPath(text: string, path: readonly (string | number)[]): number {
  let at = 0;
  let line = 1;
  const space = () => {
    for (; at < text.length; at += 1) {
      const char = text[at];
      if (char === '\n') line += 1;
      else if (char !== ' ' && char !== '\t' && char !== '\r') return;
    }
  };
  const string = (): string => {
    const start = at;
    for (at += 1; at < text.length && text[at] !== '"'; at += 1) if (text[at] === '\\') at += 1;
    at += 1;
    return JSON.parse(text.slice(start, at)) as string;
  };
  const skip = () => {
    space();
    const char = text[at];
    if (char === '"') {
      string();
      return;
    }
    if (char !== '{' && char !== '[') {
      while (at < text.length && !/[\s,\]}]/.test(text[at] as string)) at += 1;
      return;
    }
    let depth = 0;
    for (; at < text.length; at += 1) {
      const next = text[at];
      if (next === '"') {
        string();
        at -= 1;
      } else if (next === '\n') line += 1;
      else if (next === '{' || next === '[') depth += 1;
      else if (next === '}' || next === ']') {
        depth -= 1;
        if (depth === 0) {
          at += 1;
          return;
        }
      }
    }
  };
  for (const step of path) {
    space();
    const open = text[at];
    if (open !== '{' && open !== '[') return line;
    const found = line;
    at += 1;
    let index = 0;
    let entered = false;
    for (;;) {
      space();
      if (text[at] === '}' || text[at] === ']' || at >= text.length) return found;
      let key: string | number = index;
      if (open === '{') {
        key = string();
        space();
        at += 1; // the colon
      }
      if (key === step) {
        entered = true;
        break;
      }
      skip();
      space();
      if (text[at] === ',') at += 1;
      index += 1;
    }
    if (!entered) return found;
  }
  space();
  return line;
}
