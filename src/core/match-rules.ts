import type { MatchRule } from './catalog.js';

/** A compiled rule: whether it claims a name, given in lower case. */
export type NameMatcher = (lowerName: string) => boolean;

/**
 * Compiles a model's match rule. Every test is case-insensitive: the literals are lowered here and the
 * name by the caller (once for all the rules it tries); a regex gets the `i` flag. A regex that does
 * not compile throws the SyntaxError of RegExp (the loader reports it with its position).
 */
export function compileRule(rule: MatchRule): NameMatcher {
  if ('equals' in rule) {
    const text = rule.equals.toLowerCase();
    return (name) => name === text;
  }
  if ('starts_with' in rule) {
    const text = rule.starts_with.toLowerCase();
    return (name) => name.startsWith(text);
  }
  if ('ends_with' in rule) {
    const text = rule.ends_with.toLowerCase();
    return (name) => name.endsWith(text);
  }
  if ('contains' in rule) {
    const text = rule.contains.toLowerCase();
    return (name) => name.includes(text);
  }
  if ('regex' in rule) {
    const pattern = new RegExp(rule.regex, 'i');
    return (name) => pattern.test(name);
  }
  if ('or' in rule) {
    const rules = rule.or.map(compileRule);
    return (name) => rules.some((matches) => matches(name));
  }
  const rules = rule.and.map(compileRule);
  return (name) => rules.every((matches) => matches(name));
}

/**
 * Where in a rule a name is claimed, as a path below the rule: the first alternative of an `or` that
 * claims it, else the rule itself; undefined when the rule does not claim it. For pointing a catalog
 * problem at the one line that causes it.
 */
export function claimingPath(rule: MatchRule, lowerName: string): (string | number)[] | undefined {
  if (!compileRule(rule)(lowerName)) return undefined;
  if (!('or' in rule)) return [];
  for (const [index, alternative] of rule.or.entries()) {
    const below = claimingPath(alternative, lowerName);
    if (below !== undefined) return ['or', index, ...below];
  }
  return [];
}

/**
 * The forms of a name as APIs and routers write it, most literal first, each with the provider key its
 * prefix names (if any): OpenRouter's `vendor/model:variant` without the variant, Fireworks'
 * `accounts/<account>/models/…`, Gemini's `models/…`, a `provider/` prefix that names a provider of the
 * catalog (by its key or its match rule, as `providerNamed` tells), and a Bedrock cross-region prefix
 * (`us.`, `eu.`, `apac.` before `vendor.`), which names the provider that answers to "bedrock". Names are given
 * and returned in lower case.
 */
export function nameForms(
  lowerName: string,
  providerNamed: (name: string) => string | undefined,
): { name: string; provider?: string; literal?: true }[] {
  const forms: { name: string; provider?: string; literal?: true }[] = [];
  let name = lowerName;
  let provider: string | undefined;
  const add = (next: string, literal = false) => {
    if (next === name || next === '') return;
    name = next;
    forms.push({ name, ...(provider === undefined ? {} : { provider }), ...(literal ? { literal } : {}) });
  };
  // Only after a slash: Bedrock ids end in a version such as `-v1:0`, which is no variant. Without its
  // variant the name still says all it said (literal), unlike a form without a host's or provider's prefix.
  if (name.includes('/')) add(name.replace(/:[a-z][a-z0-9-]*$/, ''), true);
  add(name.replace(/^accounts\/[^/]+\/models\//, ''));
  add(name.replace(/^models\//, ''));
  const slash = name.indexOf('/');
  const prefixed = slash > 0 ? providerNamed(name.slice(0, slash)) : undefined;
  if (prefixed !== undefined) {
    provider = prefixed;
    add(name.slice(slash + 1));
  }
  // A cross-region prefix is Bedrock's alone: it names the provider that answers to "bedrock".
  const region = /^(?:us|eu|apac)\.(?=[a-z0-9-]+\.)/.exec(name);
  if (region !== null) {
    provider ??= providerNamed('bedrock');
    add(name.slice(region[0].length));
  }
  return forms;
}
