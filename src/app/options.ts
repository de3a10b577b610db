/**
 * What the use cases of src/app share: the plain values their options take (quantities as the CLI
 * takes them), the price context, and how a message names an option. A use case is called by the
 * library (src/index.ts), which names an option by its key (`tokensPerRequest`), and by a command
 * (src/commands), which names it by its flag (`--tokens-per-request`): `OptionNames` says which, so
 * that one check gives both their wording.
 */

import { type Candidate, parseMix } from '../core/candidate.js';
import type { Catalog, PriceContext } from '../core/catalog.js';
import { isIsoDate } from '../core/dates.js';
import { type Accounting, ALL_OUTPUT, parseShare } from '../core/pricing.js';
import { parseTokens } from '../core/quantity.js';
import { type ModelIndex, refuseUnknownTier } from '../core/resolve-model.js';
import { GacostError } from '../errors.js';
import { type FileIdentity, InputFiles } from '../io/input-files.js';
import type { ByteStream } from '../io/read-stdin.js';
import type { UsageFormatName } from '../usage/format-names.js';
import type { UsageRead } from '../usage/merge-in-order.js';
import type { ReadOptions } from '../usage/read-usage.js';

/** A quantity of tokens: a whole number, or text as the CLI takes it ("5B", "1.5M", "5e9"). */
export type Tokens = bigint | number | string;
/** US dollars: text as the CLI takes it ("1,250.50", "$20"), or a number. */
export type Dollars = string | number;
/** A share such as "75%", "0.75", or 0.75. */
export type ShareInput = string | number;

/** How the caller names an option in a message: its key for the library, its flag for the CLI. */
export type OptionNames = (option: string) => string;

/** The library's names: the options' keys. */
export const OPTION_KEYS: OptionNames = (option) => option;

/** Which prices apply: the date (YYYY-MM-DD, default today in UTC) and a service tier of the catalog. */
export interface PriceOptions {
  readonly asOf?: string;
  readonly tier?: string;
}

/** Which models, and how their tokens divide: as --model, --mix, --input-share and --cached-share. */
export interface PricingOptions extends PriceOptions {
  /** Model ids or aliases (default: the catalog's candidates). */
  readonly models?: readonly string[];
  /** A routing mix, "model=percent,…", priced after the models. */
  readonly mix?: string;
  readonly inputShare?: ShareInput;
  readonly cachedShare?: ShareInput;
}

/** The date and tier prices are looked up for; the tier must be one the catalog has. */
export function pricesOf(catalog: Catalog, options: PriceOptions): PriceContext {
  const prices = priceDateOf(options);
  refuseUnknownTier(prices.tier, [catalog]);
  return prices;
}

/** The date and tier, before the catalog that must have the tier is known. */
export function priceDateOf(options: PriceOptions): PriceContext {
  const asOf = options.asOf ?? new Date().toISOString().slice(0, 10);
  if (!isIsoDate(asOf)) throw new GacostError('invalid-option', `invalid asOf ${JSON.stringify(asOf)}: expected a date YYYY-MM-DD`);
  return { asOf, tier: options.tier ?? null };
}

/** A whole number of tokens from any of the forms Tokens takes. */
export function tokensOf(value: Tokens, name: string): bigint {
  if (typeof value === 'bigint') return parseTokens(value.toString(), name);
  if (typeof value === 'number' && !Number.isSafeInteger(value))
    throw new GacostError('invalid-quantity', `invalid ${name} ${value}: expected a whole number of tokens`);
  return parseTokens(String(value), name);
}

/** The token mix of inputShare and cachedShare; without them, every token priced as output. */
export function accountingOf(options: Pick<PricingOptions, 'inputShare' | 'cachedShare'>, names: OptionNames): Accounting {
  if (options.inputShare === undefined) {
    if (options.cachedShare !== undefined)
      throw new GacostError('invalid-option', `${names('cachedShare')} is a share of input tokens: give ${names('inputShare')} too`);
    return ALL_OUTPUT;
  }
  return {
    inputShare: parseShare(String(options.inputShare), names('inputShare')),
    cachedShare: options.cachedShare === undefined ? null : parseShare(String(options.cachedShare), names('cachedShare')),
  };
}

/**
 * The models named (each once, in order) and the mix after them. With neither, `fallback` (the
 * catalog's defaults); with only a mix, the mix alone.
 */
