import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConversationStore } from '../../../../src/conversations/store/conversationStore';
import { emptyConversation, type ChatMessage, type Conversation } from '../../../../src/shared/conversation';
import { waitFor } from '../../../helpers/waitFor';

const WORKER = path.join(__dirname, '..', '..', '..', 'helpers', 'storeWorker.js');
const DAY = 24 * 60 * 60 * 1000;

function conversation(id: string, title: string, ...texts: string[]): Conversation {
  const result = emptyConversation(id, { model: 'claude-test', systemPrompt: '' }, 1000);
  result.title = title;
  let parentId: string | null = null;
  texts.forEach((text, i) => {
    const message: ChatMessage = { id: `${id}-${i}`, parentId, role: i % 2 === 0 ? 'user' : 'assistant', blocks: [{ type: 'text', text }], status: 'complete', createdAt: 1000 + i };
    result.messages.push(message);
    parentId = message.id;
  });
  result.updatedAt = 1000 + texts.length;
  return result;
}

describe('conversation store: delete, restore, search, watch', function () {
  this.timeout(20_000);
  let dir: string;
  let clock: number;
  let store: ConversationStore;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-store-life-'));
    clock = Date.now();
    store = new ConversationStore({ dir, now: () => clock });
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('delete moves the file to the trash and restore brings it back unchanged', async () => {
    await store.save(conversation('c1', 'Keep me', 'hello'), 0);
    const original = fs.readFileSync(path.join(dir, 'conversations', 'c1.json'));
    assert.equal(await store.delete('c1'), true);
    assert.ok(!fs.existsSync(path.join(dir, 'conversations', 'c1.json')));
    assert.deepEqual(fs.readFileSync(path.join(dir, 'trash', 'c1.json')), original);
    assert.deepEqual((await store.list()).summaries, []);
    assert.equal(await store.load('c1'), undefined);

    assert.equal(await store.restore('c1'), true);
    assert.deepEqual(fs.readFileSync(path.join(dir, 'conversations', 'c1.json')), original);
    assert.deepEqual(
      (await store.list()).summaries.map((s) => s.title),
      ['Keep me'],
    );
    assert.equal(await store.restore('c1'), false, 'nothing left in the trash');
    assert.equal(await store.delete('missing'), false);
  });

  it('restore merges with a copy another window saved after the delete', async () => {
    await store.save(conversation('c1', 'T', 'one', 'two'), 0);
    await store.delete('c1');
    const other = new ConversationStore({ dir });
    const revived = conversation('c1', 'T', 'one', 'two');
    revived.messages.push({ id: 'late', parentId: 'c1-1', role: 'user', blocks: [{ type: 'text', text: 'late' }], status: 'complete', createdAt: 5000 });
    await other.save(revived, 1);
    assert.equal(await store.restore('c1'), true);
    const loaded = await store.load('c1');
    assert.ok(loaded && 'conversation' in loaded);
    assert.deepEqual(
      loaded.conversation.messages.map((m) => m.id),
      ['c1-0', 'c1-1', 'late'],
    );
    assert.ok(fs.readdirSync(path.join(dir, 'trash')).every((name) => name !== 'c1.json'));
  });

  it('a second delete keeps the first trashed copy', async () => {
    await store.save(conversation('c1', 'First', 'a'), 0);
    await store.delete('c1');
    clock += 1;
    await store.save(conversation('c1', 'Second', 'b'), 0);
    await store.delete('c1');
    assert.equal(fs.readdirSync(path.join(dir, 'trash')).length, 2);
  });

  it('purgeTrash deletes only what was deleted long enough ago, counting from the delete', async () => {
    await store.save(conversation('old', 'Old', 'a'), 0);
    await store.save(conversation('recent', 'Recent', 'b'), 0);
    // The conversation itself was last edited long ago: the trash must still age from the delete.
    const longAgo = (clock - 100 * DAY) / 1000;
    fs.utimesSync(path.join(dir, 'conversations', 'recent.json'), longAgo, longAgo);
    await store.delete('old');
    clock += 8 * DAY;
    await store.delete('recent');
    clock += 1 * DAY;
    assert.equal(await store.purgeTrash(7 * DAY), 1);
    assert.deepEqual(fs.readdirSync(path.join(dir, 'trash')), ['recent.json']);
    assert.equal(await store.restore('old'), false);
    assert.equal(await store.restore('recent'), true);
    assert.equal(await new ConversationStore({ dir: path.join(dir, 'none') }).purgeTrash(0), 0);
  });

  it('search finds title and message text, ignoring case, newest first', async () => {
    await store.save(conversation('c1', 'Linked lists', 'How do I reverse one?', 'Use three pointers.'), 0);
    await store.save(conversation('c2', 'Pasta', 'Carbonara without cream', 'Eggs, PECORINO, guanciale.', 'and pepper'), 0);
    await store.save(conversation('c3', 'Nothing here', 'zzz'), 0);
    const find = async (query: string) => (await store.search(query)).map((s) => s.id);
    assert.deepEqual(await find('pecorino'), ['c2']);
    assert.deepEqual(await find('LINKED'), ['c1']);
    assert.deepEqual(await find('  three pointers '), ['c1']);
    assert.deepEqual(await find('e'), ['c2', 'c1', 'c3']);
    assert.deepEqual(await find('absent'), []);
  });

  it('search sees changes made since the last search, and a repeated search does not re-read files', async () => {
    await store.save(conversation('c1', 'Alpha', 'first text'), 0);
    await store.save(conversation('c2', 'Beta', 'second text'), 0);
    assert.deepEqual(
      (await store.search('text')).map((s) => s.id),
      ['c1', 'c2'],
    );
    const changed = conversation('c2', 'Beta', 'now about gamma rays');
    await store.save(changed, 1);
    assert.deepEqual(
      (await store.search('gamma')).map((s) => s.id),
      ['c2'],
    );
    // With the text cached, a search still answers after the file's bytes change behind an identical stamp
    // (same inode, size and mtime): proof that it did not read the file again.
    const file = path.join(dir, 'conversations', 'c1.json');
    fs.utimesSync(file, 1_700_000_000, 1_700_000_000); // a whole second, so that it can be set back exactly
    await store.search('first');
    fs.writeFileSync(file, Buffer.alloc(fs.statSync(file).size, 0x20));
    fs.utimesSync(file, 1_700_000_000, 1_700_000_000);
    assert.deepEqual(
      (await store.search('first')).map((s) => s.id),
      ['c1'],
      'served from the cache: the file was not read again',
    );
  });

  it('a search is fast the second time', async () => {
    for (let i = 0; i < 300; i++) await store.save(conversation(`c${i}`, `Title ${i}`, `question ${i} `.repeat(50), `answer ${i} `.repeat(200)), 0);
    await store.list(); // builds the index, so the fresh store below lists without reading any conversation
    const fresh = new ConversationStore({ dir });
    let started = performance.now();
    await fresh.search('answer 299');
    const first = performance.now() - started;
    started = performance.now();
    const hits = await fresh.search('answer 299');
    const second = performance.now() - started;
    assert.deepEqual(
      hits.map((s) => s.id),
      ['c299'],
    );
    console.log(`      search over 300 conversations: first ${first.toFixed(1)} ms, second ${second.toFixed(1)} ms`);
    assert.ok(second < first, `second search (${second.toFixed(1)} ms) should beat the first (${first.toFixed(1)} ms)`);
  });

  it('watch reports a conversation written by another process', async () => {
    fs.mkdirSync(path.join(dir, 'conversations'), { recursive: true });
    const changed = new Promise<string[]>((resolve) => {
      const watcher = store.watch((ids) => {
        if (ids.includes('fromchild')) {
          watcher.dispose();
          resolve(ids);
        }
      });
    });
    const child = spawn(process.execPath, [WORKER, 'append', dir, 'fromchild', '1', 'W'], { stdio: ['pipe', 'ignore', 'inherit'] });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.stdin.end('go\n');
    const ids = await Promise.race([changed, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no change reported within 5 s')), 5000))]);
    assert.deepEqual(ids, ['fromchild'], 'temp files and lock folders are not reported');
    await exited;
  });

  it('watch batches a burst of writes and stops after dispose', async () => {
    const seen: string[][] = [];
    const watcher = store.watch((ids) => seen.push(ids.sort()));
    await store.save(conversation('w1', 'a', 'x'), 0);
    await store.save(conversation('w2', 'b', 'y'), 0);
    await waitFor(() => new Set(seen.flat()).size === 2, 'both writes reported');
    watcher.dispose();
    assert.ok(seen.length >= 1 && seen.length <= 2, `${seen.length} batches`);
    assert.deepEqual([...new Set(seen.flat())].sort(), ['w1', 'w2']);
    const count = seen.length;
    // A second watcher proves the next write was reported to whoever still listens, so the first had its chance.
    const witness: string[] = [];
    const second = store.watch((ids) => witness.push(...ids));
    await store.save(conversation('w3', 'c', 'z'), 0);
    await waitFor(() => witness.includes('w3'), 'the write after dispose reported to the second watcher');
    second.dispose();
    assert.equal(seen.length, count, 'the disposed watcher reported nothing more');
  });

  it('refuses ids that are not plain names', async () => {
    for (const id of ['../escape', 'a/b', '', '.hidden', 'x'.repeat(300)]) {
      await assert.rejects(store.save(emptyConversation(id, { model: 'm', systemPrompt: '' }, 1), 0), /Not a valid conversation id/);
      await assert.rejects(store.load(id), /Not a valid conversation id/);
    }
  });
});
