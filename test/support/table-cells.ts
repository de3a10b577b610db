/**
 * The cells of one column of a box-drawn table, each row's lines joined again: a row goes on over the
 * lines whose `anchor` column (one every row fills, a cost or a price) is blank; a line wrapped after
 * a `/` or `-` joins the next with nothing between, after a space with a space. The first table of
 * the text, its head's titles trimmed.
 */
export function columnCells(text: string, column: string, anchor: string): string[] {
  const lines = text.split('\n').filter((line) => line.startsWith('│'));
  const cellsOf = (line: string) =>
    line
      .slice(1, -1)
      .split('│')
      .map((cell) => cell.trim());
  const [head = '', ...rows] = lines;
  const titles = cellsOf(head);
  const [at, anchorAt] = [titles.indexOf(column), titles.indexOf(anchor)];
  if (at < 0 || anchorAt < 0) throw new Error(`no column ${column} or ${anchor} in ${head}`);
  const joined: string[] = [];
  for (const line of rows) {
    const cells = cellsOf(line);
    const [text = '', anchored = ''] = [cells[at], cells[anchorAt]];
    if (anchored !== '' || joined.length === 0) joined.push(text);
    else if (text !== '') {
      const last = joined.pop() ?? '';
      joined.push(/[/-]$/.test(last) ? `${last}${text}` : `${last} ${text}`);
    }
  }
  return joined;
}
