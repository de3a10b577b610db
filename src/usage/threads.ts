// Reading a large input in two threads or more: files of JSON lines cut into pieces at newlines, the
// pieces taken in turn from a shared queue by this thread and worker threads (usage-worker.ts), each
// thread summing its pieces into a tally of its own; what each piece found merged here in reading
// order (MergeInOrder), and the tallies at the end (mergeInReadingOrder).
import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { UsageTally } from '../core/usage.js';
import { isGacostError } from '../errors.js';
import { type BucketMarks, mergeInReadingOrder } from './bucket-order.js';
import { isGzipped } from './bytes.js';
import { lineFormatOfFile } from './detect.js';
import type { UsageFormatName } from './format-names.js';
import type { MergeInOrder, ReadingStep } from './merge-in-order.js';
import { type Piece, type PieceOutcome, pieceOutcome } from './piece.js';
import type { WorkerData, WorkerMessage } from './usage-worker.js';

/** What the threads take of the run's options (see ReadOptions). */
export interface ThreadOptions {
  readonly from: UsageFormatName | undefined;
  readonly skipBad: boolean;
  readonly tally: UsageTally;
  readonly onProgress?: (bytes: number, records: number) => void;
}

/** A file of JSON lines is read in pieces of this many bytes at most, cut at newlines (several a thread, so that they end together). */
const MAX_PIECE_BYTES = 32 * 1024 * 1024;
const MIN_PIECE_BYTES = 4 * 1024 * 1024;

/** The worker's bundle, beside this one (dist/read-usage.cjs): scripts/build.mjs builds both. */
const WORKER = join(__dirname, 'usage-worker.cjs');

/**
 * Reads the steps (`plain`: the bytes of their files not gzipped) in `threads` threads: this one and
 * workers, each taking the next piece from a shared queue and summing its records into a tally of its
 * own. What each piece found is merged here in reading order as soon as the pieces before it are (so
 * a bad record refused is the first of the input, and a Claude Code response counts in the first file
 * that has it); the threads' tallies are merged at the end, their buckets in the order one thread makes.
 */
export async function readInThreads(
  steps: readonly ReadingStep[],
  plain: number,
  threads: number,
  options: ThreadOptions,
  merge: MergeInOrder,
): Promise<void> {
  const pieceBytes = Math.min(MAX_PIECE_BYTES, Math.max(MIN_PIECE_BYTES, Math.ceil(plain / threads / 8)));
  const order = await split(steps, pieceBytes, options.from);
  const pieces: Piece[] = [];
  const queue = order.map((step) => ('piece' in step ? { piece: step.piece, index: pieces.push(step.piece) - 1 } : step));
  const outcomes = new Map<number, PieceOutcome>();
  const { tally } = options;
  // This thread's pieces are summed apart: the run's tally takes the records held to the end of a
  // piece as the piece is merged (marked in reading order), and every thread's tally at the end.
  const own = new UsageTally(tally.spec);
  const ownMarks: BucketMarks = [];
  const heldMarks: BucketMarks = [];
  let merged = 0;
  /** Merges the pieces whose turn has come; throws the first refusal in reading order. */
  const mergeReady = () => {
    for (; merged < queue.length; merged++) {
      const step = queue[merged] as (typeof queue)[number];
      if (!('piece' in step)) {
        merge.step(step);
        continue;
      }
      const outcome = outcomes.get(step.index);
      if (outcome === undefined) return;
      outcomes.delete(step.index);
      heldMarks.push([step.index + 0.5, tally.aggregate.size]);
      merge.piece(step.piece, outcome);
    }
  };
  let bytes = 0;
  let workerRecords = 0;
  const progress = (read: number, records: number) => {
    bytes += read;
    workerRecords += records;
    options.onProgress?.(bytes, tally.records + own.records + workerRecords);
  };
  const data: WorkerData = {
    pieces,
    next: new Int32Array(new SharedArrayBuffer(4)),
    from: options.from,
    skipBad: options.skipBad,
    spec: tally.spec,
  };
  // This thread reads too: a thread merging alone would be one more heap, for no speed. A worker's
  // young generation is kept small: at V8's default it grows to 32 MB, which took the peak memory of
  // a 1 GB Claude Code folder read by two threads to 165 MB; at 4 MB, 145 MB in the same time.
  const workers = Array.from(
    { length: threads - 1 },
    () => new Worker(WORKER, { workerData: data, resourceLimits: { maxYoungGenerationSizeMb: 4 } }),
  );
  let failed: unknown;
  const fail = (error: unknown) => {
    failed ??= error;
    Atomics.store(data.next, 0, pieces.length);
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
    for (let index = Atomics.add(data.next, 0, 1); index < pieces.length; index = Atomics.add(data.next, 0, 1)) {
      ownMarks.push([index, own.aggregate.size]);
      const outcome = await pieceOutcome(pieces[index] as Piece, {
        from: options.from,
        skipBad: options.skipBad,
        asOf: tally.spec.asOf,
        onRecord: (record) => own.add(record),
        onBytes: (read) => progress(read, 0),
      });
      outcomes.set(index, outcome);
      if (!('read' in outcome)) Atomics.store(data.next, 0, pieces.length);
      // The workers' messages, then what is ready to merge.
      await new Promise(setImmediate);
      mergeReady();
      if (failed !== undefined) throw failed;
    }
    const done = (await Promise.all(tallies)) as Done[];
    if (failed !== undefined) throw failed;
    mergeReady();
    const others = [{ buckets: own.aggregate.columns(), marks: ownMarks }, ...done];
    mergeInReadingOrder(tally.aggregate, heldMarks, others);
    for (const other of [own, ...done]) {
      tally.records += other.records;
      tally.outside += other.outside;
    }
  } finally {
    for (const worker of workers) void worker.terminate();
  }
}

/**
 * The steps with each file of JSON lines larger than two pieces (not gzipped, of a format whose
 * lines stand alone) cut into pieces of about `pieceBytes`, each ending just after a newline.
 */
async function split(steps: readonly ReadingStep[], pieceBytes: number, from: UsageFormatName | undefined): Promise<ReadingStep[]> {
  const result: ReadingStep[] = [];
  for (const step of steps) {
    if (!('piece' in step) || step.size <= 2 * pieceBytes || step.piece.file === undefined) {
      result.push(step);
      continue;
    }
    const { piece, size } = step;
    const file = piece.file as string;
    let format: Awaited<ReturnType<typeof lineFormatOfFile>>;
    try {
      format = isGzipped(file, piece.path) ? undefined : await lineFormatOfFile(file, piece.path, from);
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
      result.push({ piece: { ...piece, range: { start, end, format: format.name } }, size: end - start });
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
