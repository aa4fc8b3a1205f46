import assert from 'node:assert/strict';
import { continuationMapper } from '../../../src/conversations/continuation';
import type { ChatMessage } from '../../../src/shared/conversation';

function answer(blocks: ChatMessage['blocks']): ChatMessage {
  return { id: 'a1', parentId: 'q1', role: 'assistant', blocks, status: 'complete', createdAt: 1 };
}

describe('continuationMapper', () => {
  it('joins continued text to the last text block, without the trailing space the prefill lost', () => {
    const map = continuationMapper(answer([{ type: 'text', text: 'The answer was cut ' }]));
    assert.deepEqual(map({ type: 'block/start', messageId: 'a1', index: 0, block: { type: 'text', text: ' off here' } }), {
      type: 'block/start',
      messageId: 'a1',
      index: 0,
      block: { type: 'text', text: 'The answer was cut off here' },
    });
    assert.deepEqual(map({ type: 'block/delta', messageId: 'a1', index: 1, delta: { type: 'text', text: 'x' } }), { type: 'block/delta', messageId: 'a1', index: 1, delta: { type: 'text', text: 'x' } });
  });

  it('puts a continuation that starts with another block after the existing blocks', () => {
    const map = continuationMapper(answer([{ type: 'thinking', thinking: 't', signature: 's' }, { type: 'text', text: 'a' }]));
    const started = map({ type: 'block/start', messageId: 'a1', index: 0, block: { type: 'tool_use', id: 't1', name: 'read', inputJson: '' } });
    assert.equal(started?.type === 'block/start' && started.index, 2);
  });

  it('leaves every other event as it is', () => {
    const map = continuationMapper(answer([{ type: 'text', text: 'a' }]));
    const end = { type: 'message/end', messageId: 'a1', status: 'complete' } as const;
    assert.equal(map(end), end);
  });
});
