import type { ChatError } from '../shared/chatError';
import type { ChatMessage } from '../shared/conversation';
import type { ConversationEvent } from '../shared/conversationReducer';
import { createAnthropicClient } from './clientFactory';
import { retryPolicyMiddleware, type RetryNotice } from './middleware';
import { buildMessageParams, type RequestSettings } from './requestBuilder';
import { streamReply, type ReplyOutcome } from './streamReply';

export type { ReplyOutcome } from './streamReply';
export type { RetryNotice } from './middleware';

export interface ReplyRequest {
  apiKey: string;
  baseUrl: string | undefined;
  /** The endpoint may not have the key (src/config/endpointPolicy.ts): nothing is sent, the answer fails with this. */
  refused?: ChatError;
  settings: RequestSettings;
  /** Every earlier turn; the API is stateless, so all of it is sent. */
  history: readonly ChatMessage[];
  /** The assistant message that receives the answer. */
  messageId: string;
  signal: AbortSignal;
  idleTimeoutMs: number;
  emit: (event: ConversationEvent) => void;
  /** A failed attempt is about to be retried by the SDK. */
  onRetry?: (notice: RetryNotice) => void;
  /** The history ends with a partial answer for the API to continue. */
  prefill?: boolean;
}

/** Time allowed for response headers; after them the idle watchdog takes over. */
const HEADERS_TIMEOUT_MS = 60_000;

/** The one entry point from the rest of the host into the API zone. */
export function requestReply(request: ReplyRequest): Promise<ReplyOutcome> {
  if (request.refused) return Promise.resolve({ status: 'failed', error: request.refused });
  const client = createAnthropicClient({
    apiKey: request.apiKey,
    baseUrl: request.baseUrl,
    headersTimeoutMs: HEADERS_TIMEOUT_MS,
    middleware: [retryPolicyMiddleware(request.onRetry)],
  });
  return streamReply({
    client,
    params: buildMessageParams(request.history, request.settings, { prefill: request.prefill }),
    messageId: request.messageId,
    signal: request.signal,
    idleTimeoutMs: request.idleTimeoutMs,
    emit: request.emit,
  });
}
