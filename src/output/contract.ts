import * as z from 'zod';
import { providerSchema } from '../catalog/catalog-schema.js';
import { PRICE_KEYS } from '../core/catalog.js';
import { BILL_CATEGORIES, CAUSES } from '../core/reconcile.js';
import { JSON_SCHEMA_VERSION } from './spec.js';

/**
 * The output contract: the JSON that gacost prints, as zod schemas from which `gacost schema output`
 * is generated. Each result kind's JSON is typed from its schema here (the *Json types), so tsc
 * catches a drift between the contract and the code, and the tests validate real output against it.
 * Only types are imported from here at start-up: zod loads only for `gacost schema`.
 */
const usd = z.number();
const catalog = z.strictObject({
  version: z.string(),
  effective: z.string(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  as_of: z.string(),
  tier: z.string().nullable(),
  base: z.strictObject({ version: z.string(), hash: z.string() }).nullable(),
  /** The newest date a price of the catalog was checked. */
  checked: z.string(),
  /** Days the as-of date is past `checked`, where that is more than 45 (prices may have changed: gacost catalog update); else null. */
  stale_days: z.number().int().nullable(),
  /** The user's updated catalog (gacost catalog update): where its data came from, and when it was fetched (ISO time); null for any other. */
  updated: z.strictObject({ from: z.string(), fetched: z.string() }).nullable(),
});
const schemaVersion = z.literal(JSON_SCHEMA_VERSION);

/** A routing mix: each model (its catalog id) with its share of the traffic in percent, the shares adding up to 100. */
const mix = z.array(z.strictObject({ model: z.string(), percent: z.number().gt(0).max(100) }));

const pricing = {
  token_pricing: z.enum(['output', 'input_output']),
  input_share: z.number().min(0).max(1).nullable(),
  cached_share: z.number().min(0).max(1).nullable(),
  /** Share of input tokens written to the prompt cache. */
  cache_write_share: z.number().min(0).max(1).nullable(),
  mix: mix.nullable(),
  notes: z.array(z.string()),
};

/** A candidate's price and cost against the baseline, as in the rows of project and compare. */
const compared = {
  model: z.string(),
  price_per_mtok_usd: usd,
  cost_usd: usd,
  baseline: z.string(),
  baseline_cost_usd: usd,
  savings_usd: usd,
  savings_pct: z.number().max(100).nullable(),
};

/**
 * With --from-usage: what the logs' own models cost in the month measured, each record at its model's
 * prices (the baseline of project and compare, a row of forecast); null without it.
 */
const observed = z
  .strictObject({
    /** The last full calendar month measured; null when there is none. */
    month: z.string().nullable(),
    /** Without a full month: the days the records span, whose tokens and cost are scaled to 30. */
    days: z.number().positive().nullable(),
    records: z.int().nonnegative(),
    tokens: z.int().nonnegative(),
    cost_usd: usd,
    /** Costliest first, with their shares of the tokens (input and output) and of the cost. */
    models: z.array(
      z.strictObject({
        model: z.string(),
        provider: z.string(),
        records: z.int().nonnegative(),
        tokens: z.int().nonnegative(),
        cost_usd: usd,
        tokens_pct: z.number().min(0).max(100),
        cost_pct: z.number().min(0).max(100),
      }),
    ),
    /** Records of the period that could not be priced, by log model name: in neither tokens nor cost. */
    left_out: z.strictObject({ records: z.int().nonnegative(), tokens: z.int().nonnegative(), models: z.array(z.string()) }),
  })
  .meta({ id: 'observed_spend' })
  .nullable();
/** With --from-usage: what a row priced (a model's id, a mix's parts, the observed mix's models with their shares of tokens). */
const pricedOn = z.string().optional();

const projectionOutput = z
  .strictObject({
    schema_version: schemaVersion,
    catalog,
    assumptions: z.strictObject({
      ...pricing,
      tokens_per_user: z.number().nullable(),
      stages: z.enum(['preset', 'file']),
      tokens_per_request: z.int().positive().nullable(),
      peak_factor: z.number().positive().nullable(),
    }),
    observed,
    rows: z.array(
      z.strictObject({
        stage: z.string(),
        users: z.int().nonnegative().nullable(),
        tokens: z.int().nonnegative(),
        ...compared,
        priced_on: pricedOn,
        baseline_priced_on: pricedOn,
        avg_rpm: z.number().nonnegative().optional(),
        peak_rpm: z.number().nonnegative().optional(),
        free_tier: z.enum(['ok', 'exceeded']).nullable().optional(),
      }),
    ),
  })
  .meta({ title: 'gacost project --format json' });

/** A model's prices on the as-of date, USD per 1M tokens, each key only where the model has that price. */
const publishedPrices = z
  .strictObject({
    input: usd,
    cached_input: usd,
    cache_write: usd,
    cache_write_1h: usd,
    output: usd,
    input_audio: usd,
    cached_input_audio: usd,
    input_image: usd,
    cached_input_image: usd,
    input_video: usd,
    output_audio: usd,
    output_image: usd,
    output_video: usd,
    output_reasoning: usd,
    output_citation: usd,
    web_searches_per_1k: usd,
    file_searches_per_1k: usd,
    requests_per_1k: usd,
    document_pages_per_1k: usd,
    annotated_document_pages_per_1k: usd,
    text_messages_per_1k: usd,
    audio_per_hour: usd,
    input_audio_per_hour: usd,
  })
  .partial()
  .meta({
    id: 'published_prices',
    description: 'USD per 1M tokens; the keys ending _per_1k per 1,000 of what they name, _per_hour per hour of audio.',
  });
const modelsOutput = z
  .strictObject({
    schema_version: schemaVersion,
    catalog,
    /** --search's text, trimmed; null without it. */
    search: z.string().nullable(),
    providers: z.record(z.string(), providerSchema),
    models: z.array(
      z.strictObject({
        id: z.string(),
        name: z.string(),
        provider: z.string(),
        channel: z.string().nullable(),
        aliases: z.array(z.string()),
        status: z.enum(['priced', 'unpublished', 'not-yet', 'retired']),
        prices: publishedPrices.nullable(),
        prices_from: z.string().nullable(),
        tiers: z.array(z.string()),
        retired: z.string().nullable(),
        source: z.string(),
        checked: z.string(),
        notes: z.string().nullable(),
      }),
    ),
  })
  .meta({ title: 'gacost models --format json' });

const modelMatchOutput = z
  .strictObject({
    schema_version: schemaVersion,
    catalog,
    matches: z.array(
      z.strictObject({
        name: z.string(),
        model: z.string().nullable(),
        provider: z.string().nullable(),
        via: z.enum(['id', 'alias', 'rule']).nullable(),
        /** How the name was found: id (or the id without its provider), alias, version (a dated or prefixed form), rule. */
        resolution: z.enum(['id', 'alias', 'version', 'rule']).nullable(),
        /** With resolution rule: the part of the match rule that claimed it. */
        rule: z.string().nullable(),
        prices: publishedPrices.nullable(),
        reason: z.string().nullable(),
        /** The same name read from a log by gacost usage, where an alias never takes another vendor's traffic: its model, or why none. */
        in_logs: z.strictObject({
          model: z.string().nullable(),
          resolution: z.enum(['id', 'alias', 'version', 'rule']).nullable(),
          reason: z.string().nullable(),
        }),
      }),
    ),
  })
  .meta({ title: 'gacost models --match NAME… --format json' });

/** A log's model name that could not be priced: its records and tokens, never counted as $0. */
const unpricedName = z.strictObject({
  name: z.string(),
  records: z.int().nonnegative(),
  input_tokens: z.int().nonnegative(),
  output_tokens: z.int().nonnegative(),
  /** Why: unknown-model, ambiguous-model (several providers claim it; the reason names them), no-published-price, no-price-on-date. */
  code: z.string(),
  reason: z.string(),
});
/** ok, warn or fail against the budget; none without a budget; no-data (with --usage) where the line has no record to judge. */
const budgetStatus = z.enum(['ok', 'warn', 'fail', 'none', 'no-data']);
const budgetLine = {
  cost_usd: usd,
  budget_usd: usd.nullable(),
  pct: z.number().nullable(),
  status: budgetStatus,
};
/** With --usage: a line's actual spend, the month to date and projected to the month's end (cost_usd, pct and status of the line are the projection's). */
const actualSpend = {
  /** Records of the month the line selects, priced or not. */
  records: z.int().nonnegative().optional(),
  /** Of those, records whose model could not be priced: not in the spend, never $0. */
  unpriced_records: z.int().nonnegative().optional(),
  /** Why the line has no record of the month to judge (its status is then no-data); null when it has records. */
  no_data_reason: z.string().nullable().optional(),
  month_to_date: z
    .strictObject({ cost_usd: usd, pct: z.number().nullable(), status: budgetStatus, tokens: z.int().nonnegative() })
    .optional(),
  projected: z.strictObject({ cost_usd: usd, pct: z.number().nullable(), status: budgetStatus }).optional(),
};
const checkOutput = z
  .strictObject({
    schema_version: schemaVersion,
    catalog,
    thresholds: z.strictObject({ warn_at_pct: z.number(), fail_at_pct: z.number() }),
    /**
     * token_pricing for assumed traffic: output (every token at the output price), input_output (every
     * workload by its token mix), mixed (some workloads so); recorded with --usage (each record's own
     * tokens at its day's prices).
     */
    assumptions: z.strictObject({ token_pricing: z.enum(['output', 'input_output', 'mixed', 'recorded']), notes: z.array(z.string()) }),
    total: z.strictObject({ ...budgetLine, ...actualSpend }),
    workloads: z.array(
      z.strictObject({
        name: z.string(),
        model: z.string(),
        /** The month's tokens the budget file assumes; null with --usage for a workload that gives none. */
        tokens: z.int().nonnegative().nullable(),
        ...budgetLine,
        /** Without --usage: the token mix the workload was priced by (shares from 0 to 1; all null: every token at the output price). */
        input_share: z.number().min(0).max(1).nullable().optional(),
        cached_share: z.number().min(0).max(1).nullable().optional(),
        cache_write_share: z.number().min(0).max(1).nullable().optional(),
        /** With --usage: the workload's selector, model as a catalog id and provider as a catalog key. */
        usage: z
          .strictObject({
            model: z.string(),
            provider: z.string(),
            project: z.string(),
            key: z.string(),
            user: z.string(),
            session: z.string(),
          })
          .partial()
          .optional(),
        ...actualSpend,
      }),
    ),
    /** Only with --usage: the period and the sources read. */
    usage: z
      .strictObject({
        as_of: z.string(),
        month: z.string(),
        month_start: z.string(),
        days_elapsed: z.int().positive(),
        days_in_month: z.int().positive(),
        sources: z.array(z.strictObject({ path: z.string(), format: z.string(), records: z.int().nonnegative() })),
        /** Records of other months, or after as_of, left out. */
        outside_records: z.int().nonnegative(),
        /** The day of the newest dated record read, in the month or not (older than month_start: a stale export); null when none has a date. */
        newest_record: z.string().nullable(),
        /** Records gacost could not read, skipped with --skip-bad. */
        bad_records: z.int().nonnegative(),
        unpriced: z.array(unpricedName),
      })
      .optional(),
  })
  .meta({ title: 'gacost check --format json' });

const compareOutput = z
  .strictObject({
    schema_version: schemaVersion,
    catalog,
    tokens: z.int().nonnegative(),
    /** The candidates ranked but left out of the rows by --top (or by its default for a whole catalog). */
    omitted: z.int().nonnegative(),
    /** What was ranked: the models named, one provider's, the catalog's comparison set, or every priced model. */
    selection: z.enum(['named', 'provider', 'curated', 'catalog']),
    assumptions: z.strictObject(pricing),
    observed,
    rows: z.array(
      z.strictObject({
        rank: z.int().positive(),
        ...compared,
        priced_on: pricedOn,
        baseline_priced_on: pricedOn,
        provider: z.string().nullable(),
        times_cheaper: z.number().nonnegative().nullable(),
      }),
    ),
  })
  .meta({ title: 'gacost compare --format json' });

const forecastOutput = z
  .strictObject({
    schema_version: schemaVersion,
    catalog,
    assumptions: z.strictObject({ ...pricing, growth: z.string() }),
    budget_usd: usd.nullable(),
    credits_usd: usd.nullable(),
    observed,
    outlook: z.array(
      z.strictObject({
        model: z.string(),
        budget_exceeded_month: z.int().positive().nullable(),
        /** Where the budget holds for the whole forecast: the first later month, up to month 120, whose spend at the same growth would exceed it. */
        budget_exceeded_month_later: z.int().positive().nullable(),
        credits_run_out_month: z.int().positive().nullable(),
        credits_expire_after_days: z.union([z.int().positive(), z.literal('never')]).nullable(),
        credits_lost_usd: usd.nullable(),
      }),
    ),
    rows: z.array(
      z.strictObject({
        month: z.int().positive(),
        model: z.string(),
        priced_on: pricedOn,
        tokens: z.int().nonnegative(),
        cost_usd: usd,
        cumulative_usd: usd,
        credits_left_usd: usd.nullable(),
      }),
    ),
  })
  .meta({ title: 'gacost forecast --format json' });

const nullableUsd = usd.nullable();
const diffOutput = z
  .strictObject({
    schema_version: schemaVersion,
    old: catalog,
    new: catalog,
    changes: z.array(
      z.strictObject({
        model: z.string(),
        name: z.string(),
        change: z.enum(['added', 'removed', 'repriced']),
        prices: z.array(
          z.strictObject({
            price: z.enum(PRICE_KEYS),
            /** The UTC hours of a time-of-day price ("01:00:00-04:00:00"); null for the all-day price. */
            hours: z.string().nullable(),
            old: nullableUsd,
            new: nullableUsd,
            change_pct: z.number().nullable(),
          }),
        ),
      }),
    ),
    effects: z
      .array(
        z.strictObject({
          name: z.string(),
          model: z.string(),
          tokens: z.int().nonnegative(),
          old_cost_usd: nullableUsd,
          new_cost_usd: nullableUsd,
          delta_usd: nullableUsd,
          change_pct: z.number().nullable(),
        }),
      )
      .nullable(),
    total: z.strictObject({ old_cost_usd: usd, new_cost_usd: usd, delta_usd: usd, change_pct: z.number().nullable() }).nullable(),
  })
  .meta({ title: 'gacost catalog diff --format json' });

const usageTokens = {
  records: z.int().nonnegative(),
  requests: z.int().nonnegative(),
  /** All input: cache reads and cache writes included. */
  input_tokens: z.int().nonnegative(),
  cached_input_tokens: z.int().nonnegative(),
  /** Cache writes, 5-minute and 1-hour. */
  cache_write_tokens: z.int().nonnegative(),
  /** Output, reasoning included. */
  output_tokens: z.int().nonnegative(),
  /** Web searches the provider ran, where a priced record ran any (absent otherwise): each priced at its model's price per 1,000 searches, where it has one. */
  web_searches: z.int().nonnegative().optional(),
};
const share = z.number().min(0).max(1).nullable();
/** exact: found by id, alias or a dated form of one, at list prices; rule: found by a broader match rule; assumed: a price filled in, or a provider the catalog does not know. */
const provenanceLevel = z.enum(['exact', 'rule', 'assumed']);
/** How records of one log name were resolved and priced; records, tokens (input + output) and cost add up to their row's. */
const provenanceEntry = z.strictObject({
  log_model: z.string(),
  model: z.string(),
  level: provenanceLevel,
  resolution: z.enum(['id', 'alias', 'version', 'rule']),
  /** With resolution rule: the part of the model's match rule that claimed the name. */
  rule: z.string().nullable(),
  /** The provider the records name where the catalog has none such. */
  unknown_provider: z.string().nullable(),
  /** Empty: the list prices of each record's day. */
  pricing: z.array(
    z.enum([
      'context-tier',
      'standard-price-for-tier',
      'output-price-for-input',
      'input-price-for-cache-reads',
      'input-price-for-cache-writes',
      'write-price-for-1h-writes',
      'time-of-day',
      'highest-price-time-of-day-unknown',
    ]),
  ),
  records: z.int().nonnegative(),
  tokens: z.int().nonnegative(),
  cost_usd: usd,
});
/** What `gacost usage --profile` measured; a figure the records cannot support is null, its reason in `reasons`. */
const usageProfile = z.strictObject({
  measured_from: z.strictObject({
    records: z.int().nonnegative(),
    requests: z.int().nonnegative(),
    first_day: z.string().nullable(),
    last_day: z.string().nullable(),
  }),
  months: z.array(
    z.strictObject({
      month: z.string(),
      full: z.boolean(),
      tokens: z.int().nonnegative(),
      models: z.array(z.strictObject({ model: z.string(), tokens: z.int().nonnegative() })),
    }),
  ),
  input_share: share,
  cached_share: share,
  cache_write_share: share,
  tokens_per_request: z.strictObject({ mean: z.int().nonnegative(), p50: z.int().nonnegative(), p95: z.int().nonnegative() }).nullable(),
  requests_per_minute: z.strictObject({ average: z.number().nonnegative(), peak: z.number().nonnegative() }).nullable(),
  growth: z.strictObject({ monthly_pct: z.number(), months: z.array(z.string()) }).nullable(),
  /** Why a figure above is null. */
  reasons: z.record(z.string(), z.string()),
});
const usageOutput = z
  .strictObject({
    schema_version: schemaVersion,
    catalog,
    assumptions: z.array(z.strictObject({ code: z.string(), text: z.string() })),
    sources: z.array(
      z.strictObject({
        path: z.string(),
        format: z.string(),
        records: z.int().nonnegative(),
        /** Lines or records left out: those that hold no usage record, and the bad records of bad_records. */
        skipped: z.int().nonnegative(),
        /** Of skipped, records gacost could not read, skipped with --skip-bad (totals.bad_records is their sum over the sources). */
        bad_records: z.int().nonnegative(),
        duplicates: z.int().nonnegative(),
        /** What skipped adds up: lines that hold no usage record (a Claude Code user line), then bad records (bad: true), by why. */
        skipped_reasons: z.array(z.strictObject({ reason: z.string(), count: z.int().positive(), bad: z.boolean() })),
      }),
    ),
    unpriced: z.array(unpricedName),
    /** In the order of --sort: cost, largest first, unless the first --by field is day, week or month (then time order, undated last); ties in key order. */
    rows: z.array(
      z.strictObject({
        /** The group's values, one per --by field: model is the catalog id, provider its key; day, week and month are "undated" for records without a time. */
        model: z.string().optional(),
        provider: z.string().optional(),
        day: z.string().optional(),
        week: z.string().optional(),
        month: z.string().optional(),
        project: z.string().optional(),
        key: z.string().optional(),
        user: z.string().optional(),
        session: z.string().optional(),
        log_models: z.array(z.string()),
        ...usageTokens,
        cost_usd: usd,
        /** What the source says the group cost, where every record of it reported a cost. */
        reported_cost_usd: usd.nullable(),
        provenance: z.array(provenanceEntry),
      }),
    ),
    /** Every row's provenance merged: how each log name was resolved and priced, best-trusted first. */
    provenance: z.array(provenanceEntry),
    /** The same traffic on other models: a what-if, asked for (--on, --mix, --map) or, when asked is false, on the catalog's default candidates (--on none leaves them out). */
    repriced: z.array(
      z.strictObject({
        /** A model's id, mix (its parts in mix) or map FROM=TO,… (--map). */
        candidate: z.string(),
        /** The routing mix re-priced on (--mix), as in compare's assumptions.mix; null for any other candidate. */
        mix: mix.nullable(),
        asked: z.boolean(),
        cost_usd: usd,
        observed_cost_usd: usd,
        savings_usd: usd,
        savings_pct: z.number().nullable(),
      }),
    ),
    /** Observed spend of dated records per day and model (per month and model where the first and last days are 62 or more apart): what --format html stacks. */
    spend_over_time: z.strictObject({
      period: z.enum(['day', 'month']),
      rows: z.array(z.strictObject({ period: z.string(), model: z.string(), cost_usd: usd })),
    }),
    totals: z.strictObject({
      ...usageTokens,
      cost_usd: usd,
      reported_cost_usd: usd.nullable(),
      unpriced_records: z.int().nonnegative(),
      /** Records gacost could not read, skipped with --skip-bad: the sum of sources[].bad_records. */
      bad_records: z.int().nonnegative(),
      /** Records left out by --since / --until. */
      outside_records: z.int().nonnegative(),
      /** The priced records at each level of trust (every level, zero where none); spend_pct of the observed cost, null when it is $0. */
      provenance: z.array(
        z.strictObject({
          level: provenanceLevel,
          records: z.int().nonnegative(),
          tokens: z.int().nonnegative(),
          cost_usd: usd,
          spend_pct: z.number().nullable(),
        }),
      ),
    }),
    profile: usageProfile.optional(),
    /** With --plan: the router's paths, each priced on the observed traffic alone, and the cheapest mixes of them. */
    plan: z
      .strictObject({
        paths: z.array(
          z.strictObject({
            model: z.string(),
            role: z.enum(['default', 'fallback', 'premium', 'failover']),
            cost_usd: usd,
            availability_pct: z.number().nullable(),
          }),
        ),
        premium_share_pct: z.int(),
        failover_share_pct: z.int(),
        mixes: z.array(
          z.strictObject({
            shares: z.array(z.strictObject({ model: z.string(), pct: z.int() })),
            cost_usd: usd,
            savings_usd: usd,
            savings_pct: z.number().nullable(),
            /** Expected minutes a year with every path of the mix down at once (paths failing independently): what a failover router could at best achieve; null where a path states no availability. */
            downtime_minutes_per_year: z.number().nullable(),
          }),
        ),
      })
      .optional(),
  })
  .meta({ title: 'gacost usage --format json' });

/** A part of computed − billed and its cause: a charge the logs lack is below 0, a credit above. */
const explanation = z.strictObject({
  /** unpriced, days-without-logs, days-without-bill, or the bill's category: web-search, storage, fine-tuning, batch, credit, tax, other. */
  cause: z.enum(CAUSES),
  amount_usd: usd,
  /** Bill lines (for days-without-bill, usage days) it was found on. */
  lines: z.int().nonnegative(),
  /** The days, models or line items concerned. */
  about: z.array(z.string()),
});
/** Computed cost on assumed prices, or on a model a match rule found, by why: where the unexplained is likeliest to come from. */
const assumedCost = z.strictObject({ basis: z.string(), cost_usd: usd });
const notBooked = z.strictObject({
  count: z.int().nonnegative(),
  amount_usd: usd,
  /** Each line not booked, and the one it repeats or overlaps. */
  lines: z.array(z.strictObject({ position: z.string(), of: z.string() })),
});
/** What reconcile says of the whole and of each group: computed, billed, and the difference explained. */
const reconciled = {
  computed_usd: usd,
  billed_usd: usd,
  /** computed − billed */
  difference_usd: usd,
  /** difference as a percentage of billed; null where billed is 0 or less. */
  error_pct: z.number().nullable(),
  explained: z.array(explanation),
  unexplained_usd: usd,
};
const reconcileOutput = z
  .strictObject({
    schema_version: schemaVersion,
    catalog,
    by: z.enum(['day', 'month']),
    /** "computed $X, billed $Y, error +Z% (explained: …; unexplained: $U)" */
    headline: z.string(),
    totals: z.strictObject({
      ...reconciled,
      /** |unexplained| as a percentage of |billed|: what --tolerance gates on. */
      unexplained_pct: z.number().nullable(),
      records: z.int().nonnegative(),
      unpriced_records: z.int().nonnegative(),
      assumed: z.array(assumedCost),
    }),
    /** Each period, its groups summed: what the page's chart draws. */
    periods: z.array(z.strictObject({ period: z.string(), computed_usd: usd, billed_usd: usd, unexplained_usd: usd })),
    /** --tolerance as a percentage; null without it. */
    tolerance_pct: z.number().nullable(),
    /** Whether the unexplained difference is within the tolerance; null without one. */
    within_tolerance: z.boolean().nullable(),
    groups: z.array(
      z.strictObject({
        period: z.string(),
        provider: z.string(),
        /** The catalog model, the line item as the bill names it, or null where the bill names no model for the period. */
        item: z.string().nullable(),
        category: z.enum(BILL_CATEGORIES),
        ...reconciled,
        records: z.int().nonnegative(),
        unpriced_records: z.int().nonnegative(),
        bill_lines: z.int().nonnegative(),
        assumed: z.array(assumedCost),
      }),
    ),
    bills: z.array(z.strictObject({ path: z.string(), source: z.string(), lines: z.int().nonnegative() })),
    /** --fx: USD for one unit of each currency, as given, and the lines it converted. */
    fx: z.array(z.strictObject({ currency: z.string(), usd_per_unit: z.number(), lines: z.int().nonnegative() })),
    duplicates: notBooked,
    overlaps: notBooked,
    /** Bill periods with no usage record of their provider: reported, not dropped. */
    periods_without_usage: z.array(z.strictObject({ period: z.string(), provider: z.string(), billed_usd: usd })),
    /** Usage of providers the bill does not name: left out of every figure. */
    other_providers: z.array(z.strictObject({ provider: z.string(), records: z.int().nonnegative(), cost_usd: usd })),
    /** Usage records outside the bill's days: left out. */
    outside_records: z.int().nonnegative(),
    unpriced: z.array(unpricedName),
  })
  .meta({ title: 'gacost reconcile --format json' });
/** A workload's line on one side of `gacost diff`: its model (an id, or "mix"), the file's tokens, its monthly cost against its budget. */
const diffLine = z.strictObject({
  model: z.string(),
  /** The mix's parts (model=percent,…); null for one model. */
  mix: z.string().nullable(),
  tokens: z.int().nonnegative().nullable(),
  cost_usd: usd,
  budget_usd: usd.nullable(),
  pct: z.number().nullable(),
  status: budgetStatus,
});
const diffSide = z.strictObject({
  /** The budget file as named: a path, or git:REF:path. */
  source: z.string(),
  total: z.strictObject({
    cost_usd: usd,
    budget_usd: usd.nullable(),
    pct: z.number().nullable(),
    status: budgetStatus,
  }),
  /** The lines over budget: workload names, and "total". */
  breaks: z.array(z.string()),
});
const budgetDiffOutput = z
  .strictObject({
    schema_version: schemaVersion,
    catalog,
    /** projected: the tokens each file states; measured: the month of traffic the usage sources hold, re-priced on each side. */
    traffic: z.enum(['projected', 'measured']),
    base: diffSide,
    head: diffSide,
    /** head's monthly total − base's. */
    difference_usd: usd,
    change_pct: z.number().nullable(),
    /** fail when head breaks a budget that base kept (exit 1), else pass. */
    verdict: z.enum(['pass', 'fail']),
    newly_broken: z.array(z.string()),
    workloads: z.array(
      z.strictObject({
        name: z.string(),
        change: z.enum(['added', 'removed', 'changed', 'unchanged']),
        /** Each field that differs, as exact text (null: not set on that side). */
        changes: z.array(
          z.strictObject({
            field: z.enum(['model', 'mix', 'tokens', 'input_share', 'cached_share', 'cache_write_share', 'budget']),
            before: z.string().nullable(),
            after: z.string().nullable(),
          }),
        ),
        base: diffLine.nullable(),
        head: diffLine.nullable(),
        difference_usd: usd,
        change_pct: z.number().nullable(),
      }),
    ),
    /** With --usage: the period measured, the sources, how each log name was priced, and each workload's traffic. */
    usage: z
      .strictObject({
        month: z.string().nullable(),
        days: z.number().positive().nullable(),
        sources: z.array(z.strictObject({ path: z.string(), format: z.string(), records: z.int().nonnegative() })),
        records: z.int().nonnegative(),
        provenance: z.array(provenanceEntry),
        unpriced: z.array(unpricedName),
        workloads: z.array(
          z.strictObject({
            name: z.string(),
            usage: z.record(z.string(), z.string()),
            records: z.int().nonnegative(),
            tokens: z.int().nonnegative(),
            observed_cost_usd: usd,
            /** Why the workload has no record of the period (its status is then no-data on both sides); null when it has records. */
            no_data_reason: z.string().nullable(),
          }),
        ),
        /** The records of the period no workload picks: in neither side's cost. */
        unmatched: z.strictObject({
          records: z.int().nonnegative(),
          /** Those priced, a month on the logs' own models. */
          observed_cost_usd: usd,
          log_models: z.array(z.strictObject({ log_model: z.string(), records: z.int().nonnegative() })),
        }),
      })
      .nullable(),
    assumptions: z.strictObject({ notes: z.array(z.string()) }),
  })
  .meta({ title: 'gacost diff --format json' });

export const outputSchema = z
  .union([
    projectionOutput,
    modelsOutput,
    modelMatchOutput,
    checkOutput,
    compareOutput,
    forecastOutput,
    diffOutput,
    usageOutput,
    reconcileOutput,
    budgetDiffOutput,
  ])
  .meta({ title: 'gacost JSON output', description: 'What gacost prints with --format json; schema_version 1.' });

export type CatalogJson = z.output<typeof catalog>;
export type ObservedJson = z.output<typeof observed>;
export type PricingJson = z.output<z.ZodObject<typeof pricing>>;
export type MixJson = z.output<typeof mix>;
export type ProjectionJson = z.output<typeof projectionOutput>;
export type ModelsJson = z.output<typeof modelsOutput>;
export type ModelMatchJson = z.output<typeof modelMatchOutput>;
export type CheckJson = z.output<typeof checkOutput>;
export type CompareJson = z.output<typeof compareOutput>;
export type ForecastJson = z.output<typeof forecastOutput>;
export type DiffJson = z.output<typeof diffOutput>;
export type UsageJson = z.output<typeof usageOutput>;
export type ReconcileJson = z.output<typeof reconcileOutput>;
export type BudgetDiffJson = z.output<typeof budgetDiffOutput>;
