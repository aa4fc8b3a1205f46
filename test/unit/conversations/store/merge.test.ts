import assert from 'node:assert/strict';
import { DeletionLedger } from '../../../../src/conversations/store/deletionLedger';
import { contentSize, mergeStoredConversations, preferredVersion, reconcileWithFile } from '../../../../src/conversations/store/merge';
import type { StoredConversation, StoredMessage } from '../../../../src/conversations/store/storedFormat';

function msg(id: string, parentId: string | null, text: string, createdAt: number, status: StoredMessage['status'] = 'complete'): StoredMessage {
  return { id, parentId, role: 'user', status, createdAt, content: [{ type: 'text', text }] };
}

function doc(overrides: Partial<StoredConversation> = {}): StoredConversation {
  return {
    schemaVersion: 1,
    revision: 1,
    id: 'c',
    title: 'T',
    titleSource: 'generated',
    createdAt: 0,
    updatedAt: 10,
    pinned: false,
    model: 'm',
    systemPrompt: '',
    selected: {},
    deleted: [],
    messages: [],
    ...overrides,
  };
}

const ids = (conversation: StoredConversation) => conversation.messages.map((message) => message.id);

describe('merging two copies of a conversation', () => {
  it('keeps the union of messages, in creation order', () => {
    const shared = msg('u1', null, 'q', 1);
    const ours = doc({ messages: [shared, msg('a-ours', 'u1', 'mine', 3)] });
    const theirs = doc({ revision: 5, messages: [shared, msg('a-theirs', 'u1', 'yours', 2)] });
    const merged = mergeStoredConversations(ours, theirs);
    assert.deepEqual(ids(merged), ['u1', 'a-theirs', 'a-ours']);
    assert.equal(merged.revision, 5);
  });

  it('prefers a finished copy over a streaming one, then the longer one, then ours', () => {
    const streamingLong = msg('a', null, 'a much longer partial answer', 1, 'streaming');
    const completeShort = msg('a', null, 'short', 1, 'complete');
    assert.equal(preferredVersion(streamingLong, completeShort), completeShort);
    assert.equal(preferredVersion(completeShort, streamingLong), completeShort);
    const partial = msg('a', null, 'part', 1, 'streaming');
    const more = msg('a', null, 'part and more', 1, 'streaming');
    assert.equal(preferredVersion(partial, more), more);
    assert.equal(preferredVersion(more, partial), more);
    const same = msg('a', null, 'part', 1, 'streaming');
    assert.equal(preferredVersion(partial, same), partial);
    const merged = mergeStoredConversations(doc({ messages: [streamingLong] }), doc({ messages: [completeShort] }));
    assert.equal(merged.messages[0], completeShort);
  });

  it('sizes a tool result by its content, like any other block, so the fuller copy of a turn wins', () => {
    const turn = (content: string): StoredMessage => ({ id: 't1', parentId: 'u1', role: 'user', status: 'complete', createdAt: 3, content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content }] });
    const fullText = '1\texport const a = 1;\n2\texport const b = 2;';
    const short = turn('12 lines');
    const full = turn(fullText);
    assert.equal(contentSize(full), fullText.length + 1, 'its content, and one for the block');
    assert.equal(preferredVersion(short, full), full);
    assert.equal(preferredVersion(full, short), full);
    const merged = mergeStoredConversations(doc({ messages: [msg('u1', null, 'q', 1), short] }), doc({ messages: [msg('u1', null, 'q', 1), full] }));
    assert.equal(merged.messages[1], full);
  });

  it('unions tombstones and drops tombstoned messages from both sides', () => {
    const ours = doc({ messages: [msg('u1', null, 'q', 1), msg('u2', 'u1', 'q2', 2)], deleted: ['x'] });
    const theirs = doc({ messages: [msg('u1', null, 'q', 1), msg('x', 'u1', 'gone', 3)], deleted: ['u2'] });
    const merged = mergeStoredConversations(ours, theirs);
    assert.deepEqual(ids(merged), ['u1']);
    assert.deepEqual([...merged.deleted].sort(), ['u2', 'x']);
  });

  it('re-attaches a message whose parent the other side deleted to the nearest surviving ancestor', () => {
    // They deleted a2 (and its question u2); meanwhile we answered a follow-up under a2.
    const base = [msg('u1', null, 'q1', 1), msg('a1', 'u1', 'a1', 2), msg('u2', 'a1', 'q2', 3), msg('a2', 'u2', 'a2', 4)];
    const ours = doc({ messages: [...base, msg('u3', 'a2', 'q3', 5)], selected: { a2: 'u3' } });
    const theirs = doc({ messages: base.slice(0, 2), deleted: ['u2', 'a2'] });
    const merged = mergeStoredConversations(ours, theirs);
    assert.deepEqual(ids(merged), ['u1', 'a1', 'u3']);
    assert.equal(merged.messages[2].parentId, 'a1');
    assert.deepEqual(merged.selected, {}, 'a choice under a deleted parent goes');
  });

  it('overlays our branch choices on theirs where our choice still exists', () => {
    const messages = [msg('u1', null, 'q', 1), msg('a1', 'u1', 'x', 2), msg('a2', 'u1', 'y', 3), msg('u9', null, 'other root', 4)];
    const ours = doc({ messages, selected: { u1: 'a1', '': 'ghost' }, deleted: [] });
    const theirs = doc({ messages, selected: { u1: 'a2', '': 'u9' } });
    const merged = mergeStoredConversations(ours, theirs);
    assert.deepEqual(merged.selected, { u1: 'a1', '': 'u9' });
  });

  it('takes title, pin, model and system prompt from the side updated later', () => {
    const ours = doc({ updatedAt: 20, title: 'Ours', pinned: true, model: 'm-ours', systemPrompt: 'ours' });
    const theirs = doc({ updatedAt: 30, title: 'Theirs', pinned: false, model: 'm-theirs', systemPrompt: 'theirs', createdAt: -5 });
    const merged = mergeStoredConversations(ours, theirs);
    assert.deepEqual([merged.title, merged.pinned, merged.model, merged.systemPrompt], ['Theirs', false, 'm-theirs', 'theirs']);
    assert.equal(merged.updatedAt, 30);
    assert.equal(merged.createdAt, -5);
    const reversed = mergeStoredConversations({ ...ours, updatedAt: 40 }, theirs);
    assert.deepEqual([reversed.title, reversed.pinned, reversed.model], ['Ours', true, 'm-ours']);
  });

  it('never replaces a title the user typed with a generated one, whichever side is later', () => {
    const user = doc({ updatedAt: 10, title: 'Mine', titleSource: 'user' });
    const generated = doc({ updatedAt: 50, title: 'Generated', titleSource: 'generated', pinned: true });
    for (const [a, b] of [
      [user, generated],
      [generated, user],
    ]) {
      const merged = mergeStoredConversations(a, b);
      assert.deepEqual([merged.title, merged.titleSource], ['Mine', 'user']);
      assert.equal(merged.pinned, true, 'the rest of the meta still comes from the later side');
    }
    const laterUser = mergeStoredConversations(doc({ updatedAt: 60, title: 'Renamed again', titleSource: 'user' }), user);
    assert.equal(laterUser.title, 'Renamed again');
  });

  it('merges title, pin, model and prompt field by field, each from the side that changed it later', () => {
    const ours = doc({ updatedAt: 90, title: 'Ours', titleSource: 'user', model: 'm-ours', metaChangedAt: { title: 20, model: 80 } });
    const theirs = doc({ updatedAt: 50, title: 'Theirs', titleSource: 'user', pinned: true, model: 'm-theirs', metaChangedAt: { title: 40, pinned: 50 } });
    const merged = mergeStoredConversations(ours, theirs);
    assert.deepEqual([merged.title, merged.pinned, merged.model], ['Theirs', true, 'm-ours'], 'the rename and the pin from theirs, the model from ours');
    assert.deepEqual(merged.metaChangedAt, { title: 40, pinned: 50, model: 80 });
  });

  it('reconciles our copy with the file: later fields and another window’s streaming answer come from the file', () => {
    const answer = (text: string, streamOwner: string): StoredMessage => ({ ...msg('a', null, text, 1, 'streaming'), streamOwner });
    const ours = doc({ title: 'Old', messages: [answer('Pa', 'winA')], metaChangedAt: { title: 1 } });
    const file = doc({ title: 'Renamed', titleSource: 'user', messages: [answer('Part and more', 'winA')], deleted: ['x'], metaChangedAt: { title: 5 } });
    const inB = reconcileWithFile(ours, file, 'winB');
    assert.deepEqual([inB.title, inB.messages[0], inB.deleted], ['Renamed', file.messages[0], ['x']]);
    const inA = reconcileWithFile(ours, file, 'winA');
    assert.equal(inA.messages[0], ours.messages[0], 'the owner keeps its own copy');
  });

  it('keeps the streaming window’s copy of its answer, whatever the other side holds', () => {
    const mine = { ...msg('a', null, 'Pa', 1, 'streaming'), streamOwner: 'winA' };
    const settled = { ...msg('a', null, 'Pa', 1, 'failed') };
    const longer = { ...msg('a', null, 'Part and more', 1, 'streaming'), streamOwner: 'winA' };
    assert.equal(preferredVersion(mine, settled, 'winA'), mine, 'the owner over a copy read as interrupted');
    assert.equal(preferredVersion(mine, longer, 'winB'), longer, 'another window takes the file’s copy');
    assert.equal(preferredVersion(mine, settled, 'winB'), settled);
  });

  it('is deterministic and keeps everything when both sides are equal', () => {
    const messages = [msg('u1', null, 'q', 1), msg('a1', 'u1', 'x', 2)];
    const merged = mergeStoredConversations(doc({ messages, selected: { '': 'u1' } }), doc({ messages, selected: { '': 'u1' } }));
    assert.deepEqual(ids(merged), ['u1', 'a1']);
    assert.deepEqual(merged.selected, { '': 'u1' });
  });
});

