// The numbers of a JSON text as exact decimals, to check that a page shows the same figures as the
// JSON of the same run (test/e2e/html.test.ts in-process, test/browser/report.test.ts in Chromium).

/**
 * A number's exact decimal text, whatever its spelling: no exponent, no leading or trailing zeros, no
 * plus sign, no negative zero ("1.50" and "15e-1" are both "1.5"). Undefined when the text is not one.
 * Strings, not floats: a chart that rounded 0.0215 to 0.02 must not pass for it.
 */
export function exactDecimal(text: string): string | undefined {
  const match = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/.exec(text);
  if (match === null) return undefined;
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = match;
  if (whole === '' && fraction === '') return undefined;
  const digits = whole + fraction;
  // The decimal point's position within digits, moved by the exponent.
  const point = whole.length + Number(exponent);
  const padded = point <= 0 ? '0'.repeat(1 - point) + digits : point > digits.length ? digits + '0'.repeat(point - digits.length) : digits;
  const at = Math.max(point, 1);
  const integer = padded.slice(0, at).replace(/^0+(?=\d)/, '');
  const decimals = padded.slice(at).replace(/0+$/, '');
  const magnitude = decimals === '' ? integer : `${integer}.${decimals}`;
  return sign === '-' && /[1-9]/.test(magnitude) ? `-${magnitude}` : magnitude;
}

/**
 * Every number literal in a JSON text, as exactDecimal spells it. Read from the text, not from
 * JSON.parse, which would round the decimals the CLI prints exactly; strings are skipped whole, so a
 * note such as "priced at 80%" adds no 80.
 */
export function jsonNumbers(json: string): Set<string> {
  const numbers = new Set<string>();
  const literal = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  for (let at = 0; at < json.length; ) {
    const char = json[at];
    if (char === '"') {
      for (at++; at < json.length && json[at] !== '"'; at++) if (json[at] === '\\') at++;
      at++;
    } else if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) {
      literal.lastIndex = at;
      const match = literal.exec(json);
      if (match === null) throw new Error(`not JSON at ${at}: ${json.slice(at, at + 20)}`);
      numbers.add(exactDecimal(match[0]) ?? match[0]);
      at += match[0].length;
    } else {
      at++;
    }
  }
  return numbers;
}

/** The data-values (as written) that are not numbers of the JSON. */
export function valuesNotInJson(values: readonly string[], json: string): string[] {
  const numbers = jsonNumbers(json);
  return values.filter((value) => {
    const exact = exactDecimal(value);
    return exact === undefined || !numbers.has(exact);
  });
}
