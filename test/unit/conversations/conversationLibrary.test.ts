import assert from 'node:assert/strict';
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ConversationStore } from '../../../src/conversations/store/conversationStore';
import { FIRST_PURGE_DELAY_MS } from '../../../src/conversations/trashPurge';
import { emptyConversation, messageText, type ChatMessage, type Conversation } from '../../../src/shared/conversation';
import { FakeAnthropicServer } from '../../fakes/anthropicServer';
import { fake } from '../../fakes/vscode';
import { createHarness, fsError, onDisk, texts, waitFor, type Harness } from '../../helpers/chatHarness';
import { ManualClock, settle } from '../../helpers/manualClock';

const DAY_MS = 24 * 60 * 60 * 1000;

function saveErrors(): string[] {
  return fake.messages.filter((message) => message.level === 'error' && message.text.includes('could not save')).map((message) => message.text);
}

function savedAgainNotices(): string[] {
  return fake.messages.filter((message) => message.level === 'info' && message.text.includes('saved your conversations again')).map((message) => message.text);
}

/** A 1 MB conversation (400 messages of 2.5 KB): big enough that one write outlasts the 10 ms between deltas. */
function bigConversation(): Conversation {
  const conversation = emptyConversation('conv-big', { model: 'claude-sonnet-5-5', systemPrompt: '' }, 1);
  let parentId: string | null = null;
  for (let i = 0; i < 400; i++) {
    const message: ChatMessage = { id: `m${i}`, parentId, role: i % 2 ? 'assistant' : 'user', blocks: [{ type: 'text', text: 'x'.repeat(2500) }], status: 'complete', createdAt: i };
    conversation.messages.push(message);
    parentId = message.id;
  }
  return conversation;
}

