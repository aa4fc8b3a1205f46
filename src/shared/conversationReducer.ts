import type { ChatBlock, ChatMessage, Conversation, MessageStatus, MetaPatch, Refusal, Usage } from './conversation';
import { assertNever, metaFieldOf, ROOT } from './conversation';
import type { ChatError } from './chatError';
import { findMessage } from './conversationTree';

/**
 * The reducer that applies stream and edit events to a conversation. The host applies each event to its own copy
 * and forwards the same event to the webview, which applies it to its copy: both sides run this one function, so
 * they cannot disagree about what a delta means.
 */

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
  /**
   * Sets (or, with null, clears) why a finished answer's tool loop stopped early: the round limit. The answer itself
   * stays as it is.
   */
  | { type: 'message/toolsHalted'; messageId: string; error: ChatError | null }
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
      /** The API's message id and the stop sequence that ended the answer. */
      responseId?: string;
      stopSequence?: string | null;
      /** A continued answer: each request's usage (`usage` is their sum). */
      usageParts?: Usage[];
    };

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
    case 'message/toolsHalted': {
      const message = findMessage(conversation, event.messageId);
      if (!message || message.status === 'streaming') return undefined;
      if (event.error) message.error = { ...event.error, actions: [...event.error.actions] };
      else delete message.error;
      return message;
    }
    case 'branch/select': {
      const child = findMessage(conversation, event.childId);
      if (!child || child.parentId !== event.parentId) return undefined;
      conversation.selected[event.parentId ?? ROOT] = child.id;
      return child;
    }
    case 'conversation/meta': {
      Object.assign(conversation, event.patch);
      conversation.updatedAt = Math.max(conversation.updatedAt, event.at);
      const changedAt = { ...conversation.metaChangedAt };
      for (const key of Object.keys(event.patch) as (keyof MetaPatch)[]) changedAt[metaFieldOf(key)] = event.at;
      conversation.metaChangedAt = changedAt;
      return undefined;
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
      if (event.refusal) message.refusal = event.refusal;
      if (event.responseId) message.responseId = event.responseId;
      if (event.usageParts) message.usageParts = event.usageParts.map((part) => ({ ...part }));
      if (event.stopSequence !== undefined) message.stopSequence = event.stopSequence;
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

