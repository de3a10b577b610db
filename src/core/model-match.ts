import { isGacostError } from '../errors.js';
import { type Catalog, type CatalogInfo, catalogInfo, type PriceContext, type PriceSet } from './catalog.js';
import { listedModel, providerKey } from './model-list.js';
import { ModelIndex, type ResolvedName } from './resolve-model.js';

export interface NameMatch {
  /** The name as given. */
  readonly name: string;
  /** The model it names and how, or null when it names none. */
  readonly resolved: ResolvedName | null;
  /** The model's prices on the as-of date (at the tier), or null when it has none there. */
  readonly prices: PriceSet | null;
  /** Why there is no model or no prices: the one-line message the name would be refused with elsewhere. */
  readonly reason: string | null;
  /**
   * How `gacost usage` resolves the same name read from a log (with the provider, if given), where an
   * alias never takes another vendor's traffic: the model and how, or why none.
   */
  readonly inLogs: ResolvedName | { readonly reason: string };
}

export interface ModelMatchList {
  readonly kind: 'model-match';
  readonly catalog: CatalogInfo;
  readonly providerFilter: string | null;
  readonly matches: readonly NameMatch[];
}

/**
 * Which model each name resolves to (of one provider, if given), and its prices on the as-of date, or
 * why not: a report, so a name that resolves to nothing is an entry, not an error.
 */
export function matchNames(catalog: Catalog, context: PriceContext, names: readonly string[], provider?: string): ModelMatchList {
  const wanted = providerKey(catalog, provider);
  const index = new ModelIndex(catalog, context);
  const matches = names.map((name): NameMatch => {
    const inLogs = loggedAs(index, name, wanted);
    let resolved: ResolvedName;
    try {
      resolved = index.match(name, wanted);
    } catch (error) {
      return { name, resolved: null, prices: null, reason: reasonOf(error), inLogs };
    }
    try {
      // Refuses what the commands that price refuse: unpublished, retired, not yet priced, no such tier.
      index.priced(resolved.model);
    } catch (error) {
      return { name, resolved, prices: null, reason: reasonOf(error), inLogs };
    }
    return { name, resolved, prices: listedModel(resolved.model, context).prices, reason: null, inLogs };
  });
  return { kind: 'model-match', catalog: catalogInfo(catalog, context), providerFilter: wanted ?? null, matches };
}

function loggedAs(index: ModelIndex, name: string, provider: string | undefined): NameMatch['inLogs'] {
  try {
    return index.matchLogged(name, provider);
  } catch (error) {
    return { reason: reasonOf(error) };
  }
}

function reasonOf(error: unknown): string {
  if (!isGacostError(error)) throw error;
  return error.message;
}
