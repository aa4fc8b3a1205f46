import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConversationStore, type LoadedConversation } from '../../../../src/conversations/store/conversationStore';
import { STALE_MS, withFileLock, type FileLocker } from '../../../../src/conversations/store/fileLock';
import { emptyConversation, messageText, type ChatMessage, type Conversation, type MetaPatch } from '../../../../src/shared/conversation';
import { applyConversationEvent } from '../../../../src/shared/conversationReducer';

const WORKER = path.join(__dirname, '..', '..', '..', 'helpers', 'storeWorker.js');
const OPS_PER_WRITER = 250;

function message(id: string, parentId: string | null, text = id, createdAt = Date.now()): ChatMessage {
  return { id, parentId, role: 'user', blocks: [{ type: 'text', text }], status: 'complete', createdAt };
}

function startConversation(id = 'c1'): Conversation {
  const conversation = emptyConversation(id, { model: 'claude-test', systemPrompt: '' }, 1);
  conversation.messages.push(message('u1', null, 'first', 1), message('a1', 'u1', 'answer', 2));
  return conversation;
}

async function loadOk(store: ConversationStore, id = 'c1'): Promise<LoadedConversation> {
  const loaded = await store.load(id);
  assert.ok(loaded && 'conversation' in loaded, `could not load ${id}`);
  return loaded;
}

const ids = (conversation: Conversation) => conversation.messages.map((m) => m.id);

/** A change to title, pin, model or prompt, made at `at` the way the session makes it. */
function changeMeta(conversation: Conversation, patch: MetaPatch, at: number): void {
  applyConversationEvent(conversation, { type: 'conversation/meta', patch, at });
}

/**
 * The real lock, with `interlude` run once at the moment a save checks that it still holds it (before: just before
 * that check; after: just after it passed, so between the check and the rename).
 */
function lockWithInterlude(when: 'before' | 'after', interlude: () => Promise<void>): FileLocker {
  let pending: (() => Promise<void>) | undefined = interlude;
  const runOnce = async () => {
    const run = pending;
    pending = undefined;
    await run?.();
  };
  return (file, action) =>
    withFileLock(file, (lock) =>
      action({
        assertHeld: async () => {
          if (when === 'before') await runOnce();
          await lock.assertHeld();
          if (when === 'after') await runOnce();
        },
        assertNotTakenOver: () => lock.assertNotTakenOver(),
      }),
    );
}

/** What a host paused past the stale time leaves on disk: a lock folder nobody refreshed. */
function stall(dir: string, id = 'c1'): void {
  const then = (Date.now() - STALE_MS - 1000) / 1000;
  fs.utimesSync(path.join(dir, 'conversations', `${id}.json.lock`), then, then);
}

