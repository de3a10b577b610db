import { type Candidate, candidateId } from '../core/candidate.js';
import { usdText } from '../core/money.js';
import type { ObservedSpend } from '../core/observed-spend.js';
import { observedName } from './observed.js';
import { countFigure, type Prose, prose, usdFigure } from './report.js';
import { candidateProse } from './view.js';

/** Each candidate's name by the id the JSON gives it (candidateId). */
export function namesOf(candidates: Iterable<Candidate>): ReadonlyMap<string, string> {
  const names = new Map<string, string>();
  for (const candidate of candidates) names.set(candidateId(candidate), candidateProse(candidate));
  return names;
}

/** An id's name, or the id where none is known (a name from a log that no catalog model has). */
export const nameOf = (names: ReadonlyMap<string, string>, id: string): string => names.get(id) ?? id;

/** The observed spend in a sentence of the page: its period, cost and tokens, each figure exact in its data-value. */
export const observedProse = (observed: ObservedSpend): Prose =>
  prose`${observedName(observed)}: ${usdFigure(usdText(observed.cost))} for ${countFigure(observed.tokens)} tokens on the logs' own models, each at its prices.`;
