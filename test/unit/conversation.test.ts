import assert from 'node:assert/strict';
import { applyConversationEvent, coalesceEvents, messageText, type ChatMessage, type Conversation, type ConversationEvent } from '../../src/shared/conversation';

function assistant(id: string): ChatMessage {
  return { id, role: 'assistant', blocks: [], status: 'streaming', createdAt: 0 };
}

describe('conversation reducer', () => {
  it('builds an answer from block starts and deltas, in order', () => {
    const conversation: Conversation = { id: 'c', messages: [] };
    const events: ConversationEvent[] = [
      { type: 'message/append', message: assistant('a') },
      { type: 'block/start', messageId: 'a', index: 0, block: { type: 'thinking', thinking: '', signature: '' } },
      { type: 'block/delta', messageId: 'a', index: 0, delta: { type: 'thinking', text: 'hm' } },
      { type: 'block/delta', messageId: 'a', index: 0, delta: { type: 'signature', signature: 'sig' } },
      { type: 'block/start', messageId: 'a', index: 1, block: { type: 'text', text: '' } },
      { type: 'block/delta', messageId: 'a', index: 1, delta: { type: 'text', text: 'Hel' } },
      { type: 'block/delta', messageId: 'a', index: 1, delta: { type: 'text', text: 'lo' } },
      { type: 'message/end', messageId: 'a', status: 'complete', stopReason: 'end_turn' },
    ];
    for (const event of events) applyConversationEvent(conversation, event);
    const message = conversation.messages[0];
    assert.equal(messageText(message), 'Hello');
    assert.deepEqual(message.blocks[0], { type: 'thinking', thinking: 'hm', signature: 'sig' });
    assert.equal(message.status, 'complete');
    assert.equal(message.stopReason, 'end_turn');
  });

  it('ignores deltas that arrive after the answer ended or for unknown messages', () => {
    const conversation: Conversation = { id: 'c', messages: [] };
    applyConversationEvent(conversation, { type: 'message/append', message: assistant('a') });
    applyConversationEvent(conversation, { type: 'block/start', messageId: 'a', index: 0, block: { type: 'text', text: 'kept' } });
    applyConversationEvent(conversation, { type: 'message/end', messageId: 'a', status: 'stopped' });
    const late = applyConversationEvent(conversation, { type: 'block/delta', messageId: 'a', index: 0, delta: { type: 'text', text: ' late' } });
    const unknown = applyConversationEvent(conversation, { type: 'block/delta', messageId: 'zzz', index: 0, delta: { type: 'text', text: 'x' } });
    assert.equal(late, undefined);
    assert.equal(unknown, undefined);
    assert.equal(messageText(conversation.messages[0]), 'kept');
  });

  it('drops a delta whose type does not fit its block instead of corrupting it', () => {
    const conversation: Conversation = { id: 'c', messages: [assistant('a')] };
    applyConversationEvent(conversation, { type: 'block/start', messageId: 'a', index: 0, block: { type: 'text', text: 'x' } });
    applyConversationEvent(conversation, { type: 'block/delta', messageId: 'a', index: 0, delta: { type: 'inputJson', json: '{' } });
    assert.deepEqual(conversation.messages[0].blocks[0], { type: 'text', text: 'x' });
  });

  it('keeps the partial answer and the error when a message fails', () => {
    const conversation: Conversation = { id: 'c', messages: [assistant('a')] };
    applyConversationEvent(conversation, { type: 'block/start', messageId: 'a', index: 0, block: { type: 'text', text: 'partial' } });
    applyConversationEvent(conversation, {
      type: 'message/end',
      messageId: 'a',
      status: 'failed',
      error: { kind: 'overloaded', title: 't', detail: 'd', actions: ['retry'] },
    });
    assert.equal(messageText(conversation.messages[0]), 'partial');
    assert.equal(conversation.messages[0].error?.kind, 'overloaded');
  });

  it('never lets later deltas change an event that was already applied (events may still be queued for the view)', () => {
    const conversation: Conversation = { id: 'c', messages: [] };
    const append: ConversationEvent = { type: 'message/append', message: assistant('a') };
    const start: ConversationEvent = { type: 'block/start', messageId: 'a', index: 0, block: { type: 'text', text: '' } };
    applyConversationEvent(conversation, append);
    applyConversationEvent(conversation, start);
    applyConversationEvent(conversation, { type: 'block/delta', messageId: 'a', index: 0, delta: { type: 'text', text: 'Hello' } });
    assert.deepEqual(start.block, { type: 'text', text: '' });
    assert.deepEqual(append.message.blocks, []);
    assert.equal(messageText(conversation.messages[0]), 'Hello');
  });

  it('removes a message', () => {
    const conversation: Conversation = { id: 'c', messages: [assistant('a'), assistant('b')] };
    applyConversationEvent(conversation, { type: 'message/remove', messageId: 'a' });
    assert.deepEqual(conversation.messages.map((m) => m.id), ['b']);
  });
});

describe('coalesceEvents', () => {
  it('merges consecutive deltas to the same block and keeps everything else in order', () => {
    const events: ConversationEvent[] = [
      { type: 'block/delta', messageId: 'a', index: 0, delta: { type: 'text', text: 'a' } },
      { type: 'block/delta', messageId: 'a', index: 0, delta: { type: 'text', text: 'b' } },
      { type: 'block/start', messageId: 'a', index: 1, block: { type: 'text', text: '' } },
      { type: 'block/delta', messageId: 'a', index: 1, delta: { type: 'text', text: 'c' } },
      { type: 'block/delta', messageId: 'a', index: 0, delta: { type: 'text', text: 'd' } },
    ];
    const merged = coalesceEvents(events);
    assert.equal(merged.length, 4);
    assert.deepEqual(merged[0], { type: 'block/delta', messageId: 'a', index: 0, delta: { type: 'text', text: 'ab' } });
    assert.deepEqual(merged[3], { type: 'block/delta', messageId: 'a', index: 0, delta: { type: 'text', text: 'd' } });
  });

  it('applying coalesced events gives the same result as applying them one by one', () => {
    const pieces = Array.from({ length: 500 }, (_, i) => `t${i} `);
    const events: ConversationEvent[] = [
      { type: 'message/append', message: assistant('a') },
      { type: 'block/start', messageId: 'a', index: 0, block: { type: 'text', text: '' } },
      ...pieces.map((text): ConversationEvent => ({ type: 'block/delta', messageId: 'a', index: 0, delta: { type: 'text', text } })),
    ];
    const one: Conversation = { id: 'c', messages: [] };
    const two: Conversation = { id: 'c', messages: [] };
    events.forEach((event) => applyConversationEvent(one, structuredClone(event)));
    coalesceEvents(structuredClone(events)).forEach((event) => applyConversationEvent(two, event));
    assert.equal(messageText(two.messages[0]), pieces.join(''));
    assert.deepEqual(two, one);
  });
});
