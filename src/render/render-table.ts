import { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import type { Provider } from '../core/catalog.js';
import { formatDecimal, groupThousands } from '../core/decimal.js';
import type { ModelList } from '../core/model-list.js';
import { parsePrice, percentDisplay, priceDisplay, usdDisplay, type PricePerMtok } from '../core/money.js';
import type { Projection } from '../core/projection.js';
import { formatTokens } from '../core/quantity.js';
import { downtimeHoursPerYear } from '../core/sla.js';
import { describeAssumption } from './describe-assumption.js';
import type { Renderer } from './formats.js';

export const renderTable: Renderer = (result, options) => {
  const paint = new Chalk({ level: options.color ? 1 : 0 });
  return result.kind === 'projection' ? projectionTable(result, paint) : modelsTable(result, paint);
};

function newTable(head: string[], align: ('left' | 'right')[], paint: ChalkInstance): Table.Table {
  return new Table({
    head: head.map((title) => paint.bold(title)),
    colAligns: align,
    style: { head: [], border: [], compact: true },
  });
}

function projectionTable(projection: Projection, paint: ChalkInstance): string {
  const { baseline } = projection;
  const table = newTable(
    ['Stage', 'Users', 'Tokens/mo', 'Model', '$/1M', 'Monthly cost', `${baseline.model.name} (baseline)`, 'Savings', 'Saved'],
    ['left', 'right', 'right', 'left', 'right', 'right', 'right', 'right', 'right'],
    paint,
  );
  for (const row of projection.rows) {
    const savingsColor = row.savings < 0n ? paint.red : paint.green;
    table.push([
      row.stage,
      row.users === null ? '—' : groupThousands(String(row.users)),
      formatTokens(row.tokens),
      `${row.candidate.model.name} ${paint.dim(`· ${row.candidate.providerName}`)}`,
      priceDisplay(row.candidate.output),
      paint.bold(usdDisplay(row.cost)),
      usdDisplay(row.baselineCost),
      savingsColor(usdDisplay(row.savings)),
      row.savingsPct === null ? '—' : savingsColor(percentDisplay(row.savingsPct)),
    ]);
  }
  const footer = [
    `Catalog ${projection.catalog.version} (effective ${projection.catalog.effective}). Baseline: ${baseline.model.name} via ${baseline.providerName} at ${priceDisplay(baseline.output)} per 1M output tokens.`,
    `Assumptions: ${projection.assumptions.map(describeAssumption).join('; ')}.`,
  ];
  return `${table.toString()}\n${paint.dim(footer.join('\n'))}\n`;
}

function modelsTable(list: ModelList, paint: ChalkInstance): string {
  const scope = list.providerFilter === null ? '' : ` from ${list.providerFilter}`;
  const header = `Catalog ${list.catalog.version} (effective ${list.catalog.effective}): ${list.models.length} models${scope}, prices in USD per 1M tokens`;
  const table = newTable(
    ['ID', 'Name', 'Provider', 'Input', 'Cached input', 'Output', 'Checked', 'Source'],
    ['left', 'left', 'left', 'right', 'right', 'right', 'left', 'left'],
    paint,
  );
  const price = (text: string | undefined) => (text === undefined ? '—' : priceDisplay(parsePrice(text) as PricePerMtok));
  for (const model of list.models) {
    const prices = model.prices === 'unpublished' ? undefined : model.prices;
    table.push([
      model.id,
      model.name,
      model.channel === undefined ? model.provider : `${model.provider} (${model.channel})`,
      price(prices?.input),
      price(prices?.cached_input),
      prices === undefined ? paint.yellow('unpublished') : price(prices.output),
      model.checked,
      paint.dim(model.source),
    ]);
  }
  const facts = Object.values(list.providers).flatMap(providerFacts);
  const footer = ['— = not published.', ...facts].join('\n');
  return `${header}\n${table.toString()}\n${paint.dim(footer)}\n`;
}

/** Plan facts a provider's entry carries (endpoint, limits, credits, channels), in words. */
function providerFacts(provider: Provider): string[] {
  const facts: string[] = [];
  if (provider.models_available !== undefined && provider.endpoint !== undefined) {
    facts.push(`${provider.models_available} models on one endpoint (${provider.endpoint})`);
  }
  for (const limit of provider.rate_limits ?? []) facts.push(`${limit.plan} tier ${limit.requests_per_minute} requests/minute`);
  const expiry = provider.credits?.expire_after_days;
  if (expiry !== undefined) facts.push(expiry === 'never' ? 'credits never expire' : `credits expire after ${expiry} days`);
  const lines = facts.length > 0 ? [`${provider.name}: ${facts.join('; ')}.`] : [];
  for (const channel of Object.values(provider.channels ?? {})) {
    const terms: string[] = [];
    if (channel.uptime_sla_pct !== undefined) {
      const hours = formatDecimal(downtimeHoursPerYear(channel.uptime_sla_pct), 2);
      terms.push(`${channel.uptime_sla_pct}% uptime SLA (${hours} hours of downtime a year)`);
    }
    if (channel.dedicated_capacity) terms.push('dedicated capacity');
    if (channel.dpa) terms.push('a DPA');
    if (channel.invoicing !== undefined) terms.push(`${channel.invoicing} invoicing`);
    if (channel.key_prefix !== undefined) terms.push(`keys start with ${channel.key_prefix}`);
    lines.push(`${provider.name} ${channel.name}: ${terms.join('; ')}.`);
  }
  return lines;
}
