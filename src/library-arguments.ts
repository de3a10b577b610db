/**
 * The library's arguments as its callers may give them: one schema per function, checked at its edge,
 * so that whatever a caller gets wrong (a string where a list goes, a number where a Usd bigint goes,
 * an option misspelt) throws a GacostError with a code rather than an untyped error from deep inside,
 * or a silent answer to another question. zod/mini keeps the library bundle small; what each value
 * means (a quantity, a share, a date) is still judged by the parsers the CLI uses, after these shapes.
 */
import * as z from 'zod/mini';
import { EXPORT_FORMATS, EXPORT_TABLES } from './app/catalog-export.js';
import { IMPORT_FORMATS } from './app/catalog-import.js';
import { BILL_SOURCE_NAMES } from './app/reconcile.js';
import { SCHEMA_KINDS } from './app/schema.js';
import { GROUP_FIELDS } from './core/usage.js';
import { USAGE_SORTS } from './core/usage-sort.js';
import { GacostError } from './errors.js';
import { DIALECTS } from './output/catalog-export/sql-dialects.js';
import { USAGE_FORMATS } from './usage/format-names.js';

type Issue = z.core.$ZodIssue;

/** The value as the caller gave it, for a message: short, and never a throw of its own. */
function shown(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return 'an array';
  if (value === null || typeof value !== 'object') return String(value);
  return 'an object';
}

/** What the arguments hold at an issue's path (undefined where the path leaves them). */
function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

const A_TYPE: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  bigint: 'a bigint',
  array: 'an array',
  object: 'an object',
  record: 'an object',
};

/**
 * What the issues at a value say, in the words of the documentation. Of a union, the branch the value
 * came nearest to (one whose problems lie inside the value) speaks; else the types the union takes.
 */
function describeIssue(issue: Issue, root: unknown, path: readonly PropertyKey[]): { path: readonly PropertyKey[]; text: string } {
  const given = valueAt(root, path);
  switch (issue.code) {
    case 'invalid_type':
      return { path, text: `expected ${A_TYPE[issue.expected] ?? issue.expected}, got ${shown(given)}` };
    case 'invalid_union': {
      if (issue.message !== 'Invalid input' || issue.errors.length === 0)
        return { path, text: `${issue.message === 'Invalid input' ? 'not what it takes' : issue.message}, got ${shown(given)}` };
      const nearest = issue.errors.find((errors) => errors.length > 0 && errors.every((inner) => inner.path.length > 0));
      const first = nearest?.[0];
      if (first !== undefined) return describeIssue(first, root, [...path, ...first.path]);
      const taken = (inner: Issue | undefined) =>
        inner?.code === 'invalid_type'
          ? (A_TYPE[inner.expected] ?? inner.expected)
          : inner?.code === 'invalid_value'
            ? inner.values.map((value) => JSON.stringify(value)).join(', ')
            : 'a value of another kind';
      const types = [...new Set(issue.errors.map((errors) => taken(errors[0])))];
      return { path, text: `expected ${types.join(' or ')}, got ${shown(given)}` };
    }
    case 'invalid_value':
      return { path, text: `expected ${issue.values.map((value) => JSON.stringify(value)).join(', ')}, got ${shown(given)}` };
    case 'unrecognized_keys':
      return { path, text: `no such option ${issue.keys.map((key) => JSON.stringify(key)).join(', ')}` };
    case 'too_small':
      return {
        path,
        text:
          issue.origin === 'array'
            ? 'expected at least one entry, got none'
            : issue.origin === 'string'
              ? 'expected a text that is not empty'
              : `expected at least ${issue.minimum}, got ${shown(given)}`,
      };
    default:
      return { path, text: issue.message === 'Invalid input' ? `not what it takes, got ${shown(given)}` : issue.message };
  }
}

/**
 * The arguments, checked against their schema: a GacostError `invalid-option` naming the function, the
 * argument and what was expected; one problem per issue.
 */
export function checkArguments<Schema extends z.ZodMiniType>(fn: string, names: readonly string[], schema: Schema, args: unknown[]): void {
  const checked = schema.safeParse(args);
  if (checked.success) return;
  const problems = checked.error.issues.map((issue) => {
    const { path, text } = describeIssue(issue, args, issue.path);
    const [at = 0, ...rest] = path;
    const where = [
      names[Number(at)] ?? `argument ${Number(at) + 1}`,
      ...rest.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)),
    ].join('');
    return `${fn}: invalid ${where}: ${text}`;
  });
  throw new GacostError('invalid-option', problems[0] ?? `${fn}: invalid arguments`, problems);
}

