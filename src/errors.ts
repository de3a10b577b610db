/** Every failure a user can cause carries a code; the CLI maps all of them to exit 2. */
export type ErrorCode =
  | 'invalid-quantity'
  | 'invalid-option'
  | 'conflicting-options'
  | 'unknown-model'
  /** A name that match rules of several providers claim, given without its provider. */
  | 'ambiguous-model'
  /** A model only the other catalog of a diff has: that side shows "—". */
  | 'not-in-catalog'
  | 'no-published-price'
  | 'no-price-on-date'
  | 'unknown-tier'
  | 'invalid-catalog'
  | 'invalid-stages'
  | 'invalid-budget'
  | 'unreadable-file'
  | 'unwritable-file'
  | 'output-is-input'
  | 'invalid-import'
  /** A usage record gacost cannot read: not JSON, a bad token count, no model. */
  | 'invalid-usage'
  /** With --strict, usage records whose model cannot be priced. */
  | 'unpriced-usage'
  /** With --require, priced spend below the level of trust asked for (a match rule, an assumed price). */
  | 'provenance-below-required'
  /** check --usage with no record of the month for any workload (nor a budgeted total), without --allow-empty. */
  | 'no-usage-data'
  /** A bill gacost cannot read, or cannot hold against usage as given (another currency without --fx). */
  | 'invalid-bill';

export class GacostError extends Error {
  override readonly name = 'GacostError';

  /**
   * @param problems one line each, for inputs that can be wrong in several places at once
   *   (a catalog file lists every problem, each with its file:line:col).
   */
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly problems: readonly string[] = [],
  ) {
    super(message);
  }

  /**
   * By name too, so that `instanceof GacostError` holds for an error from a lazily loaded bundle,
   * which carries its own copy of the class.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isGacostError(value);
  }
}

/** By name rather than instanceof: the lazily loaded loaders bundle carries its own copy of the class. */
export function isGacostError(error: unknown): error is GacostError {
  return error instanceof Error && error.name === 'GacostError' && 'problems' in error;
}
