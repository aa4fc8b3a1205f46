import type { ChatSettings } from '../config/settingsSchema';
import type { ChatMessage, Conversation } from '../shared/conversation';
import { resolveParams, type ModelLimits } from '../shared/requestParams';
import type { SentRequest } from '../shared/sentRequest';
import { turnSettings } from '../shared/turnSettings';

/** What the model in use allows, from the model catalog; undefined when it is not known (nothing is then bounded). */
export type ModelLimitsLookup = (model: string) => ModelLimits | undefined;

export interface AnswerRequest {
  request: SentRequest;
  /** What was changed or left out to fit the model, logged and shown with the gauge. */
  notes: string[];
}

/**
 * The model and parameters for the answer to the last user turn of `history`: the turn's model and system prompt
 * (turnSettings), the conversation's parameters over the settings' defaults, bounded by what the model allows.
 */
export function answerRequest(conversation: Conversation, history: readonly ChatMessage[], settings: ChatSettings, limits: ModelLimitsLookup, prefill?: string): AnswerRequest {
  const turn = turnSettings(conversation, history);
  const hasPrefill = prefill !== undefined && prefill.trim().length > 0;
  const resolved = resolveParams(conversation.params, { maxTokens: settings.maxTokens, ...settings.answer }, limits(turn.model), { prefill: hasPrefill });
  const { notes, ...params } = resolved;
  const request: SentRequest = { model: turn.model, systemPrompt: turn.systemPrompt, caching: settings.promptCaching, ...params };
  if (hasPrefill) request.prefill = prefill;
  return { request, notes };
}
