import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConversationStore } from '../../../../src/conversations/store/conversationStore';
import { emptyConversation, messageText } from '../../../../src/shared/conversation';
import { crashMessageText } from '../../../helpers/storeWorker';

const WORKER = path.join(__dirname, '..', '..', '..', 'helpers', 'storeWorker.js');
const TRIALS = 100;

/** Resolves once the child printed `line` (or rejects if it exits first). */
function waitForLine(child: ChildProcess, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.split('\n').includes(line)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`worker exited (${code}) before "${line}": ${err}`)));
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true }).map(String);
}

describe('conversation store: crash safety', function () {
  this.timeout(120_000);
  let root: string;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-store-crash-'));
  });

  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it(`a writer SIGKILLed at a random moment leaves nothing or one complete version (${TRIALS} trials)`, async () => {
    let sawFile = 0;
    let sawLeftoverTemp = 0;
    for (let trial = 0; trial < TRIALS; trial++) {
      const dir = path.join(root, `t${trial}`);
      const id = `crash${trial}`;
      const child = spawn(process.execPath, [WORKER, 'crash', dir, id], { stdio: ['ignore', 'pipe', 'pipe'] });
      await waitForLine(child, 'ready');
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 60));
      child.kill('SIGKILL');
      await exited(child);

      const file = path.join(dir, 'conversations', `${id}.json`);
      if (filesUnder(path.join(dir, 'conversations')).some((name) => name.endsWith('.tmp'))) sawLeftoverTemp++;
      if (!fs.existsSync(file)) continue;
      sawFile++;
      // Parses as is, without the store's help...
      const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as { revision: number; title: string };
      // ...and loads as a complete conversation: exactly version k, for the k its title names.
      const store = new ConversationStore({ dir });
      const loaded = await store.load(id);
      assert.ok(loaded && 'conversation' in loaded, `trial ${trial}: ${JSON.stringify(loaded)}`);
      const { conversation, revision } = loaded;
      const k = Number(/^v(\d+)$/.exec(conversation.title)?.[1]);
      assert.ok(k >= 1, `trial ${trial}: title ${conversation.title}`);
      assert.equal(revision, k, `trial ${trial}: version k is revision k`);
      assert.equal(raw.revision, k);
      assert.equal(conversation.messages.length, k, `trial ${trial}: version ${k} has ${k} messages`);
      conversation.messages.forEach((message, i) => {
        assert.equal(message.id, `m${i + 1}`);
        assert.equal(messageText(message), crashMessageText(i + 1), `trial ${trial}: message ${i + 1} complete`);
      });
      const { summaries, quarantined } = await store.list();
      assert.deepEqual(quarantined, [], `trial ${trial}: nothing quarantined`);
      assert.deepEqual(
        summaries.map((s) => s.id),
        [id],
      );
      assert.deepEqual(filesUnder(path.join(dir, 'quarantine')), []);
    }
    console.log(`      ${sawFile}/${TRIALS} trials had a file to check; ${sawLeftoverTemp} were killed mid-write (temp file left over)`);
    // A run where the kill always came before the first write would prove nothing. (Usually about 80% get there; the
    // bar is low so that a slow, busy machine does not fail the test for being slow.)
    assert.ok(sawFile >= TRIALS / 4, `only ${sawFile} trials got as far as a first save`);
  });

  it('a write that fails half-way (file too large, as on a full disk) rejects and leaves the previous version intact', async function () {
    const dir = path.join(root, 'full');
    const store = new ConversationStore({ dir });
    const conversation = emptyConversation('full', { model: 'm', systemPrompt: '' }, 1);
    conversation.messages.push({ id: 'u1', parentId: null, role: 'user', blocks: [{ type: 'text', text: 'small' }], status: 'complete', createdAt: 1 });
    await store.save(conversation, 0);
    const file = path.join(dir, 'conversations', 'full.json');
    const before = fs.readFileSync(file);

    // The worker saves 64 KB under a 16-block file-size limit: the temp file's write fails with EFBIG part-way.
    const child = spawn('/bin/sh', ['-c', `trap '' XFSZ; ulimit -f 16; exec "$0" "$@"`, process.execPath, WORKER, 'saveBig', dir, 'full'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    await exited(child);
    const result = JSON.parse(out) as { ok: boolean; message: string };

    assert.equal(result.ok, false);
    assert.match(result.message, /Could not write .*full\.json: EFBIG/);
    assert.deepEqual(fs.readFileSync(file), before, 'the previous version is untouched');
    assert.deepEqual(
      filesUnder(path.join(dir, 'conversations')).filter((name) => name.endsWith('.tmp')),
      [],
      'the half-written temp file was removed',
    );
    const loaded = await store.load('full');
    assert.ok(loaded && 'conversation' in loaded);
    assert.equal(loaded.conversation.messages.length, 1);
  });

  it('storage that cannot be written (a file where the folder should be) rejects with what failed, quickly', async () => {
    const blocker = path.join(root, 'not-a-folder');
    fs.writeFileSync(blocker, 'I am a file');
    const store = new ConversationStore({ dir: path.join(blocker, 'storage') });
    const started = Date.now();
    await assert.rejects(store.save(emptyConversation('c1', { model: 'm', systemPrompt: '' }, 1), 0), (error: Error) => {
      assert.match(error.message, /Could not create the folder .*not-a-folder.*storage.*conversations/);
      return true;
    });
    await assert.rejects(store.list(), /Could not create the folder/);
    assert.ok(Date.now() - started < 2000, 'no waiting for a lock that can never be taken');
    assert.equal(fs.readFileSync(blocker, 'utf8'), 'I am a file');
  });

  it('a conversations folder replaced by a file fails the save and keeps that file', async () => {
    const dir = path.join(root, 'replaced');
    const store = new ConversationStore({ dir });
    const conversation = emptyConversation('c1', { model: 'm', systemPrompt: '' }, 1);
    conversation.messages.push({ id: 'u1', parentId: null, role: 'user', blocks: [{ type: 'text', text: 'kept' }], status: 'complete', createdAt: 1 });
    await store.save(conversation, 0);
    const folder = path.join(dir, 'conversations');
    fs.renameSync(folder, path.join(dir, 'moved'));
    fs.writeFileSync(folder, 'blocker');
    await assert.rejects(store.save(conversation, 1), /conversations/);
    assert.equal(fs.readFileSync(folder, 'utf8'), 'blocker');
    const previous = JSON.parse(fs.readFileSync(path.join(dir, 'moved', 'c1.json'), 'utf8')) as { revision: number };
    assert.equal(previous.revision, 1, 'the previous version is intact');
  });
});