describe('conversation store: two windows writing one conversation', function () {
  this.timeout(120_000);
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-store-2w-'));
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it(`two processes doing ${OPS_PER_WRITER} load-append-save rounds each lose no message`, async () => {
    const run = (tag: string): { child: ChildProcess; ready: Promise<void>; done: Promise<{ code: number | null; out: string; err: string }> } => {
      const child = spawn(process.execPath, [WORKER, 'append', dir, 'shared', String(OPS_PER_WRITER), tag], { stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      const ready = new Promise<void>((resolve) => {
        child.stdout!.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('ready\n')) resolve();
        });
      });
      child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
      const done = new Promise<{ code: number | null; out: string; err: string }>((resolve) => child.on('exit', (code) => resolve({ code, out, err })));
      return { child, ready, done };
    };
    const writers = [run('A'), run('B')];
    await Promise.all(writers.map((writer) => writer.ready));
    for (const writer of writers) writer.child.stdin!.end('go\n'); // both start at once: their rounds interleave
    const results = await Promise.all(writers.map((writer) => writer.done));
    for (const result of results) assert.equal(result.code, 0, result.err);

    const { conversation, revision } = await loadOk(new ConversationStore({ dir }), 'shared');
    const expected = ['A', 'B'].flatMap((tag) => Array.from({ length: OPS_PER_WRITER }, (_, i) => `${tag}-${i + 1}`));
    const counts = new Map<string, number>();
    for (const id of ids(conversation)) counts.set(id, (counts.get(id) ?? 0) + 1);
    const missing = expected.filter((id) => !counts.has(id));
    assert.deepEqual(missing, [], `${missing.length} appended messages were lost`);
    assert.ok([...counts.values()].every((count) => count === 1), 'every message exactly once');
    assert.equal(conversation.messages.length, 2 * OPS_PER_WRITER);
    assert.equal(revision, 2 * OPS_PER_WRITER, 'one revision per save: no write was skipped or doubled');
    const merges = results.map((result) => Number(/done (\d+)/.exec(result.out)?.[1]));
    console.log(`      merges: A ${merges[0]}, B ${merges[1]}`);
    assert.ok(merges[0] + merges[1] > 0, 'the writers never collided: the test proved nothing');
  });

  it('a save from a stale revision merges with the newer file instead of overwriting it', async () => {
    await new ConversationStore({ dir }).save(startConversation(), 0);
    const windowA = new ConversationStore({ dir });
    const windowB = new ConversationStore({ dir });
    const a = await loadOk(windowA);
    const b = await loadOk(windowB);
    a.conversation.messages.push(message('ua', 'a1', 'from A', 10));
    const savedA = await windowA.save(a.conversation, a.revision);
    assert.deepEqual([savedA.revision, savedA.merged], [2, false]);
    b.conversation.messages.push(message('ub', 'a1', 'from B', 11));
    const savedB = await windowB.save(b.conversation, b.revision);
    assert.equal(savedB.merged, true);
    assert.equal(savedB.revision, 3);
    assert.deepEqual(ids(savedB.conversation), ['u1', 'a1', 'ua', 'ub']);
    assert.deepEqual(ids((await loadOk(windowA)).conversation), ['u1', 'a1', 'ua', 'ub']);
  });

  it('a message deleted in one window is not brought back by the other window’s save', async () => {
    const first = startConversation();
    first.messages.push(message('doomed', 'a1', 'delete me', 3));
    await new ConversationStore({ dir }).save(first, 0);
    const windowA = new ConversationStore({ dir });
    const windowB = new ConversationStore({ dir });
    const a = await loadOk(windowA);
    const b = await loadOk(windowB);
    a.conversation.messages = a.conversation.messages.filter((m) => m.id !== 'doomed');
    await windowA.save(a.conversation, a.revision);
    b.conversation.messages.push(message('later', 'a1', 'B goes on', 4));
    const savedB = await windowB.save(b.conversation, b.revision);
    assert.deepEqual(ids(savedB.conversation), ['u1', 'a1', 'later']);
    const stored = JSON.parse(fs.readFileSync(path.join(dir, 'conversations', 'c1.json'), 'utf8')) as { deleted: string[] };
    assert.deepEqual(stored.deleted, ['doomed']);
  });

  it('a delete with no other writer is simply written', async () => {
    const store = new ConversationStore({ dir });
    await store.save(startConversation(), 0);
    const fresh = new ConversationStore({ dir });
    const loaded = await loadOk(fresh);
    loaded.conversation.messages.pop();
    const saved = await fresh.save(loaded.conversation, loaded.revision);
    assert.equal(saved.merged, false);
    assert.deepEqual(ids((await loadOk(store)).conversation), ['u1']);
  });

  it('keeps another window’s messages even when this window saves again without taking in the merged copy', async () => {
    // The library does not swap the conversation under a streaming answer; its next save must not drop what it skipped.
    await new ConversationStore({ dir }).save(startConversation(), 0);
    const windowA = new ConversationStore({ dir });
    const windowB = new ConversationStore({ dir });
    const a = await loadOk(windowA);
    const b = await loadOk(windowB);
    b.conversation.messages.push(message('fromB', 'a1', 'B', 5));
    await windowB.save(b.conversation, b.revision);
    const live = a.conversation; // A's own object, never replaced
    live.messages.push(message('streamA', 'a1', 'part', 6));
    const first = await windowA.save(live, a.revision);
    assert.equal(first.merged, true);
    (live.messages[live.messages.length - 1].blocks[0] as { text: string }).text = 'part and the rest';
    const second = await windowA.save(live, first.revision);
    assert.deepEqual(ids(second.conversation).sort(), ['a1', 'fromB', 'streamA', 'u1']);
    assert.equal(messageText(second.conversation.messages.find((m) => m.id === 'streamA')!), 'part and the rest');
  });

  it('keeps a title the user typed when the other window saves a generated one later', async () => {
    await new ConversationStore({ dir }).save(startConversation(), 0);
    const windowA = new ConversationStore({ dir });
    const windowB = new ConversationStore({ dir });
    const a = await loadOk(windowA);
    const b = await loadOk(windowB);
    Object.assign(b.conversation, { title: 'My name for it', titleSource: 'user', updatedAt: 50 });
    await windowB.save(b.conversation, b.revision);
    Object.assign(a.conversation, { title: 'Generated', titleSource: 'generated', updatedAt: 90, pinned: true });
    const saved = await windowA.save(a.conversation, a.revision);
    assert.deepEqual([saved.conversation.title, saved.conversation.titleSource, saved.conversation.pinned], ['My name for it', 'user', true]);
  });

  it('merges when a new conversation (base 0) meets an existing file', async () => {
    await new ConversationStore({ dir }).save(startConversation(), 0);
    const other = emptyConversation('c1', { model: 'claude-test', systemPrompt: '' }, 1);
    other.messages.push(message('imported', null, 'x', 7));
    const saved = await new ConversationStore({ dir }).save(other, 0);
    assert.equal(saved.merged, true);
    assert.deepEqual(ids(saved.conversation), ['u1', 'a1', 'imported']);
    assert.equal(saved.revision, 2);
  });

  it('serialises many saves of one conversation from one window in call order', async () => {
    const store = new ConversationStore({ dir });
    const conversation = startConversation();
    const saves: Promise<unknown>[] = [];
    for (let i = 0; i < 20; i++) {
      conversation.messages.push(message(`m${i}`, 'a1', String(i), 10 + i));
      saves.push(store.save(conversation, i)); // each call copies the conversation as it is now
    }
    await Promise.all(saves);
    const loaded = await loadOk(store);
    assert.equal(loaded.revision, 20);
    assert.equal(loaded.conversation.messages.length, 22);
  });

  it('a save whose lock another window took over before the commit merges with that window’s write', async () => {
    await new ConversationStore({ dir }).save(startConversation(), 0);
    const windowB = new ConversationStore({ dir });
    const b = await loadOk(windowB);
    const windowA = new ConversationStore({
      dir,
      lock: lockWithInterlude('before', async () => {
        stall(dir); // A stalls mid-save, past the stale time...
        b.conversation.messages.push(message('fromB', 'a1', 'B', 11)); // ...and B saves meanwhile, taking the lock over
        changeMeta(b.conversation, { title: 'Named in B', titleSource: 'user' }, 50);
        assert.equal((await windowB.save(b.conversation, b.revision)).revision, 2);
      }),
    });
    const a = await loadOk(windowA);
    a.conversation.messages.push(message('fromA', 'a1', 'A', 10));
    const saved = await windowA.save(a.conversation, a.revision);
    assert.deepEqual([saved.revision, saved.merged], [3, true], 'not revision 2: that one is B’s');
    const onDisk = (await loadOk(new ConversationStore({ dir }))).conversation;
    assert.deepEqual(ids(onDisk), ['u1', 'a1', 'fromA', 'fromB']);
    assert.equal(onDisk.title, 'Named in B');
  });

  it('a save whose lock was taken over between its check and its rename writes again past the other window’s revision', async () => {
    const first = startConversation();
    await new ConversationStore({ dir }).save(first, 0);
    const windowB = new ConversationStore({ dir });
    const b = await loadOk(windowB);
    const windowA = new ConversationStore({
      dir,
      lock: lockWithInterlude('after', async () => {
        stall(dir);
        changeMeta(b.conversation, { title: 'Named in B', titleSource: 'user' }, 50);
        await windowB.save(b.conversation, b.revision); // revision 2, which A's rename then replaces
      }),
    });
    const a = await loadOk(windowA);
    changeMeta(a.conversation, { pinned: true }, 40);
    const saved = await windowA.save(a.conversation, a.revision);
    assert.equal(saved.revision, 3, 'A did not count the revision it overwrote as its own');
    // B still has its change and saves again (its library does, on its next change or retry): both changes survive.
    const again = await windowB.save(b.conversation, 2);
    assert.equal(again.merged, true);
    const onDisk = (await loadOk(new ConversationStore({ dir }))).conversation;
    assert.deepEqual([onDisk.title, onDisk.pinned], ['Named in B', true]);
  });

  it('keeps a rename from the other window although this window never took the merged copy in', async () => {
    await new ConversationStore({ dir }).save(startConversation(), 0);
    const windowA = new ConversationStore({ dir });
    const windowB = new ConversationStore({ dir });
    const a = await loadOk(windowA);
    const b = await loadOk(windowB);
    changeMeta(b.conversation, { title: 'Renamed in B', titleSource: 'user' }, 50);
    await windowB.save(b.conversation, b.revision);
    const live = a.conversation; // busy streaming: A does not swap in the merged copy
    live.messages.push(message('more', 'a1', 'x', 60));
    const first = await windowA.save(live, a.revision);
    assert.equal(first.conversation.title, 'Renamed in B');
    live.messages.push(message('more2', 'more', 'y', 61));
    changeMeta(live, { model: 'claude-other' }, 70);
    const second = await windowA.save(live, first.revision); // no other writer since: nothing to merge, yet...
    assert.equal(second.conversation.title, 'Renamed in B', '...the rename is not undone by A’s stale title');
    assert.equal(second.conversation.model, 'claude-other');
    assert.equal((await loadOk(windowB)).conversation.title, 'Renamed in B');
  });

  it('takes over a lock left by a crashed window once it is stale', async () => {
    const store = new ConversationStore({ dir });
    await store.save(startConversation(), 0);
    const lock = path.join(dir, 'conversations', 'c1.json.lock');
    fs.mkdirSync(lock);
    const old = (Date.now() - 60_000) / 1000;
    fs.utimesSync(lock, old, old);
    const saved = await store.save(startConversation(), 1);
    assert.equal(saved.revision, 2);
    assert.ok(!fs.existsSync(lock));
  });
});
