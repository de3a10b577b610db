import type { ExactJson, FlatRecord } from './exact.js';
import type { Report } from './report.js';
import type { DisplayTable } from './view.js';

/** The version of every JSON document gacost prints; it changes only with an incompatible change. */
export const JSON_SCHEMA_VERSION = 1;

/**
 * Everything about printing one kind of result, in one place: its view for people (drawn as a table
 * or as Markdown), its CSV fields and records, its JSON, typed by the output contract, and the page
 * of charts drawn from that JSON (a kind without one is shown on a page as its view's table).
 */
export interface ResultSpec<Result, Json> {
  readonly view: (result: Result) => DisplayTable;
  /** Records may be given one at a time (an iterable): a large table's are then never all held at once. */
  readonly csv: (result: Result) => { readonly fields: readonly string[]; readonly records: Iterable<FlatRecord> };
  readonly json: (result: Result) => ExactJson<Json>;
  /**
   * The same JSON with its long lists given one item at a time (JsonList), written a piece at a time
   * (jsonPieces): a kind whose lists can be too long to hold at once gives it.
   */
  readonly lazyJson?: (result: Result) => unknown;
  readonly report?: (result: Result, json: ExactJson<Json>) => Report;
  /** Its rows as a FOCUS dataset (--format focus), for a kind that is priced usage (usage) or a bill held against it (reconcile). */
  readonly focus?: (result: Result) => { readonly fields: readonly string[]; readonly records: Iterable<FlatRecord> };
  /** Markdown of its own (diff's PR comment); without it, the view drawn as a Markdown table. */
  readonly markdown?: (result: Result) => string;
}

/** A spec of any kind of result, each typed by its own result and JSON. */
// biome-ignore lint/suspicious/noExplicitAny: the JSON of whichever kind the result is
export type AnySpec<Result> = ResultSpec<Result, any>;
