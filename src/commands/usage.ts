import { Command, Option } from '@commander-js/extra-typings';
import { parseMix } from '../core/candidate.js';
import { catalogDefaults, type Catalog } from '../core/catalog.js';
import { isIsoDate } from '../core/dates.js';
import { providerKey } from '../core/model-list.js';
import { ModelIndex } from '../core/resolve-model.js';
import { contextThresholds, dayBoundaries, GROUP_FIELDS, UsageTally, type GroupField, type UsageAggregate } from '../core/usage.js';
import { belowRequired, priceUsage, type ProvenanceShare, type Repricing, type UsageOptions } from '../core/usage-pricing.js';
import { defaultSort, sortRows, USAGE_SORTS, type UsageSort } from '../core/usage-sort.js';
import { planRoutes, type PlanPath, type RoutingPlan } from '../core/usage-plan.js';
import { parseDecimal } from '../core/decimal.js';
import type { Model } from '../core/catalog.js';
import { percentOf, percentText, usdText, type Usd } from '../core/money.js';
import { ProfileCollector, type UsageProfile } from '../core/usage-profile.js';
import { GacostError } from '../errors.js';
import { USAGE_TABLES, type UsageResult } from '../output/usage.js';
import { USAGE_FORMATS } from '../usage/usage-format.js';
import { usageStdin, usageStdinFile, warnRulePriced, warnSkipped, type CommandContext, type CommandHost } from './context.js';
import { withOutputFlags } from './output-flags.js';
import { repeatedList } from './repeated-flags.js';

const DEFAULT_PREMIUM_SHARE = '10%';
const DEFAULT_FAILOVER_SHARE = '5%';

const declaration = () =>
  withOutputFlags(
    new Command('usage')
      .description('price the usage your logs and exports recorded, and the same traffic on other models')
      .argument('<sources...>', 'usage files, folders (searched for them) or - for standard input; .gz read as is')
      .addOption(new Option('--from <format>', 'the format of every source (default: told by each file)').choices(USAGE_FORMATS))
      .option('--provider <key>', 'the provider of records that name none (e.g. openai, anthropic, aws)')
      .option('--by <fields>', `group by (comma-separated: ${GROUP_FIELDS.join(', ')}; default model)`, repeatedList)
      .addOption(new Option('--sort <order>', 'order of the rows, largest first or by the --by keys (default: cost; key when --by starts with day, week or month)').choices(USAGE_SORTS))
      .addOption(new Option('--table <table>', 'with --format csv: which table (default rows)').choices(USAGE_TABLES))
      .option('--since <date>', 'only records on or after this day (YYYY-MM-DD, UTC)')
      .option('--until <date>', 'only records on or before this day (YYYY-MM-DD, UTC)')
      .option('--on <models>', 'what the same traffic would cost on each of these models (default: the catalog default candidates, as a what-if; none: no re-pricing)', repeatedList)
      .option('--mix <model=percent,…>', 'what it would cost on a routing mix (one per run)')
      .option('--map <from=to>', 'what it would cost with these models replaced, the rest kept (repeatable)', repeatedList)
      .option('--profile', "add the traffic's profile: token mix, request sizes and rates, months and growth")
      .option('--plan', "rank routing mixes of the catalog's router paths for this traffic")
      .option('--premium-share <pct>', `with --plan: least traffic on the premium paths (default ${DEFAULT_PREMIUM_SHARE})`)
      .option('--failover-share <pct>', `with --plan: least traffic on another provider than the default path's (default ${DEFAULT_FAILOVER_SHARE})`)
      .option('--availability <model=pct>', 'with --plan: availability of a path the catalog states none for, e.g. deepseek-r1=99.5% (repeatable)', repeatedList)
      .option('--strict', 'exit 2 when any record cannot be priced')
      .addOption(new Option('--require <level>', 'exit 2 unless all priced spend is exact (model by id, alias or a dated form, at list prices) or, with rule, at worst found by a match rule').choices(['exact', 'rule'] as const))
      .option('--skip-bad', 'skip and count records gacost cannot read, rather than refusing the input'),
  );

type UsageFlags = ReturnType<ReturnType<typeof declaration>['opts']>;

export const usageCommand = (host: CommandHost) =>
  declaration().action(async (sources, flags) => {
    const report = await runUsage(sources, flags, host.context(), host);
    await host.emit(report, flags);
    if (flags.strict && report.totals.unpricedRecords > 0) {
      throw new GacostError('unpriced-usage', `${report.totals.unpricedRecords} records could not be priced (--strict)`);
    }
    if (flags.require !== undefined) {
      const short = belowRequired(report, flags.require);
      if (short.length > 0) throw new GacostError('provenance-below-required', requireShortfall(flags.require, short, report.totals.cost));
    }
  });

