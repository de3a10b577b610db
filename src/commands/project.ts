import { catalogInfo } from '../core/catalog.js';
import { project, type Projection } from '../core/projection.js';
import { parseTokens } from '../core/quantity.js';
import { ModelIndex } from '../core/resolve-model.js';
import { presetStages } from '../core/stages.js';
import { GacostError } from '../errors.js';
import type { CommandContext } from './context.js';

export interface ProjectOptions {
  readonly tokens?: string;
  readonly tokensPerUser?: string;
  readonly stages?: string;
  /** Each entry may hold several comma-separated names. */
  readonly model?: readonly string[];
  readonly baseline?: string;
}

export async function runProject(options: ProjectOptions, context: CommandContext): Promise<Projection> {
  const tokensPerUser =
    options.tokensPerUser === undefined ? undefined : parseTokens(options.tokensPerUser, '--tokens-per-user');
  const finalStageTokens = options.tokens === undefined ? undefined : parseTokens(options.tokens, '--tokens');
  const catalog = await context.catalog();
  const index = new ModelIndex(catalog);
  const candidateNames = options.model === undefined ? catalog.defaults.candidates : splitNames(options.model);
  if (candidateNames.length === 0) throw new GacostError('invalid-option', '--model needs at least one model id or alias');
  const resolved = candidateNames.map((name) => index.resolvePriced(name));
  const candidates = resolved.filter((candidate, at) => resolved.findIndex((other) => other.model === candidate.model) === at);
  const baseline = index.resolvePriced(options.baseline ?? catalog.defaults.baseline);
  const plan =
    options.stages !== undefined
      ? await context.loadStagesFile(options.stages, tokensPerUser)
      : presetStages(
          finalStageTokens !== undefined
            ? { finalStageTokens }
            : tokensPerUser !== undefined
              ? { tokensPerUser }
              : undefined,
        );
  return project(catalogInfo(catalog), plan, candidates, baseline);
}

/** "a,b" and repeated flags alike, in the order given. */
function splitNames(values: readonly string[]): string[] {
  const names = values.flatMap((value) => value.split(',')).map((name) => name.trim()).filter((name) => name !== '');
  return names;
}
