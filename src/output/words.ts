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

/** The plural nouns of the readers' reasons ("files of no usage format gacost reads", "CSV rows that cannot be read") and their singulars. */
const SINGULARS: Readonly<Record<string, string>> = {
  files: 'file',
  lines: 'line',
  rows: 'row',
  records: 'record',
  entries: 'entry',
  results: 'result',
  sockets: 'socket',
  devices: 'device',
};

/** The first plural noun of a reason, with a second joined to it by "and" ("sockets and devices"); not a later one ("files of … results"). */
const COUNTED_NOUNS = new RegExp(`\\b(${Object.keys(SINGULARS).join('|')})( and (${Object.keys(SINGULARS).join('|')}))?\\b`);

/**
 * A count and a phrase in the plural that names what is counted (a reason the usage readers give:
 * "user lines", "files that are not .jsonl…"): for exactly one, its first plural noun made singular,
 * and the verb that follows it ("1 file that is not .jsonl").
 */
export function countedPhrase(count: number, phrase: string): string {
  const singular = (nouns: string) => nouns.replace(/[a-z]+/g, (word) => SINGULARS[word] ?? word);
  const text = count === 1 ? phrase.replace(COUNTED_NOUNS, singular).replace(/\bare\b/, 'is') : phrase;
  return `${groupThousands(String(count))} ${text}`;
}
