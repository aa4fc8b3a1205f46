import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { interruptedError } from '../../../../src/conversations/store/codec';
import { ConversationStore, type LoadedConversation } from '../../../../src/conversations/store/conversationStore';
import { STALE_MS } from '../../../../src/conversations/store/fileLock';
import type { StoredConversation } from '../../../../src/conversations/store/storedFormat';
import { messageText, type ChatMessage, type Conversation } from '../../../../src/shared/conversation';
import { applyConversationEvent } from '../../../../src/shared/conversationReducer';
import { ManualClock } from '../../../helpers/manualClock';
import { streamingInA } from '../../../helpers/conversationFixtures';

const WORKER = path.join(__dirname, '..', '..', '..', 'helpers', 'storeWorker.js');

function grow(answer: ChatMessage, text: string): void {
  (answer.blocks[0] as { text: string }).text += text;
}

async function loadOk(store: ConversationStore, id = 'c1'): Promise<LoadedConversation> {
  const loaded = await store.load(id);
  assert.ok(loaded && 'conversation' in loaded, `could not load ${id}`);
  return loaded;
}

const answerOf = (conversation: Conversation) => conversation.messages.find((message) => message.id === 'a')!;

/** Sets a window's lease `ms` into the past: what a crashed window leaves once that much time went by. */
function ageLease(dir: string, windowId: string, ms: number): void {
  const then = (Date.now() - ms) / 1000;
  fs.utimesSync(path.join(dir, 'windows', `${windowId}.lock`), then, then);
}

function readFile(dir: string, id = 'c1'): StoredConversation {
  return JSON.parse(fs.readFileSync(path.join(dir, 'conversations', `${id}.json`), 'utf8')) as StoredConversation;
}

/** Moves the clock to the watcher's next check of other windows' leases, and waits until that check has finished. */
async function nextOwnerCheck(clock: ManualClock): Promise<void> {
  await clock.advance(2_000);
  // The check schedules the next one when it is done: real file-system calls, so wait for that, not a fixed time.
  while (clock.pendingCount === 0) await new Promise((resolve) => setImmediate(resolve));
}

/** A second process streaming an answer (storeWorker `stream` mode), driven line by line. */
class StreamingWindow {
  /** Every worker a test started: one left running by a failed test would keep the test run from ending. */
  static readonly started: StreamingWindow[] = [];
  readonly child: ChildProcess;
  private out = '';
  private err = '';

  constructor(dir: string, windowId: string) {
    this.child = spawn(process.execPath, [WORKER, 'stream', dir, 'c1', windowId], { stdio: ['pipe', 'pipe', 'pipe'] });
    StreamingWindow.started.push(this);
    this.child.stdout!.on('data', (chunk: Buffer) => (this.out += chunk.toString()));
    this.child.stderr!.on('data', (chunk: Buffer) => (this.err += chunk.toString()));
  }

  /** Resolves once the worker printed `line` `count` times in all. */
  async printed(line: string, count = 1): Promise<void> {
    while (this.out.split('\n').filter((printed) => printed === line).length < count) {
      if (this.child.exitCode !== null) throw new Error(`worker exited (${this.child.exitCode}): ${this.err}`);
      await new Promise((resolve) => {
        this.child.stdout!.once('data', resolve);
        this.child.once('exit', resolve);
      });
    }
  }

  send(line: string): void {
    this.child.stdin!.write(`${line}\n`);
  }

  exited(): Promise<void> {
    return new Promise((resolve) => (this.child.exitCode !== null || this.child.signalCode !== null ? resolve() : this.child.once('exit', () => resolve())));
  }
}

