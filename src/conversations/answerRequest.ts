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
export interface AnswerStart {
  /** The text the user wants the answer to start with. */
  prefill?: string;
  /** The answer continues a partial one (Continue): that partial answer is the request's final assistant turn. */
  continuing?: boolean;
}

export function answerRequest(conversation: Conversation, history: readonly ChatMessage[], settings: ChatSettings, limits: ModelLimitsLookup, start: AnswerStart = {}): AnswerRequest {
  const turn = turnSettings(conversation, history);
  const prefill = start.continuing ? undefined : start.prefill;
  const hasPrefill = prefill !== undefined && prefill.trim().length > 0;
  // Both end the request with an assistant turn, which the API refuses with thinking on (unless it starts with a
  // signed thinking block): thinking is left out for them.
  const resolved = resolveParams(conversation.params, { maxTokens: settings.maxTokens, ...settings.answer }, limits(turn.model), { prefill: hasPrefill || start.continuing === true });
  const { notes, ...params } = resolved;
  const request: SentRequest = { model: turn.model, systemPrompt: turn.systemPrompt, caching: settings.promptCaching, ...params };
  if (hasPrefill) request.prefill = prefill;
  return { request, notes };
}
