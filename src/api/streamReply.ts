import type Anthropic from '@anthropic-ai/sdk';
import type { ContentBlock, Message, MessageCreateParamsBase, RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import type { ChatError } from '../shared/chatError';
import type { ChatBlock, Refusal, Usage } from '../shared/conversation';
import type { ConversationEvent } from '../shared/conversationReducer';
import { toChatError, type AbortCause } from './errorMapping';
import { IdleWatchdog } from './idleWatchdog';
import { activityMiddleware } from './middleware';
import type { RequestFacts } from './requestFacts';

export interface StreamReplyOptions {
  client: Anthropic;
  params: MessageCreateParamsBase;
  /** The assistant message the events are for. */
  messageId: string;
  /** Aborted by the user (Stop, new chat, closing the window). */
  signal: AbortSignal;
  idleTimeoutMs: number;
  emit: (event: ConversationEvent) => void;
  /** The final message, when the answer completed. */
  onResponse?: (message: Message) => void;
  /** Besides the key, what an error text must never show (the gateway header values the request carried). */
  secrets?: readonly string[];
  /** What the request was made of, asked for only when it fails: a size error then names the biggest parts. */
  describeRequest?: () => RequestFacts;
}

export interface ReplyOutcome {
  status: 'complete' | 'stopped' | 'failed';
  stopReason?: string | null;
  usage?: Usage;
  model?: string;
  error?: ChatError;
  refusal?: Refusal;
  /** The API's message id and the stop sequence that ended the answer. */
  responseId?: string;
  stopSequence?: string | null;
  /** Set by the session for a continued answer: each request's usage (`usage` is then their sum). */
  usageParts?: Usage[];
}

/**
 * Streams one answer through `client.messages.stream()` and reports it as conversation events for `messageId`.
 * Never throws: every ending (done, stopped, failed) is an outcome, and what arrived before it stays emitted.
 */
export async function streamReply(options: StreamReplyOptions): Promise<ReplyOutcome> {
  const { client, params, messageId, emit } = options;
  const controller = new AbortController();
  let abortCause: AbortCause | undefined;
  const watchdog = new IdleWatchdog(options.idleTimeoutMs, () => {
    abortCause = 'stalled';
    controller.abort();
  });
  const onUserAbort = () => controller.abort();
  if (options.signal.aborted) controller.abort();
  options.signal.addEventListener('abort', onUserAbort, { once: true });

  let model: string | undefined;
  let usage: Usage | undefined;
  try {
    const stream = client.messages.stream(params, {
      signal: controller.signal,
      middleware: [activityMiddleware(() => watchdog.touch())],
    });
    stream.on('streamEvent', (event) => {
      const translated = translate(event, messageId);
      if (event.type === 'message_start') {
        model = event.message.model;
        usage = toUsage(event.message.usage);
      }
      if (translated) emit(translated);
    });
    const final = await stream.finalMessage();
    options.onResponse?.(final);
    const details = final.stop_details;
    const refusal = details?.type === 'refusal' ? { category: details.category ?? null, explanation: details.explanation ?? null } : undefined;
    return {
      status: 'complete',
      stopReason: final.stop_reason,
      stopSequence: final.stop_sequence,
      responseId: final.id,
      usage: toUsage(final.usage),
      model: final.model,
      ...(refusal ? { refusal } : {}),
    };
  } catch (error) {
    const partial = { ...(usage ? { usage } : {}), ...(model ? { model } : {}) };
    if (options.signal.aborted && abortCause === undefined) return { status: 'stopped', ...partial };
    // The error is saved with the conversation and shown: the key it was sent with is scrubbed from its text.
    const requestFacts = options.describeRequest?.();
    const chatError = toChatError(error, { abortCause, idleTimeoutMs: options.idleTimeoutMs, model: params.model, secrets: [client.apiKey, ...(options.secrets ?? [])], ...(requestFacts ? { requestFacts } : {}) });
    return { status: 'failed', error: chatError, ...partial };
  } finally {
    watchdog.dispose();
    options.signal.removeEventListener('abort', onUserAbort);
  }
}

function translate(event: RawMessageStreamEvent, messageId: string): ConversationEvent | undefined {
  switch (event.type) {
    case 'content_block_start':
      return { type: 'block/start', messageId, index: event.index, block: toChatBlock(event.content_block) };
    case 'content_block_delta': {
      const delta = event.delta;
      switch (delta.type) {
        case 'text_delta':
          return { type: 'block/delta', messageId, index: event.index, delta: { type: 'text', text: delta.text } };
        case 'thinking_delta':
          return { type: 'block/delta', messageId, index: event.index, delta: { type: 'thinking', text: delta.thinking } };
        case 'signature_delta':
          return { type: 'block/delta', messageId, index: event.index, delta: { type: 'signature', signature: delta.signature } };
        case 'input_json_delta':
          return { type: 'block/delta', messageId, index: event.index, delta: { type: 'inputJson', json: delta.partial_json } };
        default:
          return undefined; // citations and future delta types: the final message carries them
      }
    }
    default:
      return undefined;
  }
}

function toChatBlock(block: ContentBlock): ChatBlock {
  switch (block.type) {
    case 'text':
      return { type: 'text', text: block.text };
    case 'thinking':
      return { type: 'thinking', thinking: block.thinking, signature: block.signature };
    case 'redacted_thinking':
      return { type: 'redacted_thinking', data: block.data };
    case 'tool_use':
    case 'server_tool_use':
      return { type: 'tool_use', id: block.id, name: block.name, inputJson: '' };
    default:
      return { type: 'unknown', originalType: (block as { type: string }).type };
  }
}

function toUsage(usage: {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_creation?: { ephemeral_5m_input_tokens?: number | null; ephemeral_1h_input_tokens?: number | null } | null;
}): Usage {
  const result: Usage = {
    inputTokens: usage.input_tokens,
    outputTokens: usage.output_tokens,
    cacheReadInputTokens: usage.cache_read_input_tokens ?? 0,
    cacheCreationInputTokens: usage.cache_creation_input_tokens ?? 0,
  };
  // The split by TTL, when the API gave it: a 1-hour write costs 2× input, a 5-minute one 1.25×.
  const split = usage.cache_creation;
  if (split && typeof split.ephemeral_5m_input_tokens === 'number' && typeof split.ephemeral_1h_input_tokens === 'number') {
    result.cacheCreation5mInputTokens = split.ephemeral_5m_input_tokens;
    result.cacheCreation1hInputTokens = split.ephemeral_1h_input_tokens;
  }
  return result;
}
