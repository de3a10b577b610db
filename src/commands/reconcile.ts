import { Command, Option } from '@commander-js/extra-typings';
import { reconcileBill, reconcileExitCode } from '../app/reconcile.js';
import { BILL_SOURCE_NAMES } from '../bill/bill-source.js';
import { reconcileSpec } from '../output/reconcile.js';
import { FORMATS } from '../output/render.js';
import { agree, counted } from '../output/words.js';
import { USAGE_FORMATS } from '../usage/format-names.js';
import { type CommandSpec, cliReadIo } from './context.js';
import { withOutputFlags } from './output-flags.js';
import { repeatedList } from './repeated-flags.js';

const declaration = () =>
  withOutputFlags(
    new Command('reconcile')
      .description('hold the usage your logs priced against what was billed: the error, explained where the data allows')
      .argument('<sources...>', 'usage files, folders (searched for them) or - for standard input; .gz read as is')
      .requiredOption(
        '--bill <files>',
        'bill files: OpenAI or Anthropic cost API pages, OpenRouter or LiteLLM per-request cost, FOCUS or plain CSV (repeatable)',
        repeatedList,
      )
      .addOption(
        new Option('--bill-from <source>', 'the source of every bill file (default: told by each file)').choices(BILL_SOURCE_NAMES),
      )
      .addOption(new Option('--by <period>', 'periods to hold against each other (default day)').choices(['day', 'month'] as const))
      .option(
        '--tolerance <share>',
        'exit 1 when the unexplained difference is more than this share of what was billed, e.g. 2% or 0.02 (a bare number is a fraction, as for --input-share)',
      )
      .option(
        '--fx <CUR=rate>',
        "convert a bill's amounts in CUR at this rate (USD for one CUR), e.g. EUR=1.08 (repeatable; not USD, the currency gacost reports in)",
        repeatedList,
      )
      .addOption(new Option('--from <format>', 'the format of every usage source (default: told by each file)').choices(USAGE_FORMATS))
      .option('--provider <key>', 'the provider of usage records that name none (e.g. openai, anthropic)')
      .option('--skip-bad', 'skip and count usage records gacost cannot read, rather than refusing the input'),
    FORMATS,
  );

export const reconcileCommand: CommandSpec = {
  globals: ['catalog', 'asOf', 'tier'],
  examples: [
    'reconcile usage.json --bill costs.json',
    'reconcile logs/ --bill invoice.csv --by month --tolerance 2%',
    'reconcile usage.jsonl --bill focus.csv --fx EUR=1.08 --format json',
    'reconcile usage.jsonl --bill costs.json --by month --format focus --out-file reconciled.csv',
  ],
  declare: (host) =>
    declaration().action(async (sources, flags) => {
      const context = host.context();
      const { bill, billFrom, by, tolerance, fx, from, provider, skipBad } = flags;
      const result = await reconcileBill(
        sources,
        {
          catalog: () => context.catalog(),
          asOf: context.prices.asOf,
          ...(context.prices.tier === null ? {} : { tier: context.prices.tier }),
          bill,
          billFrom,
          by,
          tolerance,
          fx,
          from,
          provider,
          skipBad,
        },
        cliReadIo(host, context),
      );
      const unpriced = result.totals.unpricedRecords;
      if (unpriced > 0)
        host.stderrLine(
          `gacost: warning: ${counted(unpriced, 'usage record')} could not be priced; ${agree(unpriced, 'it is', 'they are')} listed, never counted as $0`,
        );
      // A rate given for a currency no bill line is in: most likely a mistake (another currency meant, or another bill).
      for (const rate of result.fx.filter((given) => given.lines === 0))
        host.stderrLine(`gacost: warning: no bill line is in ${rate.currency}: --fx ${rate.currency}=${rate.rate} converted nothing`);
      await host.emit(reconcileSpec, result, flags);
      host.setExitCode(reconcileExitCode(result));
    }),
};
