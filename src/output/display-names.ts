import { type Candidate, candidateId, MIX_PERCENT_SCALE } from '../core/candidate.js';
import { modelName } from '../core/catalog.js';
import { formatDecimal } from '../core/decimal.js';
import { usdText } from '../core/money.js';
import type { ObservedSpend } from '../core/observed-spend.js';
import { observedName } from './observed.js';
import { countFigure, type Prose, prose, usdFigure } from './report.js';

/**
 * Models as a page names them, in titles, legends, headings, prose and table cells: the catalog's
 * name and who it is bought from ("DeepSeek V4 Flash via Global API"). The id stays beside it in
 * the page's data-id attributes and its table of exact figures, as in JSON and CSV.
 */
export const modelProse = (name: string, provider: string): string => `${name} via ${provider}`;

/** A candidate by name: a model and its provider, a routing mix and its parts, or the observed mix and its period. */
export function candidateProse(candidate: Candidate): string {
  switch (candidate.kind) {
    case 'model':
      return modelProse(modelName(candidate.model.model), candidate.model.providerName);
    case 'mix':
      return `Routing mix of ${candidate.parts
        .map((part) => `${modelName(part.model.model)} ${formatDecimal(part.percent, MIX_PERCENT_SCALE)}%`)
        .join(', ')}`;
    case 'observed':
      return observedName(candidate.observed);
  }
}

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
