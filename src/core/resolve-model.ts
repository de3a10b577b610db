import { GacostError, isGacostError } from '../errors.js';
import {
  type Catalog,
  contextTiersOf,
  lookupPrices,
  type MatchRule,
  type Model,
  type PriceContext,
  type PriceSet,
  providerNamed,
  UNIT_PRICE_KEYS,
  type UnitPriceKey,
} from './catalog.js';
import { compileRule, type NameMatcher, nameForms } from './match-rules.js';
import { MAX_PRICE, type PricePerMtok, parsePrice } from './money.js';

interface PricedContextTier {
  /** Prompt tokens above which the tier applies to the whole request. */
  readonly above: bigint;
  readonly output?: PricePerMtok;
  readonly input?: PricePerMtok;
  readonly cachedInput?: PricePerMtok;
}

export interface PricedModel {
  readonly model: Model;
  /** Who you pay, for display: "Global API", "OpenAI". */
  readonly providerName: string;
  readonly output: PricePerMtok;
  /** Absent where the catalog publishes no such price. */
  readonly input?: PricePerMtok;
  readonly cachedInput?: PricePerMtok;
  readonly cacheWrite?: PricePerMtok;
  /** The provider's free-tier rate limit, where the catalog has one. */
  readonly freeTierRpm?: number;
  /** Long-prompt prices, lowest threshold first. */
  readonly contextTiers: readonly PricedContextTier[];
  /** Where the model's prices depend on the time of day, which a projection does not know: the windows, and which one's prices it took (the highest; null: the all-day price). */
  readonly timeOfDay?: { readonly hours: readonly string[]; readonly took: string | null };
  /** The prices not by the token in force (per 1,000 web searches, requests, …), which pricing by tokens leaves out. */
  readonly unitPrices: readonly UnitPriceKey[];
}

/**
 * How a name resolved, for provenance: by the model's id or its id without the provider (`id`); by
 * an alias, or a name the model's match rule lists exactly (`alias`); by a dated, versioned or
 * prefixed form of one of those (`version`: `-2024-08-06`, `-20250929`, `@20250929`, `-v1:0`, a
 * region or `provider/` prefix); or by a broader match rule (`rule`), which may take a newer model
 * for an older one.
 */
export type Resolution = 'id' | 'alias' | 'version' | 'rule';

/** How a name resolved: the model, and whether through its id, one of its aliases or its match rule. */
export interface ResolvedName {
  readonly model: Model;
  readonly via: 'id' | 'alias' | 'rule';
  readonly resolution: Resolution;
  /**
   * With resolution `rule`: the part of the model's match rule that claimed the name, as
   * `starts_with claude-fable-5`; or `variant :free`, an OpenRouter variant dropped from the name.
   */
  readonly rule?: string;
}

/** A name's lookup before it is told apart as an id, alias, version or rule (see classify). */
interface Found {
  readonly model: Model;
  readonly via: 'id' | 'alias' | 'rule';
  /** The form of the name that found it. */
  readonly form: string;
  readonly literal: boolean;
}

/** A form of a name (see nameForms), with the provider it is looked up in and whether a prefix named that provider. */
interface NameForm {
  readonly name: string;
  readonly provider: string | undefined;
  readonly prefixed: boolean;
  /** The name as given, or without only an OpenRouter variant. */
  readonly literal: boolean;
}

/** A model's compiled match rule, in catalog order. */
interface RuledModel {
  readonly model: Model;
  readonly matches: NameMatcher;
}

/**
 * Case-insensitive lookup of names, built once per catalog: exact id or alias first (of the name as
 * given, then of its forms without a provider prefix, see nameForms), then match rules. Within one
 * provider the first model in catalog order whose rule claims the name wins, as in genai-prices (a
 * catalog lists the more specific model first); a name that rules of several providers claim resolves
 * only when the provider is known (a `provider/` prefix, or the caller's provider), else it is refused
 * as ambiguous.
 */
