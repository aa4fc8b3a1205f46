import type { ChatMessage } from '../shared/conversation';
import type { ConversationEvent } from '../shared/conversationReducer';
import type { ReplyEndpoint } from '../shared/endpoint';
import { createAnthropicClient } from './clientFactory';
import { retryPolicyMiddleware, type RetryNotice } from './middleware';
import { buildMessageParams, type RequestSettings } from './requestBuilder';
import { streamReply, type ReplyOutcome } from './streamReply';

export type { ReplyOutcome } from './streamReply';
export type { RetryNotice } from './middleware';

export interface ReplyRequest {
  apiKey: string;
  /** Where the key may go (src/config/endpointPolicy.ts); a refused one sends nothing and the answer fails with its error. */
  endpoint: ReplyEndpoint;
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
  const { endpoint } = request;
  if (endpoint.kind === 'refused') return Promise.resolve({ status: 'failed', error: endpoint.error });
  const client = createAnthropicClient({
    apiKey: request.apiKey,
    baseUrl: endpoint.baseUrl,
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