describe('deletion ledger', () => {
  const set = (...values: string[]) => new Set(values);

  it('knows nothing about a conversation it never saw', () => {
    assert.deepEqual(new DeletionLedger().deletedIn('c', set('a')), []);
  });

  it('treats ids the caller saved and no longer has as deleted', () => {
    const ledger = new DeletionLedger();
    ledger.saved('c', set('a', 'b'), ['a', 'b']);
    assert.deepEqual(ledger.deletedIn('c', set('a')), ['b']);
  });

  it('treats a loaded conversation as taken once the caller saves any of its messages', () => {
    const ledger = new DeletionLedger();
    ledger.offered('c', ['a', 'b', 'c']);
    assert.deepEqual(ledger.deletedIn('c', set('a', 'c', 'new')), ['b']);
  });

  it('does not count messages from an offer the caller never took in as deleted', () => {
    const ledger = new DeletionLedger();
    ledger.saved('c', set('a'), ['a', 'theirs1', 'theirs2']); // the save merged in another window's messages
    assert.deepEqual(ledger.deletedIn('c', set('a', 'mine')), [], 'not adopted: keep theirs');
    assert.deepEqual(ledger.deletedIn('c', set('a', 'theirs1')), ['theirs2'], 'adopted, then one deleted');
  });

  it('judges a later load by what it introduced', () => {
    const ledger = new DeletionLedger();
    ledger.offered('c', ['a', 'b']);
    ledger.offered('c', ['a', 'b', 'x']); // another window added x; this caller ignored the reload
    assert.deepEqual(ledger.deletedIn('c', set('a', 'b', 'mine')), []);
  });

  it('forgets', () => {
    const ledger = new DeletionLedger();
    ledger.saved('c', set('a'), ['a']);
    ledger.forget('c');
    assert.deepEqual(ledger.deletedIn('c', set()), []);
  });
});
