import * as z from 'zod';
import { formatTokens, parseTokens, tokensWithinLimit } from '../core/quantity.js';
import { DEFAULT_TOKENS_PER_USER, type Stage, type StagePlan, TOKENS_PER_USER_SCALE } from '../core/stages.js';
import { GacostError, isGacostError } from '../errors.js';
import { describePath, type Path, readYaml, validate } from '../yaml/parse-yaml.js';

const stagesSchema = z
  .array(
    z
      .strictObject({
        name: z.string().min(1, 'must not be empty'),
        users: z.int().nonnegative().optional(),
        tokens: z.union([z.string(), z.number()], { error: 'expected a token quantity such as 5M' }).optional(),
      })
      .refine((stage) => stage.users !== undefined || stage.tokens !== undefined, 'a stage needs users, tokens or both'),
    { error: 'expected a YAML list of stages, each with name, users and tokens' },
  )
  .min(1, 'a stage file needs at least one stage');

/**
 * A custom ramp: each stage has a name and users, tokens or both. A stage without tokens gets
 * users × tokens per user (default 50K a month).
 */
export function loadStages(text: string, file: string, tokensPerUser = DEFAULT_TOKENS_PER_USER): StagePlan {
  const source = readYaml(text, file, 'invalid-stages');
  const entries = validate(stagesSchema, source, 'invalid-stages', 'stage file');
  const problems: string[] = [];
  let usesTokensPerUser = false;
  const stages = entries.map((entry, index): Stage => {
    const users = entry.users ?? null;
    const path: Path = [index, entry.tokens === undefined ? 'users' : 'tokens'];
    try {
      if (entry.tokens === undefined) {
        usesTokensPerUser = true;
        const perUser = `${users ?? 0} users × ${formatTokens(tokensPerUser)} tokens per user`;
        return { name: entry.name, users, tokens: tokensWithinLimit(BigInt(users ?? 0) * tokensPerUser, perUser) };
      }
      return { name: entry.name, users, tokens: parseTokens(source.scalarSource(path), 'tokens') };
    } catch (error) {
      if (!isGacostError(error)) throw error;
      problems.push(`${source.position(path)}: ${describePath(path)}${error.message}`);
      return { name: entry.name, users, tokens: 0n };
    }
  });
  if (problems.length > 0) throw new GacostError('invalid-stages', `invalid stage file ${file}`, problems);
  return {
    stages,
    source: 'file',
    tokensPerUser: usesTokensPerUser ? tokensPerUser * 10n ** BigInt(TOKENS_PER_USER_SCALE) : null,
    roundedStages: [],
  };
}
