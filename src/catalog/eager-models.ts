import type { Catalog, Model } from '../core/catalog.js';

/**
 * The models a run with the defaults needs, each with its index in the catalog: those the defaults
 * name, and every model of the default candidates' providers. A catalog stored whole (the built-in
 * one, the user's updated one) keeps them beside the rest, which are read only when a command needs
 * them all: loading every model on every start costs more than the start-up target allows (npm run
 * bench measures it).
 */
export function eagerModels(catalog: Pick<Catalog, 'defaults' | 'models'>): [number, Model][] {
  const { candidates = [], baseline, compare = [] } = catalog.defaults ?? {};
  const names = (list: readonly string[]) => new Set(list.map((name) => name.toLowerCase()));
  const isNamed = (model: Model, named: ReadonlySet<string>) => [model.id, ...model.aliases].some((name) => named.has(name.toLowerCase()));
  const candidateNames = names(candidates);
  const named = names([...candidates, ...(baseline === undefined ? [] : [baseline]), ...compare]);
  const candidateProviders = new Set(catalog.models.filter((model) => isNamed(model, candidateNames)).map((model) => model.provider));
  return catalog.models.flatMap((model, index): [number, Model][] =>
    candidateProviders.has(model.provider) || isNamed(model, named) ? [[index, model]] : [],
  );
}
