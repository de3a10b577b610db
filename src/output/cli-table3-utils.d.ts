// cli-table3's own measure of a text's width (its string-width, colour codes taking no room), which it
// pads and cuts cells by: gacost fits its tables with the same one. The package declares no types for it.
declare module 'cli-table3/src/utils.js' {
  export function strlen(text: string): number;
}
