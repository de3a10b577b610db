import { type Document, isMap, isScalar, type Node, type ScalarTag, stringify, visit } from 'yaml';
import { modelSchema } from '../catalog/catalog-schema.js';
import { type MatchRule, PRICE_LIST_ORDER, type PriceKey, providerKeyOf } from '../core/catalog.js';
import { firstControlCharacter } from '../core/control-characters.js';
import { formatDecimal, readDecimal } from '../core/decimal.js';
import { MAX_PRICE, PRICE_SCALE } from '../core/money.js';
import { GacostError } from '../errors.js';
import { LineIndex, parseYaml, YamlProblems } from '../yaml/read-yaml.js';

/** Prices of one kind as exact decimal text, USD per 1M tokens. */
export type ImportedPrices = Partial<Record<PriceKey, string>>;

export interface ImportedProvider {
  readonly name: string;
  readonly source?: string;
  readonly match?: MatchRule;
  readonly model_match?: MatchRule;
  readonly fallback_providers?: readonly string[];
}

/** One entry of a price history: from a date, within some hours of the day, with context tiers of its own. */
export type ImportedPriceEntry = ImportedPrices & { from?: string; hours?: string; context_tiers?: ImportedContextTier[] };
export type ImportedContextTier = ImportedPrices & { above: string };

export interface ImportedModel {
  id: string;
  name: string;
  provider: string;
  aliases: string[];
  /** One set, a history whose first entry may have no `from` date, or unpublished (the list's price is 0). */
  prices: 'unpublished' | ImportedPrices | ImportedPriceEntry[];
  tiers?: Record<string, ImportedPrices>;
  context_tiers?: ImportedContextTier[];
  match?: MatchRule;
  source: string;
  checked: string;
}

export interface ImportedCatalog {
  readonly providers: Map<string, ImportedProvider>;
  readonly models: ImportedModel[];
  /** What could not be mapped, counted by reason; printed on stderr, never dropped silently. */
  readonly unmapped: Map<string, number>;
  /** One line for each entry of the list skipped or changed for a problem: "file:line:col: what". */
  readonly problems: string[];
}

export function emptyImport(): ImportedCatalog {
  return { providers: new Map(), models: [], unmapped: new Map(), problems: [] };
}

export function countUnmapped(result: ImportedCatalog, reason: string): void {
  result.unmapped.set(reason, (result.unmapped.get(reason) ?? 0) + 1);
}

/**
 * A problem with one entry of a price list, where `node` says: the entry is reported there and counted
 * under `reason` rather than failing the whole import.
 */
export class EntryProblem extends Error {
  constructor(
    readonly node: Node | null | undefined,
    message: string,
    readonly reason: string,
  ) {
    super(message);
  }
}

/** A price list parsed with the position of every node, so that problems name the list's own lines. */
export class PriceListSource {
  private constructor(
    readonly file: string,
    readonly document: Document.Parsed,
    private readonly lines: LineIndex,
  ) {}

  /** Refuses the whole file, at its first syntax problem, when it is not a readable YAML (or JSON) document. */
  static parse(text: string, file: string, notA: string): PriceListSource {
    const lines = new LineIndex(text);
    // Read as gacost's other files are; keys given twice are found entry by entry (fieldsOf), so that one
    // such entry does not refuse the list.
    let document: Document.Parsed;
    try {
      document = parseYaml(text);
    } catch (error) {
      if (!(error instanceof YamlProblems)) throw error;
      const [first] = error.problems;
      const { line, column } = lines.of(first?.at ?? 0);
      throw new GacostError('invalid-import', `${file}:${line}:${column}: not ${notA}: ${first?.reason}`);
    }
    const source = new PriceListSource(file, document, lines);
    // Neither format uses YAML aliases; reading through them would open the door to alias bombs.
    let alias: Node | undefined;
    visit(document, {
      Alias: (_key, node) => {
        alias = node;
        return visit.BREAK;
      },
    });
    if (alias !== undefined) throw new GacostError('invalid-import', `${source.at(alias)}: not ${notA}: a YAML alias (*name)`);
    return source;
  }

  /** "file:line:col" of a node (of the file's start when there is none). */
  at(node: Node | null | undefined): string {
    return `${this.file}:${this.lineCol(node)}`;
  }

  lineCol(node: Node | null | undefined): string {
    const { line, column } = this.lines.of(node?.range?.[0] ?? 0);
    return `${line}:${column}`;
  }

  /** Reports a problem of one entry at its place in the list, and counts it under `reason`. */
  report(result: ImportedCatalog, node: Node | null | undefined, message: string, reason: string): void {
    result.problems.push(`${this.at(node)}: ${message}`);
    countUnmapped(result, reason);
  }
}

/** A mapping's value nodes by key; a key given twice makes the entry ambiguous, so it is a problem. */
export function fieldsOf(node: unknown, reason: string): Map<string, Node | null> {
  const fields = new Map<string, Node | null>();
  if (!isMap(node)) return fields;
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (fields.has(key)) throw new EntryProblem(pair.key as Node, `${key} is given twice`, reason);
    fields.set(key, pair.value as Node | null);
  }
  return fields;
}

export function stringValue(node: Node | null | undefined): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

/**
 * A text of the list that becomes a name or a match pattern of the catalog: refused at its place when it
 * holds a control character, which the catalog refuses (and which would reach SQL, terminals and CI logs).
 */