async function runUsage(sources: readonly string[], flags: UsageFlags, context: CommandContext, host: CommandHost): Promise<UsageResult> {
  const since = dayFlag(flags.since, '--since');
  const until = dayFlag(flags.until, '--until');
  if (since !== undefined && until !== undefined && since > until) throw new GacostError('conflicting-options', `--since ${since} is after --until ${until}: no day is in between`);
  const by = groupFields(flags.by);
  refusePlanFlagsWithoutPlan(flags);
  if (flags.table !== undefined && flags.format !== 'csv') throw new GacostError('invalid-option', `--table goes with --format csv: --format ${flags.format} shows every table`);
  const catalog = await context.catalog();
  const index = new ModelIndex(catalog, context.prices);
  const provider = providerKey(catalog, flags.provider);
  const { repricings, unaskedVia } = repricingsOf(flags, index, catalog);
  if (flags.table === 'repriced' && repricings.length === 0) throw new GacostError('invalid-option', '--table repriced with --on none: there is no re-pricing to write');
  const thresholds = contextThresholds(catalog);
  const profile = flags.profile ? new ProfileCollector() : undefined;
  const { asOf } = context.prices;
  const tally = new UsageTally({ thresholds: thresholds.map(Number), boundaries: dayBoundaries(catalog), groups: by, since, until, asOf }, profile === undefined ? undefined : (record) => profile.add(record));
  const progress = await progressLine(host);
  const { readUsage } = await import('../usage/read-usage.js');
  const read = await readUsage(sources, {
    from: flags.from,
    skipBad: flags.skipBad === true,
    refusalHint: '--skip-bad skips and counts such records',
    cwd: context.cwd,
    stdin: usageStdin(host),
    stdinFile: usageStdinFile(host),
    inputs: host.inputs,
    tally,
    onProgress: (bytes, records) => progress?.(bytes, records),
    ...threadsOf(host.io.env.GACOST_USAGE_WORKERS),
  });
  progress?.(undefined, tally.records);
  warnSkipped(host, read);
  const { outside } = tally;
  if (outside > 0) host.stderrLine(`gacost: note: ${outside} records outside ${[since && `--since ${since}`, until && `--until ${until}`].filter(Boolean).join(' and ')} left out`);
  const report = priceUsage(tally.aggregate, index, thresholds, { provider, asOf: context.prices.asOf, by, repricings, release: !flags.plan });
  if (report.totals.unpricedRecords > 0) {
    host.stderrLine(`gacost: warning: ${report.totals.unpricedRecords} records (${report.totals.unpricedTokens} tokens) of ${report.unpriced.length} model names could not be priced; they are listed, never counted as $0`);
  }
  warnRulePriced(host, report.provenance.entries);
  const plan = flags.plan ? routingPlan(tally.aggregate, index, thresholds, { provider, asOf, by, repricings: [] }, report.totals.cost, flags) : undefined;
  const sort: UsageSort = flags.sort ?? defaultSort(by);
  return {
    ...report,
    rows: sortRows(report.rows, sort),
    ...(unaskedVia === undefined ? {} : { unaskedVia }),
    ...(flags.table === undefined ? {} : { csvTable: flags.table }),
    ...(plan === undefined ? {} : { plan }),
    read: { sources: read.sources, bad: read.bad, otherFiles: read.otherFiles, notes: read.notes, outside },
    ...(profile === undefined ? {} : { profile: withCatalogIds(profile.profile(), index, provider) }),
  };
}

/** Why --require fails: the share of spend below the level, and the costliest names that put it there. */
function requireShortfall(required: 'exact' | 'rule', short: readonly ProvenanceShare[], observed: Usd): string {
  const cost = short.reduce((sum, entry) => sum + entry.cost, 0n) as Usd;
  const records = short.reduce((sum, entry) => sum + entry.records, 0);
  const share = observed === 0n ? '' : ` (${percentText(percentOf(cost, observed))}% of spend)`;
  const names = short.slice(0, 3).map((entry) => `${entry.logModel} as ${entry.model} (${entry.level === 'rule' ? `rule ${entry.rule ?? ''}` : entry.unknownProvider !== null ? `provider ${entry.unknownProvider} unknown` : entry.pricing.join(', ')})`);
  const more = short.length > 3 ? `, and ${short.length - 3} more` : '';
  return `--require ${required}: ${records} priced ${records === 1 ? 'record' : 'records'}, $${usdText(cost)}${share}, ${required === 'exact' ? 'are not priced exactly' : 'are priced on assumed prices'}: ${names.join('; ')}${more}`;
}

