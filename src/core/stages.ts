import { divideRounded, formatDecimal } from './decimal.js';
import { formatTokens, tokensWithinLimit } from './quantity.js';

export interface Stage {
  readonly name: string;
  /** null when a stage file gives tokens without a user count. */
  readonly users: number | null;
  readonly tokens: bigint;
}

export interface StagePlan {
  readonly stages: readonly Stage[];
  readonly source: 'preset' | 'file';
  /** Tokens per user per month, scaled by TOKENS_PER_USER_SCALE; null when stages give tokens directly. */
  readonly tokensPerUser: bigint | null;
  /** Stages whose token count was rounded to a whole token. */
  readonly roundedStages: readonly string[];
}

const PRESET_STAGES = [
  { name: 'MVP', users: 100 },
  { name: 'Beta', users: 1_000 },
  { name: 'Launch', users: 10_000 },
  { name: 'Growth', users: 100_000 },
] as const;
/** The last stage has the most users: when it fits the token limit, every stage does. */
const finalStage = PRESET_STAGES[3];

export const DEFAULT_TOKENS_PER_USER = 50_000n;
export const TOKENS_PER_USER_SCALE = 6;
const SCALE = 10n ** BigInt(TOKENS_PER_USER_SCALE);

export type PresetSizing =
  | { readonly tokensPerUser: bigint }
  | { readonly finalStageTokens: bigint }
  | { readonly firstStageTokens: bigint };

/**
 * The seed's four stages. Sized either per user (default 50K tokens a month), or by the final
 * stage's tokens (or the first's: observed traffic), the other stages keeping their users and
 * scaling with them.
 */
export function presetStages(sizing: PresetSizing = { tokensPerUser: DEFAULT_TOKENS_PER_USER }): StagePlan {
  if ('tokensPerUser' in sizing) {
    const product = `the ${finalStage.name} stage's ${finalStage.users} users × ${formatTokens(sizing.tokensPerUser)} tokens per user`;
    tokensWithinLimit(BigInt(finalStage.users) * sizing.tokensPerUser, product);
  }
  const scaledPerUser =
    'tokensPerUser' in sizing
      ? sizing.tokensPerUser * SCALE
      : 'finalStageTokens' in sizing
        ? divideRounded(sizing.finalStageTokens * SCALE, BigInt(finalStage.users))
        : divideRounded(sizing.firstStageTokens * SCALE, BigInt(PRESET_STAGES[0].users));
  if ('firstStageTokens' in sizing)
    tokensWithinLimit(divideRounded(scaledPerUser * BigInt(finalStage.users), SCALE), `the ${finalStage.name} stage's tokens`);
  const roundedStages: string[] = [];
  const stages = PRESET_STAGES.map(({ name, users }) => {
    const exact = BigInt(users) * scaledPerUser;
    if (exact % SCALE !== 0n) roundedStages.push(name);
    return { name, users, tokens: divideRounded(exact, SCALE) };
  });
  return { stages, source: 'preset', tokensPerUser: scaledPerUser, roundedStages };
}

/** Tokens per user as exact decimal text. */
export function tokensPerUserText(scaled: bigint): string {
  return formatDecimal(scaled, TOKENS_PER_USER_SCALE);
}
