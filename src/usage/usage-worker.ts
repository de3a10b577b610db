// A worker thread of `gacost usage` (bundled as dist/usage-worker.cjs): takes pieces of the input
// from the queue it shares with the main thread and the other workers, reads each, sums its records
// into a tally of its own, and posts what each piece found; at the end, its tally (see threads.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { type BucketTable, type TallySpec, UsageTally } from '../core/usage.js';
import type { BucketMarks } from './bucket-order.js';
import type { UsageFormatName } from './format-names.js';
import { type Piece, type PieceOutcome, pieceOutcome } from './piece.js';

export interface WorkerData {
  readonly pieces: readonly Piece[];
  /** The next piece to take, shared by every thread of the run (on a SharedArrayBuffer). */
  readonly next: Int32Array;
  readonly from: UsageFormatName | undefined;
  readonly skipBad: boolean;
  readonly spec: TallySpec;
}

export type WorkerMessage =
  | { readonly piece: number; readonly outcome: PieceOutcome }
  /** Read since the last such message, for the progress line. */
  | { readonly bytes: number; readonly records: number }
  | { readonly done: { readonly buckets: BucketTable; readonly marks: BucketMarks; readonly records: number; readonly outside: number } };

/** A progress message at most every this many bytes. */
const PROGRESS_BYTES = 8 * 1024 * 1024;

async function work(data: WorkerData, post: (message: WorkerMessage) => void): Promise<void> {
  const tally = new UsageTally(data.spec);
  const marks: BucketMarks = [];
  let bytes = 0;
  let records = 0;
  const onBytes = (read: number) => {
    bytes += read;
    if (bytes < PROGRESS_BYTES) return;
    post({ bytes, records: tally.records - records });
    bytes = 0;
    records = tally.records;
  };
  for (let piece = Atomics.add(data.next, 0, 1); piece < data.pieces.length; piece = Atomics.add(data.next, 0, 1)) {
    marks.push([piece, tally.aggregate.size]);
    const outcome = await pieceOutcome(data.pieces[piece] as Piece, {
      from: data.from,
      skipBad: data.skipBad,
      asOf: data.spec.asOf,
      onRecord: (record) => tally.add(record),
      onBytes,
    });
    post({ piece, outcome });
    // Every piece before this one is taken: none after it counts once it is refused.
    if (!('read' in outcome)) Atomics.store(data.next, 0, data.pieces.length);
  }
  post({ done: { buckets: tally.aggregate.columns(), marks, records: tally.records, outside: tally.outside } });
}

if (parentPort !== null) {
  const port = parentPort;
  void work(workerData as WorkerData, (message) => port.postMessage(message));
}
