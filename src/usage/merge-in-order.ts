// What the pieces of a run found, merged in reading order whichever thread read them: so that the
// first bad record refused is the first of the input, and a Claude Code response counts in the first
// file that has it.

import type { UsageTally } from '../core/usage.js';
import type { SourceSummary } from '../core/usage-pricing.js';
import { GacostError } from '../errors.js';
import type { Piece, PieceOutcome } from './piece.js';
import { count, FIRST_POSITIONS } from './readers.js';

/** What was skipped (bad records with --skip-bad, files), by reason: how many and where the first few are. */
type SkipCounts = Map<string, { count: number; positions: string[] }>;

/** What reading the run's sources found beside the records it summed into the tally. */
export interface UsageRead {
  /** Each source of a usage format, in reading order (a file read in pieces, once). */
  readonly sources: SourceSummary[];
  /** Bad records skipped with --skip-bad (the sum of each source's bad). */
  readonly bad: SkipCounts;
  /** Files not read (of the folders given, holding no usage gacost reads; or read already), by why, the first few named. */
  readonly otherFiles: SkipCounts;
  /** Said once per format read (Claude Code's output counts are a lower bound). */
  readonly notes: string[];
  /** Bytes read, after decompression. */
  bytes: number;
  /** Pieces read: a source each, but a large file of JSON lines that several threads read, cut into several. */
  pieces: number;
}

/** A file not read, and why. */
export interface NotRead {
  readonly other: string;
  readonly path: string;
}

/**
 * A step of the run, in reading order: a piece to read (with its size in bytes), a file known not to
 * be read without reading it, or a path that cannot be read (which ends the run when its turn comes).
 */
export type ReadingStep = { readonly piece: Piece; readonly size: number } | NotRead | { readonly error: GacostError };

/** Merges the steps of a run into its UsageRead and tally, one by one in reading order, as each is ready. */
export class MergeInOrder {
  readonly read: UsageRead = { sources: [], bad: new Map(), otherFiles: new Map(), notes: [], bytes: 0, pieces: 0 };
  /** Responses counted, by id, across the files of the run (see Emit). */
  private readonly counted = new Set<string>();
  /** The lines of the file being read before the piece merged next (a range's are numbered after them). */
  private linesBefore = 0;

  constructor(
    private readonly tally: UsageTally,
    private readonly refusalHint: string | undefined,
  ) {}

  /** A step that is no piece: a file not read, counted; a path that cannot be read, thrown. */
  step(step: NotRead | { readonly error: GacostError }): void {
    if ('error' in step) throw step.error;
    counted(this.read.otherFiles, step.other, step.path);
  }

  /** A piece's outcome, the pieces before it merged already: its refusal thrown, or what it found added. */
  piece(piece: Piece, outcome: PieceOutcome): void {
    const { read } = this;
    const continued = piece.range !== undefined && piece.range.start > 0;
    const offset = continued ? this.linesBefore : 0;
    if ('refused' in outcome) {
      const hint = this.refusalHint === undefined || !outcome.refused.skippable ? '' : `; ${this.refusalHint}`;
      throw new GacostError('invalid-usage', `${piece.path}:${outcome.refused.line + offset}: ${outcome.refused.message}${hint}`);
    }
    if ('failed' in outcome) throw new GacostError(outcome.failed.code, outcome.failed.message, outcome.failed.problems);
    const found = outcome.read;
    this.linesBefore = offset + found.lines;
    read.pieces += 1;
    read.bytes += found.bytes;
    if (found.other !== undefined) counted(read.otherFiles, found.other, piece.path);
    for (const note of found.notes) if (!read.notes.includes(note)) read.notes.push(note);
    const summary = found.source;
    if (summary === undefined) return;
    for (const [reason, bad] of summary.bad) {
      const entry = read.bad.get(reason) ?? { count: 0, positions: [] };
      entry.count += bad;
      for (const line of found.badLines.get(reason) ?? [])
        if (entry.positions.length < FIRST_POSITIONS) entry.positions.push(`${piece.path}:${line + offset}`);
      read.bad.set(reason, entry);
    }
    const last = read.sources.at(-1);
    let source: SourceSummary;
    if (continued && last !== undefined) {
      source = last;
      source.records += summary.records;
      source.skipped += summary.skipped;
      source.duplicates += summary.duplicates;
      for (const [reason, skipped] of summary.skippedReasons) count(source.skippedReasons, reason, skipped);
      for (const [reason, bad] of summary.bad) count(source.bad, reason, bad);
    } else {
      source = summary;
      read.sources.push(source);
    }
    // Held records come after the piece's others.
    for (const [record, once] of found.held) {
      if (once !== undefined && this.counted.has(once)) {
        source.duplicates += 1;
        continue;
      }
      if (once !== undefined) this.counted.add(once);
      source.records += 1;
      this.tally.add(record);
    }
  }
}

/** One more skipped for `reason`, at `position` (named if among the first few). */
function counted(counts: SkipCounts, reason: string, position: string): void {
  const entry = counts.get(reason) ?? { count: 0, positions: [] };
  entry.count += 1;
  if (entry.positions.length < FIRST_POSITIONS) entry.positions.push(position);
  counts.set(reason, entry);
}
