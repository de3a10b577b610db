/**
 * The formats `gacost usage` reads, declared once: commander's --from choices come from here. A module of
 * its own, so that declaring --from loads none of the readers.
 */
export const USAGE_FORMATS = ['openai', 'openai-usage', 'anthropic', 'claude-code', 'gemini', 'litellm', 'csv'] as const;
export type UsageFormatName = (typeof USAGE_FORMATS)[number];
