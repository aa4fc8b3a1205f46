/**
 * The per-conversation answer parameters (max tokens, extended thinking, effort, stop sequences) and how they become
 * what a request may carry for a given model. There is no temperature or top_p: API version 2026-10-21 answers them
 * with 400, so they are not offered at all.
 */

export const EFFORT_LEVELS = ['low', 'medium', 'high', 'xhigh', 'max'] as const;
export type EffortLevel = (typeof EFFORT_LEVELS)[number];

/** `budget`: a fixed number of thinking tokens (`thinking.type: enabled`); `adaptive`: the model decides. */
export const THINKING_MODES = ['off', 'budget', 'adaptive'] as const;
export type ThinkingMode = (typeof THINKING_MODES)[number];

/** The API's floor for `thinking.budget_tokens`. */
export const MIN_THINKING_BUDGET = 1024;
/** More stop sequences than this is a mistake, not a use case; each one is checked against every token. */
export const MAX_STOP_SEQUENCES = 16;
const MAX_STOP_SEQUENCE_LENGTH = 200;
/** The SDK's largest `max_tokens` on any model today (Opus 5.5's 128K); a model's own limit lowers it. */
export const MAX_TOKENS_LIMIT = 128_000;

/** What a conversation overrides; an absent field takes the settings' default at request time. */
export interface ConversationParams {
  maxTokens?: number;
  thinking?: ThinkingMode;
  thinkingBudgetTokens?: number;
  effort?: EffortLevel;
  stopSequences?: string[];
}

/** The settings' defaults for every conversation (claudeChat.maxTokens, .thinking, .thinkingBudgetTokens, .effort, .stopSequences). */
export interface ParamDefaults {
  maxTokens: number;
  thinking: ThinkingMode;
  thinkingBudgetTokens: number;
  /** Undefined: the model's own default effort. */
  effort: EffortLevel | undefined;
  stopSequences: string[];
}

/** What the model allows, from /v1/models (src/shared/modelInfo.ts ModelInfo satisfies it). */
export interface ModelLimits {
  maxOutputTokens: number;
  capabilities: { thinking: boolean; adaptiveThinking: boolean; effort: readonly EffortLevel[] };
}

export type ThinkingParam = { type: 'enabled'; budgetTokens: number } | { type: 'adaptive' };

/** The parameters one request is sent with, after the model's limits were applied. */
export interface ResolvedParams {
  maxTokens: number;
  thinking?: ThinkingParam;
  effort?: EffortLevel;
  stopSequences?: string[];
  /** What was changed or left out to fit the model, for the user ("Max tokens lowered to 64,000: the model's limit."). */
  notes: string[];
}

export interface ResolveOptions {
  /** The answer starts with text the user wrote: the API refuses a prefill with thinking on, so thinking is left out. */
  prefill?: boolean;
}

export function resolveParams(params: ConversationParams | undefined, defaults: ParamDefaults, model: ModelLimits | undefined, options: ResolveOptions = {}): ResolvedParams {
  const notes: string[] = [];
  let maxTokens = params?.maxTokens ?? defaults.maxTokens;
  if (model && maxTokens > model.maxOutputTokens) {
    maxTokens = model.maxOutputTokens;
    notes.push(`Max tokens lowered to ${grouped(maxTokens)}: the model's limit.`);
  }
  const resolved: ResolvedParams = { maxTokens, notes };

  const thinking = thinkingParam(params?.thinking ?? defaults.thinking, params?.thinkingBudgetTokens ?? defaults.thinkingBudgetTokens, maxTokens, model, options, notes);
  if (thinking) resolved.thinking = thinking;

  const effort = params?.effort ?? defaults.effort;
  if (effort !== undefined) {
    if (model && !model.capabilities.effort.includes(effort)) notes.push(`Effort "${effort}" left out: the model does not support it.`);
    else resolved.effort = effort;
  }

  const stops = cleanStopSequences(params?.stopSequences ?? defaults.stopSequences);
  if (stops.length > 0) resolved.stopSequences = stops;
  return resolved;
}

