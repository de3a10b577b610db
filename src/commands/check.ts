import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkBudgets, parseUsd, type BudgetCheck } from '../core/budget-check.js';
import { catalogInfo } from '../core/catalog.js';
import { parseTokens } from '../core/quantity.js';
import { ModelIndex } from '../core/resolve-model.js';
import { GacostError } from '../errors.js';
import type { CommandContext } from './context.js';

export interface CheckOptions {
  readonly config?: string;
  readonly model?: string;
  readonly tokens?: string;
  readonly budget?: string;
}

export const DEFAULT_BUDGET_FILE = 'gacost.yaml';

/** Projects every workload of a budget file (or one given by flags) against its budgets. */
export async function runCheck(options: CheckOptions, context: CommandContext): Promise<BudgetCheck> {
  const oneLine = [options.model, options.tokens, options.budget];
  if (oneLine.some((value) => value !== undefined)) {
    if (oneLine.some((value) => value === undefined)) {
      throw new GacostError('invalid-option', 'a check without a budget file needs --model, --tokens and --budget together');
    }
    const tokens = parseTokens(options.tokens ?? '', '--tokens');
    const budget = parseUsd(options.budget ?? '', '--budget');
    const catalog = await context.catalog();
    const model = new ModelIndex(catalog, context.prices).resolvePriced(options.model ?? '');
    return checkBudgets(catalogInfo(catalog, context.prices), [{ name: options.model ?? '', candidate: { kind: 'model', model }, tokens, budget }], null);
  }
  const path = options.config ?? DEFAULT_BUDGET_FILE;
  if (options.config === undefined && !existsSync(resolve(context.cwd, path))) {
    throw new GacostError(
      'invalid-option',
      `no ${DEFAULT_BUDGET_FILE} in this directory; pass --config PATH, or --model, --tokens and --budget`,
    );
  }
  const config = await context.loadBudgetFile(path);
  return checkBudgets(catalogInfo(config.catalog, context.prices), config.workloads, config.totalBudget, config.thresholds, config.daysPerMonth);
}
