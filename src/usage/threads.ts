// Reading a large input in two threads or more: files of JSON lines cut into pieces at newlines, the
// pieces taken in turn from a shared queue by this thread and worker threads (usage-worker.ts), each
// read into a tally of its own, and merged here in reading order (MergeInOrder).
import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { UsageTally, type UsageRecord } from '../core/usage.js';
import { isGacostError } from '../errors.js';
import { isGzipped } from './bytes.js';
import { lineFormatOfFile } from './detect.js';
import type { MergeInOrder, ReadingStep } from './merge-in-order.js';
import { pieceOutcome, withSums, type Piece, type PieceOutcome } from './piece.js';
import type { UsageFormatName } from './usage-format.js';
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
 * Reads the steps (`plain`: the bytes of their files not gzipped) in `threads` threads: this one and workers, each taking the next piece from a
 * shared queue and reading it into a tally of its own. Each piece's outcome is merged here in reading
 * order as soon as the pieces before it are (so a bad record refused is the first of the input, a
 * Claude Code response counts in the first file that has it, and the buckets come in the order of
 * one thread).
 */
export async function readInThreads(steps: readonly ReadingStep[], plain: number, threads: number, options: ThreadOptions, merge: MergeInOrder): Promise<void> {
  const pieceBytes = Math.min(MAX_PIECE_BYTES, Math.max(MIN_PIECE_BYTES, Math.ceil(plain / threads / 8)));
  const order = await split(steps, pieceBytes, options.from);
  const pieces: Piece[] = [];
  const queue = order.map((step) => ('piece' in step ? { piece: step.piece, index: pieces.push(step.piece) - 1 } : step));
  const outcomes = new Map<number, PieceOutcome>();
  const { tally } = options;
  let merged = 0;
  /** Records read by every thread, and those of them merged into the tally (for the progress line). */
  let records = 0;
  let recordsMerged = 0;
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
      if ('read' in outcome) recordsMerged += outcome.sums?.records ?? 0;
      merge.piece(step.piece, outcome);
    }
  };
  let bytes = 0;
  const progress = (read: number, more: number) => {
    bytes += read;
    records += more;
    options.onProgress?.(bytes, tally.records + records - recordsMerged);
  };
  const data: WorkerData = { pieces, next: new Int32Array(new SharedArrayBuffer(4)), from: options.from, skipBad: options.skipBad, spec: tally.spec };
  // This thread reads too: a thread merging alone would be one more heap, for no speed. A worker's
  // young generation is kept small: at V8's default it grows to 32 MB, which took the peak memory of
  // a 1 GB Claude Code folder read by two threads to 165 MB; at 4 MB, 145 MB in the same time.
  const workers = Array.from({ length: threads - 1 }, () => new Worker(WORKER, { workerData: data, resourceLimits: { maxYoungGenerationSizeMb: 4 } }));
  let failed: unknown;
  const fail = (error: unknown) => {
    failed ??= error;
    Atomics.store(data.next, 0, pieces.length);
  };
  // Each settles once its worker is done, or has failed (failed says why).
  const done = workers.map(
    (worker) =>
      new Promise<void>((settle) => {
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
            settle();
          }
        });
        worker.on('error', (error) => {
          fail(error);
          settle();
        });
        worker.on('exit', (code) => {
          if (!finished) fail(new Error(`a usage worker thread stopped (exit code ${code})`));
          settle();
        });
      }),
  );
  try {
    for (let index = Atomics.add(data.next, 0, 1); index < pieces.length; index = Atomics.add(data.next, 0, 1)) {
      const own = new UsageTally(tally.spec);
      const onRecord = (record: UsageRecord) => {
        own.add(record);
        records += 1;
      };
      const outcome = withSums(await pieceOutcome(pieces[index] as Piece, { from: options.from, skipBad: options.skipBad, asOf: tally.spec.asOf, onRecord, onBytes: (read) => progress(read, 0) }), own);
      outcomes.set(index, outcome);
      if (!('read' in outcome)) Atomics.store(data.next, 0, pieces.length);
      // The workers' messages, then what is ready to merge.
      await new Promise(setImmediate);
      mergeReady();
      if (failed !== undefined) throw failed;
    }
    await Promise.all(done);
    if (failed !== undefined) throw failed;
    mergeReady();
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
    let format;
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
