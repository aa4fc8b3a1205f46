import assert from 'node:assert/strict';
import { messageText, type ChatMessage, type Conversation } from '../../../src/shared/conversation';
import { applyConversationEvent, coalesceEvents, type ConversationEvent } from '../../../src/shared/conversationReducer';
import { descendantIds, visiblePath } from '../../../src/shared/conversationTree';
import { assistantMessage, conversation as makeConversation, userMessage } from '../../helpers/conversationFixtures';

function assistant(id: string): ChatMessage {
  return { id, parentId: null, role: 'assistant', blocks: [], status: 'streaming', createdAt: 0 };
}

describe('conversation reducer', () => {
  it('builds an answer from block starts and deltas, in order', () => {
    const conversation: Conversation = makeConversation();
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
    const conversation: Conversation = makeConversation();
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
    const conversation: Conversation = makeConversation(assistant('a'));
    applyConversationEvent(conversation, { type: 'block/start', messageId: 'a', index: 0, block: { type: 'text', text: 'x' } });
    applyConversationEvent(conversation, { type: 'block/delta', messageId: 'a', index: 0, delta: { type: 'inputJson', json: '{' } });
    assert.deepEqual(conversation.messages[0].blocks[0], { type: 'text', text: 'x' });
  });

  it('keeps the partial answer and the error when a message fails', () => {
    const conversation: Conversation = makeConversation(assistant('a'));
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
    const conversation: Conversation = makeConversation();
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
    const conversation: Conversation = makeConversation(assistant('a'), assistant('b'));
    applyConversationEvent(conversation, { type: 'message/remove', messageIds: ['a'] });
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
    const one: Conversation = makeConversation();
    const two: Conversation = makeConversation();
    events.forEach((event) => applyConversationEvent(one, structuredClone(event)));
    coalesceEvents(structuredClone(events)).forEach((event) => applyConversationEvent(two, event));
    assert.equal(messageText(two.messages[0]), pieces.join(''));
    assert.deepEqual(two, one);
  });
});

describe('branches', () => {
  // q1 → a1 → q2 → a2, then q2 edited (q2b → a2b), then a2b regenerated (a2c)
  function branched(): Conversation {
    const c = makeConversation();
    const events: ConversationEvent[] = [
      { type: 'message/append', message: userMessage('q1', null, 'q1') },
      { type: 'message/append', message: assistantMessage('a1', 'q1', 'a1') },
      { type: 'message/append', message: userMessage('q2', 'a1', 'q2') },
      { type: 'message/append', message: assistantMessage('a2', 'q2', 'a2') },
      { type: 'message/append', message: userMessage('q2b', 'a1', 'q2b') },
      { type: 'message/append', message: assistantMessage('a2b', 'q2b', 'a2b') },
      { type: 'message/append', message: assistantMessage('a2c', 'q2b', 'a2c') },
    ];
    events.forEach((event) => applyConversationEvent(c, event));
    return c;
  }
  const ids = (c: Conversation) => visiblePath(c).map((m) => m.id);

  it('shows the newest branch after an edit and a regenerate', () => {
    assert.deepEqual(ids(branched()), ['q1', 'a1', 'q2b', 'a2c']);
  });

  it('switches branches and follows each branch’s own selection', () => {
    const c = branched();
    applyConversationEvent(c, { type: 'branch/select', parentId: 'a1', childId: 'q2' });
    assert.deepEqual(ids(c), ['q1', 'a1', 'q2', 'a2']);
    applyConversationEvent(c, { type: 'branch/select', parentId: 'q2b', childId: 'a2b' });
    applyConversationEvent(c, { type: 'branch/select', parentId: 'a1', childId: 'q2b' });
    assert.deepEqual(ids(c), ['q1', 'a1', 'q2b', 'a2b']);
  });

  it('refuses to select a child under the wrong parent', () => {
    const c = branched();
    assert.equal(applyConversationEvent(c, { type: 'branch/select', parentId: 'q1', childId: 'a2' }), undefined);
    assert.deepEqual(ids(c), ['q1', 'a1', 'q2b', 'a2c']);
  });

  it('lists descendants across branches', () => {
    assert.deepEqual(descendantIds(branched(), 'a1').sort(), ['a1', 'a2', 'a2b', 'a2c', 'q2', 'q2b'].sort());
  });

  it('removes a pair and moves what followed up to its parent', () => {
    const c = branched();
    applyConversationEvent(c, { type: 'branch/select', parentId: 'a1', childId: 'q2' });
    // delete q1/a1: q2 and q2b move up to be first messages
    applyConversationEvent(c, { type: 'message/remove', messageIds: ['q1', 'a1'], reparent: { childIds: ['q2', 'q2b'], parentId: null } });
    assert.deepEqual(ids(c), ['q2', 'a2']);
    assert.equal(c.messages.find((m) => m.id === 'q2b')?.parentId, null);
  });

  it('resumes a finished answer for Continue', () => {
    const c = makeConversation(assistantMessage('partial', null, 'x'));
    c.messages[0].stopReason = 'max_tokens';
    applyConversationEvent(c, { type: 'message/resume', messageId: 'x' });
    assert.equal(c.messages[0].status, 'streaming');
    assert.equal(c.messages[0].stopReason, null);
  });

  it('updates the meta and the updatedAt time', () => {
    const c = makeConversation();
    applyConversationEvent(c, { type: 'conversation/meta', patch: { title: 'Renamed', titleSource: 'user', pinned: true }, at: 42 });
    assert.equal(c.title, 'Renamed');
    assert.equal(c.pinned, true);
    assert.equal(c.updatedAt, 42);
  });
});
