import { groupThousands } from '../core/decimal.js';

/**
 * The one place that decides singular or plural, for every sentence gacost writes: a count and its noun
 * ("1 record", "2,182 records", thousands grouped the same on every machine), and the word that agrees
 * with a count or a list ("publishes" for one model, "publish" for two).
 */
export function counted(count: number | bigint, one: string, many = `${one}s`): string {
  return `${groupThousands(String(count))} ${agree(count, one, many)}`;
}

/** The form that agrees with a count (or a list's length): `one` for exactly one, else `many`. */
export function agree(count: number | bigint | readonly unknown[], one: string, many: string): string {
  const size = typeof count === 'object' ? count.length : count;
  return size === 1 || size === 1n ? one : many;
}

/** The plural words of the readers' reasons ("files of no usage format gacost reads", "user lines") and their singulars. */
const SINGULARS: Readonly<Record<string, string>> = {
  files: 'file',
  lines: 'line',
  records: 'record',
  entries: 'entry',
  results: 'result',
  sockets: 'socket',
  devices: 'device',
  are: 'is',
};

/**
 * A count and a phrase in the plural that names what is counted (a reason the usage readers give:
 * "user lines", "files that are not .jsonl…"): for exactly one, its plural words made singular.
 */
export function countedPhrase(count: number, phrase: string): string {
  const text = count === 1 ? phrase.replace(/\b[a-z]+\b/g, (word) => SINGULARS[word] ?? word) : phrase;
  return `${groupThousands(String(count))} ${text}`;
}