/**
 * On a terminal, a line on stderr saying how much has been read, at what rate, once a run has taken
 * a second; rewritten in place, and cleared at the end (bytes undefined).
 */
async function progressLine(host: CommandHost): Promise<((bytes: number | undefined, records: number) => void) | undefined> {
  if (!(await host.io.stderrIsTerminal?.())) return undefined;
  const started = Date.now();
  let shown = 0;
  return (bytes, records) => {
    const now = Date.now();
    if (bytes === undefined) {
      if (shown > 0) host.io.stderr('\r\u001b[K');
      return;
    }
    if (now - started < 1000 || now - shown < 250) return;
    shown = now;
    const megabytes = bytes / 1024 / 1024;
    host.io.stderr(`\rgacost: read ${megabytes.toFixed(0)} MB, ${records} records, ${(megabytes / ((now - started) / 1000)).toFixed(0)} MB/s\u001b[K`);
  };
}

/** --premium-share, --failover-share and --availability shape the plan: without --plan they would be silently ignored. */
function refusePlanFlagsWithoutPlan(flags: UsageFlags): void {
  if (flags.plan === true) return;
  const given = [flags.premiumShare !== undefined && '--premium-share', flags.failoverShare !== undefined && '--failover-share', flags.availability !== undefined && '--availability'].filter(Boolean);
  if (given.length > 0) throw new GacostError('conflicting-options', `${given.join(' and ')} ${given.length === 1 ? 'goes' : 'go'} with --plan: give --plan, or leave ${given.length === 1 ? 'it' : 'them'} out`);
}

/** Whole percent from a flag such as 10% or 10. */
function wholePercent(text: string, flag: string): number {
  const match = /^(\d{1,3})%?$/.exec(text.trim());
  const value = match === null ? Number.NaN : Number(match[1]);
  if (!(value >= 0 && value <= 100)) throw new GacostError('invalid-option', `invalid ${flag} ${JSON.stringify(text)}: expected a whole percentage from 0% to 100%`);
  return value;
}

/**
 * The catalog's router paths (default, fallback, premium, failover), each priced on the observed
 * traffic alone, and the cheapest mixes of them (in steps of 5%) that keep the shares asked for.
 */
function routingPlan(aggregate: UsageAggregate, index: ModelIndex, thresholds: readonly bigint[], options: UsageOptions, observedCost: Usd, flags: UsageFlags): RoutingPlan {
  const router = index.catalog.defaults?.router;
  if (router === undefined) throw new GacostError('invalid-option', `catalog ${index.catalog.version} names no router (defaults.router): --plan has no paths to mix`);
  const named: [string, PlanPath['role']][] = [
    [router.default, 'default'],
    ...(router.fallback === undefined ? [] : [[router.fallback, 'fallback'] as [string, PlanPath['role']]]),
    ...router.premium.map((name): [string, PlanPath['role']] => [name, 'premium']),
    ...router.failover.map((name): [string, PlanPath['role']] => [name, 'failover']),
  ];
  const stated = new Map<string, bigint>();
  for (const entry of flags.availability ?? []) {
    const [name = '', pct = ''] = entry.split('=');
    const value = /^\d{1,3}(\.\d{1,6})?%?$/.test(pct.trim()) ? parseDecimal(pct.trim().replace(/%$/, ''), 6) : undefined;
    if (value === undefined || value > 100_000_000n) throw new GacostError('invalid-option', `invalid --availability ${JSON.stringify(entry)}: expected model=percent, such as deepseek-r1=99.5%`);
    stated.set(index.resolve(name.trim()).id, value);
  }
  const models = named.map(([name]) => index.resolvePriced(name).model);
  const costs = priceUsage(aggregate, index, thresholds, { ...options, repricings: models.map((model) => ({ kind: 'model', model })) }).repriced.map((line) => line.cost);
  const paths = named.map(([, role], at): PlanPath => {
    const model = models[at] as Model;
    const sla = model.channel === undefined ? undefined : index.catalog.providers[model.provider]?.channels?.[model.channel]?.uptime_sla_pct;
    const availability = stated.get(model.id) ?? (sla === undefined ? null : (parseDecimal(String(sla), 6) ?? null));
    return { model, role, cost: costs[at] as Usd, availability };
  });
  const premiumPct = wholePercent(flags.premiumShare ?? DEFAULT_PREMIUM_SHARE, '--premium-share');
  const failoverPct = wholePercent(flags.failoverShare ?? DEFAULT_FAILOVER_SHARE, '--failover-share');
  const plan = planRoutes(paths, observedCost, { premiumPct, failoverPct, stepPct: 5, top: 5 });
  // Shares no mix can keep (together over 100%, or asked of paths the router lacks) are asked in contradiction: an empty plan would not say so.
  if (plan.mixes.length === 0) {
    throw new GacostError('conflicting-options', `no mix of the router's paths keeps --premium-share ${premiumPct}% on premium paths and --failover-share ${failoverPct}% on another provider than the default path's`);
  }
  return plan;
}