const text = z.string();
const tokens = z.union([z.bigint(), z.number(), z.string()]);
const dollars = z.union([z.string(), z.number()]);
const share = z.union([z.string(), z.number()]);
const names = z.array(z.string());

/** A catalog as loadCatalog and builtinCatalog give it: its fields are the library's own, not re-checked. */
const catalog = z.looseObject({
  version: z.string(),
  hash: z.string(),
  providers: z.record(z.string(), z.unknown()),
  models: z.array(z.unknown()),
});
const priceOptions = { asOf: z.optional(text), tier: z.optional(text) };
const pricingOptions = {
  ...priceOptions,
  models: z.optional(names),
  mix: z.optional(text),
  inputShare: z.optional(share),
  cachedShare: z.optional(share),
};
const cwdOption = z.optional(z.strictObject({ cwd: z.optional(text) }));

/** A StagePlan as loadStages gives it. */
const stagePlan = z.looseObject({
  stages: z.array(z.looseObject({ name: z.string(), users: z.nullable(z.number()), tokens: z.bigint() })).check(z.minLength(1)),
  source: z.enum(['preset', 'file']),
  tokensPerUser: z.nullable(z.bigint()),
  roundedStages: z.array(z.string()),
});

const workload = z.strictObject({ name: z.optional(text), model: text, tokens, budget: z.optional(dollars) });

/** Usage logs as fromUsage reads them, for the fromUsage option of project, compare and forecast. */
const observedUsage = z.looseObject({
  candidate: z.looseObject({ kind: z.literal('observed') }),
  accounting: z.looseObject({}),
  monthlyTokens: z.bigint(),
  growth: z.looseObject({}),
  assumptions: z.array(z.looseObject({})),
});
const paths = z.array(z.string().check(z.minLength(1))).check(z.minLength(1));
const shareOptions = { inputShare: z.optional(share), cachedShare: z.optional(share) };

/** A budget check's result: what budgetExitCode reads of it. */
const budgetCheck = z.looseObject({
  kind: z.literal('check'),
  total: z.looseObject({ status: z.string() }),
  workloads: z.array(z.looseObject({ status: z.string() })),
});

/**
 * The parts of a result render draws, told by kind: every list's entries are objects of their kind
 * (a candidate is a model, a mix or observed spend), not null or {} put in by a caller. What lies
 * deeper is the library's own; render refuses what still does not draw (see render in index.ts).
 */
const entries = <Shape extends z.core.$ZodLooseShape>(shape: Shape) => z.array(z.looseObject(shape));
const candidate = z.looseObject({ kind: z.enum(['model', 'mix', 'observed']) });
const candidates = z.array(candidate);
const usd = z.bigint();
const result = z.discriminatedUnion(
  'kind',
  [
    z.looseObject({
      kind: z.literal('projection'),
      catalog: z.looseObject({}),
      plan: z.looseObject({}),
      candidates,
      baseline: candidate,
      rows: entries({ stage: z.string(), tokens: z.bigint(), candidate, baseline: candidate, cost: usd, baselineCost: usd, savings: usd }),
    }),
    z.looseObject({
      kind: z.literal('compare'),
      catalog: z.looseObject({}),
      candidates,
      baseline: candidate,
      rows: entries({ candidate, cost: usd }),
    }),
    z.looseObject({
      kind: z.literal('forecast'),
      catalog: z.looseObject({}),
      candidates,
      rows: entries({ month: z.number(), candidate, tokens: z.bigint(), cost: usd, cumulative: usd }),
      outlooks: entries({ candidate }),
    }),
    budgetCheck.check(z.refine((value) => typeof value.catalog === 'object' && value.catalog !== null)),
    z.looseObject({
      kind: z.literal('usage'),
      catalog: z.looseObject({}),
      rows: entries({
        keys: z.looseObject({}),
        logModels: z.array(z.string()),
        totals: z.looseObject({}),
        cost: usd,
        provenance: z.array(z.looseObject({})),
      }),
      unpriced: entries({}),
      totals: z.looseObject({}),
      read: z.looseObject({ sources: entries({ path: z.string() }) }),
    }),
    z.looseObject({
      kind: z.literal('reconcile'),
      catalog: z.looseObject({}),
      groups: entries({ period: z.string(), computed: usd, billed: usd }),
      totals: z.looseObject({ computed: usd, billed: usd, unexplained: usd }),
      bills: entries({ path: z.string() }),
    }),
    z.looseObject({ kind: z.literal('models'), catalog: z.looseObject({}), models: entries({ model: z.looseObject({}) }) }),
    z.looseObject({ kind: z.literal('model-match'), catalog: z.looseObject({}), matches: entries({}) }),
    z.looseObject({ kind: z.literal('diff'), old: z.looseObject({}), new: z.looseObject({}), changes: entries({}) }),
    z.looseObject({
      kind: z.literal('budget-diff'),
      catalog: z.looseObject({}),
      base: z.looseObject({ total: z.looseObject({}) }),
      head: z.looseObject({ total: z.looseObject({}) }),
      workloads: entries({ name: z.string(), fields: z.array(z.looseObject({})) }),
      traffic: z.looseObject({ kind: z.enum(['projected', 'measured']) }),
    }),
  ],
  { error: 'expected a result of project, compare, forecast, checkBudget, usageReport or reconcile; or of models, catalogDiff or diff' },
);

