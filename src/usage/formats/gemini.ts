import { checkedRecord, isObject, modelName, objectAt, timeOf, tokens, type LineFormat } from '../usage-format.js';

/**
 * Gemini `usageMetadata`, one response (or `{modelVersion, usageMetadata}`) a line. `promptTokenCount`
 * includes `cachedContentTokenCount`; thinking tokens (`thoughtsTokenCount`) are billed as output
 * beside `candidatesTokenCount`, and tool-use prompts (`toolUsePromptTokenCount`) as input.
 */
export const geminiFormat: LineFormat = {
  kind: 'lines',
  name: 'gemini',
  detect: (value) => isObject(value.usageMetadata),
  open: () => ({
    line(value, emit) {
      if (!isObject(value) || !isObject(value.usageMetadata)) return 'no usageMetadata';
      const usage = objectAt(value, 'usageMetadata');
      const time = timeOf(value.createTime ?? value.timestamp);
      emit(
        checkedRecord({
          model: modelName(value.modelVersion ?? value.model, 'modelVersion'),
          ...(time === undefined ? {} : { time }),
          requests: 1,
          inputTokens: tokens(usage.promptTokenCount, 'usageMetadata.promptTokenCount') + tokens(usage.toolUsePromptTokenCount, 'usageMetadata.toolUsePromptTokenCount'),
          cachedInputTokens: tokens(usage.cachedContentTokenCount, 'usageMetadata.cachedContentTokenCount'),
          cacheWriteTokens: 0,
          cacheWrite1hTokens: 0,
          outputTokens: tokens(usage.candidatesTokenCount, 'usageMetadata.candidatesTokenCount') + tokens(usage.thoughtsTokenCount, 'usageMetadata.thoughtsTokenCount'),
          perRequest: true,
        }),
      );
      return undefined;
    },
    end: () => 0,
  }),
};
