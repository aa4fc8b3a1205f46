import { isSha256, sanitizeAttachment, type Attachment } from '../../shared/attachment';
import type { ChatError } from '../../shared/chatError';
import type { ChatBlock, ChatMessage, Conversation, ConversationMeta, ToolFileRef, Usage } from '../../shared/conversation';
import { isBase64, isImageMediaType, sanitizeInvocation } from '../../shared/conversation';
import { sanitizeConversationParams } from '../../shared/requestParams';
import { sanitizeSentRequest } from '../../shared/sentRequest';
import { isToolResultPlaceholder, schemaVersionFor, toolResultProblem, type StoredBlock, type StoredConversation, type StoredMessage, type StoredToolFile } from './storedFormat';

/**
 * Conversion between the in-memory model and the file format. Both directions copy, so a stored value never
 * aliases the live conversation the session keeps mutating while an answer streams.
 */

/** What a message that was still streaming when the file was written becomes once the window streaming it is gone. */
export function interruptedError(): ChatError {
  return {
    kind: 'streamError',
    title: 'The answer was interrupted.',
    detail: 'VS Code closed before it finished; the partial answer is kept.',
    actions: ['retry'],
  };
}

export interface ToStoredOptions {
  /** Tombstones to write (see StoredConversation.deleted). */
  deleted?: readonly string[];
  /** The window saving: written as the owner of the messages it is streaming itself. */
  windowId?: string;
}

export function toStoredConversation(conversation: Conversation, revision: number, options: ToStoredOptions = {}): StoredConversation {
  const messages = conversation.messages.map((message) => toStoredMessage(message, options.windowId));
  const stored: StoredConversation = {
    schemaVersion: schemaVersionFor({ messages }),
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
    deleted: [...(options.deleted ?? [])],
    messages,
  };
  if (conversation.metaChangedAt) stored.metaChangedAt = { ...conversation.metaChangedAt };
  if (conversation.params) stored.params = structuredClone(conversation.params);
  return stored;
}

/** Where a `streaming` message read from a file is being streamed, judged by its owner (see windowLeases.ts). */
export type StreamState = 'here' | 'elsewhere' | 'nowhere';

export interface FromStoredOptions {
  /**
   * For each streaming message's owner: `here` (this window: it stays streaming), `elsewhere` (another window that
   * is alive: streaming, marked as that window's) or `nowhere` (the owner is gone, or the file names none: failed,
   * interrupted, partial answer kept). Default: nowhere, which is right for a file read back after a restart.
   */
  streamState?: (owner: string | undefined) => StreamState;
}

/** The conversation's own fields as the file holds them (the file schema spells them out on purpose). */
export function storedMeta(stored: StoredConversation): ConversationMeta {
  const { id, title, titleSource, createdAt, updatedAt, pinned, model, systemPrompt } = stored;
  const meta: ConversationMeta = { id, title, titleSource, createdAt, updatedAt, pinned, model, systemPrompt };
  const params = sanitizeConversationParams(stored.params);
  if (params) meta.params = params;
  return meta;
}

export function fromStoredConversation(stored: StoredConversation, options: FromStoredOptions = {}): Conversation {
  const streamState = options.streamState ?? (() => 'nowhere');
  const conversation: Conversation = {
    ...storedMeta(stored),
    selected: { ...stored.selected },
    messages: stored.messages.map((message) => fromStoredMessage(message, message.status === 'streaming' ? streamState(message.streamOwner) : 'nowhere')),
  };
  if (stored.metaChangedAt) conversation.metaChangedAt = { ...stored.metaChangedAt };
  return conversation;
}

export function toStoredMessage(message: ChatMessage, windowId?: string): StoredMessage {
  const stored: StoredMessage = {
    id: message.id,
    parentId: message.parentId,
    role: message.role,
    status: message.status,
    createdAt: message.createdAt,
    content: message.blocks.map(toStoredBlock),
  };
  // Optional fields are written only when present, so a round trip does not grow `undefined` keys.
  if (message.status === 'streaming') {
    const owner = message.streamingElsewhere ?? windowId;
    if (owner !== undefined) stored.streamOwner = owner;
  }
  if (message.stopReason !== undefined) stored.stopReason = message.stopReason;
  if (message.refusal) stored.refusal = { ...message.refusal };
  if (message.error !== undefined) stored.error = { ...message.error, actions: [...message.error.actions] };
  if (message.usage !== undefined) stored.usage = { ...message.usage };
  if (message.usageParts !== undefined) stored.usageParts = message.usageParts.map((part) => ({ ...part }));
  if (message.model !== undefined) stored.model = message.model;
  if (message.invocation !== undefined) stored.invocation = { ...message.invocation };
  if (message.request !== undefined) stored.request = { ...message.request };
  if (message.responseId !== undefined) stored.responseId = message.responseId;
  if (message.stopSequence !== undefined) stored.stopSequence = message.stopSequence;
  return stored;
}

