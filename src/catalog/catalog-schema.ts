import * as z from 'zod';
import { firstControlCharacter } from '../core/control-characters.js';
import { isIsoDate } from '../core/dates.js';

const isoDate = z
  .string({ error: 'expected a date written as YYYY-MM-DD' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'expected a date written as YYYY-MM-DD', abort: true })
  .refine(isIsoDate, 'not a real calendar date');

/** USD per 1M tokens; its exact decimal text is read back from the YAML source by the loader. */
const price = z.number({ error: 'expected a finite price in USD per 1M tokens, such as 0.25' }).nonnegative('a price cannot be negative');

/** Free text, such as a model's notes: every sink escapes it. */
const text = z.string().min(1, 'must not be empty');
/** An id, alias, name or match pattern: it reaches SQL, CSV, terminals and CI logs, so it holds no control character. */
const name = text.superRefine((value, context) => {
  const control = firstControlCharacter(value);
  if (control !== undefined) context.addIssue({ code: 'custom', message: `holds a control character (${control}); names may not` });
});
const key = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected lower-case letters, digits and dashes');
const url = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });

/** Prices of a model, or overrides of some of them (a service tier, a context tier, an overlay). */
const priceOverrides = {
  output: price.optional(),
  input: price.optional(),
  cached_input: price.optional(),
  cache_write: price.optional(),
  cache_write_1h: price.optional(),
  input_audio: price.optional(),
  cached_input_audio: price.optional(),
  input_image: price.optional(),
  cached_input_image: price.optional(),
  input_video: price.optional(),
  output_audio: price.optional(),
  output_image: price.optional(),
  output_video: price.optional(),
  output_reasoning: price.optional(),
  output_citation: price.optional(),
  // Charges that are not by the token: USD per 1,000 (or per hour), as each key says.
  web_searches_per_1k: price.optional(),
  file_searches_per_1k: price.optional(),
  requests_per_1k: price.optional(),
  document_pages_per_1k: price.optional(),
  annotated_document_pages_per_1k: price.optional(),
  text_messages_per_1k: price.optional(),
  audio_per_hour: price.optional(),
  input_audio_per_hour: price.optional(),
};
const overridesAtLeastOne = (prices: Record<string, unknown>) =>
  Object.keys(priceOverrides).some((priceKey) => prices[priceKey] !== undefined);

const atLeastOnePrice =
  'a model publishes at least one price (a model billed by input alone, such as an embedding model, has no output price)';
const publishedPrices = z.strictObject(priceOverrides).refine(overridesAtLeastOne, atLeastOnePrice);

const quantity = z.union([z.string(), z.number()], { error: 'expected a token quantity such as 200K' });
const contextTiers = z.array(
  z.strictObject({ above: quantity, ...priceOverrides }).refine(overridesAtLeastOne, 'a context tier overrides at least one price'),
);

const timeOfDay = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;
/** A window of the day in UTC, "HH:MM-HH:MM" (seconds optional); one that ends before it starts runs past midnight. */
const hours = z.string({ error: 'expected UTC hours such as 00:30-16:30' }).refine((text) => {
  const [start, end, ...more] = text.split('-');
  const seconds = (time: string) => `${time}:00`.slice(0, 8);
  return (
    more.length === 0 &&
    start !== undefined &&
    end !== undefined &&
    timeOfDay.test(start) &&
    timeOfDay.test(end) &&
    seconds(start) !== seconds(end)
  );
}, 'expected UTC hours such as 00:30-16:30: two different times of day, HH:MM or HH:MM:SS');

/**
 * A price history: each entry applies from its date until the next one; the first may have no date.
 * An entry with hours applies within them only, on the days the entries before it say.
 */
const datedPrices = z
  .array(
    z
      .strictObject({ from: isoDate.optional(), hours: hours.optional(), ...priceOverrides, context_tiers: contextTiers.optional() })
      .refine(overridesAtLeastOne, atLeastOnePrice),
    { error: 'expected a list of {from?, hours?, output?, input?, cached_input?, …, context_tiers?}' },
  )
  .min(1, 'a price history needs at least one entry');

const tierKey = z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected a lower-case tier name such as batch, flex or priority');
const serviceTiers = z.record(tierKey, z.strictObject(priceOverrides).refine(overridesAtLeastOne, 'a tier overrides at least one price'));
type MatchRuleInput =
  | { equals: string }
  | { starts_with: string }
  | { ends_with: string }
  | { contains: string }
  | { regex: string }
  | { or: MatchRuleInput[] }
  | { and: MatchRuleInput[] };

/** genai-prices' match rules: one test each, or `or` / `and` of rules (a regex is compiled by the loader). */
const matchRule: z.ZodType<MatchRuleInput> = z
  .lazy(() =>
    z.union(
      [
        z.strictObject({ equals: name }),
        z.strictObject({ starts_with: name }),
        z.strictObject({ ends_with: name }),
        z.strictObject({ contains: name }),
        z.strictObject({ regex: name }),
        z.strictObject({ or: z.array(matchRule).min(1, 'or needs at least one rule') }),
        z.strictObject({ and: z.array(matchRule).min(1, 'and needs at least one rule') }),
      ],
      { error: 'expected one of equals, starts_with, ends_with, contains, regex (each a text), or, and (each a list of rules)' },
    ),
  )
  .meta({ id: 'match_rule', description: 'Names the model also answers to, case-insensitive; rules are tried after ids and aliases.' });

