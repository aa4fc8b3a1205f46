import type { ContentBlock, MessageCreateParamsBase } from '@anthropic-ai/sdk/resources/messages';
import type { Attachment } from '../shared/attachment';
import type { ChatMessage, Conversation, Usage } from '../shared/conversation';
import { ancestry, findMessage } from '../shared/conversationTree';
import { DEFAULT_BASE_URL } from '../shared/endpoint';
import type { ExchangeLookup, InspectedExchange, ResponseMessage } from '../shared/requestInspection';
import type { ExchangeLog } from './exchangeLog';
import { buildMessageParams, loadAttachmentBlocks } from './requestBuilder';

export interface ExchangeSources {
  /** The conversation on screen (the inspector is opened from its messages). */
  conversation: () => Readonly<Conversation>;
  log: ExchangeLog;
  readAttachment: (attachment: Attachment) => Promise<Uint8Array>;
  /** The endpoint in use now and the names of the gateway headers configured (for a rebuilt exchange). */
  baseUrl: () => string | undefined;
  extraHeaderNames: () => string[];
}

/**
 * The exchange behind an answer: captured when this window sent it (exact), else rebuilt from the saved conversation.
 * A rebuild is exact too when the answer recorded what it was asked with (SentRequest): its history never changes,
 * and the builder is deterministic. Answers saved before requests were recorded have nothing to rebuild from.
 */
export class ConversationExchanges implements ExchangeLookup {
  constructor(private readonly sources: ExchangeSources) {}

  async exchangeFor(messageId: string): Promise<InspectedExchange | undefined> {
    const conversation = this.sources.conversation();
    const message = findMessage(conversation, messageId);
    if (!message || message.role !== 'assistant') return undefined;
    const extraHeaderNames = this.sources.extraHeaderNames();
    const logged = this.sources.log.get(messageId);
    if (logged) {
      const response = logged.response ?? responseFromMessage(message);
      return { request: logged.request, ...(response ? { response } : {}), baseUrl: logged.baseUrl, rebuilt: false, extraHeaderNames };
    }
    const request = await rebuildRequest(conversation, message, this.sources.readAttachment);
    if (!request) return undefined;
    const response = responseFromMessage(message);
    return { request, ...(response ? { response } : {}), baseUrl: this.sources.baseUrl() ?? DEFAULT_BASE_URL, rebuilt: true, extraHeaderNames };
  }
}

async function rebuildRequest(conversation: Readonly<Conversation>, message: ChatMessage, read: (attachment: Attachment) => Promise<Uint8Array>): Promise<MessageCreateParamsBase | undefined> {
  const sent = message.request;
  if (!sent) return undefined;
  const history = ancestry(conversation, message.parentId);
  const prefill = sent.prefill !== undefined;
  const full: ChatMessage[] = prefill ? [...history, { ...message, blocks: [{ type: 'text', text: sent.prefill ?? '' }] }] : [...history];
  const attachmentBlocks = await loadAttachmentBlocks(full, read);
  return buildMessageParams(full, sent, { prefill, attachmentBlocks });
}

/** The Message the API answered with, as the conversation kept it: only for a completed answer whose id was recorded. */
export function responseFromMessage(message: ChatMessage): ResponseMessage | undefined {
  if (message.status !== 'complete' || !message.responseId) return undefined;
  return {
    id: message.responseId,
    type: 'message',
    role: 'assistant',
    model: message.model ?? message.request?.model ?? '',
    content: message.blocks.flatMap((block) => responseBlock(block)),
    stop_reason: message.stopReason ?? null,
    stop_sequence: message.stopSequence ?? null,
    usage: apiUsage(message.usage),
  };
}

function responseBlock(block: ChatMessage['blocks'][number]): Partial<ContentBlock>[] {
  switch (block.type) {
    case 'text':
      return [{ type: 'text', text: block.text, citations: null }];
    case 'thinking':
      return [{ type: 'thinking', thinking: block.thinking, signature: block.signature }];
    case 'redacted_thinking':
      return [{ type: 'redacted_thinking', data: block.data }];
    case 'tool_use':
      return [{ type: 'tool_use', id: block.id, name: block.name, input: parseInput(block.inputJson) }];
    default:
      return [];
  }
}

function parseInput(json: string): unknown {
  try {
    return JSON.parse(json || '{}');
  } catch {
    return json;
  }
}

function apiUsage(usage: Usage | undefined): object {
  if (!usage) return {};
  const result: Record<string, unknown> = {
    input_tokens: usage.inputTokens,
    cache_creation_input_tokens: usage.cacheCreationInputTokens,
    cache_read_input_tokens: usage.cacheReadInputTokens,
    output_tokens: usage.outputTokens,
  };
  if (usage.cacheCreation5mInputTokens !== undefined && usage.cacheCreation1hInputTokens !== undefined) {
    result.cache_creation = { ephemeral_5m_input_tokens: usage.cacheCreation5mInputTokens, ephemeral_1h_input_tokens: usage.cacheCreation1hInputTokens };
  }
  return result;
}