/**
 * What every index of one list of models builds alike, built once a list: a process (a library caller,
 * the tests) may index the same catalog many times, and the built-in one has 1,699 models.
 */
interface ModelLookups {
  everyName?: Map<string, Model>;
  /** Models by their id without the provider (`gpt-4o` of `openai/gpt-4o`), for names from logs. */
  scoped?: Map<string, Model[]>;
  ruled?: readonly RuledModel[];
}
const lookupsByModels = new WeakMap<readonly Model[], ModelLookups>();
export function lookupsOf(models: readonly Model[]): ModelLookups {
  let lookups = lookupsByModels.get(models);
  if (lookups === undefined) {
    lookups = {};
    lookupsByModels.set(models, lookups);
  }
  return lookups;
}

export class ModelIndex {
  /** Ids and aliases of the catalog's eager models (see Catalog.eagerModels), which need not read the rest. */
  private readonly eagerByName = new Map<string, Model>();
  private readonly otherSide: ModelIndex | undefined;
  private readonly providerMatchers = new Map<string, NameMatcher>();
  /** Built on the first unknown name, then shared by the rest (a budget file may have hundreds). */
  private suggestable: NameGroups | undefined;
  /** Unknown names given suggestions so far: past MAX_SUGGESTED_NAMES the rest are refused without. */
  private suggested = 0;

  /**
   * @param otherSide for one side of a catalog diff, the other side's catalog: a name only it knows is
   *   missing here (`not-in-catalog`, shown as "—") rather than unknown, and suggestions come from both.
   */
  constructor(
    readonly catalog: Catalog,
    readonly context: PriceContext,
    otherSide?: Catalog,
  ) {
    for (const model of catalog.eagerModels ?? []) {
      for (const name of [model.id, ...model.aliases]) this.eagerByName.set(name.toLowerCase(), model);
    }
    this.otherSide = otherSide === undefined ? undefined : new ModelIndex(otherSide, context);
  }

  /** Every id and alias of the catalog, in lower case: built on the first name the eager models do not have. */
  private get byName(): Map<string, Model> {
    const shared = lookupsOf(this.catalog.models);
    if (shared.everyName === undefined) {
      shared.everyName = new Map();
      for (const model of this.catalog.models) {
        for (const name of [model.id, ...model.aliases]) shared.everyName.set(name.toLowerCase(), model);
      }
    }
    return shared.everyName;
  }

  /** The model a name means: this catalog's, else (for a diff) the other side's, which `priced` then refuses. */
  resolve(name: string): Model {
    return this.match(name).model;
  }

  /**
   * The model a name means and how it was found; with `provider` (a provider key of the catalog), only
   * that provider's models. Refuses an unknown name (`unknown-model`) and one that rules of several
   * providers claim (`ambiguous-model`).
   */
  match(name: string, provider?: string): ResolvedName {
    return this.find(name, provider, false);
  }

  /**
   * The model a name recorded in a log means, served by `provider` where the record, its source or
   * --provider says which. Unlike a name typed on the command line, an alias never takes a name to
   * its provider unless that provider served it (`deepseek-v4-flash` from DeepSeek's own API stays
   * DeepSeek's); a model's id without its provider (`qwen3-32b`) claims the name beside the match
   * rules, and a name that several providers claim, none of them settling it, is ambiguous.
   */
  matchLogged(name: string, provider?: string): ResolvedName {
    return this.find(name, provider, true);
  }

