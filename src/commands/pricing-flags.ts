import type { Command, OptionValues } from '@commander-js/extra-typings';
import { parseMix, type Candidate } from '../core/candidate.js';
import { ALL_OUTPUT, parseShare, type Accounting } from '../core/pricing.js';
import type { ModelIndex } from '../core/resolve-model.js';
import { GacostError } from '../errors.js';

/** The flags every pricing command shares: the candidate models, a routing mix and the token mix. */
export function withPricingFlags<Args extends unknown[], Opts extends OptionValues, Globals extends OptionValues>(command: Command<Args, Opts, Globals>) {
  return command
    .option('--model <ids...>', 'candidate models, by id or alias, comma-separated or repeated (default from the catalog)')
    .option('--mix <shares>', 'add a routing mix: model=percent pairs, e.g. deepseek-v4-flash=90,qwen3-32b=5,deepseek-r1=5 (shares of traffic, summing to 100; one mix per run)')
    .option('--input-share <share>', 'share of all tokens that are input, e.g. 75% or 0.75 (default: every token priced as output)')
    .option('--cached-share <share>', 'share of input tokens read from cache, e.g. 50%')
    .option('--from-usage <files...>', "usage logs (as gacost usage reads them) whose token mix and monthly tokens replace the assumptions");
}

/** The pricing flags as commander gives them, typed by their declarations above. */
export type PricingFlags = Readonly<ReturnType<ReturnType<typeof withPricingFlags<[], {}, {}>>['opts']>>;

export function accountingOf(flags: PricingFlags): Accounting {
  if (flags.inputShare === undefined) {
    if (flags.cachedShare !== undefined) throw new GacostError('invalid-option', '--cached-share is a share of input tokens: give --input-share too');
    return ALL_OUTPUT;
  }
  return {
    inputShare: parseShare(flags.inputShare, '--input-share'),
    cachedShare: flags.cachedShare === undefined ? null : parseShare(flags.cachedShare, '--cached-share'),
  };
}

/** The names given with --model (comma-separated or repeated), or undefined without the flag. */
export function modelNamesOf(flags: PricingFlags): string[] | undefined {
  const names = flags.model?.flatMap((value) => value.split(',')).map((name) => name.trim()).filter((name) => name !== '');
  if (names !== undefined && names.length === 0) throw new GacostError('invalid-option', '--model needs at least one model id or alias');
  return names;
}

/**
 * The models named by --model (each once, in order) and the --mix blend after them. With neither,
 * `fallback` (the catalog's defaults); with only --mix, the mix alone.
 */
export function candidatesOf(flags: PricingFlags, index: ModelIndex, fallback: () => readonly string[]): Candidate[] {
  const names = modelNamesOf(flags) ?? (flags.mix === undefined ? fallback() : []);
  const ids = new Set<string>();
  const candidates: Candidate[] = [];
  for (const model of names.map((name) => index.resolvePriced(name))) {
    const { id } = model.model;
    if (ids.has(id)) continue;
    ids.add(id);
    candidates.push({ kind: 'model', model });
  }
  if (flags.mix !== undefined) candidates.push(parseMix(flags.mix, index, '--mix'));
  return candidates;
}
