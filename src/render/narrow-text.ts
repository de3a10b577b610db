/**
 * Text whose every character is one column wide and outside string-width's emoji regex: printable
 * ASCII, Latin-1 but © and ®, Latin Extended, dashes and quotes, arrows ←↑→↓, −, ≤, ≥, ⌈⌉⌊⌋, box
 * drawing and blocks. Its width is its length, which spares cli-table3 compiling that regex for the
 * tables gacost prints (see scripts/build.mjs); a test checks each of these characters against it.
 */
export const NARROW_TEXT = /^[\x20-\x7e\xa0-\xa8\xaa-\xad\xaf-\u02ff\u2010-\u2027\u2190-\u2193\u2212\u2264\u2265\u2308-\u230b\u2500-\u259f]*$/;
