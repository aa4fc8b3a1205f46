import type * as vscode from 'vscode';
import type { ApiKeyStore } from '../auth/apiKeyStore';
import { requestReply } from '../api/requestReply';
import { replyEndpoint, type EndpointGate } from '../config/endpointPolicy';
import type { ChatSettings } from '../config/settingsSchema';
import type { Attachment } from '../shared/attachment';
import type { ChatBlock, ChatMessage, Conversation } from '../shared/conversation';
import type { ConversationEvent } from '../shared/conversationReducer';
import { ancestry } from '../shared/conversationTree';
import { newId } from '../shared/ids';
import { sumUsage } from '../shared/usage';
import { answerRequest, type ModelLimitsLookup } from './answerRequest';
import type { ChatSessionServices, RetryingChange } from './chatSessionTypes';
import { continuationMapper } from './continuation';

/** What one answer's stream needs from the session that owns the conversation. */
export interface AnswerStreamDeps {
  settings: () => ChatSettings;
  log: vscode.LogOutputChannel;
  keys: ApiKeyStore;
  endpoints: EndpointGate;
  services: ChatSessionServices;
  modelLimits: ModelLimitsLookup;
  readAttachment?: (attachment: Attachment) => Promise<Uint8Array>;
  /** Applies an event to `conversation` (the session's one place for changes) and returns the message it touched. */
  apply(event: ConversationEvent, conversation: Conversation): ChatMessage | undefined;
  /** Is `conversation` the one on screen (retry notices are shown for it only)? */
  isCurrent(conversation: Conversation): boolean;
  onRetry(change: RetryingChange): void;
  onAnswered(conversation: Conversation, message: ChatMessage): void;
}

/** The answer's message id (known at once: the message is appended before the request leaves) and its outcome. */
export interface StreamedAnswer {
  messageId: string;
  reply: Promise<ChatMessage>;
}

/**
 * Streams one answer to `parentId`: into a new assistant message, or, with `continuing`, onto the end of that one
 * (the API continues a final assistant turn, so the history ends with it as a prefill).
 */
export function streamAnswer(deps: AnswerStreamDeps, apiKey: string, conversation: Conversation, parentId: string | null, signal: AbortSignal, continuing?: ChatMessage, prefill?: string): StreamedAnswer {
  const settings = deps.settings();
  const { request, notes } = answerRequest(conversation, ancestry(conversation, parentId), settings, deps.modelLimits, { prefill, continuing: continuing !== undefined });
  if (notes.length > 0) deps.log.info(`Answer parameters adjusted: ${notes.join(' ')}`);
  const toolUse = deps.services.tools?.toolUse(ancestry(conversation, parentId));
  if (toolUse) request.tools = toolUse;
  let assistant: ChatMessage;
  let mapEvent = (event: ConversationEvent): ConversationEvent | undefined => event;
  // A continued answer cost its first request and this one: its usage is the sum of both.
  const earlierUsage = continuing?.usage ? { ...continuing.usage } : undefined;
  if (continuing) {
    assistant = continuing;
    deps.apply({ type: 'message/resume', messageId: continuing.id }, conversation);
    mapEvent = continuationMapper(continuing);
  } else {
    // A prefill is the start of the answer: shown as its first text, sent as a final assistant turn to continue.
    const blocks: ChatBlock[] = request.prefill !== undefined ? [{ type: 'text', text: request.prefill }] : [];
    const draft: ChatMessage = { id: newId('msg'), parentId, role: 'assistant', blocks, status: 'streaming', createdAt: Date.now(), model: request.model, request };
    // The conversation stores its own copy; hold that one, which the events below keep up to date.
    assistant = deps.apply({ type: 'message/append', message: draft }, conversation) ?? draft;
    if (request.prefill !== undefined) mapEvent = continuationMapper(assistant);
  }
  const history = ancestry(conversation, continuing || request.prefill !== undefined ? assistant.id : parentId);
  const started = Date.now();
  const reply = requestReply({
    apiKey,
    // Decided again as the request leaves: settings that changed since the question get no key unapproved.
    ...replyEndpoint(deps.endpoints.decide(settings)),
    settings: request,
    history,
    prefill: continuing !== undefined || request.prefill !== undefined,
    onRequest: (params, baseUrl) => deps.services.exchanges?.recordRequest(assistant.id, params, baseUrl),
    onResponse: (message) => deps.services.exchanges?.recordResponse(assistant.id, message),
    readAttachment: deps.readAttachment,
    messageId: assistant.id,
    signal,
    idleTimeoutMs: settings.streamIdleTimeoutMs,
    // Events go to the conversation the request belongs to, even if the user has moved on to another.
    emit: (event) => {
      const mapped = mapEvent(event);
      if (mapped) deps.apply(mapped, conversation);
    },
    onRetry: (notice) => {
      deps.log.warn(`API answered ${notice.status}; retrying${notice.waitSeconds !== undefined ? ` in ${notice.waitSeconds} s` : ''}`);
      if (!deps.isCurrent(conversation)) return;
      const retryAt = notice.waitSeconds !== undefined ? Date.now() + notice.waitSeconds * 1000 : undefined;
      deps.onRetry({ messageId: assistant.id, status: notice.status, ...(retryAt !== undefined ? { retryAt } : {}) });
    },
  }).then((outcome) => {
    // A continued answer's usage is both requests' sum; each is kept, for each is priced on its own.
    if (earlierUsage && outcome.usage) outcome = { ...outcome, usage: sumUsage([earlierUsage, outcome.usage]), usageParts: [...(continuing?.usageParts ?? [earlierUsage]), outcome.usage] };
    deps.apply({ type: 'message/end', messageId: assistant.id, ...outcome }, conversation);
    // The status bar shows a key the API refused as invalid until it changes or works again.
    if (outcome.status === 'failed' && outcome.error?.status === 401) deps.keys.markRejected(apiKey);
    else if (outcome.status === 'complete') deps.keys.markAccepted(apiKey);
    const elapsed = Date.now() - started;
    if (outcome.status === 'failed' && outcome.error) {
      const { kind, status, requestId } = outcome.error;
      deps.log.warn(`Answer failed after ${elapsed} ms: ${kind}${status ? ` ${status}` : ''}${requestId ? ` (request ${requestId})` : ''}`);
    } else {
      deps.log.info(`Answer ${outcome.status} after ${elapsed} ms (${outcome.usage?.outputTokens ?? 0} output tokens)`);
    }
    deps.onAnswered(conversation, assistant);
    return assistant;
  });
  return { messageId: assistant.id, reply };
}