export const modelSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:/@+~-]*$/, 'expected letters, digits and . _ : / @ + ~ -'),
  name,
  provider: key,
  channel: key.optional(),
  aliases: z.array(name).default([]),
  prices: z.union([z.literal('unpublished'), publishedPrices, datedPrices], {
    error:
      'expected prices {output?, input?, cached_input?, cache_write?, cache_write_1h?}, a list of them each with a from date, or the word unpublished',
  }),
  retired: isoDate.optional(),
  tiers: serviceTiers.optional(),
  context_tiers: contextTiers.optional(),
  match: matchRule.optional(),
  source: url,
  checked: isoDate,
  notes: text.optional(),
});

const channelSchema = z.strictObject({
  name,
  key_prefix: name.optional(),
  uptime_sla_pct: z.number().gt(0).max(100).optional(),
  dedicated_capacity: z.boolean().optional(),
  dpa: z.boolean().optional(),
  invoicing: name.optional(),
});

export const providerSchema = z.strictObject({
  name,
  match: matchRule
    .optional()
    .meta({ description: 'Other names of the provider, as a `provider/` prefix, --provider or a log may give it.' }),
  model_match: matchRule.optional().meta({
    description:
      "Model names this provider serves when a name's provider is not known: it settles a name that rules of several providers claim.",
  }),
  fallback_providers: z.array(key).optional().meta({
    description:
      "Providers whose models a name given with this provider may resolve to when this one has none of that name (Azure serves OpenAI's models).",
  }),
  kind: z.enum(['aggregator', 'direct', 'host']).optional(),
  endpoint: url.optional(),
  models_available: z.int().positive().optional(),
  source: url.optional(),
  credits: z
    .strictObject({
      expire_after_days: z.union([z.literal('never'), z.int().positive()], { error: 'expected never or a whole number of days' }),
    })
    .optional(),
  rate_limits: z.array(z.strictObject({ plan: name, requests_per_minute: z.int().positive() })).optional(),
  channels: z.record(key, channelSchema).optional(),
});

export const catalogSchema = z.strictObject({
  schema: z.literal(1, { error: 'expected schema: 1 (the only catalog format version so far)' }),
  version: z
    .string({ error: 'expected a calendar version such as 2026.11.0 (quote it if YAML reads it as a number)' })
    .regex(/^\d{4}\.\d{1,2}\.\d+$/, 'expected a calendar version such as 2026.11.0'),
  effective: isoDate,
  currency: z.literal('USD', { error: 'expected currency: USD (prices are USD per 1M tokens)' }),
  defaults: z
    .strictObject({
      candidates: z.array(name).min(1),
      baseline: name,
      /** What `gacost compare` ranks when no models are named: a readable set of a large catalog. */
      compare: z.array(name).min(1).optional(),
      /** The router `gacost usage --plan` searches mixes of: a default path, a fallback, premium paths, and failover paths on another provider. */
      router: z
        .strictObject({ default: name, fallback: name.optional(), premium: z.array(name).default([]), failover: z.array(name).default([]) })
        .optional(),
    })
    .optional(),
  /** Catalog files relative to this one whose providers and models this one has too, in order after its own. */
  include: z.array(name).optional(),
  /** An overlay: builtin, or a catalog file relative to this one, whose models this one adjusts. */
  extends: name.optional(),
  discounts: z
    .array(
      z
        .strictObject({
          provider: key.optional(),
          model: name.optional(),
          discount: z.string({ error: 'expected a percentage such as 15%' }).regex(/^\d+(\.\d+)?%$/, 'expected a percentage such as 15%'),
        })
        .refine((entry) => (entry.provider === undefined) !== (entry.model === undefined), 'a discount names a provider or a model'),
    )
    .optional(),
  overrides: z
    .array(
      z.strictObject({
        model: name,
        prices: z.strictObject(priceOverrides).refine(overridesAtLeastOne, 'an override sets at least one price'),
      }),
    )
    .optional(),
  /**
   * Curated corrections of models this catalog has or includes, where the provider's own page shows
   * prices the generated files do not have; a catalog that another includes leaves them to that one.
   */
  corrections: z
    .array(
      z
        .strictObject({
          model: name,
          note: text,
          source: url,
          tiers: serviceTiers.optional().meta({ description: 'Service tiers the correction adds, or replaces, by name.' }),
          context_tiers: contextTiers
            .optional()
            .meta({ description: "The model's context tiers, in place of those of each of its prices." }),
        })
        .refine((entry) => entry.tiers !== undefined || entry.context_tiers !== undefined, 'a correction sets tiers or context_tiers'),
    )
    .optional(),
  providers: z.record(key, providerSchema).default({}),
  models: z.array(modelSchema).default([]),
});

export type CatalogInput = z.output<typeof catalogSchema>;

/** The id that names the routing mix in every output, so no model may have it (in any case). */
export const RESERVED_MODEL_ID = 'mix';
