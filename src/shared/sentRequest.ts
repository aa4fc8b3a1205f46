import { isPromptCaching, type PromptCaching } from './promptCaching';
import { cleanStopSequences, isEffortLevel, MAX_TOKENS_LIMIT, MIN_THINKING_BUDGET, type EffortLevel, type ThinkingParam } from './requestParams';

/** Everything besides the history that decides a request's body (src/api/requestBuilder.ts turns it into one). */
export interface RequestSettings {
  model: string;
  maxTokens: number;
  systemPrompt: string;
  /** Prompt caching: cache breakpoints kept for this long, or none. Default: off. */
  caching?: PromptCaching;
  thinking?: ThinkingParam;
  effort?: EffortLevel;
  stopSequences?: string[];
  /**
   * The workspace tools (toolCatalog.ts) are defined in the request: `auto` lets Claude call them; `none` forbids calls
   * (tools are off here) while the history still holds tool blocks, which the API refuses without the definitions.
   */
  tools?: ToolUse;
}

export type ToolUse = 'auto' | 'none';

/**
 * What an answer was asked with, kept on the assistant message: with the history before it, the API inspector
 * rebuilds the request exactly (the history of a message never changes, only whether it is on screen).
 */
export interface SentRequest extends RequestSettings {
  /** The text the answer was told to start with (a prefill). A continuation is not recorded: this is the first request. */
  prefill?: string;
}

const MAX_FIELD_LENGTH = 200_000;

/** A record read back from disk or an import: well-formed fields only; one without a model or max tokens is dropped. */
export function sanitizeSentRequest(value: unknown): SentRequest | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const raw = value as Record<string, unknown>;
  if (typeof raw.model !== 'string' || raw.model.length === 0 || raw.model.length > 200) return undefined;
  if (typeof raw.maxTokens !== 'number' || !Number.isInteger(raw.maxTokens) || raw.maxTokens < 1 || raw.maxTokens > MAX_TOKENS_LIMIT) return undefined;
  const request: SentRequest = { model: raw.model, maxTokens: raw.maxTokens, systemPrompt: typeof raw.systemPrompt === 'string' && raw.systemPrompt.length <= MAX_FIELD_LENGTH ? raw.systemPrompt : '' };
  if (isPromptCaching(raw.caching)) request.caching = raw.caching;
  const thinking = sanitizeThinking(raw.thinking);
  if (thinking) request.thinking = thinking;
  if (isEffortLevel(raw.effort)) request.effort = raw.effort;
  if (Array.isArray(raw.stopSequences) && raw.stopSequences.every((item) => typeof item === 'string')) request.stopSequences = cleanStopSequences(raw.stopSequences as string[]);
  if (raw.tools === 'auto' || raw.tools === 'none') request.tools = raw.tools;
  if (typeof raw.prefill === 'string' && raw.prefill.length <= MAX_FIELD_LENGTH) request.prefill = raw.prefill;
  return request;
}

function sanitizeThinking(value: unknown): ThinkingParam | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const raw = value as Record<string, unknown>;
  if (raw.type === 'adaptive') return { type: 'adaptive' };
  if (raw.type === 'enabled' && typeof raw.budgetTokens === 'number' && Number.isInteger(raw.budgetTokens) && raw.budgetTokens >= MIN_THINKING_BUDGET) {
    return { type: 'enabled', budgetTokens: raw.budgetTokens };
  }
  return undefined;
}