  private find(name: string, provider: string | undefined, logged: boolean): ResolvedName {
    const wanted = name.trim().toLowerCase();
    // The common case, an id or alias as given, without building the name's other forms.
    const direct = provider === undefined ? (this.eagerByName.get(wanted) ?? this.byName.get(wanted)) : undefined;
    if (direct && (!logged || direct.id.toLowerCase() === wanted))
      return classify({ model: direct, via: direct.id.toLowerCase() === wanted ? 'id' : 'alias', form: wanted, literal: true }, wanted);
    const forms = [{ name: wanted, provider }, ...nameForms(wanted, (prefix) => providerNamed(this.catalog, prefix))]
      // A prefix that names another provider than the one asked for names no model of it.
      .filter((form) => provider === undefined || form.provider === undefined || form.provider === provider)
      .map(
        (form): NameForm => ({
          name: form.name,
          provider: form.provider ?? provider,
          prefixed: form.provider !== undefined,
          literal: 'literal' in form || form.name === wanted,
        }),
      );
    const found = this.inOrder(forms, name, logged);
    if (found) return classify(found, wanted);
    const elsewhere = this.otherSide?.inOrder(forms, name, logged);
    // A name only the other side knows may still name a model this side has under the same id.
    if (elsewhere) return classify({ ...elsewhere, model: this.byName.get(elsewhere.model.id.toLowerCase()) ?? elsewhere.model }, wanted);
    const aliasOf = logged ? this.byName.get(wanted) : undefined;
    if (aliasOf !== undefined) {
      const key = aliasOf.provider;
      throw new GacostError(
        'unknown-model',
        `unknown model ${quotedName(name)}${provider === undefined ? '' : ` of provider ${provider}`}: it is an alias of ${aliasOf.id}, which a log's record takes only when ${key} served it (the record's provider, or --provider ${key})`,
      );
    }
    this.suggestable ??= [...this.catalog.models, ...(this.otherSide?.catalog.models ?? [])].map((candidate) => [
      candidate.id,
      ...candidate.aliases,
    ]);
    const suggestions = (this.suggested++ < MAX_SUGGESTED_NAMES ? closestNames(wanted, this.suggestable) : []).filter(
      (suggestion) => suggestion.toLowerCase() !== wanted,
    );
    const hint = suggestions.length > 0 ? `; did you mean ${suggestions.join(', ')}?` : '';
    const scope = provider === undefined ? '' : ` of provider ${provider}`;
    throw new GacostError('unknown-model', `unknown model ${quotedName(name)}${scope}${hint}`);
  }

  /**
   * The forms of a name tried in the order that keeps each claim where it belongs: the name as given
   * (or without an OpenRouter variant) by id or alias; then the forms a provider's prefix gives, that
   * provider's id, alias or rule (so that another provider's rule on the whole name, such as a host's
   * `contains: claude-sonnet-4`, does not take `anthropic/claude-sonnet-4.5`); then the rules on the
   * name as given (Fireworks' rules name its `accounts/fireworks/models/…` ids, which a Global API alias
   * of the short form must not take); then each shorter form, by id, alias, then rule.
   */
  private inOrder(forms: readonly NameForm[], asGiven: string, logged: boolean): Found | undefined {
    const literal = forms.filter((form) => form.literal);
    const stages: (() => Found | undefined)[] = [
      () => this.exact(literal, logged),
      ...forms.filter((form) => form.prefixed).map((form) => () => this.exact([form], logged) ?? this.byRules([form], asGiven, logged)),
      () => this.byRules(literal, asGiven, logged),
      ...forms
        .filter((form) => !form.prefixed && !form.literal)
        .map((form) => () => this.exact([form], logged) ?? this.byRules([form], asGiven, logged)),
    ];
    for (const stage of stages) {
      const found = stage();
      if (found) return found;
    }
    return undefined;
  }

  /**
   * The first form that is an id or alias. From a log, an alias counts only within the provider that
   * served the record, and so does a model's id without its provider (see byRules for the rest).
   */
  private exact(forms: readonly NameForm[], logged: boolean): Found | undefined {
    for (const form of forms) {
      const model = this.byName.get(form.name);
      const isId = model !== undefined && model.id.toLowerCase() === form.name;
      if (model && (form.provider === undefined || model.provider === form.provider) && (!logged || isId || form.provider !== undefined)) {
        return { model, via: isId ? 'id' : 'alias', form: form.name, literal: form.literal };
      }
      const scoped =
        logged && form.provider !== undefined
          ? this.scopedIds.get(form.name)?.find((candidate) => candidate.provider === form.provider)
          : undefined;
      if (scoped !== undefined) return { model: scoped, via: 'id', form: form.name, literal: form.literal };
    }
    return undefined;
  }

