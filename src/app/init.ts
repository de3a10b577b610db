import { priceCandidate } from '../core/candidate.js';
import { type Catalog, catalogInfo } from '../core/catalog.js';
import { formatDecimal } from '../core/decimal.js';
import { usdDisplay } from '../core/money.js';
import { ALL_OUTPUT, SHARE_SCALE, type Share } from '../core/pricing.js';
import { formatTokens } from '../core/quantity.js';
import { ModelIndex } from '../core/resolve-model.js';
import { GacostError } from '../errors.js';
import { fromUsage, observedPeriod, type UsageReading } from './from-usage.js';
import { type PriceOptions, pricesOf, type ReadIo, readIoOf, type Tokens, tokensOf } from './options.js';

export interface InitOptions extends PriceOptions, UsageReading {
  /** Each model's monthly tokens (default 100M, a placeholder the file says to replace). */
  readonly tokens?: Tokens;
  /** Usage logs instead of models: one workload per model they use, at the month of traffic they measured. */
  readonly fromUsage?: readonly string[];
  /**
   * The JSON Schema the file names for editors: by default the one the package ships, as seen from a
   * gacost.yaml beside node_modules (the yaml-language-server reads a relative path from the file's folder).
   */
  readonly schemaPath?: string;
}

/** The schema of a budget file, as an npm install of gacost puts it, from the project's root. */
export const INSTALLED_BUDGET_SCHEMA = './node_modules/gacost/schemas/budget.schema.json';

const PLACEHOLDER_TOKENS = 100_000_000n;

/**
 * A starter budget file (gacost.yaml) as text: one workload per model named, or with `fromUsage` one per
 * model the logs use at the monthly tokens they measured (with that model's own token mix); each with its
 * monthly cost in a comment above a budget to set. `gacost init` writes it, never over a file.
 */
export async function init(catalog: Catalog, models: readonly string[], options: InitOptions = {}, readIo: ReadIo = {}): Promise<string> {
  const io = readIoOf(readIo);
  const { names } = io;
  const prices = pricesOf(catalog, options);
  const index = new ModelIndex(catalog, prices);
  const header = [
    `# yaml-language-server: $schema=${options.schemaPath ?? INSTALLED_BUDGET_SCHEMA}`,
    `# A starter budget file from gacost init (catalog ${catalogInfo(catalog, prices).version}, prices as of ${prices.asOf}).`,
    '# Set each budget (USD a month), then `gacost check` gates them; docs/commands.md describes every key.',
    'version: 1',
  ];
  if (options.fromUsage === undefined) {
    const usageOnly = (['from', 'provider', 'skipBad'] as const).find((option) => options[option] !== undefined);
    if (usageOnly !== undefined) throw new GacostError('invalid-option', `${names(usageOnly)} goes with ${names('fromUsage')}`);
  } else {
    if (models.length > 0 || options.tokens !== undefined) {
      throw new GacostError(
        'conflicting-options',
        `${names('fromUsage')} takes the models and tokens from the logs: give it, or models${options.tokens === undefined ? '' : ` and ${names('tokens')}`}, not both`,
      );
    }
    const observed = await fromUsage(options.fromUsage, catalog, options, { ...readIo, names });
    const spend = observed.candidate.observed;
    const share = (value: Share | null | undefined) => (value == null ? '0%' : `${formatDecimal(value, SHARE_SCALE - 2)}%`);
    return [
      ...header,
      `# Measured on ${observedPeriod(spend.basis)} of ${options.fromUsage.join(', ')}: ${spend.records} records; each workload's token mix is its model's own.`,
      'workloads:',
      ...spend.models.flatMap(({ model, tokens, cost, accounting }) => [
        `  - name: ${yamlText(model.id)}`,
        `    model: ${yamlText(model.id)}`,
        `    tokens: ${tokens} # a month, as measured (${formatTokens(tokens)})`,
        ...(accounting.inputShare === null
          ? []
          : [
              `    input_share: ${share(accounting.inputShare)}`,
              `    cached_share: ${share(accounting.cachedShare)}`,
              `    cache_write_share: ${share(accounting.cacheWriteShare)}`,
            ]),
        `    # budget: ${budgetHint(cost)} # USD a month; the logs' month cost ${usdDisplay(cost)} on it`,
      ]),
      '',
    ].join('\n');
  }
  if (models.length === 0) {
    throw new GacostError(
      'invalid-option',
      `name one or more models (gacost models lists them), or give ${names('fromUsage')} with usage logs`,
    );
  }
  const tokens = options.tokens === undefined ? PLACEHOLDER_TOKENS : tokensOf(options.tokens, names('tokens'));
  const tokensNote = options.tokens === undefined ? 'a placeholder: put your own' : 'as given';
  const resolved = [...new Map(models.map((name) => index.resolvePriced(name)).map((model) => [model.model.id, model])).values()];
  return [
    ...header,
    'workloads:',
    ...resolved.flatMap((model) => {
      const cost = priceCandidate({ kind: 'model', model }, tokens, ALL_OUTPUT).cost;
      return [
        `  - name: ${yamlText(model.model.id)}`,
        `    model: ${yamlText(model.model.id)}`,
        `    tokens: ${tokens} # a month (${formatTokens(tokens)}), ${tokensNote}`,
        `    # budget: ${budgetHint(cost)} # USD a month; these tokens cost ${usdDisplay(cost)} on it, every one at the output price`,
      ];
    }),
    '',
  ].join('\n');
}

/** A budget to start from: the monthly cost rounded up to whole dollars (at least 1). */
function budgetHint(cost: bigint): string {
  const dollar = 10n ** 15n;
  const whole = (cost + dollar - 1n) / dollar;
  return String(whole > 0n ? whole : 1n);
}

/** A name as YAML reads it back: plain where it is plain, else a JSON string (YAML's double-quoted style). */
function yamlText(text: string): string {
  return /^[A-Za-z0-9][\w./-]*$/.test(text) ? text : JSON.stringify(text);
}
