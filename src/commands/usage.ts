import { Command, Option } from '@commander-js/extra-typings';
import { usageReport } from '../app/usage.js';
import { percentOf, percentText, type Usd, usdText } from '../core/money.js';
import { GROUP_FIELDS, type GroupField } from '../core/usage.js';
import { belowRequired, type ProvenanceShare } from '../core/usage-pricing.js';
import { USAGE_SORTS } from '../core/usage-sort.js';
import { GacostError } from '../errors.js';
import { FORMATS } from '../output/render.js';
import { focusGroupBy, USAGE_TABLES, usageSpec } from '../output/usage.js';
import { agree, counted } from '../output/words.js';
import { USAGE_FORMATS } from '../usage/format-names.js';
import { type CommandHost, type CommandSpec, cliReadIo, warnRulePriced } from './context.js';
import { withOutputFlags } from './output-flags.js';
import { mixOption } from './pricing-flags.js';
import { repeatedList } from './repeated-flags.js';

const declaration = () =>
  withOutputFlags(
    new Command('usage')
      .description('price the usage your logs and exports recorded, and the same traffic on other models')
      .argument('<sources...>', 'usage files, folders (searched for them) or - for standard input; .gz read as is')
      .addOption(new Option('--from <format>', 'the format of every source (default: told by each file)').choices(USAGE_FORMATS))
      .option('--provider <key>', 'the provider of records that name none (e.g. openai, anthropic, aws)')
      .option('--by <fields>', `group by (comma-separated: ${GROUP_FIELDS.join(', ')}; default model)`, repeatedList)
      .addOption(
        new Option(
          '--sort <order>',
          'order of the rows, largest first or by the --by keys (default: cost; key when --by starts with day, week or month)',
        ).choices(USAGE_SORTS),
      )
      .addOption(new Option('--table <table>', 'with --format csv: which table (default rows)').choices(USAGE_TABLES))
      .option('--since <date>', 'only records on or after this day (YYYY-MM-DD, UTC)')
      .option('--until <date>', 'only records on or before this day (YYYY-MM-DD, UTC)')
      .option(
        '--on <models>',
        'what the same traffic would cost on each of these models (default: the catalog default candidates, as a what-if; none: no re-pricing)',
        repeatedList,
      )
      .addOption(mixOption('what it would cost on a routing mix (one per run)'))
      .option('--map <from=to>', 'what it would cost with these models replaced, the rest kept (repeatable)', repeatedList)
      .option('--profile', "add the traffic's profile: token mix, request sizes and rates, months and growth")
      .option('--plan', "rank routing mixes of the catalog's router paths for this traffic")
      .option('--premium-share <pct>', 'with --plan: least traffic on the premium paths (default 10%)')
      .option('--failover-share <pct>', "with --plan: least traffic on another provider than the default path's (default 5%)")
      .option(
        '--availability <model=pct>',
        'with --plan: availability of a path the catalog states none for, e.g. deepseek-r1=99.5% (repeatable)',
        repeatedList,
      )
      .option('--strict', 'exit 2 when any record cannot be priced')
      .addOption(
        new Option(
          '--require <level>',
          'exit 2 unless all priced spend is exact (model by id, alias or a dated form, at list prices) or, with rule, at worst found by a match rule',
        ).choices(['exact', 'rule'] as const),
      )
      .option('--skip-bad', 'skip and count records gacost cannot read, rather than refusing the input'),
    FORMATS,
  );