  /**
   * A model's own names at its provider, as its API writes them in logs: its id without the provider,
   * and the aliases that are that id or a dated form of it (`gpt-4o-2024-08-06`), not a name another
   * vendor serves (Global API's `deepseek-ai/DeepSeek-R1`).
   */
  private get scopedIds(): Map<string, Model[]> {
    const shared = lookupsOf(this.catalog.models);
    if (shared.scoped === undefined) {
      const scoped = new Map<string, Model[]>();
      for (const model of this.catalog.models) {
        for (const name of ownNames(model)) scoped.set(name, [...(scoped.get(name) ?? []), model]);
      }
      shared.scoped = scoped;
    }
    return shared.scoped;
  }

  /** Compiled on the first name that no id or alias has: most runs name only ids and aliases. */
  private get ruled(): readonly RuledModel[] {
    const shared = lookupsOf(this.catalog.models);
    shared.ruled ??= this.catalog.models.flatMap((model) =>
      model.match === undefined ? [] : [{ model, matches: compileRule(model.match) }],
    );
    return shared.ruled;
  }

  /**
   * The first form that some rule claims decides. Of a known provider: its first claiming model, else
   * that of the first provider it falls back to (Azure serves OpenAI's models). Of no known provider:
   * the one provider's, or, where rules of several claim the name, the one whose provider claims such
   * names (model_match, as genai-prices picks a provider); else the name is ambiguous.
   */
  private byRules(forms: readonly NameForm[], asGiven: string, logged: boolean): Found | undefined {
    if (this.ruled.length === 0 && !logged) return undefined;
    for (const form of forms) {
      const firstOf = this.claimants(form.name, form.provider);
      const found = (model: Model): Found => ({ model, via: 'rule', form: form.name, literal: form.literal });
      if (form.provider !== undefined) {
        const model = firstOf.get(form.provider) ?? this.fallbackClaimant(form.name, form.provider);
        if (model !== undefined) return found(model);
        continue;
      }
      // From a log, a model's own name at its provider claims the name before any provider's rule:
      // it is that vendor's name for it. An aggregator's ids are other vendors' names: they claim a
      // record only when the record says the aggregator served it (exact, above).
      const byId = new Map<string, Model>();
      if (logged) {
        for (const model of this.scopedIds.get(form.name) ?? []) {
          if (!byId.has(model.provider) && this.catalog.providers[model.provider]?.kind !== 'aggregator') byId.set(model.provider, model);
        }
      }
      const candidates = byId.size > 0 ? [...byId.values()] : [...firstOf.values()];
      const pick = (model: Model): Found =>
        byId.get(model.provider) === model ? { model, via: 'id', form: form.name, literal: form.literal } : found(model);
      const [only] = candidates;
      if (only === undefined) continue;
      if (candidates.length === 1) return pick(only);
      const claimed = candidates.filter((model) => this.providerClaims(model.provider, form.name));
      if (claimed.length === 1 && claimed[0] !== undefined) return pick(claimed[0]);
      throw new GacostError(
        'ambiguous-model',
        logged
          ? `model ${quotedName(asGiven)} is ambiguous: several providers claim it (${candidates.map((model) => `${model.id} of ${model.provider}`).join(', ')}); the record names no provider that settles it: --provider does`
          : `model ${quotedName(asGiven)} is ambiguous: match rules of several providers claim it (${candidates.map((model) => `${model.id} of ${model.provider}`).join(', ')}); name the provider, as provider/name`,
      );
    }
    return undefined;
  }

