import { closeSync, openSync, readdirSync, readSync, statSync, type BigIntStats } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import type { UsageTally } from '../core/usage.js';
import { GacostError, isGacostError } from '../errors.js';
import { errnoReason } from '../io/errno-reason.js';
import type { InputFiles } from '../io/input-files.js';
import { FIRST_POSITIONS, isGzipped, lineFormatOfFile, pieceOutcome, type PieceOutcome, type PieceRead, type PieceTask } from './read-piece.js';
import type { UsageFormatName } from './usage-format.js';
import type { WorkerData, WorkerMessage } from './usage-worker.js';

/** What one file gave: its records, the lines that held none, the duplicates it counted once, the bad records skipped. */
export interface SourceSummary {
  readonly path: string;
  readonly format: UsageFormatName;
  records: number;
  skipped: number;
  duplicates: number;
  readonly skippedReasons: Map<string, number>;
  /** Bad records skipped with --skip-bad, by reason (their sum over the sources is UsageRead.bad's). */
  readonly bad: Map<string, number>;
}

/** What was skipped (bad records with --skip-bad, files), by reason: how many and where the first few are. */
export type BadCounts = Map<string, { count: number; positions: string[] }>;

export interface UsageRead {
  readonly sources: SourceSummary[];
  readonly bad: BadCounts;
  /** Files not read (of the folders given, holding no usage gacost reads; or read already), by why, the first few named. */
  readonly otherFiles: BadCounts;
  /** Said once per format read (Claude Code's output counts are a lower bound). */
  readonly notes: string[];
  /** Bytes read, after decompression. */
  bytes: number;
}