/** A profile's months with each log name as the catalog model it resolves to (where it does). */
function withCatalogIds(profile: UsageProfile, index: ModelIndex, provider: string | undefined): UsageProfile {
  const idOf = (name: string) => {
    try {
      return index.matchLogged(name, provider).model.id as string;
    } catch {
      return name;
    }
  };
  const months = profile.months.map((month) => {
    const models = new Map<string, bigint>();
    for (const [name, tokens] of month.models) models.set(idOf(name), (models.get(idOf(name)) ?? 0n) + tokens);
    return { ...month, models };
  });
  return { ...profile, months };
}

/** GACOST_USAGE_WORKERS: how many threads read usage files, whatever their size (1: this one alone), for tests and measurements. */
function threadsOf(value: string | undefined): { threads?: number } {
  if (value === undefined || value === '') return {};
  const threads = Number(value);
  if (!Number.isSafeInteger(threads) || threads < 1 || threads > 16) throw new GacostError('invalid-option', `invalid GACOST_USAGE_WORKERS ${JSON.stringify(value)}: expected a whole number of threads from 1 to 16`);
  return { threads };
}

function dayFlag(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  if (!isIsoDate(value)) throw new GacostError('invalid-option', `invalid ${flag} ${JSON.stringify(value)}: expected a day written as YYYY-MM-DD`);
  return value;
}

function groupFields(given: readonly string[] | undefined): GroupField[] {
  const fields = given ?? ['model'];
  for (const field of fields) {
    if (!(GROUP_FIELDS as readonly string[]).includes(field)) {
      throw new GacostError('invalid-option', `invalid --by ${JSON.stringify(field)}: expected ${GROUP_FIELDS.join(', ')}`);
    }
  }
  return [...new Set(fields)] as GroupField[];
}

/**
 * --on, --mix and --map; with none of them, the catalog's default candidates, a what-if no flag asked
 * for (unaskedVia names their providers); --on none, none.
 */
function repricingsOf(flags: UsageFlags, index: ModelIndex, catalog: Catalog): { repricings: Repricing[]; unaskedVia?: string[] } {
  const repricings: Repricing[] = [];
  if (flags.on?.includes('none') === true) {
    if (flags.on.length > 1 || flags.mix !== undefined || flags.map !== undefined) throw new GacostError('invalid-option', '--on none re-prices on nothing: it goes with no other --on model, --mix or --map');
    return { repricings };
  }
  if (flags.on === undefined && flags.mix === undefined && flags.map === undefined) {
    const candidates = catalogDefaults(catalog).candidates.map((name) => index.resolvePriced(name));
    if (candidates.length === 0) return { repricings };
    return { repricings: candidates.map((priced) => ({ kind: 'model', model: priced.model })), unaskedVia: [...new Set(candidates.map((priced) => priced.providerName))] };
  }
  for (const name of flags.on ?? []) repricings.push({ kind: 'model', model: index.resolvePriced(name).model });
  if (flags.mix !== undefined) {
    const mix = parseMix(flags.mix, index, '--mix');
    if (mix.kind === 'mix') repricings.push({ kind: 'mix', parts: mix.parts.map((part) => ({ model: part.model.model, percent: part.percent })) });
  }
  if (flags.map !== undefined) {
    const pairs = flags.map.map((pair) => {
      const [from, to, ...rest] = pair.split('=');
      if (from === undefined || to === undefined || rest.length > 0 || from.trim() === '' || to.trim() === '') {
        throw new GacostError('invalid-option', `invalid --map ${JSON.stringify(pair)}: expected FROM=TO, such as gpt-4o=deepseek-v4-flash`);
      }
      return { from: index.resolve(from.trim()), to: index.resolvePriced(to.trim()).model };
    });
    repricings.push({ kind: 'map', pairs });
  }
  return { repricings };
}
