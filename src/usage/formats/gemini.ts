import type { MediaTokens } from '../../core/usage.js';
import { checkedRecord, givenField, isObject, type LineFormat, modelName, objectAt, timeOf, tokens } from '../usage-format.js';

/**
 * Gemini `usageMetadata`, one response (or `{modelVersion, usageMetadata}`) a line. `promptTokenCount`
 * includes `cachedContentTokenCount`; thinking tokens (`thoughtsTokenCount`) are billed as output
 * beside `candidatesTokenCount`, and tool-use prompts (`toolUsePromptTokenCount`) as input.
 */
export const geminiFormat: LineFormat = {
  kind: 'lines',
  name: 'gemini',
  detect: (value) => isObject(value.usageMetadata),
  open: (_, times) => ({
    line(value, emit) {
      if (!isObject(value) || !isObject(value.usageMetadata)) return 'no usageMetadata';
      const usage = objectAt(value, 'usageMetadata');
      const timeField = givenField(value, 'createTime', 'timestamp');
      const time = timeOf(value[timeField], timeField, times);
      const thoughts = tokens(usage.thoughtsTokenCount, 'usageMetadata.thoughtsTokenCount');
      emit(
        checkedRecord({
          model: modelName(value.modelVersion ?? value.model, 'modelVersion'),
          ...(time === undefined ? {} : { time }),
          requests: 1,
          inputTokens:
            tokens(usage.promptTokenCount, 'usageMetadata.promptTokenCount') +
            tokens(usage.toolUsePromptTokenCount, 'usageMetadata.toolUsePromptTokenCount'),
          cachedInputTokens: tokens(usage.cachedContentTokenCount, 'usageMetadata.cachedContentTokenCount'),
          cacheWriteTokens: 0,
          cacheWrite1hTokens: 0,
          outputTokens: tokens(usage.candidatesTokenCount, 'usageMetadata.candidatesTokenCount') + thoughts,
          ...(thoughts === 0 ? {} : { reasoningTokens: thoughts }),
          media: mediaTokens(usage),
          perRequest: true,
        }),
      );
      return undefined;
    },
    end: () => 0,
  }),
};

/** Tokens of one modality in a list of `{modality, tokenCount}` (DOCUMENT counts as image, as genai-prices reads it). */
function modality(details: unknown, field: string, ...names: string[]): number {
  if (!Array.isArray(details)) return 0;
  return details.reduce(
    (sum: number, entry: unknown, at) =>
      isObject(entry) && names.includes(String(entry.modality))
        ? sum + tokens(entry.tokenCount, `usageMetadata.${field}[${at}].tokenCount`)
        : sum,
    0,
  );
}

/** The audio, image and video tokens Gemini details by modality, which some models price apart. */
function mediaTokens(usage: Record<string, unknown>): Partial<MediaTokens> {
  const { promptTokensDetails: prompt, cacheTokensDetails: cache, candidatesTokensDetails: output } = usage;
  return {
    inputAudioTokens: modality(prompt, 'promptTokensDetails', 'AUDIO'),
    cachedAudioTokens: modality(cache, 'cacheTokensDetails', 'AUDIO'),
    inputImageTokens: modality(prompt, 'promptTokensDetails', 'IMAGE', 'DOCUMENT'),
    cachedImageTokens: modality(cache, 'cacheTokensDetails', 'IMAGE', 'DOCUMENT'),
    inputVideoTokens: modality(prompt, 'promptTokensDetails', 'VIDEO'),
    outputAudioTokens: modality(output, 'candidatesTokensDetails', 'AUDIO'),
    outputImageTokens: modality(output, 'candidatesTokensDetails', 'IMAGE', 'DOCUMENT'),
    outputVideoTokens: modality(output, 'candidatesTokensDetails', 'VIDEO'),
  };
}