export interface ReadOptions {
  readonly from: UsageFormatName | undefined;
  readonly skipBad: boolean;
  readonly cwd: string;
  /** Standard input, for `-`. */
  readonly stdin: () => Readable;
  /** The file standard input is, where it is a regular one (`- < log.jsonl`): read once, and never an output. */
  readonly stdinFile?: () => BigIntStats | undefined;
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
/** A file of JSON lines is read in pieces of this many bytes at most, cut at newlines (several a thread, so that they end together). */
const MAX_PIECE_BYTES = 32 * 1024 * 1024;
const MIN_PIECE_BYTES = 4 * 1024 * 1024;

/**
 * The run's sources in reading order: pieces to read (a source, or a byte range of a large file of
 * JSON lines), and what is known without reading: a file a folder holds of another name, a path
 * that cannot be read (which ends the run when its turn comes).
 */
type Step = { readonly task: PieceTask; readonly size: number } | Other | { readonly error: GacostError };

/** A file not read, and why. */
interface Other {
  readonly other: string;
  readonly path: string;
}

/** Reads every source (file, folder searched recursively, or `-`), in the order given, into the tally. */
export async function readUsage(paths: readonly string[], options: ReadOptions): Promise<UsageRead> {
  const steps = stepsOf(paths, options.cwd, options.inputs, options.stdinFile);
  const tasks = steps.flatMap((step) => ('task' in step ? [step] : []));
  const fromStdin = tasks.some(({ task }) => task.file === undefined);
  const plain = tasks.reduce((sum, { task, size }) => sum + (/\.gz$/i.test(task.path) ? 0 : size), 0);
  // A tally that observes each record (a profile) is fed by this thread alone.
  const threads = fromStdin || options.tally.observe !== undefined ? 1 : (options.threads ?? (plain > PARALLEL_BYTES ? Math.min(availableParallelism(), MAX_THREADS) : 1));
  const merge = new InOrder(options.tally, options.refusalHint);
  if (threads <= 1) {
    let bytes = 0;
    const onBytes = (read: number) => {
      bytes += read;
      options.onProgress?.(bytes, options.tally.records);
    };
    for (const step of steps) {
      if (!('task' in step)) merge.step(step);
      else merge.piece(step.task, 0, await pieceOutcome(step.task, { ...options, asOf: options.tally.spec.asOf, onRecord: (record) => options.tally.add(record), onBytes }));
    }
    return merge.read;
  }
  const pieceBytes = Math.min(MAX_PIECE_BYTES, Math.max(MIN_PIECE_BYTES, Math.ceil(plain / threads / 8)));
  return readInThreads(await split(steps, pieceBytes, options.from), threads, options, merge);
}

/**
 * The sources in reading order. Symbolic links are followed (a link to a folder that holds it is a
 * loop, refused); a FIFO is read as a stream; a file reached twice (named twice, or through a folder
 * and a link, or given as standard input as well) is read once, the second time counted as a file read
 * already. Each file is recorded in `inputs`, by device and inode, so that no output replaces it.
 */
function stepsOf(paths: readonly string[], cwd: string, inputs: InputFiles | undefined, stdinFile: (() => BigIntStats | undefined) | undefined): Step[] {
  const steps: Step[] = [];
  const seen = new Set<string>();
  const readAlready: Other = { other: 'files read already (named twice, or reached again through a folder, a link or standard input)', path: '' };
  const source = (path: string, file: string, stats: BigIntStats, inFolder: boolean) => {
    const identity = identityOf(stats);
    if (seen.has(identity)) {
      steps.push({ ...readAlready, path });
      return;
    }
    seen.add(identity);
    inputs?.record({ what: 'usage file', path }, stats);
    const regular = stats.isFile();
    steps.push({ task: { path, file, inFolder, ...(regular ? {} : { stream: true }) }, size: regular ? Number(stats.size) : 0 });
  };
  for (const path of paths) {
    if (path === '-') {
      const stats = seen.has('-') ? undefined : stdinFile?.();
      if (seen.has('-') || (stats !== undefined && seen.has(identityOf(stats)))) steps.push({ ...readAlready, path });
      else {
        steps.push({ task: { path, file: undefined, inFolder: false }, size: 0 });
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
        else if (!USAGE_FILE.test(entry.file)) steps.push({ other: 'files that are not .jsonl, .ndjson, .json, .csv or .log (or .gz of one)', path: entry.path });
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

function identityOf(stats: BigIntStats): string {
  return `${stats.dev}:${stats.ino}`;
}

/** A file a folder holds: named as the user would (`named`, the folder as given, joined with the way down), and its stats (a link's followed). */
type FolderEntry = { readonly path: string; readonly file: string; readonly stats: BigIntStats } | Other;

/** The files under a folder, in name order, links followed; `above`: the folders it is in, to refuse a loop of links. */
function* filesUnder(named: string, folder: string, above: readonly string[]): Generator<FolderEntry> {
  let entries;
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
      if (above.includes(identity)) throw new GacostError('invalid-usage', `cannot read usage folder ${path}: a symbolic link that leads back to a folder it is in (a loop)`);
      yield* filesUnder(path, file, [...above, identity]);
    } else if (stats.isFile() || stats.isFIFO()) yield { path, file, stats };
    else yield { other: 'sockets and devices (a folder is searched for files and FIFOs)', path };
  }
}

/** What the pieces read in reading order add up to: merged one by one, as each and those before it are read. */
class InOrder {
  readonly read: UsageRead = { sources: [], bad: new Map(), otherFiles: new Map(), notes: [], bytes: 0 };
  /** Responses counted, by id, across the files of the run (see Emit). */
  private readonly counted = new Set<string>();
  /** The lines of the file being read before the piece merged next (a range's are numbered after them). */
  private linesBefore = 0;

  constructor(
    private readonly tally: UsageTally,
    private readonly refusalHint: string | undefined,
  ) {}

  step(step: Other | { readonly error: GacostError }): void {
    if ('error' in step) throw step.error;
    counted(this.read.otherFiles, step.other, step.path);
  }

  /** A piece's outcome; `index` its place among the pieces, for the order of the tally's buckets. */
  piece(task: PieceTask, index: number, outcome: PieceOutcome): void {
    const { read } = this;
    const continued = task.range !== undefined && task.range.start > 0;
    const offset = continued ? this.linesBefore : 0;
    if ('refused' in outcome) {
      const hint = this.refusalHint === undefined || !outcome.refused.skippable ? '' : `; ${this.refusalHint}`;
      throw new GacostError('invalid-usage', `${task.path}:${outcome.refused.line + offset}: ${outcome.refused.message}${hint}`);
    }
    if ('failed' in outcome) throw new GacostError(outcome.failed.code, outcome.failed.message, outcome.failed.problems);
    const piece: PieceRead = outcome.read;
    this.linesBefore = offset + piece.lines;
    read.bytes += piece.bytes;
    if (piece.other !== undefined) counted(read.otherFiles, piece.other, task.path);
    for (const note of piece.notes) if (!read.notes.includes(note)) read.notes.push(note);
    for (const [reason, { count: bad, lines }] of piece.bad) {
      const entry = read.bad.get(reason) ?? { count: 0, positions: [] };
      entry.count += bad;
      for (const line of lines) if (entry.positions.length < FIRST_POSITIONS) entry.positions.push(`${task.path}:${line + offset}`);
      read.bad.set(reason, entry);
    }
    if (piece.source === undefined) return;
    const last = read.sources.at(-1);
    let source: SourceSummary;
    if (continued && last !== undefined) {
      source = last;
      source.records += piece.source.records;
      source.skipped += piece.source.skipped;
      source.duplicates += piece.source.duplicates;
      for (const [reason, skipped] of piece.source.skippedReasons) count(source.skippedReasons, reason, skipped);
    } else {
      source = { path: task.path, ...piece.source, bad: new Map() };
      read.sources.push(source);
    }
    for (const [reason, { count: bad }] of piece.bad) count(source.bad, reason, bad);
    // Held records come after the piece's others (see UsageBucket.firstPiece), whichever thread read them.
    const aggregate = this.tally.aggregate;
    const reading = aggregate.piece;
    aggregate.piece = index + 0.5;
    try {
      for (const [record, once] of piece.held) {
        if (once !== undefined && this.counted.has(once)) {
          source.duplicates += 1;
          continue;
        }
        if (once !== undefined) this.counted.add(once);
        source.records += 1;
        this.tally.add(record);
      }
    } finally {
      aggregate.piece = reading;
    }
  }
}

function count(counts: Map<string, number>, reason: string, by = 1): void {
  counts.set(reason, (counts.get(reason) ?? 0) + by);
}

/** One more skipped for `reason`, at `position` (named if among the first few). */
function counted(counts: BadCounts, reason: string, position: string): void {
  const entry = counts.get(reason) ?? { count: 0, positions: [] };
  entry.count += 1;
  if (entry.positions.length < FIRST_POSITIONS) entry.positions.push(position);
  counts.set(reason, entry);
}

/**
 * The steps with each file of JSON lines larger than two pieces (not gzipped, of a format whose
 * lines stand alone) cut into pieces of about `pieceBytes`, each ending just after a newline.
 */
async function split(steps: readonly Step[], pieceBytes: number, from: UsageFormatName | undefined): Promise<Step[]> {
  const result: Step[] = [];
  for (const step of steps) {
    if (!('task' in step) || step.size <= 2 * pieceBytes || step.task.file === undefined) {
      result.push(step);
      continue;
    }
    const { task, size } = step;
    const file = task.file as string;
    let format;
    try {
      format = isGzipped(file, task.path) ? undefined : await lineFormatOfFile(file, task.path, from);
    } catch (error) {
      // Refused when its turn comes, read whole.
      if (!isGacostError(error)) throw error;
    }
    if (format === undefined || format.wholeFile === true) {
      result.push(step);
      continue;
    }
    const cuts = cutsOf(file, size, pieceBytes);
    for (const [at, start] of cuts.entries()) {
      const end = cuts[at + 1] ?? size;
      result.push({ task: { ...task, range: { start, end, format: format.name } }, size: end - start });
    }
  }
  return result;
}

/** Where the pieces of a file start: 0, then just after the first newline at least `pieceBytes` after the last start. */
function cutsOf(file: string, size: number, pieceBytes: number): number[] {
  const cuts = [0];
  const buffer = Buffer.allocUnsafe(64 * 1024);
  const fd = openSync(file, 'r');
  try {
    for (let at = pieceBytes; at < size; ) {
      const length = readSync(fd, buffer, 0, buffer.length, at);
      if (length === 0) break;
      const newline = buffer.subarray(0, length).indexOf(10);
      if (newline < 0) {
        at += length;
        continue;
      }
      const cut = at + newline + 1;
      if (cut >= size) break;
      cuts.push(cut);
      at = cut + pieceBytes;
    }
  } finally {
    closeSync(fd);
  }
  return cuts;
}

/** The worker's bundle, beside this one (dist/read-usage.cjs): scripts/build.mjs builds both. */
const WORKER = join(__dirname, 'usage-worker.cjs');

/**
 * Reads the pieces in `threads` threads: this one and workers, each taking the next piece from a
 * shared queue and summing its records into a tally of its own. What each piece found is merged here
 * in reading order as soon as the pieces before it are (so a bad record refused is the first of the
 * input, and a Claude Code response counts in the first file that has it); the workers' tallies are
 * merged at the end, their buckets in the order one thread would have made.
 */
async function readInThreads(steps: readonly Step[], threads: number, options: ReadOptions, merge: InOrder): Promise<UsageRead> {
  const tasks: PieceTask[] = [];
  const order = steps.map((step) => ('task' in step ? { task: step.task, index: tasks.push(step.task) - 1 } : step));
  const outcomes = new Map<number, PieceOutcome>();
  let merged = 0;
  /** Merges the pieces whose turn has come; throws the first refusal in reading order. */
  const mergeReady = () => {
    for (; merged < order.length; merged++) {
      const step = order[merged] as (typeof order)[number];
      if (!('task' in step)) {
        merge.step(step);
        continue;
      }
      const outcome = outcomes.get(step.index);
      if (outcome === undefined) return;
      outcomes.delete(step.index);
      merge.piece(step.task, step.index, outcome);
    }
  };
  let bytes = 0;
  let otherRecords = 0;
  const progress = (read: number, records: number) => {
    bytes += read;
    otherRecords += records;
    options.onProgress?.(bytes, options.tally.records + otherRecords);
  };
  const data: WorkerData = { tasks, next: new Int32Array(new SharedArrayBuffer(4)), from: options.from, skipBad: options.skipBad, spec: options.tally.spec };
  // This thread reads too: a thread merging alone would be one more heap, for no speed. A worker's
  // young generation is kept small: at V8's default it grows to 32 MB, which took the peak memory of
  // a 1 GB Claude Code folder read by two threads to 165 MB; at 4 MB, 145 MB in the same time.
  const workers = Array.from({ length: threads - 1 }, () => new Worker(WORKER, { workerData: data, resourceLimits: { maxYoungGenerationSizeMb: 4 } }));
  let failed: unknown;
  const fail = (error: unknown) => {
    failed ??= error;
    Atomics.store(data.next, 0, tasks.length);
  };
  type Done = Extract<WorkerMessage, { done: unknown }>['done'];
  // Each settles once its worker is done, or has failed (failed says why).
  const tallies = workers.map(
    (worker) =>
      new Promise<Done | undefined>((settle) => {
        let finished = false;
        worker.on('message', (message: WorkerMessage) => {
          if ('piece' in message) {
            outcomes.set(message.piece, message.outcome);
            try {
              mergeReady();
            } catch (error) {
              fail(error);
            }
          } else if ('bytes' in message) progress(message.bytes, message.records);
          else {
            finished = true;
            settle(message.done);
          }
        });
        worker.on('error', (error) => {
          fail(error);
          settle(undefined);
        });
        worker.on('exit', (code) => {
          if (!finished) fail(new Error(`a usage worker thread stopped (exit code ${code})`));
          settle(undefined);
        });
      }),
  );
  try {
    const { tally } = options;
    for (let piece = Atomics.add(data.next, 0, 1); piece < tasks.length; piece = Atomics.add(data.next, 0, 1)) {
      tally.aggregate.piece = piece;
      const outcome = await pieceOutcome(tasks[piece] as PieceTask, { ...options, asOf: options.tally.spec.asOf, onRecord: (record) => tally.add(record), onBytes: (read) => progress(read, 0) });
      outcomes.set(piece, outcome);
      if (!('read' in outcome)) Atomics.store(data.next, 0, tasks.length);
      // The workers' messages, then what is ready to merge.
      await new Promise(setImmediate);
      mergeReady();
      if (failed !== undefined) throw failed;
    }
    const done = await Promise.all(tallies);
    if (failed !== undefined) throw failed;
    mergeReady();
    const workersDone = done as Done[];
    tally.aggregate.merge(workersDone.map((worker) => worker.buckets));
    for (const worker of workersDone) {
      tally.records += worker.records;
      tally.outside += worker.outside;
    }
    return merge.read;
  } finally {
    for (const worker of workers) void worker.terminate();
  }
}
