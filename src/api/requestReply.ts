import type { Message, MessageCreateParamsBase } from '@anthropic-ai/sdk/resources/messages';
import type { ChatMessage } from '../shared/conversation';
import type { ConversationEvent } from '../shared/conversationReducer';
import type { ReplyEndpoint } from '../shared/endpoint';
import { createAnthropicClient } from './clientFactory';
import { retryPolicyMiddleware, type RetryNotice } from './middleware';
import type { Attachment } from '../shared/attachment';
import { buildMessageParams, loadAttachmentBlocks, type RequestSettings } from './requestBuilder';
import { requestFactsOf } from './requestFacts';
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
  /** Reads an attachment's stored bytes; required when the history carries attachments. */
  readAttachment?: (attachment: Attachment) => Promise<Uint8Array>;
  /** The body as it is about to be sent, and where to (for the API inspector). */
  onRequest?: (params: MessageCreateParamsBase, baseUrl: string) => void;
  /** The final message of a completed answer. */
  onResponse?: (message: Message) => void;
}

/** Time allowed for response headers; after them the idle watchdog takes over. */
const HEADERS_TIMEOUT_MS = 60_000;

/** The one entry point from the rest of the host into the API zone. */
export async function requestReply(request: ReplyRequest): Promise<ReplyOutcome> {
  const { endpoint } = request;
  if (endpoint.kind === 'refused') return { status: 'failed', error: endpoint.error };
  let attachmentBlocks: Awaited<ReturnType<typeof loadAttachmentBlocks>>;
  try {
    attachmentBlocks = await loadAttachmentBlocks(request.history, request.readAttachment ?? missingStore);
  } catch (error) {
    const detail = `${error instanceof Error ? error.message : String(error)}. Edit that message to remove the file, or start a new chat.`;
    return { status: 'failed', error: { kind: 'invalidRequest', title: 'An attached file could not be read, so nothing was sent.', detail, actions: [] } };
  }
  const client = createAnthropicClient({
    apiKey: request.apiKey,
    baseUrl: endpoint.baseUrl,
    extraHeaders: endpoint.extraHeaders,
    headersTimeoutMs: HEADERS_TIMEOUT_MS,
    middleware: [retryPolicyMiddleware(request.onRetry)],
  });
  const params = buildMessageParams(request.history, request.settings, { prefill: request.prefill, attachmentBlocks });
  request.onRequest?.(params, client.baseURL);
  return streamReply({
    client,
    params,
    onResponse: request.onResponse,
    messageId: request.messageId,
    signal: request.signal,
    idleTimeoutMs: request.idleTimeoutMs,
    emit: request.emit,
    secrets: Object.values(endpoint.extraHeaders ?? {}),
    describeRequest: () => requestFactsOf(request.history, params, attachmentBlocks),
  });
}

function missingStore(): Promise<Uint8Array> {
  return Promise.reject(new Error('No attachment store is available in this window'));
}