export function fromStoredMessage(stored: StoredMessage, streamState: StreamState = 'nowhere'): ChatMessage {
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
  if (Array.isArray(stored.usageParts) && stored.usageParts.every(isUsageLike)) message.usageParts = stored.usageParts.map((part) => ({ ...part }));
  if (stored.model !== undefined) message.model = stored.model;
  const invocation = sanitizeInvocation(stored.invocation);
  if (invocation !== undefined) message.invocation = invocation;
  const request = sanitizeSentRequest(stored.request);
  if (request !== undefined) message.request = request;
  if (typeof stored.responseId === 'string' && stored.responseId.length <= 200) message.responseId = stored.responseId;
  if (typeof stored.stopSequence === 'string' || stored.stopSequence === null) message.stopSequence = stored.stopSequence;
  if (message.status === 'streaming') {
    if (streamState === 'elsewhere' && stored.streamOwner !== undefined) message.streamingElsewhere = stored.streamOwner;
    else if (streamState === 'nowhere') {
      // Nobody will finish this answer: the window that streamed it is gone. Keep what arrived, say it is incomplete.
      message.status = 'failed';
      message.error = interruptedError();
    }
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
    case 'tool_result':
      return {
        type: 'tool_result',
        tool_use_id: block.toolUseId,
        content: block.content,
        ...(block.isError ? { is_error: true as const } : {}),
        ...(block.file ? { file: copyToolFile(block.file) } : {}),
      };
    case 'image':
      return { type: 'image', source: { type: 'base64', media_type: block.mediaType, data: block.data } };
    case 'attachment':
      return { type: 'attachment', attachment: copyAttachment(block.attachment) };
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
    case 'tool_result': {
      // parseFile refuses a malformed result; what reaches here unchecked (an older version's bare placeholder) stays one.
      if (isToolResultPlaceholder(stored) || toolResultProblem(block)) return { type: 'unknown', originalType: 'tool_result' };
      const result: ChatBlock = { type: 'tool_result', toolUseId: block.tool_use_id as string, content: block.content as string, isError: block.is_error === true };
      if (block.file !== undefined) result.file = copyToolFile(block.file as StoredToolFile);
      return result;
    }
    case 'image': {
      const source = block.source as Record<string, unknown> | undefined;
      if (source?.type === 'base64' && isImageMediaType(source.media_type) && isBase64(source.data)) {
        return { type: 'image', mediaType: source.media_type, data: source.data };
      }
      return { type: 'unknown', originalType: 'image' };
    }
    case 'attachment': {
      // Checked like anything read from disk: a hand-edited hash could otherwise name a path outside the store.
      const attachment = sanitizeAttachment(block.attachment);
      return attachment ? { type: 'attachment', attachment } : { type: 'unknown', originalType: 'attachment' };
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

/** Only the known fields, and only the lines that are there: a round trip grows no `undefined` keys. */
function copyToolFile(file: ToolFileRef | StoredToolFile): ToolFileRef {
  const copy: ToolFileRef = { path: file.path };
  if (file.startLine !== undefined) copy.startLine = file.startLine;
  if (file.endLine !== undefined) copy.endLine = file.endLine;
  return copy;
}

function copyAttachment(attachment: Attachment): Attachment {
  const copy = { ...attachment };
  if (attachment.original) copy.original = { ...attachment.original };
  return copy;
}

/**
 * The hashes of the stored files a conversation refers to. Every well-formed hash counts, even in a block that would
 * not survive `fromStoredBlock`: for garbage collection, keeping a file too many is harmless, one too few is not.
 */
export function storedAttachmentHashes(stored: StoredConversation): string[] {
  const hashes: string[] = [];
  for (const message of stored.messages) {
    for (const block of message.content) {
      const sha256 = block.type === 'attachment' ? (block as { attachment?: { sha256?: unknown } }).attachment?.sha256 : undefined;
      if (isSha256(sha256)) hashes.push(sha256);
    }
  }
  return hashes;
}

/** The names of a stored message's attachments, in order (for the history preview of a turn that is only files). */
export function storedAttachmentNames(message: StoredMessage): string[] {
  const names: string[] = [];
  for (const block of message.content) {
    const attachment = block.type === 'attachment' ? sanitizeAttachment((block as { attachment?: unknown }).attachment) : undefined;
    if (attachment) names.push(attachment.name);
  }
  return names;
}

/** A user turn the host wrote to answer tool calls (only tool results): no question of the user's (see toolTurns.ts). */
export function isStoredToolResultTurn(message: StoredMessage): boolean {
  return message.role === 'user' && message.content.length > 0 && message.content.every((block) => block.type === 'tool_result');
}

/** The text of a stored message's text blocks, for previews and search (mirrors `messageText`). */
export function storedMessageText(message: StoredMessage): string {
  let text = '';
  for (const block of message.content) if (block.type === 'text') text += (block as { text: string }).text;
  return text;
}

/** A usage record read back from disk: an object with numeric token counts (cost.ts refuses anything else itself). */
function isUsageLike(value: unknown): value is Usage {
  if (typeof value !== 'object' || value === null) return false;
  const usage = value as Record<string, unknown>;
  return ['inputTokens', 'outputTokens', 'cacheReadInputTokens', 'cacheCreationInputTokens'].every((key) => typeof usage[key] === 'number');
}
