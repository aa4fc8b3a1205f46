import type { ChatError } from './chatError';

/**
 * The conversation model shared by host and webview, and the reducer that applies stream events to it.
 * The host applies each event to its own copy and forwards the same event to the webview, which applies it
 * to its copy: both sides run this one function, so they cannot disagree about what a delta means.
 */

export type Role = 'user' | 'assistant';

export type ChatBlock =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'redacted_thinking'; data: string }
  | { type: 'tool_use'; id: string; name: string; inputJson: string }
  /** An image the user attached: inline base64 only (never a URL, never SVG), as the API takes it. */
  | { type: 'image'; mediaType: ImageMediaType; data: string }
  /** A block type this version does not know: shown as a labelled placeholder, never sent back. */
  | { type: 'unknown'; originalType: string };

/** The image formats the Messages API accepts; SVG is not one of them, and is never shown inline. */
export const IMAGE_MEDIA_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'] as const;
export type ImageMediaType = (typeof IMAGE_MEDIA_TYPES)[number];

export function isImageMediaType(value: unknown): value is ImageMediaType {
  return typeof value === 'string' && (IMAGE_MEDIA_TYPES as readonly string[]).includes(value);
}

/** Base64 text only: anything else in a data URL could break out of it. */
export function isBase64(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(value);
}

/**
 * - `streaming`: the answer is arriving.
 * - `complete`: the API finished it (see `stopReason`).
 * - `stopped`: the user pressed Stop; what arrived is kept.
 * - `failed`: an error ended it; what arrived is kept and marked incomplete.
 */
export type MessageStatus = 'streaming' | 'complete' | 'stopped' | 'failed';

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cacheReadInputTokens: number;
  cacheCreationInputTokens: number;
}

export interface ChatMessage {
  id: string;
  /**
   * The message this one follows (null for a first message). Messages with the same parent are branches: an
   * edited question is a sibling of the original, a regenerated answer a sibling of the first answer.
   */
  parentId: string | null;
  role: Role;
  blocks: ChatBlock[];
  status: MessageStatus;
  createdAt: number;
  /** The API's stop_reason, for complete assistant messages. */
  stopReason?: string | null;
  error?: ChatError;
  usage?: Usage;
  model?: string;
  /** Why Claude declined (stop_reason `refusal`), when the API said. */
  refusal?: Refusal;
}

export interface Refusal {
  category: string | null;
  explanation: string | null;
}

/** How the title came about: a renamed title is never replaced by a generated one. */
export type TitleSource = 'none' | 'fallback' | 'generated' | 'user';

export interface ConversationMeta {
  id: string;
  title: string;
  titleSource: TitleSource;
  createdAt: number;
  updatedAt: number;
  pinned: boolean;
  /** Model and system prompt of this conversation (new conversations take the settings' defaults). */
  model: string;
  systemPrompt: string;
}

export interface Conversation extends ConversationMeta {
  /** Every message of every branch, in the order they were created. */
  messages: ChatMessage[];
  /** For each parent id (ROOT for first messages), the child on screen; absent means the newest child. */
  selected: Record<string, string>;
}

/** The parent key of first messages in `Conversation.selected`. */
export const ROOT = '';

export type MetaPatch = Partial<Pick<ConversationMeta, 'title' | 'titleSource' | 'pinned' | 'model' | 'systemPrompt'>>;

export type BlockDelta =
  | { type: 'text'; text: string }
  | { type: 'thinking'; text: string }
  | { type: 'signature'; signature: string }
  | { type: 'inputJson'; json: string };