  /** The first model of each provider (of `provider` only, if given) whose rule claims the name, in catalog order. */
  private claimants(name: string, provider: string | undefined): Map<string, Model> {
    const firstOf = new Map<string, Model>();
    for (const { model, matches } of this.ruled) {
      if ((provider === undefined || model.provider === provider) && !firstOf.has(model.provider) && matches(name))
        firstOf.set(model.provider, model);
    }
    return firstOf;
  }

  /** One step of fallback, as in genai-prices: the fallback providers' own models, not theirs in turn. */
  private fallbackClaimant(name: string, provider: string): Model | undefined {
    for (const fallback of this.catalog.providers[provider]?.fallback_providers ?? []) {
      const model = this.claimants(name, fallback).get(fallback);
      if (model !== undefined) return model;
    }
    return undefined;
  }

  private providerClaims(provider: string, name: string): boolean {
    const rule = this.catalog.providers[provider]?.model_match;
    if (rule === undefined) return false;
    let matches = this.providerMatchers.get(provider);
    if (matches === undefined) this.providerMatchers.set(provider, (matches = compileRule(rule)));
    return matches(name);
  }

  resolvePriced(name: string): PricedModel {
    return this.priced(this.resolve(name));
  }

  /** The model's prices here, with its provider's free tier; refuses what this catalog cannot price. */
  priced(model: Model): PricedModel {
    const id = model.id.toLowerCase();
    if (this.eagerByName.get(id) !== model && this.byName.get(id) !== model) {
      throw new GacostError('not-in-catalog', `model ${model.id} is only in the other catalog`);
    }
    const provider = this.catalog.providers[model.provider];
    const freeTierRpm = provider?.rate_limits?.find((limit) => limit.plan === 'free')?.requests_per_minute;
    return { ...priceOf(model, provider?.name ?? model.provider, this.context), freeTierRpm };
  }
}

/** A model's id without its `provider/` prefix, in lower case: the name its provider's API knows it by. */
function scopedId(model: Model): string | undefined {
  const id = model.id.toLowerCase();
  const prefix = `${model.provider.toLowerCase()}/`;
  return id.startsWith(prefix) ? id.slice(prefix.length) : undefined;
}

/**
 * What a dated or versioned form adds to a name: a date (`-2024-08-06`, `-20250929`, `@20250929`,
 * `-0709`, `-05-20`), a release number of three or four digits (`-001`, `-2411`), a Bedrock version
 * (`-v1:0`, `-v2`), or `-latest`. A lone digit or two (`claude-fable-5-1`) is no such suffix: it may
 * name a newer model.
 */
const VERSION_SUFFIX = /^(?:[-@](?:\d{4}-\d{2}-\d{2}|\d{8}|\d{2}-\d{2}|\d{3,4}|v\d+(?::\d+)?|latest))+$/;

/**
 * A model's own names at its provider, in lower case, as its API writes them in logs: its id without
 * the provider, and the aliases that are that id or a dated form of it (`gpt-4o-2024-08-06`).
 */
export function ownNames(model: Model): string[] {
  const scoped = scopedId(model);
  if (scoped === undefined) return [];
  return [...new Set([scoped, ...model.aliases.map((alias) => alias.toLowerCase()).filter((alias) => isVersionOf(alias, scoped))])];
}

/** Whether a name is another, or a dated or versioned form of it. */
function isVersionOf(name: string, of: string | undefined): boolean {
  return of !== undefined && name.startsWith(of) && (name.length === of.length || VERSION_SUFFIX.test(name.slice(of.length)));
}

/**
 * What a host puts before a vendor's name: a Bedrock region and vendor (`us.anthropic.`,
 * `global.anthropic.`, `regional.meta.`), or Vertex's `publishers/google/models/`.
 */
const HOST_PREFIX =
  /^(?:(?:(?:us|eu|apac|jp|au|global|regional|us-gov)\.)?(?:anthropic|meta|amazon|mistral|cohere|ai21|openai|deepseek|qwen|writer|twelvelabs|stability)\.|publishers\/[^/]+\/models\/)/;

/** An OpenRouter variant after the model (`:free`, `:thinking`), which may be priced otherwise. */
const VARIANT = /\/.*(:[a-z][a-z0-9-]*)$/;

