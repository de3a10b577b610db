import { type BigIntStats, readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import type { UsageTally } from '../core/usage.js';
import { GacostError, isGacostError } from '../errors.js';
import { errnoReason } from '../io/errno-reason.js';
import type { FileIdentity, InputFiles } from '../io/input-files.js';
import type { ByteStream } from '../io/read-stdin.js';
import type { UsageFormatName } from './format-names.js';
import { MergeInOrder, type NotRead, type ReadingStep, type UsageRead } from './merge-in-order.js';
import { pieceOutcome } from './piece.js';
import { readInThreads } from './threads.js';

/** How the run's sources are read, and where their records go. */
export interface ReadOptions {
  readonly from: UsageFormatName | undefined;
  readonly skipBad: boolean;
  readonly cwd: string;
  /** Standard input, for `-`. */
  readonly stdin: () => ByteStream;
  /** The file standard input is, where it is a regular one (`- < log.jsonl`): read once, and never an output. */
  readonly stdinFile?: () => FileIdentity | undefined;
  /** Where the records go. */
  readonly tally: UsageTally;
  /** Told the bytes read so far (after decompression) and the records, every few megabytes. */
  readonly onProgress?: (bytes: number, records: number) => void;
  /**
   * How many threads read (GACOST_USAGE_WORKERS), whatever the input's size. By default one, and for
   * more than PARALLEL_BYTES of files one a core, at most MAX_THREADS. Standard input is read by one.
   */
  readonly threads?: number;
  /** Said after the reason a bad record is refused: how the caller skips such records (--skip-bad). */
  readonly refusalHint?: string;
  /** Where each file read is recorded, so that the run's output (--out-file) never replaces one. */
  readonly inputs?: InputFiles;
}

/** File names a folder is searched for. */
const USAGE_FILE = /\.(jsonl|ndjson|json|csv|log)(\.gz)?$/i;
/** Less than this of files is read faster by one thread than it takes to start others. */
const PARALLEL_BYTES = 64 * 1024 * 1024;
/** Each thread holds a heap of its own: more would take peak memory past 150 MB. */
const MAX_THREADS = 2;

/** Reads every source (file, folder searched recursively, or `-`), in the order given, into the tally. */
export async function readUsage(paths: readonly string[], options: ReadOptions): Promise<UsageRead> {
  const steps = stepsOf(paths, options.cwd, options.inputs, options.stdinFile);
  const pieces = steps.flatMap((step) => ('piece' in step ? [step] : []));
  const fromStdin = pieces.some(({ piece }) => piece.file === undefined);
  const plain = pieces.reduce((sum, { piece, size }) => sum + (/\.gz$/i.test(piece.path) ? 0 : size), 0);
  // A tally that observes each record (a profile) is fed by this thread alone.
  const threads =
    fromStdin || options.tally.observe !== undefined
      ? 1
      : (options.threads ?? (plain > PARALLEL_BYTES ? Math.min(availableParallelism(), MAX_THREADS) : 1));
  const merge = new MergeInOrder(options.tally, options.refusalHint);
  if (threads > 1) {
    await readInThreads(steps, plain, threads, options, merge);
    return merge.read;
  }
  // One thread: each piece's records go straight into the tally, in reading order.
  let bytes = 0;
  const onBytes = (read: number) => {
    bytes += read;
    options.onProgress?.(bytes, options.tally.records);
  };
  for (const step of steps) {
    if (!('piece' in step)) merge.step(step);
    else
      merge.piece(
        step.piece,
        await pieceOutcome(step.piece, {
          ...options,
          asOf: options.tally.spec.asOf,
          onRecord: (record) => options.tally.add(record),
          onBytes,
        }),
      );
  }
  return merge.read;
}

/**
 * The sources in reading order. Symbolic links are followed (a link to a folder that holds it is a
 * loop, refused); a FIFO is read as a stream; a file reached twice (named twice, or through a folder
 * and a link, or given as standard input as well) is read once, the second time counted as a file read
 * already. Each file is recorded in `inputs`, by device and inode, so that no output replaces it.
 */
function stepsOf(
  paths: readonly string[],
  cwd: string,
  inputs: InputFiles | undefined,
  stdinFile: (() => FileIdentity | undefined) | undefined,
): ReadingStep[] {
  const steps: ReadingStep[] = [];
  const seen = new Set<string>();
  const readAlready: NotRead = {
    other: 'files read already (named twice, or reached again through a folder, a link or standard input)',
    path: '',
  };
  const source = (path: string, file: string, stats: BigIntStats, inFolder: boolean) => {
    const identity = identityOf(stats);
    if (seen.has(identity)) {
      steps.push({ ...readAlready, path });
      return;
    }
    seen.add(identity);
    inputs?.record({ what: 'usage file', path }, stats);
    const regular = stats.isFile();
    steps.push({ piece: { path, file, inFolder, ...(regular ? {} : { stream: true }) }, size: regular ? Number(stats.size) : 0 });
  };
  for (const path of paths) {
    if (path === '-') {
      const stats = seen.has('-') ? undefined : stdinFile?.();
      if (seen.has('-') || (stats !== undefined && seen.has(identityOf(stats)))) steps.push({ ...readAlready, path });
      else {
        steps.push({ piece: { path, file: undefined, inFolder: false }, size: 0 });
        if (stats !== undefined) {
          seen.add(identityOf(stats));
          inputs?.record({ what: 'usage file', path: '- (standard input)' }, stats);
        }
      }
      seen.add('-');
      continue;
    }
    const absolute = resolve(cwd, path);
    let stats: BigIntStats;
    try {
      stats = statSync(absolute, { bigint: true });
    } catch (error) {
      steps.push({ error: new GacostError('unreadable-file', `cannot read usage ${path}: ${errnoReason(error)}`) });
      return steps;
    }
    if (!stats.isDirectory()) {
      source(path, absolute, stats, false);
      continue;
    }
    try {
      for (const entry of filesUnder(path, absolute, [identityOf(stats)])) {
        if ('other' in entry) steps.push(entry);
        else if (!USAGE_FILE.test(entry.file))
          steps.push({ other: 'files that are not .jsonl, .ndjson, .json, .csv or .log (or .gz of one)', path: entry.path });
        else source(entry.path, entry.file, entry.stats, true);
      }
    } catch (error) {
      if (!isGacostError(error)) throw error;
      steps.push({ error });
      return steps;
    }
  }
  return steps;
}

function identityOf(stats: FileIdentity): string {
  return `${stats.dev}:${stats.ino}`;
}

/** A file a folder holds: named as the user would (`named`, the folder as given, joined with the way down), and its stats (a link's followed). */
type FolderEntry = { readonly path: string; readonly file: string; readonly stats: BigIntStats } | NotRead;

/** The files under a folder, in name order, links followed; `above`: the folders it is in, to refuse a loop of links. */
function* filesUnder(named: string, folder: string, above: readonly string[]): Generator<FolderEntry> {
  let entries: string[];
  try {
    entries = readdirSync(folder).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  } catch (error) {
    throw new GacostError('unreadable-file', `cannot read usage folder ${named}: ${errnoReason(error)}`);
  }
  for (const name of entries) {
    const path = join(named, name);
    const file = join(folder, name);
    let stats: BigIntStats;
    try {
      stats = statSync(file, { bigint: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') yield { other: 'symbolic links to nothing', path };
      else if (code === 'ELOOP') throw new GacostError('invalid-usage', `cannot read usage ${path}: a loop of symbolic links`);
      else throw new GacostError('unreadable-file', `cannot read usage ${path}: ${errnoReason(error)}`);
      continue;
    }
    if (stats.isDirectory()) {
      const identity = identityOf(stats);
      if (above.includes(identity))
        throw new GacostError(
          'invalid-usage',
          `cannot read usage folder ${path}: a symbolic link that leads back to a folder it is in (a loop)`,
        );
      yield* filesUnder(path, file, [...above, identity]);
    } else if (stats.isFile() || stats.isFIFO()) yield { path, file, stats };
    else yield { other: 'sockets and devices (a folder is searched for files and FIFOs)', path };
  }
}