export type ConversationEvent =
  /** Adds a message and puts it on screen (it becomes the selected child of its parent). */
  | { type: 'message/append'; message: ChatMessage }
  /**
   * Removes these messages (the caller lists descendants too, see `descendantIds`); `reparent` moves the children
   * of a removed message up, so deleting a question and its answer keeps what followed them.
   */
  | { type: 'message/remove'; messageIds: string[]; reparent?: { childIds: string[]; parentId: string | null } }
  /** A finished answer streams again (Continue after max_tokens): new blocks start at `blocks.length`. */
  | { type: 'message/resume'; messageId: string }
  | { type: 'branch/select'; parentId: string | null; childId: string }
  | { type: 'conversation/meta'; patch: MetaPatch; at: number }
  | { type: 'block/start'; messageId: string; index: number; block: ChatBlock }
  | { type: 'block/delta'; messageId: string; index: number; delta: BlockDelta }
  | {
      type: 'message/end';
      messageId: string;
      status: Exclude<MessageStatus, 'streaming'>;
      stopReason?: string | null;
      usage?: Usage;
      model?: string;
      error?: ChatError;
      refusal?: Refusal;
    };

export function findMessage(conversation: Conversation, messageId: string): ChatMessage | undefined {
  // Events almost always target the newest message, so search from the end.
  for (let i = conversation.messages.length - 1; i >= 0; i--) {
    if (conversation.messages[i].id === messageId) return conversation.messages[i];
  }
  return undefined;
}

/**
 * Applies one event in place and returns the message it touched (undefined when the event no longer applies,
 * e.g. a late delta for a removed message). In place on purpose: a delta must cost O(delta), not O(conversation).
 */
export function applyConversationEvent(conversation: Conversation, event: ConversationEvent): ChatMessage | undefined {
  switch (event.type) {
    case 'message/append': {
      // Stored as a copy: events are values that may still be queued for the webview, and later deltas mutate state.
      const message = { ...event.message, blocks: event.message.blocks.map(copyBlock) };
      conversation.messages.push(message);
      conversation.selected[message.parentId ?? ROOT] = message.id;
      conversation.updatedAt = Math.max(conversation.updatedAt, message.createdAt);
      return message;
    }
    case 'message/remove': {
      const doomed = new Set(event.messageIds);
      const removed = conversation.messages.filter((m) => doomed.has(m.id));
      if (removed.length === 0) return undefined;
      conversation.messages = conversation.messages.filter((m) => !doomed.has(m.id));
      for (const [parent, child] of Object.entries(conversation.selected)) {
        if (doomed.has(child) || doomed.has(parent)) delete conversation.selected[parent];
      }
      if (event.reparent) {
        const { childIds, parentId } = event.reparent;
        for (const message of conversation.messages) if (childIds.includes(message.id)) message.parentId = parentId;
        if (childIds.length > 0) conversation.selected[parentId ?? ROOT] = childIds[0];
      }
      return removed[0];
    }
    case 'message/resume': {
      const message = findMessage(conversation, event.messageId);
      if (!message) return undefined;
      message.status = 'streaming';
      delete message.error;
      message.stopReason = null;
      return message;
    }
    case 'branch/select': {
      const child = findMessage(conversation, event.childId);
      if (!child || child.parentId !== event.parentId) return undefined;
      conversation.selected[event.parentId ?? ROOT] = child.id;
      return child;
    }
    case 'conversation/meta':
      Object.assign(conversation, event.patch);
      conversation.updatedAt = Math.max(conversation.updatedAt, event.at);
      return undefined;
    case 'block/start': {
      const message = findMessage(conversation, event.messageId);
      if (!message || message.status !== 'streaming') return undefined;
      message.blocks[event.index] = copyBlock(event.block);
      return message;
    }
    case 'block/delta': {
      const message = findMessage(conversation, event.messageId);
      const block = message?.status === 'streaming' ? message.blocks[event.index] : undefined;
      if (!message || !block) return undefined;
      applyBlockDelta(block, event.delta);
      return message;
    }
    case 'message/end': {
      const message = findMessage(conversation, event.messageId);
      if (!message) return undefined;
      message.status = event.status;
      if (event.stopReason !== undefined) message.stopReason = event.stopReason;
      if (event.usage) message.usage = event.usage;
      if (event.model) message.model = event.model;
      if (event.error) message.error = event.error;
      if (event.refusal) message.refusal = event.refusal;
      return message;
    }
    default:
      return assertNever(event);
  }
}