export function nameValue(node: Node | null | undefined, field: string): string | undefined {
  const text = stringValue(node);
  const control = text === undefined ? undefined : firstControlCharacter(text);
  if (control !== undefined)
    throw new EntryProblem(node, `${field}: holds a control character (${control})`, 'names or match patterns holding a control character');
  return text;
}

/** A scalar's text as written (the exact digits of a number), or undefined for a mapping or list. */
export function scalarText(node: Node | null | undefined): string | undefined {
  return isScalar(node) ? (node.source ?? String(node.value)) : undefined;
}

export const isModelId = (text: string): boolean => modelSchema.shape.id.safeParse(text).success;
export const isHttpUrl = (text: string): boolean => modelSchema.shape.source.safeParse(text).success;

const REFUSALS = {
  'not-a-number': 'a price that is not a number',
  negative: 'a negative price',
  'out-of-range': 'a price out of range',
  'too-fine': 'a price finer than gacost keeps',
} as const;

/**
 * A list's price: a number in USD per 1M tokens times 10^-`perMillionExponent` (6 for USD per token),
 * read from its text as a catalog's exact price; refused (an EntryProblem, reported at `node`, or at
 * `parent` when the price is missing) where a catalog would refuse it.
 */
export function listPrice(node: Node | null | undefined, perMillionExponent: number, field: string, parent?: Node | null): string {
  const text = isScalar(node) && typeof node.value === 'number' ? scalarText(node)?.trim() : undefined;
  const refuse = (why: keyof typeof REFUSALS, problem = `${text} is ${REFUSALS[why]}`) =>
    new EntryProblem(node ?? parent, `${field}: ${problem}`, `models with ${REFUSALS[why]} (${field})`);
  const negative = text?.startsWith('-') === true;
  const units = text === undefined ? 'not-a-decimal' : readDecimal(negative ? text.slice(1) : text, PRICE_SCALE + perMillionExponent);
  if (units === 'not-a-decimal') throw refuse('not-a-number', `expected a number, found ${describe(node)}`);
  if (units === 0n) return '0';
  if (negative) throw refuse('negative');
  if (units === 'too-precise' || (units === 'exponent-out-of-range' && /e-/i.test(text ?? ''))) throw refuse('too-fine');
  if (units === 'exponent-out-of-range' || units > MAX_PRICE) throw refuse('out-of-range');
  return formatDecimal(units, PRICE_SCALE);
}

function describe(node: Node | null | undefined): string {
  if (node === undefined || node === null) return 'nothing';
  if (!isScalar(node)) return 'a list or mapping';
  return typeof node.value === 'string' ? JSON.stringify(node.value) : scalarText(node) || 'nothing';
}

/** An exact decimal written into the YAML as its own text, so that no price passes through a float. */
class ExactDecimal {
  constructor(readonly text: string) {}
}

const exactDecimalTag: ScalarTag = {
  tag: 'tag:yaml.org,2002:float',
  default: true,
  identify: (value) => value instanceof ExactDecimal,
  resolve: (text) => new ExactDecimal(text),
  stringify: (node) => (node.value as ExactDecimal).text,
};

const WRITTEN_KEYS = ['from', 'hours', 'above', ...PRICE_LIST_ORDER] as const;
const TEXT_KEYS: ReadonlySet<string> = new Set(['from', 'hours', 'above']);

/** A gacost catalog in YAML, prices written as plain decimal numbers with their exact text. */
export function catalogYaml(imported: ImportedCatalog, meta: { version: string; effective: string; origin: string }): string {
  // Keys in one order whatever the list's: the date or threshold first, then input to output.
  const prices = (
    set: ImportedPrices & { from?: string; hours?: string; above?: string; context_tiers?: ImportedContextTier[] },
  ): Record<string, unknown> => ({
    ...Object.fromEntries(
      WRITTEN_KEYS.flatMap((key) => {
        const value = set[key];
        return value === undefined ? [] : [[key, TEXT_KEYS.has(key) ? value : new ExactDecimal(value)]];
      }),
    ),
    ...(set.context_tiers === undefined ? {} : { context_tiers: set.context_tiers.map(prices) }),
  });
  const document = {
    schema: 1,
    version: meta.version,
    effective: meta.effective,
    currency: 'USD',
    providers: Object.fromEntries(imported.providers),
    models: imported.models.map((model) => ({
      id: model.id,
      name: model.name,
      provider: model.provider,
      ...(model.aliases.length > 0 ? { aliases: model.aliases } : {}),
      prices: model.prices === 'unpublished' ? model.prices : Array.isArray(model.prices) ? model.prices.map(prices) : prices(model.prices),
      ...(model.tiers ? { tiers: Object.fromEntries(Object.entries(model.tiers).map(([tier, set]) => [tier, prices(set)])) } : {}),
      ...(model.context_tiers ? { context_tiers: model.context_tiers.map(prices) } : {}),
      ...(model.match ? { match: model.match } : {}),
      source: model.source,
      checked: model.checked,
    })),
  };
  const header = `# Imported by gacost from ${meta.origin}. Prices are USD per 1M tokens; the keys ending _per_1k per 1,000, _per_hour per hour.\n`;
  return header + stringify(document, { lineWidth: 0, customTags: [exactDecimalTag] });
}

/** A provider key gacost accepts, from a name such as "vertex_ai-language-models". */
export function providerKey(name: string): string {
  return providerKeyOf(name) || 'unknown';
}