/**
 * Tells how a found name relates to its model: its id, an alias, a dated or prefixed form of one, or a
 * broader rule. A rule's text counts as one of the model's own names (a family, `claude-3-opus` of
 * `claude-3-opus-latest`) only where the model's id is that text or a dated form of it, so that
 * `mistral-medium-2312` is not taken for a dated form of `mistral-medium-3`. A dropped OpenRouter
 * variant (`:free`) is a rule too: the variant may cost otherwise.
 */
function classify(found: Found, asGiven: string): ResolvedName {
  const { model, via, form } = found;
  const base: Omit<ResolvedName, 'resolution'> = { model, via };
  const variant = VARIANT.exec(asGiven)?.[1];
  if (variant !== undefined && !form.endsWith(variant)) return { ...base, resolution: 'rule', rule: `variant ${variant}` };
  const asIs = (resolution: 'id' | 'alias'): ResolvedName => ({ ...base, resolution: found.literal ? resolution : 'version' });
  if (form === model.id.toLowerCase()) return asIs('id');
  const own = scopedId(model);
  const name = form.replace(HOST_PREFIX, '');
  const ownName = own?.replace(HOST_PREFIX, '');
  if (form === own || name === ownName) return asIs('id');
  const leaf = model.match === undefined ? undefined : claimingLeaf(model.match, form);
  const text =
    leaf === undefined
      ? undefined
      : 'starts_with' in leaf
        ? leaf.starts_with
        : 'contains' in leaf
          ? leaf.contains
          : 'ends_with' in leaf
            ? leaf.ends_with
            : undefined;
  const family = text !== undefined && ownName !== undefined && isVersionOf(ownName, text.toLowerCase()) ? [text.toLowerCase()] : [];
  const listed = [
    ...model.aliases.map((alias) => alias.toLowerCase()),
    ...(model.match === undefined ? [] : equalsNames(model.match)),
    ...family,
  ];
  if ([ownName, ...listed].some((known) => isVersionOf(name, known) && name !== known)) return { ...base, resolution: 'version' };
  // A name the rule spells out whole (`claude-sonnet-4.5`, `gemini-2.0-flash-exp`) is one the catalog gives the model.
  if (listed.includes(name) || (text !== undefined && name === text.toLowerCase())) return asIs('alias');
  if (via !== 'rule') return asIs(via);
  return { ...base, resolution: 'rule', rule: leaf === undefined ? 'its match rule' : ruleText(leaf) };
}

/** The part of a rule that claims a name: the first alternative of an `or` that does, else the rule itself. */
function claimingLeaf(rule: MatchRule, lowerName: string): MatchRule | undefined {
  if (!compileRule(rule)(lowerName)) return undefined;
  if (!('or' in rule)) return rule;
  for (const alternative of rule.or) {
    const leaf = claimingLeaf(alternative, lowerName);
    if (leaf !== undefined) return leaf;
  }
  return rule;
}

/** The names a rule lists exactly (its `equals`, in any `or`). */
function equalsNames(rule: MatchRule): string[] {
  if ('equals' in rule) return [rule.equals.toLowerCase()];
  return 'or' in rule ? rule.or.flatMap(equalsNames) : [];
}

/** A rule as one line of text: `starts_with claude-fable-5`, `and(contains a, ends_with b)`. */
function ruleText(rule: MatchRule): string {
  if ('or' in rule) return `or(${rule.or.map(ruleText).join(', ')})`;
  if ('and' in rule) return `and(${rule.and.map(ruleText).join(', ')})`;
  const [key, value] = Object.entries(rule)[0] ?? ['', ''];
  return `${key} ${String(value)}`;
}

/** Whether one side of a catalog diff cannot price a model that it, or the other side, has: "—" there. */
export function cannotPriceHere(error: unknown): boolean {
  return isGacostError(error) && ['not-in-catalog', 'no-published-price', 'no-price-on-date', 'unknown-tier'].includes(error.code);
}