function copyBlock(block: ChatBlock): ChatBlock {
  return { ...block };
}

function applyBlockDelta(block: ChatBlock, delta: BlockDelta): void {
  if (delta.type === 'text' && block.type === 'text') block.text += delta.text;
  else if (delta.type === 'thinking' && block.type === 'thinking') block.thinking += delta.text;
  else if (delta.type === 'signature' && block.type === 'thinking') block.signature = delta.signature;
  else if (delta.type === 'inputJson' && block.type === 'tool_use') block.inputJson += delta.json;
  // A delta that does not fit its block is dropped: the API never sends one, and a guess would corrupt history.
}

/**
 * Consecutive deltas to the same block, merged into one. The host batches a frame's worth of events before
 * posting them, so the webview gets one append per block per frame instead of one per token.
 */
export function coalesceEvents(events: readonly ConversationEvent[]): ConversationEvent[] {
  const out: ConversationEvent[] = [];
  for (const event of events) {
    const last = out[out.length - 1];
    if (
      last?.type === 'block/delta' &&
      event.type === 'block/delta' &&
      last.messageId === event.messageId &&
      last.index === event.index &&
      last.delta.type === event.delta.type
    ) {
      out[out.length - 1] = { ...last, delta: mergeDeltas(last.delta, event.delta) };
    } else {
      out.push(event);
    }
  }
  return out;
}

function mergeDeltas(a: BlockDelta, b: BlockDelta): BlockDelta {
  if (a.type === 'text' && b.type === 'text') return { type: 'text', text: a.text + b.text };
  if (a.type === 'thinking' && b.type === 'thinking') return { type: 'thinking', text: a.text + b.text };
  if (a.type === 'inputJson' && b.type === 'inputJson') return { type: 'inputJson', json: a.json + b.json };
  return b; // signatures replace
}

/** The children of `parentId` (null: first messages), oldest first. */
export function childrenOf(conversation: Conversation, parentId: string | null): ChatMessage[] {
  return conversation.messages.filter((m) => m.parentId === parentId);
}

/** The branch on screen: from the first message, each step the selected child (or the newest one). */
export function visiblePath(conversation: Conversation): ChatMessage[] {
  const byParent = new Map<string, ChatMessage[]>();
  for (const message of conversation.messages) {
    const key = message.parentId ?? ROOT;
    const siblings = byParent.get(key);
    if (siblings) siblings.push(message);
    else byParent.set(key, [message]);
  }
  const path: ChatMessage[] = [];
  let key = ROOT;
  for (;;) {
    const children = byParent.get(key);
    if (!children) return path;
    const chosen = children.find((m) => m.id === conversation.selected[key]) ?? children[children.length - 1];
    path.push(chosen);
    key = chosen.id;
  }
}

/** `messageId` and everything that follows it on any branch. */
export function descendantIds(conversation: Conversation, messageId: string): string[] {
  const result = [messageId];
  for (let i = 0; i < result.length; i++) {
    for (const message of conversation.messages) if (message.parentId === result[i]) result.push(message.id);
  }
  return result;
}

export function emptyConversation(id: string, defaults: { model: string; systemPrompt: string }, now: number): Conversation {
  return { id, title: '', titleSource: 'none', createdAt: now, updatedAt: now, pinned: false, model: defaults.model, systemPrompt: defaults.systemPrompt, messages: [], selected: {} };
}

export function messageText(message: ChatMessage): string {
  return message.blocks
    .filter((block): block is Extract<ChatBlock, { type: 'text' }> => block?.type === 'text')
    .map((block) => block.text)
    .join('');
}

export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