export const ARGUMENTS = {
  usdText: z.tuple([z.bigint()]),
  loadCatalog: z.tuple([
    z.optional(z.union([z.string(), z.strictObject({ text: z.string(), name: z.optional(text) }), z.record(z.string(), z.unknown())])),
    cwdOption,
  ]),
  priceContext: z.tuple([catalog, z.optional(z.strictObject(priceOptions))]),
  resolveModel: z.tuple([catalog, text, z.optional(z.strictObject(priceOptions))]),
  priceTokens: z.tuple([
    catalog,
    text,
    tokens,
    z.optional(z.strictObject({ ...priceOptions, inputShare: z.optional(share), cachedShare: z.optional(share) })),
  ]),
  project: z.tuple([
    catalog,
    z.optional(
      z.strictObject({
        ...pricingOptions,
        tokens: z.optional(tokens),
        tokensPerUser: z.optional(tokens),
        stages: z.optional(stagePlan),
        baseline: z.optional(text),
        tokensPerRequest: z.optional(tokens),
        peakFactor: z.optional(z.union([z.string(), z.number()])),
        fromUsage: z.optional(observedUsage),
      }),
    ),
  ]),
  loadStages: z.tuple([text, z.optional(z.strictObject({ tokensPerUser: z.optional(tokens), cwd: z.optional(text) }))]),
  compare: z.tuple([
    catalog,
    z.strictObject({
      ...pricingOptions,
      tokens: z.optional(tokens),
      provider: z.optional(text),
      baseline: z.optional(text),
      top: z.optional(z.union([z.number(), z.literal('all')])),
      fromUsage: z.optional(observedUsage),
    }),
  ]),
  forecast: z.tuple([
    catalog,
    z.strictObject({
      ...pricingOptions,
      start: z.optional(tokens),
      growth: z.optional(text),
      months: z.optional(z.union([z.number(), z.string()])),
      budget: z.optional(dollars),
      credits: z.optional(dollars),
      fromUsage: z.optional(observedUsage),
    }),
  ]),
  fromUsage: z.tuple([
    paths,
    z.optional(
      z.strictObject({
        ...priceOptions,
        catalog: z.optional(catalog),
        cwd: z.optional(text),
        from: z.optional(z.enum(USAGE_FORMATS)),
        provider: z.optional(text),
        skipBad: z.optional(z.boolean()),
      }),
    ),
  ]),
  checkBudget: z.tuple([
    catalog,
    z.union([
      z.array(workload).check(z.minLength(1)),
      z.strictObject({ config: text, cwd: z.optional(text), env: z.optional(z.record(z.string(), z.optional(z.string()))) }),
    ]),
    z.optional(
      z.strictObject({
        ...priceOptions,
        ...shareOptions,
        totalBudget: z.optional(dollars),
        cacheWriteShare: z.optional(share),
        usage: z.optional(paths),
        from: z.optional(z.enum(USAGE_FORMATS)),
        provider: z.optional(text),
        skipBad: z.optional(z.boolean()),
      }),
    ),
  ]),
  diff: z.tuple([
    catalog,
    text.check(z.minLength(1)),
    text.check(z.minLength(1)),
    z.optional(
      z.strictObject({
        ...priceOptions,
        ...shareOptions,
        cacheWriteShare: z.optional(share),
        usage: z.optional(paths),
        from: z.optional(z.enum(USAGE_FORMATS)),
        provider: z.optional(text),
        skipBad: z.optional(z.boolean()),
        env: z.optional(z.record(z.string(), z.optional(z.string()))),
        cwd: z.optional(text),
      }),
    ),
  ]),
  init: z.tuple([
    catalog,
    z.array(text.check(z.minLength(1))),
    z.optional(
      z.strictObject({
        ...priceOptions,
        tokens: z.optional(tokens),
        fromUsage: z.optional(paths),
        schemaPath: z.optional(text),
        cwd: z.optional(text),
      }),
    ),
  ]),
  budgetExitCode: z.tuple([budgetCheck, z.optional(z.strictObject({ warnOnly: z.optional(z.boolean()) }))]),
  usageReport: z.tuple([
    paths,
    z.optional(
      z.strictObject({
        ...priceOptions,
        catalog: z.optional(catalog),
        from: z.optional(z.enum(USAGE_FORMATS)),
        provider: z.optional(text),
        by: z.optional(z.array(z.enum(GROUP_FIELDS)).check(z.minLength(1))),
        sort: z.optional(z.enum(USAGE_SORTS)),
        since: z.optional(text),
        until: z.optional(text),
        on: z.optional(names),
        mix: z.optional(text),
        map: z.optional(names),
        profile: z.optional(z.boolean()),
        plan: z.optional(z.boolean()),
        premiumShare: z.optional(share),
        failoverShare: z.optional(share),
        availability: z.optional(names),
        skipBad: z.optional(z.boolean()),
        cwd: z.optional(text),
      }),
    ),
  ]),
  reconcile: z.tuple([
    paths,
    z.strictObject({
      ...priceOptions,
      bill: paths,
      billFrom: z.optional(z.enum(BILL_SOURCE_NAMES)),
      catalog: z.optional(catalog),
      from: z.optional(z.enum(USAGE_FORMATS)),
      provider: z.optional(text),
      by: z.optional(z.enum(['day', 'month'])),
      tolerance: z.optional(share),
      fx: z.optional(names),
      skipBad: z.optional(z.boolean()),
      cwd: z.optional(text),
    }),
  ]),
  reconcileExitCode: z.tuple([z.looseObject({ kind: z.literal('reconcile'), totals: z.looseObject({ unexplained: usd, billed: usd }) })]),
  models: z.tuple([
    catalog,
    z.optional(
      z.strictObject({
        ...priceOptions,
        provider: z.optional(text),
        search: z.optional(text),
        match: z.optional(names),
        wide: z.optional(z.boolean()),
      }),
    ),
  ]),
  catalogValidate: z.tuple([paths, cwdOption]),
  catalogDiff: z.tuple([
    catalog,
    z.optional(catalog),
    z.optional(
      z.strictObject({
        ...pricingOptions,
        vsAsOf: z.optional(text),
        tokens: z.optional(tokens),
        config: z.optional(text),
        env: z.optional(z.record(z.string(), z.optional(z.string()))),
        cwd: z.optional(text),
      }),
    ),
  ]),
  catalogImport: z.tuple([
    text,
    z.strictObject({
      from: z.enum(IMPORT_FORMATS),
      provider: z.optional(text),
      exclude: z.optional(names),
      keepHistory: z.optional(text),
      asOf: z.optional(text),
      cwd: z.optional(text),
    }),
  ]),
  catalogExport: z.tuple([
    catalog,
    z.optional(
      z.strictObject({
        format: z.optional(z.enum(EXPORT_FORMATS)),
        table: z.optional(z.enum(EXPORT_TABLES)),
        dialect: z.optional(z.enum(DIALECTS)),
      }),
    ),
  ]),
  catalogUpdate: z.tuple([
    z.optional(
      z.strictObject({
        from: z.optional(text),
        dryRun: z.optional(z.boolean()),
        reset: z.optional(z.boolean()),
        asOf: z.optional(text),
        cwd: z.optional(text),
        env: z.optional(z.record(z.string(), z.optional(z.string()))),
      }),
    ),
  ]),
  schema: z.tuple([z.enum(SCHEMA_KINDS)]),
  belowRequired: z.tuple([z.looseObject({ provenance: z.looseObject({ entries: z.array(z.unknown()) }) }), z.enum(['exact', 'rule'])]),
  render: z.tuple([
    result,
    z.optional(z.string()),
    z.optional(
      z.strictObject({ color: z.optional(z.boolean()), width: z.optional(z.int().check(z.gte(1))), wide: z.optional(z.boolean()) }),
    ),
  ]),
} as const;
