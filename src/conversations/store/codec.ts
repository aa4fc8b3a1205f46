import type { ChatError } from '../../shared/chatError';
import type { ChatBlock, ChatMessage, Conversation, ConversationMeta } from '../../shared/conversation';
import { isBase64, isImageMediaType } from '../../shared/conversation';
import { SCHEMA_VERSION, type StoredBlock, type StoredConversation, type StoredMessage } from './storedFormat';

/**
 * Conversion between the in-memory model and the file format. Both directions copy, so a stored value never
 * aliases the live conversation the session keeps mutating while an answer streams.
 */

/** What a message that was still streaming when the file was written becomes when it is read back. */
export function interruptedError(): ChatError {
  return {
    kind: 'streamError',
    title: 'The answer was interrupted.',
    detail: 'VS Code closed before it finished; the partial answer is kept.',
    actions: ['retry'],
  };
}

export function toStoredConversation(conversation: Conversation, revision: number, deleted: readonly string[] = []): StoredConversation {
  return {
    schemaVersion: SCHEMA_VERSION,
    revision,
    id: conversation.id,
    title: conversation.title,
    titleSource: conversation.titleSource,
    createdAt: conversation.createdAt,
    updatedAt: conversation.updatedAt,
    pinned: conversation.pinned,
    model: conversation.model,
    systemPrompt: conversation.systemPrompt,
    selected: { ...conversation.selected },
    deleted: [...deleted],
    messages: conversation.messages.map(toStoredMessage),
  };
}

export interface FromStoredOptions {
  /**
   * Turn `streaming` messages into failed ones (default). True when reading a file back after a restart; false for
   * what a save just wrote, where a streaming message may belong to a window that is still streaming it.
   */
  settleStreaming?: boolean;
}

/** The conversation's own fields as the file holds them (the file schema spells them out on purpose). */
export function storedMeta(stored: StoredConversation): ConversationMeta {
  const { id, title, titleSource, createdAt, updatedAt, pinned, model, systemPrompt } = stored;
  return { id, title, titleSource, createdAt, updatedAt, pinned, model, systemPrompt };
}

export function fromStoredConversation(stored: StoredConversation, options: FromStoredOptions = {}): Conversation {
  const settle = options.settleStreaming ?? true;
  return {
    ...storedMeta(stored),
    selected: { ...stored.selected },
    messages: stored.messages.map((message) => fromStoredMessage(message, settle)),
  };
}

export function toStoredMessage(message: ChatMessage): StoredMessage {
  const stored: StoredMessage = {
    id: message.id,
    parentId: message.parentId,
    role: message.role,
    status: message.status,
    createdAt: message.createdAt,
    content: message.blocks.map(toStoredBlock),
  };
  // Optional fields are written only when present, so a round trip does not grow `undefined` keys.
  if (message.stopReason !== undefined) stored.stopReason = message.stopReason;
  if (message.refusal) stored.refusal = { ...message.refusal };
  if (message.error !== undefined) stored.error = { ...message.error, actions: [...message.error.actions] };
  if (message.usage !== undefined) stored.usage = { ...message.usage };
  if (message.model !== undefined) stored.model = message.model;
  return stored;
}

export function fromStoredMessage(stored: StoredMessage, settleStreaming = true): ChatMessage {
  const message: ChatMessage = {
    id: stored.id,
    parentId: stored.parentId,
    role: stored.role,
    blocks: stored.content.map(fromStoredBlock),
    status: stored.status,
    createdAt: stored.createdAt,
  };
  if (stored.stopReason !== undefined) message.stopReason = stored.stopReason;
  if (stored.refusal) message.refusal = { category: stored.refusal.category ?? null, explanation: stored.refusal.explanation ?? null };
  if (stored.error !== undefined) message.error = { ...stored.error, actions: [...stored.error.actions] };
  if (stored.usage !== undefined) message.usage = { ...stored.usage };
  if (stored.model !== undefined) message.model = stored.model;
  if (settleStreaming && message.status === 'streaming') {
    // Nobody will finish this answer: the window that streamed it is gone. Keep what arrived, say it is incomplete.
    message.status = 'failed';
    message.error = interruptedError();
  }
  return message;
}

export function toStoredBlock(block: ChatBlock): StoredBlock {
  switch (block.type) {
    case 'text':
      return { type: 'text', text: block.text };
    case 'thinking':
      return { type: 'thinking', thinking: block.thinking, signature: block.signature };
    case 'redacted_thinking':
      return { type: 'redacted_thinking', data: block.data };
    case 'tool_use':
      return { type: 'tool_use', id: block.id, name: block.name, input: parseToolInput(block.inputJson) };
    case 'image':
      return { type: 'image', source: { type: 'base64', media_type: block.mediaType, data: block.data } };
    case 'unknown':
      return { type: block.originalType };
  }
}

export function fromStoredBlock(stored: StoredBlock): ChatBlock {
  const block = stored as Record<string, unknown> & { type: string };
  switch (block.type) {
    case 'text':
      return { type: 'text', text: String(block.text) };
    case 'thinking':
      return { type: 'thinking', thinking: String(block.thinking), signature: String(block.signature) };
    case 'redacted_thinking':
      return { type: 'redacted_thinking', data: String(block.data) };
    case 'tool_use':
      return { type: 'tool_use', id: String(block.id), name: String(block.name), inputJson: JSON.stringify(block.input ?? {}) };
    case 'image': {
      const source = block.source as Record<string, unknown> | undefined;
      if (source?.type === 'base64' && isImageMediaType(source.media_type) && isBase64(source.data)) {
        return { type: 'image', mediaType: source.media_type, data: source.data };
      }
      return { type: 'unknown', originalType: 'image' };
    }
    default:
      return { type: 'unknown', originalType: block.type };
  }
}

/**
 * The API wants `input` as an object. A tool call cut off mid-stream has half a JSON text; storing `{}` keeps the
 * file valid and the block re-sendable, at the price of the partial input (which could not be sent anyway).
 */
export function parseToolInput(inputJson: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(inputJson);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The text of a stored message's text blocks, for previews and search (mirrors `messageText`). */
export function storedMessageText(message: StoredMessage): string {
  let text = '';
  for (const block of message.content) if (block.type === 'text') text += (block as { text: string }).text;
  return text;
}
