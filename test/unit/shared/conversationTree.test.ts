import assert from 'node:assert/strict';
import type { ChatMessage, Conversation } from '../../../src/shared/conversation';
import { ancestry, childrenOf, descendantIds, lastQuestion, messagesInParentCycles, pairRemoval, questionOf, visiblePath } from '../../../src/shared/conversationTree';
import { applyConversationEvent } from '../../../src/shared/conversationReducer';
import { conversation } from '../../helpers/conversationFixtures';

function message(id: string, parentId: string | null, role: ChatMessage['role'] = 'user'): ChatMessage {
  return { id, parentId, role, blocks: [{ type: 'text', text: id }], status: 'complete', createdAt: 0 };
}

/** The host's turn of results for the calls `toolUseIds` of its parent. */
function results(id: string, parentId: string, ...toolUseIds: string[]): ChatMessage {
  return { id, parentId, role: 'user', blocks: toolUseIds.map((toolUseId) => ({ type: 'tool_result', toolUseId, content: 'ok', isError: false })), status: 'complete', createdAt: 0 };
}

/** An answer that called a tool (`callId`). */
function calling(id: string, parentId: string, callId: string): ChatMessage {
  return { ...message(id, parentId, 'assistant'), blocks: [{ type: 'tool_use', id: callId, name: 'read_file', inputJson: '{}' }], stopReason: 'tool_use' };
}

/**
 * p (earlier answer) → q → a1 (calls t1) → r1 (results) → a2 (calls t2) → r2 → a3 (final) → f (next question), with
 * branches off the loop: a regenerated a2 (a2old), an older answer to q (a0) with a question under it (g0).
 */
function toolLoop(): Conversation {
  const c = conversation(
    message('p0', null),
    message('p', 'p0', 'assistant'),
    message('q', 'p'),
    { ...message('a0', 'q', 'assistant') },
    message('g0', 'a0'),
    calling('a1', 'q', 't1'),
    results('r1', 'a1', 't1'),
    message('a2old', 'r1', 'assistant'),
    calling('a2', 'r1', 't2'),
    results('r2', 'a2', 't2'),
    message('a3', 'r2', 'assistant'),
    message('f', 'a3'),
  );
  c.selected = { q: 'a1', r1: 'a2' };
  return c;
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

  it('pairRemoval takes an answer’s whole tool loop up to the next question, whichever message of it is deleted', () => {
    const c = toolLoop();
    assert.deepEqual(ids(visiblePath(c)), ['p0', 'p', 'q', 'a1', 'r1', 'a2', 'r2', 'a3', 'f']);
    for (const target of ['q', 'a1', 'r1', 'a2', 'r2', 'a3']) {
      const removal = pairRemoval(c, target);
      assert.ok(removal, target);
      assert.deepEqual(removal.doomed.slice().sort(), ['a0', 'a1', 'a2', 'a2old', 'a3', 'g0', 'q', 'r1', 'r2'], target);
      assert.deepEqual(removal.followers, ['f'], target);
      assert.equal(removal.parentId, 'p', target);
    }
    // Applied as the session applies it: what followed moves up, and the path reads on without a gap.
    const { doomed, followers, parentId } = pairRemoval(c, 'a2')!;
    applyConversationEvent(c, { type: 'message/remove', messageIds: doomed, reparent: { childIds: followers, parentId } });
    assert.deepEqual(ids(visiblePath(c)), ['p0', 'p', 'f']);
    assert.deepEqual(ids(c.messages), ['p0', 'p', 'f']);
    assert.equal(questionOf(toolLoop(), 'r2')?.id, 'q');
    assert.equal(lastQuestion(visiblePath(toolLoop()).slice(0, 8))?.id, 'q', 'a tool-result turn is not the last question');
    // Without tools, as before; an answer without a question has no pair.
    const plain = conversation(message('q', null), message('a', 'q', 'assistant'), message('b', 'q', 'assistant'), message('f', 'b'));
    assert.deepEqual(pairRemoval(plain, 'b'), { doomed: ['q', 'a', 'b'], followers: ['f'], parentId: null });
    assert.equal(pairRemoval(conversation(message('lone', null, 'assistant')), 'lone'), undefined);
    assert.equal(pairRemoval(plain, 'missing'), undefined);
  });

  it('pairRemoval never moves a tool-result turn: one not on screen goes with the answer whose calls it answers', () => {
    const c = toolLoop();
    // The user wrote instead of approving a2's call: their reply is on screen, the round that ran is a branch.
    c.messages.push({ ...message('reply', 'a2'), blocks: [{ type: 'tool_result', toolUseId: 't2', content: 'not run', isError: true }, { type: 'text', text: 'Stop.' }] });
    c.selected.a2 = 'reply';
    const removal = pairRemoval(c, 'q');
    assert.ok(removal);
    assert.deepEqual(removal.followers, ['reply'], 'the user’s own turn stays');
    assert.ok(removal.doomed.includes('r2') && removal.doomed.includes('a3') && removal.doomed.includes('f'), 'the round off screen goes');
    for (const id of removal.followers) assert.notEqual(c.messages.find((m) => m.id === id)?.blocks.every((b) => b.type === 'tool_result'), true, id);
  });
});