describe('ConversationLibrary', function () {
  this.timeout(20_000);
  const server = new FakeAnthropicServer();
  let harness: Harness | undefined;
  let clock: ManualClock;

  before(() => server.start());
  after(() => server.stop());
  beforeEach(() => {
    server.reset();
    fake.reset();
    clock = new ManualClock();
  });
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  /** Sends `text` and resolves with the finished answer (`answer` unless the test queued a scenario). */
  async function send(h: Harness, text: string, answer = `answer to ${text}`): Promise<ChatMessage> {
    server.enqueue({ kind: 'reply', text: answer });
    const sent = await h.session.send(text);
    assert.ok(sent.ok, 'sent');
    return sent.reply;
  }

  describe('saving while an answer streams', () => {
    it('writes a 3 s answer (a delta every 10 ms) into a 1 MB conversation about once a second and once at its end', async () => {
      harness = await createHarness({ server });
      const { session, store, library } = harness;
      await library.add(bigConversation());
      const before = store.savesWritten;
      server.enqueue({ kind: 'reply', text: 'abcd'.repeat(300), chunkSize: 4, delayMs: 10 });
      const started = Date.now();
      const answer = await send(harness, 'stream for three seconds');
      await library.flush();
      const seconds = (Date.now() - started) / 1000;
      const writes = store.savesWritten - before;
      // The question and the answer's start (2), one a second while it streams, its end (1). Before: ~200, non-stop.
      assert.ok(writes <= 3 + Math.ceil(seconds), `${writes} writes in ${seconds.toFixed(2)} s`);
      assert.equal(answer.status, 'complete');
      const saved = await onDisk(harness.dir, session.snapshot.id);
      assert.equal(texts(saved).at(-1), 'abcd'.repeat(300), 'the whole answer is on disk');
      assert.equal(saved?.messages.at(-1)?.status, 'complete');
    });
  });

  describe('when the disk refuses a save (row 20)', () => {
    it('EROFS: says so once, keeps the conversation in memory, retries with back-off and saves it when the disk recovers', async () => {
      harness = await createHarness({ server, timers: clock });
      const { session, store } = harness;
      store.fault = fsError('EROFS', `${harness.dir}/conversations/x.json`);
      server.enqueue({ kind: 'reply', text: 'a streamed answer that the disk will not take', chunkSize: 3 });
      await send(harness, 'hello');
      await settle();
      const id = session.snapshot.id;

      assert.equal(saveErrors().length, 1, `one notification for the episode, got ${saveErrors().length}`);
      assert.match(saveErrors()[0], /read-only file system/);
      assert.equal(await onDisk(harness.dir, id), undefined, 'nothing written yet');
      assert.deepEqual(texts(session.snapshot), ['hello', 'a streamed answer that the disk will not take'], 'still in memory');
      assert.ok(harness.library.hasUnsaved);

      // Still failing: retried after 1 s (not before), then after 2 s more, and nothing more is shown.
      const attempts = store.saveAttempts;
      await clock.advance(999);
      assert.equal(store.saveAttempts, attempts, 'no retry before the back-off');
      await clock.advance(1);
      await waitFor(() => store.saveAttempts > attempts, 'the first retry');
      await clock.advance(2000);
      await waitFor(() => store.saveAttempts > attempts + 1, 'the second retry');
      assert.equal(saveErrors().length, 1);

      store.fault = undefined;
      await clock.advance(4000);
      await waitFor(() => store.savesWritten > 0, 'the write once the disk recovered');
      await settle();
      assert.deepEqual(texts(await onDisk(harness.dir, id)), texts(session.snapshot), 'the whole conversation reached the disk');
      assert.equal(savedAgainNotices().length, 1, 'told once that it saved again');
      assert.equal(harness.library.hasUnsaved, false);
    });

    it('EACCES: another window\'s write does not replace the unsaved copy, flush tries again, and both changes survive', async () => {
      harness = await createHarness({ server, timers: clock });
      const { session, store, library } = harness;
      await send(harness, 'first question');
      await library.flush();
      const id = session.snapshot.id;
      assert.equal(texts(await onDisk(harness.dir, id)).length, 2, 'the first turn is on disk');

      store.fault = fsError('EACCES', `${harness.dir}/conversations/${id}.json`);
      await send(harness, 'second question');
      await settle();
      assert.equal(saveErrors().length, 1);

      // Another window renames the conversation meanwhile; its folder watcher reports the write here.
      const elsewhere = new ConversationStore({ dir: harness.dir });
      const theirs = await elsewhere.load(id);
      assert.ok(theirs && !('quarantined' in theirs));
      await elsewhere.save({ ...theirs.conversation, title: 'Renamed in the other window', titleSource: 'user', updatedAt: Date.now() }, theirs.revision);
      store.changedElsewhere([id]);
      await store.loadsSettled();
      assert.equal(texts(session.snapshot).length, 4, 'the unsaved turn is still on screen');

      // The disk is back; a flush (deactivation, the history list) writes without waiting for the back-off.
      store.fault = undefined;
      await library.flush();
      const saved = await onDisk(harness.dir, id);
      assert.deepEqual(texts(saved), ['first question', 'answer to first question', 'second question', 'answer to second question']);
      assert.equal(saved?.title, 'Renamed in the other window', 'the other window\'s rename survived too');
      assert.equal(savedAgainNotices().length, 1);
    });

    it('reopening an unsaved conversation from history shows the copy in memory, not the older one on disk', async () => {
      harness = await createHarness({ server, timers: clock });
      const { session, store, library } = harness;
      await send(harness, 'first question');
      await library.flush();
      const id = session.snapshot.id;
      store.fault = fsError('ENOSPC', `${harness.dir}/conversations/${id}.json`);
      await send(harness, 'second question');
      await settle();

      session.newChat();
      assert.equal(await library.open(id), true);
      assert.equal(session.snapshot.id, id);
      assert.equal(texts(session.snapshot).length, 4, 'the turn the disk did not take is shown');
    });
  });

  describe('deleting', () => {
    it('a conversation deleted while its answer streams stays deleted: the abandoned answer\'s end writes nothing back', async () => {
      harness = await createHarness({ server, timers: clock });
      const { session, library } = harness;
      server.enqueue({ kind: 'reply', text: 'word '.repeat(400), chunkSize: 5, delayMs: 5 });
      const sent = await session.send('an answer to delete');
      assert.ok(sent.ok);
      const id = session.snapshot.id;
      await waitFor(() => messageText(session.snapshot.messages.at(-1)!).length > 20, 'the first deltas');
      await library.flush();
      assert.ok(await onDisk(harness.dir, id), 'on disk while streaming');

      await library.delete(id);
      const ended = await sent.reply;
      assert.equal(ended.status, 'stopped');
      await settle();
      await clock.advance(60_000);
      await library.flush();
      assert.equal(await onDisk(harness.dir, id), undefined, 'not written back');
      assert.ok(!(await library.list('')).some((item) => item.id === id), 'not in the history list');

      // Undo still works, and brings back what streamed before the delete.
      await library.restore(id);
      assert.ok(texts(await onDisk(harness.dir, id))[1].length > 20);
    });
  });

  describe('the trash', () => {
    it('is emptied of conversations deleted over 30 days ago, a few minutes after the window starts', async () => {
      harness = await createHarness({ server, timers: clock });
      await send(harness, 'deleted long ago');
      const old = harness.session.snapshot.id;
      harness.session.newChat();
      await send(harness, 'deleted just now');
      const recent = harness.session.snapshot.id;
      await harness.library.delete(old);
      await harness.library.delete(recent);
      const trashFile = (id: string) => path.join(harness!.dir, 'trash', `${id}.json`);
      const longAgo = (Date.now() - 31 * DAY_MS) / 1000;
      await fs.utimes(trashFile(old), longAgo, longAgo);

      await clock.advance(FIRST_PURGE_DELAY_MS);
      await waitFor(() => !fsSync.existsSync(trashFile(old)), 'the purge');
      assert.ok(fsSync.existsSync(trashFile(recent)), 'deleted today: still restorable');
      await harness.library.restore(recent);
      assert.equal(texts(await onDisk(harness.dir, recent))[0], 'deleted just now');
    });
  });

  describe('reopening after a reload', () => {
    it('reopens a conversation started in the window\'s first, fresh chat', async () => {
      harness = await createHarness({ server, timers: clock });
      await send(harness, 'started in the fresh chat');
      const id = harness.session.snapshot.id;
      const reloaded = await harness.reload();
      harness = reloaded;
      assert.equal(reloaded.session.snapshot.id, id);
      assert.equal(texts(reloaded.session.snapshot)[0], 'started in the fresh chat');
    });

    it('reopens one opened from history, and an empty New Chat stays empty', async () => {
      harness = await createHarness({ server, timers: clock });
      await send(harness, 'older conversation');
      const older = harness.session.snapshot.id;
      harness.session.newChat();
      await send(harness, 'newer conversation');
      await harness.library.open(older);
      let reloaded = await harness.reload();
      harness = reloaded;
      assert.equal(reloaded.session.snapshot.id, older);

      reloaded.session.newChat();
      reloaded = await reloaded.reload();
      harness = reloaded;
      assert.equal(reloaded.session.snapshot.messages.length, 0);
    });
  });

  describe('shutting down', () => {
    it('dispose writes the streamed text still waiting for the throttle', async () => {
      harness = await createHarness({ server, timers: clock });
      const { session, library, store } = harness;
      server.enqueue({ kind: 'reply', text: 'word '.repeat(400), chunkSize: 5, delayMs: 5 });
      const sent = await session.send('question');
      assert.ok(sent.ok);
      const id = session.snapshot.id;
      await waitFor(() => messageText(session.snapshot.messages.at(-1)!).length > 50, 'the first deltas');
      await store.savesSettled();
      const shown = messageText(session.snapshot.messages.at(-1)!);
      assert.ok(texts(await onDisk(harness.dir, id))[1].length < shown.length, 'the latest deltas are waiting for the throttle');

      library.dispose();
      await store.savesSettled();
      assert.ok(texts(await onDisk(harness.dir, id))[1].startsWith(shown), 'what was on screen at dispose is on disk');
      session.stop();
      await sent.reply;
    });
  });

  describe('what the review found', () => {
    it('an open history list does not write a streaming conversation on every listing: only turn boundaries', async () => {
      harness = await createHarness({ server, timers: clock });
      const { store, library } = harness;
      // The history view lists again after every save (ChatConnection.historyChanged); here at once, to be strict.
      const listings: Promise<unknown>[] = [];
      const listening = library.onDidChangeList(() => listings.push(library.list('')));
      const before = store.savesWritten;
      server.enqueue({ kind: 'reply', text: 'abcd'.repeat(200), chunkSize: 4, delayMs: 2 });
      const sent = await harness.session.send('stream while the history is open');
      assert.ok(sent.ok);
      await sent.reply;
      await store.savesSettled();
      listening.dispose();
      await Promise.all(listings);
      const writes = store.savesWritten - before;
      // The clock does not move, so no throttled write is due: only the question, the answer's start and its end.
      assert.ok(writes <= 4, `${writes} writes for one streamed answer with the history open (${listings.length} listings)`);
      assert.ok(listings.length > 0, 'the history was listed');
      assert.equal(texts(await onDisk(harness.dir, harness.session.snapshot.id)).at(-1), 'abcd'.repeat(200), 'the end is on disk');
    });

    it('a conversation deleted here, written again by another window and opened again, saves what is said next', async () => {
      harness = await createHarness({ server, timers: clock });
      const { library, session, dir } = harness;
      await send(harness, 'first question');
      await library.flush();
      const id = session.snapshot.id;
      const kept = session.snapshot;
      await library.delete(id);
      // Another window still had it open and saved it again.
      await new ConversationStore({ dir }).save(kept, 0);
      assert.equal(await library.open(id), true);
      await send(harness, 'said after reopening');
      await library.flush();
      assert.deepEqual(texts(await onDisk(dir, id)), ['first question', 'answer to first question', 'said after reopening', 'answer to said after reopening']);
    });

    it('starts without a folder watcher when fs.watch fails (inotify limit), says so in the log, and still saves', async () => {
      harness = await createHarness({ server, timers: clock, watchFault: Object.assign(new Error('ENOSPC: System limit for number of file watchers reached'), { code: 'ENOSPC' }) });
      assert.match(harness.log.text(), /Not following other windows' changes.*file watchers/);
      await send(harness, 'still works');
      await harness.library.flush();
      assert.deepEqual(texts(await onDisk(harness.dir, harness.session.snapshot.id)), ['still works', 'answer to still works']);
    });

    it('the conversation reopened at startup does not replace one the user started sending in meanwhile', async () => {
      harness = await createHarness({ server, timers: clock });
      await send(harness, 'from the last session');
      const reloaded = await harness.reload();
      harness.dispose();
      harness = reloaded;
      const lastId = harness.session.snapshot.id;
      harness.session.newChat();
      // As after a reload: the memento names the conversation shown last, and the window starts on an empty chat.
      await harness.memento.update('claudeChat.lastConversationId', lastId);
      let release!: () => void;
      harness.store.loadGate = new Promise<void>((resolve) => (release = resolve));
      const loadsBefore = harness.store.loads.length;
      const initializing = harness.library.initialize();
      await waitFor(() => harness!.store.loads.length > loadsBefore, 'the startup load');
      server.enqueue({ kind: 'reply', text: 'the new answer' });
      const sent = await harness.session.send('typed while it was loading');
      assert.ok(sent.ok);
      harness.store.loadGate = undefined;
      release();
      await initializing;
      await sent.reply;
      assert.notEqual(harness.session.snapshot.id, lastId);
      assert.deepEqual(texts(harness.session.snapshot), ['typed while it was loading', 'the new answer']);
      await harness.library.flush();
    });
  });
});
