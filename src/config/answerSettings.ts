import { cleanStopSequences, isEffortLevel, isThinkingMode, MAX_STOP_SEQUENCES, MAX_TOKENS_LIMIT, MIN_THINKING_BUDGET, type ParamDefaults } from '../shared/requestParams';

/** The defaults of the answer parameters besides max tokens (claudeChat.thinking, .thinkingBudgetTokens, .effort, .stopSequences). */
export type AnswerSettings = Omit<ParamDefaults, 'maxTokens'>;

export const DEFAULT_ANSWER_SETTINGS: AnswerSettings = { thinking: 'off', thinkingBudgetTokens: 4096, effort: undefined, stopSequences: [] };

/** The setting keys (under claudeChat.) that settings.ts reads for parseAnswerSettings. */
export const ANSWER_SETTING_KEYS = ['thinking', 'thinkingBudgetTokens', 'effort', 'stopSequences'] as const;

/** Validates the answer defaults; a bad value is reported and the default used. */
export function parseAnswerSettings(raw: Record<string, unknown>, problems: string[]): AnswerSettings {
  const result: AnswerSettings = { ...DEFAULT_ANSWER_SETTINGS, stopSequences: [] };
  if (isThinkingMode(raw.thinking)) result.thinking = raw.thinking;
  else if (raw.thinking !== undefined) problems.push('claudeChat.thinking must be "off", "budget" or "adaptive"; using "off".');

  const budget = raw.thinkingBudgetTokens;
  if (typeof budget === 'number' && Number.isInteger(budget) && budget >= MIN_THINKING_BUDGET && budget < MAX_TOKENS_LIMIT) result.thinkingBudgetTokens = budget;
  else if (budget !== undefined) problems.push(`claudeChat.thinkingBudgetTokens must be a whole number from ${MIN_THINKING_BUDGET} to ${MAX_TOKENS_LIMIT - 1}; using ${DEFAULT_ANSWER_SETTINGS.thinkingBudgetTokens}.`);

  // "default" (the model's own) is how the setting spells "not sent".
  if (isEffortLevel(raw.effort)) result.effort = raw.effort;
  else if (raw.effort !== undefined && raw.effort !== 'default') problems.push('claudeChat.effort must be "default", "low", "medium", "high", "xhigh" or "max"; using the model\'s default.');

  const stops = raw.stopSequences;
  if (Array.isArray(stops) && stops.every((item) => typeof item === 'string')) {
    result.stopSequences = cleanStopSequences(stops as string[]);
    if (result.stopSequences.length < stops.length) problems.push(`claudeChat.stopSequences: empty, duplicate or overlong entries were left out (at most ${MAX_STOP_SEQUENCES}).`);
  } else if (stops !== undefined) problems.push('claudeChat.stopSequences must be a list of strings.');
  return result;
}