export function candidatesOf(
  options: Pick<PricingOptions, 'models' | 'mix'>,
  index: ModelIndex,
  fallback: () => readonly string[],
  names: OptionNames,
): Candidate[] {
  const named = options.models ?? (options.mix === undefined ? fallback() : []);
  const ids = new Set<string>();
  const candidates: Candidate[] = [];
  for (const model of named.map((name) => index.resolvePriced(name))) {
    if (ids.has(model.model.id)) continue;
    ids.add(model.model.id);
    candidates.push({ kind: 'model', model });
  }
  if (options.mix !== undefined) candidates.push(parseMix(options.mix, index, names('mix')));
  return candidates;
}

/** One model, or a mix "a=90,b=10", as priceTokens and a budget workload name it. */
export function candidateNamed(name: string, index: ModelIndex, option: string): Candidate {
  return name.includes('=') ? parseMix(name, index, option) : { kind: 'model', model: index.resolvePriced(name) };
}

/**
 * What a use case that reads files takes from its caller: the folder relative paths start from, the
 * files read so far (which an output must not replace), standard input for a source named `-`, and
 * the progress of a long read. The library gives the folder alone; the CLI, its run's.
 */
export interface ReadIo {
  readonly names?: OptionNames;
  /** Default process.cwd(). */
  readonly cwd?: string;
  readonly inputs?: InputFiles;
  /** Standard input for a usage source `-`; without it, `-` is refused. */
  readonly stdin?: () => ByteStream;
  /** The file standard input is, where it is one. */
  readonly stdinFile?: () => FileIdentity | undefined;
  /** Called as usage is read: bytes and records so far. */
  readonly onProgress?: (bytes: number, records: number) => void;
  /** How many threads read usage files (default: as their size asks). */
  readonly threads?: number;
  /** Called once usage sources are read, with what was skipped (the CLI warns of it then). */
  readonly onRead?: (read: Pick<UsageRead, 'bad' | 'otherFiles'>) => void;
}

/** A ReadIo with its defaults. */
export function readIoOf(io: ReadIo): Required<Pick<ReadIo, 'names' | 'cwd' | 'inputs' | 'stdin'>> & ReadIo {
  return {
    ...io,
    names: io.names ?? OPTION_KEYS,
    cwd: io.cwd ?? process.cwd(),
    inputs: io.inputs ?? new InputFiles(),
    stdin:
      io.stdin ??
      (() => {
        throw new GacostError('unreadable-file', 'cannot read usage -: give the library file paths');
      }),
  };
}

/**
 * Reads usage sources into `tally` as every command that reads logs does (--from, --skip-bad and its
 * hint, standard input, the files already read), and tells io.onRead what was read. The reader loads
 * when a run reads logs.
 */
export async function readUsageInto(
  sources: readonly string[],
  options: { readonly from?: UsageFormatName | undefined; readonly skipBad?: boolean | undefined },
  io: ReturnType<typeof readIoOf>,
  tally: ReadOptions['tally'],
  more: Pick<ReadOptions, 'onProgress' | 'threads'> = {},
): Promise<UsageRead> {
  const { readUsage } = await import('../usage/read-usage.js');
  const read = await readUsage(sources, {
    from: options.from,
    skipBad: options.skipBad === true,
    refusalHint: `${io.names('skipBad')} skips and counts such records`,
    cwd: io.cwd,
    stdin: io.stdin,
    stdinFile: io.stdinFile,
    inputs: io.inputs,
    tally,
    ...more,
  });
  io.onRead?.(read);
  return read;
}

/** Observed usage takes the place of the token-mix options, and its observed spend of a baseline. */
export function refuseMixOptions(
  options: { readonly inputShare?: unknown; readonly cachedShare?: unknown; readonly baseline?: string },
  names: OptionNames,
): void {
  if (options.inputShare !== undefined || options.cachedShare !== undefined) {
    throw new GacostError(
      'conflicting-options',
      `${names('fromUsage')} measures the token mix: give it or ${names('inputShare')}/${names('cachedShare')}, not both`,
    );
  }
  if (options.baseline !== undefined) {
    throw new GacostError(
      'conflicting-options',
      `${names('fromUsage')} makes the logs' observed spend the baseline: give it or ${names('baseline')}, not both (${names('models')} prices other models beside it)`,
    );
  }
}

/** What-ifs are only the models and mixes asked for: without models or a mix, none. */
export const whatIfsAsked = (options: { readonly models?: readonly string[]; readonly mix?: string }): boolean =>
  options.models !== undefined || options.mix !== undefined;
