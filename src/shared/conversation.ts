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
  /** A block type this version does not know: shown as a labelled placeholder, never sent back. */
  | { type: 'unknown'; originalType: string };

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
  role: Role;
  blocks: ChatBlock[];
  status: MessageStatus;
  createdAt: number;
  /** The API's stop_reason, for complete assistant messages. */
  stopReason?: string | null;
  error?: ChatError;
  usage?: Usage;
  model?: string;
}

export interface Conversation {
  id: string;
  messages: ChatMessage[];
}

export type BlockDelta =
  | { type: 'text'; text: string }
  | { type: 'thinking'; text: string }
  | { type: 'signature'; signature: string }
  | { type: 'inputJson'; json: string };

export type ConversationEvent =
  | { type: 'message/append'; message: ChatMessage }
  | { type: 'message/remove'; messageId: string }
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
      return message;
    }
    case 'message/remove': {
      const index = conversation.messages.findIndex((m) => m.id === event.messageId);
      if (index < 0) return undefined;
      return conversation.messages.splice(index, 1)[0];
    }
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

export function messageText(message: ChatMessage): string {
  return message.blocks
    .filter((block): block is Extract<ChatBlock, { type: 'text' }> => block?.type === 'text')
    .map((block) => block.text)
    .join('');
}

export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