/** A tier no model of the catalogs has is a typo, not a tier to filter on. */
export function refuseUnknownTier(tier: string | null, catalogs: readonly Catalog[]): void {
  if (tier === null) return;
  const tiers = new Set(catalogs.flatMap((catalog) => catalog.models.flatMap((model) => Object.keys(model.tiers ?? {}))));
  if (tiers.has(tier)) return;
  if (tiers.size === 0) throw new GacostError('unknown-tier', `unknown tier ${quotedName(tier)}: no model has service tiers`);
  const suggestions = closestNames(
    tier,
    [...tiers].map((name) => [name]),
  );
  const hint = suggestions.length > 0 ? `; did you mean ${suggestions.join(', ')}?` : '';
  throw new GacostError('unknown-tier', `unknown tier ${quotedName(tier)}${hint} (the tiers are ${[...tiers].sort().join(', ')})`);
}

/**
 * Unknown names in one run that get "did you mean" suggestions: a file with hundreds of unknown names
 * is not helped by hundreds of lists, and each list costs a pass over the catalog's names.
 */
const MAX_SUGGESTED_NAMES = 50;

/** Longer names are no typo of a catalog name: they get no suggestions and are shown cut short. */
const MAX_SUGGESTED_NAME = 64;

/** A name as an error message quotes it: whole up to MAX_SUGGESTED_NAME characters, then cut with "…". */
function quotedName(name: string): string {
  return JSON.stringify(name.length > MAX_SUGGESTED_NAME ? `${name.slice(0, MAX_SUGGESTED_NAME)}…` : name);
}

/** Names to suggest in groups, one per thing suggested (a model's id and aliases): the closest of a group stands for it. */
type NameGroups = readonly (readonly string[])[];

const SUGGESTIONS = 3;

/**
 * The names closest to `wanted`, one per group, nearest first (ties by name). A name within half the
 * length of `wanted` (at least 2) in edit distance counts as close, one containing the other closer still.
 */
function closestNames(wanted: string, groups: NameGroups): string[] {
  const target = wanted.trim().toLowerCase();
  if (target === '' || target.length > MAX_SUGGESTED_NAME) return [];
  const limit = Math.max(2, Math.ceil(target.length / 2));
  const best: { name: string; distance: number }[] = [];
  for (const group of groups) {
    let closest: { name: string; distance: number } | undefined;
    for (const name of group) {
      const lower = name.toLowerCase();
      const contained = lower.includes(target) || target.includes(lower);
      // Each character of difference in length costs an edit: a name much longer or shorter is not close.
      const distance = contained ? 0.5 : Math.abs(lower.length - target.length) > limit ? Infinity : editDistance(target, lower);
      if (distance <= limit && distance < (closest?.distance ?? Infinity)) closest = { name, distance };
    }
    if (closest !== undefined) admit(best, closest);
  }
  return best.map((entry) => entry.name);
}

/** Adds a suggestion to the nearest-first list, once per name, keeping the list to SUGGESTIONS. */
function admit(best: { name: string; distance: number }[], entry: { name: string; distance: number }): void {
  const before = (a: typeof entry, b: typeof entry) =>
    a.distance < b.distance || (a.distance === b.distance && a.name.localeCompare(b.name, 'en') < 0);
  const same = best.findIndex((other) => other.name === entry.name);
  if (same >= 0) {
    if (!before(entry, best[same] ?? entry)) return;
    best.splice(same, 1);
  }
  const at = best.findIndex((other) => before(entry, other));
  best.splice(at < 0 ? best.length : at, 0, entry);
  best.length = Math.min(best.length, SUGGESTIONS);
}

