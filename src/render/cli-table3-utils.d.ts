/** cli-table3's own measure of a cell (ANSI codes stripped, the widest line's string-width). */
declare module 'cli-table3/src/utils.js' {
  export function strlen(text: string): number;
}