describe('conversation store: an answer streaming in another window', function () {
  this.timeout(30_000);
  let dir: string;
  let windowA: ConversationStore;
  let windowB: ConversationStore;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-store-stream-'));
    windowA = new ConversationStore({ dir, windowId: 'winA' });
    windowB = new ConversationStore({ dir, windowId: 'winB' });
  });

  afterEach(async () => {
    for (const worker of StreamingWindow.started.splice(0)) {
      worker.child.kill('SIGKILL');
      await worker.exited();
    }
    await windowA.dispose();
    await windowB.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('loads in the second window as in progress in the first, not as interrupted', async () => {
    const { conversation } = streamingInA();
    await windowA.save(conversation, 0);
    const answer = answerOf((await loadOk(windowB)).conversation);
    assert.deepEqual([answer.status, answer.streamingElsewhere, answer.error], ['streaming', 'winA', undefined]);
    assert.equal(messageText(answer), 'Part', 'the partial answer is there to show');
    assert.equal(readFile(dir).messages[1].streamOwner, 'winA');
  });

  it('the streaming window keeps its answer and the other window’s rename; the end reaches the other window', async () => {
    const { conversation: live, answer } = streamingInA();
    let revision = (await windowA.save(live, 0)).revision;
    const inB = await loadOk(windowB);

    // B renames while A streams.
    applyConversationEvent(inB.conversation, { type: 'conversation/meta', patch: { title: 'Named in B', titleSource: 'user' }, at: 50 });
    const renamed = await windowB.save(inB.conversation, inB.revision);
    assert.equal(readFile(dir).messages[1].status, 'streaming', 'B wrote A’s answer back as A’s, still streaming');

    // A streams on, never taking in B's copy (it is busy); its saves keep its answer and B's title.
    grow(answer, ' and more');
    revision = (await windowA.save(live, revision)).revision;
    grow(answer, ' and the rest');
    const latest = await windowA.save(live, revision);
    revision = latest.revision;
    assert.equal(latest.conversation.title, 'Named in B');
    assert.equal(messageText(answerOf(latest.conversation)), 'Part and more and the rest');

    // B saves again from its older snapshot (say, it pinned the conversation): A's answer is not set back.
    applyConversationEvent(renamed.conversation, { type: 'conversation/meta', patch: { pinned: true }, at: 60 });
    const pinned = await windowB.save(renamed.conversation, renamed.revision);
    assert.equal(messageText(answerOf(pinned.conversation)), 'Part and more and the rest');
    assert.equal(answerOf(pinned.conversation).streamingElsewhere, 'winA');

    // A finishes: B sees the whole answer, complete, with both windows' changes.
    answer.status = 'complete';
    answer.stopReason = 'end_turn';
    const done = await windowA.save(live, revision);
    assert.deepEqual([done.conversation.title, done.conversation.pinned], ['Named in B', true]);
    const final = (await loadOk(windowB)).conversation;
    assert.deepEqual([answerOf(final).status, answerOf(final).streamingElsewhere, messageText(answerOf(final))], ['complete', undefined, 'Part and more and the rest']);
    assert.deepEqual([final.title, final.pinned], ['Named in B', true]);
  });

  it('the owner’s copy wins even over a copy another window wrote as interrupted', async () => {
    const { conversation: live, answer } = streamingInA();
    const first = await windowA.save(live, 0);
    // A window that misjudged A as gone (A's host was paused past the stale time) saved the answer as failed.
    const stored = readFile(dir);
    stored.messages[1] = { ...stored.messages[1], status: 'failed', error: interruptedError() };
    delete stored.messages[1].streamOwner;
    stored.revision = 2;
    fs.writeFileSync(path.join(dir, 'conversations', 'c1.json'), JSON.stringify(stored));
    grow(answer, ' more');
    const saved = await windowA.save(live, first.revision);
    assert.deepEqual([answerOf(saved.conversation).status, messageText(answerOf(saved.conversation))], ['streaming', 'Part more']);
    assert.equal(readFile(dir).messages[1].status, 'streaming');
  });

  it('a window that crashed mid-answer: in progress until its lease goes stale, then interrupted (and the watcher says so)', async () => {
    const worker = new StreamingWindow(dir, 'winW');
    await worker.printed('streaming');
    worker.send('grow , then more');
    await worker.printed('saved');
    const clock = new ManualClock();
    const watching = new ConversationStore({ dir, windowId: 'winB', timers: clock });
    const reported: string[][] = [];
    const watcher = watching.watch((ids) => reported.push(ids));
    try {
      const before = answerOf((await loadOk(watching)).conversation);
      assert.deepEqual([before.status, before.streamingElsewhere, messageText(before)], ['streaming', 'winW', 'Part, then more']);

      worker.child.kill('SIGKILL');
      await worker.exited();
      await nextOwnerCheck(clock);
      assert.deepEqual(reported, [], 'a lease still fresh may belong to a window that is only slow');
      assert.equal(answerOf((await loadOk(watching)).conversation).status, 'streaming');

      ageLease(dir, 'winW', STALE_MS + 1000); // the time a crashed window's lease takes to go stale
      await nextOwnerCheck(clock);
      assert.deepEqual(reported, [['c1']], 'the conversation on screen is reported, to be loaded again');
      const after = answerOf((await loadOk(watching)).conversation);
      assert.deepEqual([after.status, after.streamingElsewhere, after.error, messageText(after)], ['failed', undefined, interruptedError(), 'Part, then more']);
    } finally {
      watcher.dispose();
      await watching.dispose();
    }
  });

  it('a window closed mid-answer gives its lease back at once: its answer reads as interrupted', async () => {
    const worker = new StreamingWindow(dir, 'winW');
    await worker.printed('streaming');
    assert.equal(answerOf((await loadOk(windowB)).conversation).streamingElsewhere, 'winW');
    worker.send('exit');
    await worker.exited();
    assert.equal(worker.child.exitCode, 0);
    assert.equal(answerOf((await loadOk(windowB)).conversation).status, 'failed');
  });

  it('an answer finished in another process reaches this window complete', async () => {
    const worker = new StreamingWindow(dir, 'winW');
    await worker.printed('streaming');
    const inB = await loadOk(windowB);
    applyConversationEvent(inB.conversation, { type: 'conversation/meta', patch: { title: 'Renamed meanwhile', titleSource: 'user' }, at: Date.now() });
    await windowB.save(inB.conversation, inB.revision);
    worker.send('grow  and the end');
    await worker.printed('saved', 1);
    worker.send('finish');
    await worker.printed('saved', 2);
    worker.send('exit');
    await worker.exited();
    const final = (await loadOk(windowB)).conversation;
    assert.deepEqual([answerOf(final).status, messageText(answerOf(final)), final.title], ['complete', 'Part and the end', 'Renamed meanwhile']);
  });
});
