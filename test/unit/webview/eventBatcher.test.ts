import assert from 'node:assert/strict';
import { emptyConversation, messageText } from '../../../src/shared/conversation';
import { applyConversationEvent, type ConversationEvent } from '../../../src/shared/conversationReducer';
import type { HostToWebview } from '../../../src/shared/protocol';
import { EventBatcher, type Timer } from '../../../src/webview/eventBatcher';

/** A timer the test fires by hand. */
function manualTimer(): { timer: Timer; fire(): void } {
  let pending: (() => void) | undefined;
  return {
    timer: (callback) => {
      pending = callback;
      return { cancel: () => (pending = undefined) };
    },
    fire: () => {
      const callback = pending;
      pending = undefined;
      callback?.();
    },
  };
}

/** Applies posted messages the way the webview does (transcript.ts): stream/text goes to the block that started last. */
function receiver() {
  const conversation = emptyConversation('c', { model: 'm', systemPrompt: '' }, 0);
  let target: { messageId: string; index: number } | undefined;
  const apply = (events: ConversationEvent[]) => {
    for (const event of events) {
      if (event.type === 'block/start') target = { messageId: event.messageId, index: event.index };
      else if (event.type !== 'block/delta') target = undefined;
      applyConversationEvent(conversation, event);
    }
  };
  return {
    conversation,
    receive(message: HostToWebview) {
      if (message.type === 'conversation/events') apply(message.events);
      else if (message.type === 'stream/text' && target) apply([{ type: 'block/delta', messageId: target.messageId, index: target.index, delta: { type: 'text', text: message.text } }]);
    },
  };
}

const start: ConversationEvent[] = [
  { type: 'message/append', message: { id: 'a', parentId: null, role: 'assistant', blocks: [], status: 'streaming', createdAt: 0 } },
  { type: 'block/start', messageId: 'a', index: 0, block: { type: 'text', text: '' } },
];
const delta = (text: string, index = 0): ConversationEvent => ({ type: 'block/delta', messageId: 'a', index, delta: { type: 'text', text } });

describe('EventBatcher', () => {
  it('posts nothing until the interval ends, then one merged batch', () => {
    const posted: HostToWebview[] = [];
    const clock = manualTimer();
    const batcher = new EventBatcher((m) => posted.push(m), clock.timer);
    batcher.push('c', start);
    batcher.push('c', [delta('Hel'), delta('lo')]);
    assert.equal(posted.length, 0);
    clock.fire();
    assert.deepEqual(posted, [
      { type: 'conversation/events', conversationId: 'c', events: start },
      { type: 'stream/text', text: 'Hello' },
    ]);
  });

  it('sends text for the streaming block bare, and everything the view needs to rebuild the same answer', () => {
    const posted: HostToWebview[] = [];
    const clock = manualTimer();
    const batcher = new EventBatcher((m) => posted.push(m), clock.timer);
    const view = receiver();
    const pieces = Array.from({ length: 200 }, (_, i) => `word${i} `);
    batcher.push('c', start);
    pieces.forEach((piece, i) => {
      batcher.push('c', [delta(piece)]);
      if (i % 3 === 0) clock.fire();
    });
    batcher.push('c', [{ type: 'block/start', messageId: 'a', index: 1, block: { type: 'text', text: '' } }, delta('second block', 1), { type: 'message/end', messageId: 'a', status: 'complete' }]);
    clock.fire();
    posted.forEach((message) => view.receive(message));
    assert.equal(messageText(view.conversation.messages[0]), pieces.join('') + 'second block');
    assert.equal(view.conversation.messages[0].status, 'complete');
    // Every delta of the streaming block went out as bare text; full events only where a block started or ended.
    const full = posted.filter((message) => message.type === 'conversation/events');
    assert.equal(full.length, 3, 'the start, the second block’s start, and the end');
    const deltasInFullEvents = full.flatMap((message) => (message.type === 'conversation/events' ? message.events : [])).filter((event) => event.type === 'block/delta');
    assert.deepEqual(deltasInFullEvents, [], 'no text travelled with ids');
  });

  it('holds a little streaming text until enough has gathered or 100 ms have passed', () => {
    const posted: HostToWebview[] = [];
    const clock = manualTimer();
    let now = 0;
    const batcher = new EventBatcher((m) => posted.push(m), clock.timer, 32, () => now);
    batcher.push('c', start);
    clock.fire(); // the start goes out at once: it is not text
    posted.length = 0;
    batcher.push('c', [delta('short')]);
    now = 32;
    clock.fire();
    assert.equal(posted.length, 0, 'five characters wait for more');
    batcher.push('c', [delta(' text')]);
    now = 100;
    clock.fire();
    assert.deepEqual(posted, [{ type: 'stream/text', text: 'short text' }], 'but never longer than 100 ms');
    posted.length = 0;
    now = 200;
    batcher.push('c', [delta('x'.repeat(120))]);
    now = 232;
    clock.fire();
    assert.equal(posted.length, 1, 'enough text goes at the first tick');
    batcher.push('c', [delta('y'), { type: 'message/end', messageId: 'a', status: 'complete' }]);
    now = 264;
    clock.fire();
    assert.deepEqual(posted.slice(1).map((m) => m.type), ['stream/text', 'conversation/events'], 'an ending is never held');
  });

  it('always moves on, even with a clock whose times are fractional', () => {
    const posted: HostToWebview[] = [];
    let now = 0;
    let armed: { at: number; callback: () => void } | undefined;
    const timer: Timer = (callback, ms) => {
      armed = { at: now + ms, callback };
      return { cancel: () => (armed = undefined) };
    };
    const batcher = new EventBatcher((m) => posted.push(m), timer, 32, () => now);
    batcher.push('c', start);
    batcher.flush();
    batcher.push('c', [delta('a')]);
    now = 99.99999999999999; // the remaining hold is below this clock's precision
    let rounds = 0;
    while (armed && rounds++ < 1000) {
      const due = armed;
      armed = undefined;
      now = Math.max(now, due.at);
      due.callback();
    }
    assert.ok(rounds < 10, `settled after ${rounds} timer rounds`);
    assert.deepEqual(posted.at(-1), { type: 'stream/text', text: 'a' });
  });

  it('after a reset (the view rebuilt from full state) sends full events until a block starts again', () => {
    const posted: HostToWebview[] = [];
    const clock = manualTimer();
    const batcher = new EventBatcher((m) => posted.push(m), clock.timer);
    batcher.push('c', start);
    clock.fire();
    batcher.reset();
    posted.length = 0;
    batcher.push('c', [delta('x')]);
    clock.fire();
    assert.equal(posted[0].type, 'conversation/events', 'the view knows no streaming block after a rebuild');
  });

  it('never posts bare text across conversations', () => {
    const posted: HostToWebview[] = [];
    const clock = manualTimer();
    const batcher = new EventBatcher((m) => posted.push(m), clock.timer);
    batcher.push('c', start);
    batcher.push('other', [delta('x')]);
    clock.fire();
    assert.deepEqual(posted.map((m) => m.type), ['conversation/events', 'conversation/events']);
  });
});