export const usageCommand: CommandSpec = {
  globals: ['catalog', 'asOf'],
  examples: [
    'usage usage.jsonl --provider openai',
    'usage usage.csv --by week --format csv',
    'usage usage.jsonl --provider openai --format focus --out-file usage.focus.csv',
    'usage - --provider openai --on deepseek-v4-flash < usage.jsonl',
  ],
  declare: (host) =>
    declaration().action(async (sources, flags) => {
      if (flags.table !== undefined && flags.format !== 'csv')
        throw new GacostError('invalid-option', `--table goes with --format csv: --format ${flags.format} shows every table`);
      const context = host.context();
      const progress = await progressLine(host);
      const { from, provider, sort, since, until, on, mix, map, profile, plan, premiumShare, failoverShare, availability, skipBad } = flags;
      const report = await usageReport(
        sources,
        {
          catalog: () => context.catalog(),
          asOf: context.prices.asOf,
          from,
          provider,
          by: flags.format === 'focus' ? focusGroupBy(flags.by as GroupField[] | undefined) : (flags.by as GroupField[] | undefined),
          sort,
          since,
          until,
          on,
          mix,
          map,
          profile,
          plan,
          premiumShare,
          failoverShare,
          availability,
          skipBad,
        },
        {
          ...cliReadIo(host, context),
          ...threadsOf(host.io.env.GACOST_USAGE_WORKERS),
          ...(progress === undefined ? {} : { onProgress: progress }),
        },
      );
      progress?.(undefined, report.totals.records);
      if (flags.table === 'repriced' && report.repriced.length === 0)
        throw new GacostError('invalid-option', '--table repriced with --on none: there is no re-pricing to write');
      const { outside } = report.read;
      if (outside > 0)
        host.stderrLine(
          `gacost: note: ${counted(outside, 'record')} outside ${[since && `--since ${since}`, until && `--until ${until}`].filter(Boolean).join(' and ')} left out`,
        );
      if (report.totals.unpricedRecords > 0) {
        host.stderrLine(
          `gacost: warning: ${counted(report.totals.unpricedRecords, 'record')} (${counted(report.totals.unpricedTokens, 'token')}) of ${counted(report.unpriced.length, 'model name')} could not be priced; ${agree(report.totals.unpricedRecords, 'it is', 'they are')} listed, never counted as $0`,
        );
      }
      warnRulePriced(host, report.provenance.entries);
      await host.emit(usageSpec, { ...report, ...(flags.table === undefined ? {} : { csvTable: flags.table }) }, flags);
      if (flags.strict && report.totals.unpricedRecords > 0) {
        throw new GacostError('unpriced-usage', `${counted(report.totals.unpricedRecords, 'record')} could not be priced (--strict)`);
      }
      if (flags.require !== undefined) {
        const short = belowRequired(report, flags.require);
        if (short.length > 0)
          throw new GacostError('provenance-below-required', requireShortfall(flags.require, short, report.totals.cost));
      }
    }),
};

/** Why --require fails: the share of spend below the level, and the costliest names that put it there. */
function requireShortfall(required: 'exact' | 'rule', short: readonly ProvenanceShare[], observed: Usd): string {
  const cost = short.reduce((sum, entry) => sum + entry.cost, 0n) as Usd;
  const records = short.reduce((sum, entry) => sum + entry.records, 0);
  const share = observed === 0n ? '' : ` (${percentText(percentOf(cost, observed))}% of spend)`;
  const names = short
    .slice(0, 3)
    .map(
      (entry) =>
        `${entry.logModel} as ${entry.model} (${entry.level === 'rule' ? `rule ${entry.rule ?? ''}` : entry.unknownProvider !== null ? `provider ${entry.unknownProvider} unknown` : entry.pricing.join(', ')})`,
    );
  const more = short.length > 3 ? `, and ${short.length - 3} more` : '';
  return `--require ${required}: ${counted(records, 'priced record')}, $${usdText(cost)}${share}, ${agree(records, 'is', 'are')} ${required === 'exact' ? 'not priced exactly' : 'priced on assumed prices'}: ${names.join('; ')}${more}`;
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
    host.io.stderr(
      `\rgacost: read ${megabytes.toFixed(0)} MB, ${records} records, ${(megabytes / ((now - started) / 1000)).toFixed(0)} MB/s\u001b[K`,
    );
  };
}

/** GACOST_USAGE_WORKERS: how many threads read usage files, whatever their size (1: this one alone), for tests and measurements. */
function threadsOf(value: string | undefined): { threads?: number } {
  if (value === undefined || value === '') return {};
  const threads = Number(value);
  if (!Number.isSafeInteger(threads) || threads < 1 || threads > 16)
    throw new GacostError(
      'invalid-option',
      `invalid GACOST_USAGE_WORKERS ${JSON.stringify(value)}: expected a whole number of threads from 1 to 16`,
    );
  return { threads };
}