function thinkingParam(mode: ThinkingMode, budget: number, maxTokens: number, model: ModelLimits | undefined, options: ResolveOptions, notes: string[]): ThinkingParam | undefined {
  if (mode === 'off') return undefined;
  if (model && !model.capabilities.thinking) {
    notes.push('Thinking left out: the model does not think.');
    return undefined;
  }
  if (options.prefill) {
    notes.push('Thinking left out for this answer: the API does not take a prefill with thinking on.');
    return undefined;
  }
  if (mode === 'adaptive' && (!model || model.capabilities.adaptiveThinking)) return { type: 'adaptive' };
  if (mode === 'adaptive') notes.push('Adaptive thinking is not supported by the model: a fixed budget is used instead.');
  // The budget is part of max_tokens and must leave room for the answer: the API wants 1,024 ≤ budget < max_tokens.
  const fitted = Math.min(Math.max(budget, MIN_THINKING_BUDGET), maxTokens - 1);
  if (fitted < MIN_THINKING_BUDGET) {
    notes.push(`Thinking left out: max tokens (${grouped(maxTokens)}) leaves no room for the API's minimum budget of ${grouped(MIN_THINKING_BUDGET)}.`);
    return undefined;
  }
  if (fitted !== budget) notes.push(`Thinking budget set to ${grouped(fitted)} tokens to fit between ${grouped(MIN_THINKING_BUDGET)} and max tokens.`);
  return { type: 'enabled', budgetTokens: fitted };
}

/** The API refuses empty and whitespace-only stop sequences; duplicates are noise. */
export function cleanStopSequences(values: readonly string[]): string[] {
  const result: string[] = [];
  for (const value of values) {
    if (value.trim().length === 0 || value.length > MAX_STOP_SEQUENCE_LENGTH || result.includes(value)) continue;
    result.push(value);
    if (result.length === MAX_STOP_SEQUENCES) break;
  }
  return result;
}

export function isEffortLevel(value: unknown): value is EffortLevel {
  return typeof value === 'string' && (EFFORT_LEVELS as readonly string[]).includes(value);
}

export function isThinkingMode(value: unknown): value is ThinkingMode {
  return typeof value === 'string' && (THINKING_MODES as readonly string[]).includes(value);
}

function isTokenCount(value: unknown, min: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= MAX_TOKENS_LIMIT;
}

/** Params read back from disk, an import or the webview: only known, well-formed fields survive. */
export function sanitizeConversationParams(value: unknown): ConversationParams | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const raw = value as Record<string, unknown>;
  const params: ConversationParams = {};
  if (isTokenCount(raw.maxTokens, 1)) params.maxTokens = raw.maxTokens;
  if (isThinkingMode(raw.thinking)) params.thinking = raw.thinking;
  if (isTokenCount(raw.thinkingBudgetTokens, MIN_THINKING_BUDGET)) params.thinkingBudgetTokens = raw.thinkingBudgetTokens;
  if (isEffortLevel(raw.effort)) params.effort = raw.effort;
  if (Array.isArray(raw.stopSequences) && raw.stopSequences.every((item) => typeof item === 'string')) params.stopSequences = cleanStopSequences(raw.stopSequences as string[]);
  return Object.keys(params).length > 0 ? params : undefined;
}

/** One line for a tooltip or a picker: "8,192 max tokens · thinking 4,096 · effort high · 2 stop sequences". */
export function describeParams(resolved: Omit<ResolvedParams, 'notes'>): string {
  const parts = [`${grouped(resolved.maxTokens)} max tokens`];
  if (resolved.thinking?.type === 'enabled') parts.push(`thinking ${grouped(resolved.thinking.budgetTokens)}`);
  if (resolved.thinking?.type === 'adaptive') parts.push('adaptive thinking');
  if (resolved.effort) parts.push(`effort ${resolved.effort}`);
  const stops = resolved.stopSequences?.length ?? 0;
  if (stops > 0) parts.push(`${stops} stop sequence${stops === 1 ? '' : 's'}`);
  return parts.join(' · ');
}

function grouped(value: number): string {
  return value.toLocaleString('en-US');
}
