import assert from 'node:assert/strict';
import type { ChatMessage, Conversation } from '../../../src/shared/conversation';
import { ancestry, childrenOf, descendantIds, messagesInParentCycles, pairRemoval, visiblePath } from '../../../src/shared/conversationTree';
import { conversation } from '../../helpers/conversationFixtures';

function message(id: string, parentId: string | null, role: ChatMessage['role'] = 'user'): ChatMessage {
  return { id, parentId, role, blocks: [{ type: 'text', text: id }], status: 'complete', createdAt: 0 };
}

const ids = (messages: readonly { id: string }[]) => messages.map((m) => m.id);

/**
 * A conversation with every kind of loop a damaged file or a bug could give it: a rooted branch (q1 -> a1), a
 * two-message cycle (x <-> y) with a child hanging off it (z), a self-parent (s), and a duplicated id (a1 again,
 * under itself) that makes the rooted branch point back into itself.
 */
function tangled(): Conversation {
  return conversation(message('q1', null), message('a1', 'q1', 'assistant'), message('x', 'y'), message('y', 'x', 'assistant'), message('z', 'y'), message('s', 's'), message('a1', 'a1', 'assistant'));
}

describe('conversation tree queries', () => {
  it('follow the selection down the visible branch', () => {
    const c = conversation(message('q', null), message('a1', 'q', 'assistant'), message('a2', 'q', 'assistant'), message('f', 'a1'));
    assert.deepEqual(ids(visiblePath(c)), ['q', 'a2'], 'the newest child by default');
    c.selected.q = 'a1';
    assert.deepEqual(ids(visiblePath(c)), ['q', 'a1', 'f']);
    assert.deepEqual(ids(ancestry(c, 'f')), ['q', 'a1', 'f']);
    assert.deepEqual(descendantIds(c, 'q').sort(), ['a1', 'a2', 'f', 'q']);
    assert.deepEqual(ids(childrenOf(c, 'q')), ['a1', 'a2']);
  });

  it('find the messages in parent cycles, and only those', () => {
    assert.deepEqual(messagesInParentCycles(tangled().messages.slice(0, 6)).sort(), ['s', 'x', 'y', 'z']);
    assert.deepEqual(messagesInParentCycles([message('a', 'missing'), message('b', 'a')]), [], 'a dangling parent is no cycle');
  });

  it('every walk ends on a conversation whose parent links loop', () => {
    const c = tangled();
    // Each call returning at all is the point; what they return is checked so the walks are not vacuous.
    assert.deepEqual(ids(visiblePath(c)), ['q1', 'a1'], 'the path stops where it would revisit a message');
    c.selected.q1 = 'a1';
    assert.deepEqual(ids(visiblePath(c)), ['q1', 'a1']);
    assert.deepEqual(ids(ancestry(c, 'x')), ['y', 'x']);
    assert.deepEqual(ids(ancestry(c, 'z')), ['x', 'y', 'z']);
    assert.deepEqual(ids(ancestry(c, 's')), ['s']);
    assert.deepEqual(descendantIds(c, 'x').sort(), ['x', 'y', 'z']);
    assert.deepEqual(descendantIds(c, 's'), ['s']);
    assert.deepEqual(descendantIds(c, 'q1').sort(), ['a1', 'q1']);
    assert.ok(pairRemoval(c, 'x'));
  });
});