/** A model's prices on the context's date, with its service tier applied; refuses what cannot be priced. */
function priceOf(model: Model, providerName: string, context: PriceContext): PricedModel {
  const lookup = lookupPrices(model, context.asOf);
  const refuse = (code: 'no-published-price' | 'no-price-on-date', reason: string) => new GacostError(code, `model ${model.id} ${reason}`);
  switch (lookup.kind) {
    case 'unpublished':
      throw refuse('no-published-price', 'has no published price in the catalog, so it cannot be projected');
    case 'retired':
      throw refuse(
        'no-price-on-date',
        `was retired on ${lookup.retired}, before ${context.asOf}: price it on a date up to ${lookup.retired}, or pick another model`,
      );
    case 'not-yet':
      throw refuse(
        'no-price-on-date',
        `has no price before ${lookup.first}, so none on ${context.asOf}: price it on ${lookup.first} or later`,
      );
  }
  // With no time of day, the highest of the day's prices: an upper bound, said in the assumptions.
  const entry = [lookup.prices, ...lookup.windows].reduce((high, candidate) =>
    outputThenInput(candidate) > outputThenInput(high) ? candidate : high,
  );
  let prices: Partial<PriceSet> = entry;
  if (prices.output === undefined) {
    throw refuse(
      'no-published-price',
      'publishes no output price (it is billed by input tokens alone), so what it would cost here is not known',
    );
  }
  if (context.tier !== null) {
    const tier = model.tiers?.[context.tier];
    if (tier === undefined) {
      const tiers = Object.keys(model.tiers ?? {});
      throw new GacostError(
        'unknown-tier',
        `model ${model.id} has no ${context.tier} tier; ${tiers.length === 0 ? 'it has no service tiers' : `its tiers are ${tiers.join(', ')}`}`,
      );
    }
    prices = { ...prices, ...tier };
  }
  return {
    model,
    providerName,
    output: exact(model, prices.output) as PricePerMtok,
    input: exact(model, prices.input),
    cachedInput: exact(model, prices.cached_input),
    cacheWrite: exact(model, prices.cache_write),
    ...(lookup.windows.length === 0
      ? {}
      : { timeOfDay: { hours: lookup.windows.map((window) => window.hours ?? ''), took: entry.hours ?? null } }),
    unitPrices: UNIT_PRICE_KEYS.filter((key) => prices[key] !== undefined),
    contextTiers: contextTiersOf(model, entry)
      .map((tier) => ({
        above: BigInt(tier.above),
        output: exact(model, tier.output),
        input: exact(model, tier.input),
        cachedInput: exact(model, tier.cached_input),
      }))
      .sort((a, b) => (a.above < b.above ? -1 : a.above > b.above ? 1 : 0)),
  };
}

/** A price set's output price then input price, as one number to compare (both exact integers). */
function outputThenInput(prices: Partial<PriceSet>): bigint {
  return (parsePrice(prices.output ?? '0') ?? 0n) * (MAX_PRICE + 1n) + (parsePrice(prices.input ?? '0') ?? 0n);
}

function exact(model: Model, text: string | undefined): PricePerMtok | undefined {
  if (text === undefined) return undefined;
  const price = parsePrice(text);
  if (price === undefined) throw new Error(`catalog price ${text} of ${model.id} was not validated`);
  return price;
}

/** Levenshtein distance: the fewest one-character insertions, deletions and substitutions that make `a` into `b`. */
function editDistance(a: string, b: string): number {
  // A common start changes nothing, and catalog names share theirs ("provider/"): it is skipped.
  let start = 0;
  while (start < a.length && start < b.length && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  // One row of the table at a time (row i: the distances of a's first i characters to b's first j).
  const row: number[] = [];
  for (let j = start; j <= b.length; j++) row.push(j - start);
  for (let i = start + 1; i <= a.length; i++) {
    let diagonal = row[0] as number;
    row[0] = i - start;
    const letter = a.charCodeAt(i - 1);
    for (let j = 1; j < row.length; j++) {
      const above = row[j] as number;
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, diagonal + (letter === b.charCodeAt(start + j - 1) ? 0 : 1));
      diagonal = above;
    }
  }
  return row[row.length - 1] as number;
}
