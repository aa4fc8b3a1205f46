import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConversationStore } from '../../../../src/conversations/store/conversationStore';
import { emptyConversation, type Conversation } from '../../../../src/shared/conversation';

function conversation(id: string, updatedAt: number, question = `question of ${id}`): Conversation {
  const result = emptyConversation(id, { model: 'claude-test', systemPrompt: '' }, updatedAt);
  result.title = `Title ${id}`;
  result.messages.push(
    { id: `${id}-u`, parentId: null, role: 'user', blocks: [{ type: 'text', text: question }], status: 'complete', createdAt: updatedAt },
    { id: `${id}-a`, parentId: `${id}-u`, role: 'assistant', blocks: [{ type: 'text', text: 'answer' }], status: 'complete', createdAt: updatedAt },
  );
  return result;
}

describe('conversation store: the history index', () => {
  let dir: string;
  let store: ConversationStore;
  let indexPath: string;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-store-'));
    indexPath = path.join(dir, 'index.json');
    store = new ConversationStore({ dir });
    await store.save(conversation('old', 1000), 0);
    await store.save(conversation('mid', 2000), 0);
    await store.save(conversation('new', 3000), 0);
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lists summaries newest first, with count and preview', async () => {
    const { summaries, quarantined } = await store.list();
    assert.deepEqual(quarantined, []);
    assert.deepEqual(
      summaries.map((s) => s.id),
      ['new', 'mid', 'old'],
    );
    assert.deepEqual(summaries[0], {
      id: 'new',
      title: 'Title new',
      titleSource: 'none',
      createdAt: 3000,
      updatedAt: 3000,
      pinned: false,
      model: 'claude-test',
      messageCount: 2,
      preview: 'question of new',
    });
  });

  it('collapses whitespace in the preview and cuts it at 200 characters', async () => {
    await store.save(conversation('long', 4000, `  line one\n\n  line   two ${'z'.repeat(300)}`), 0);
    const [summary] = (await store.list()).summaries;
    assert.equal(summary.preview.length, 200);
    assert.ok(summary.preview.startsWith('line one line two zzz'));
  });

  it('previews a code command’s turn as what the user did, not as the code it sent', async () => {
    const command = conversation('command', 5000, 'Explain this code:\n```ts\nconst a = 1;\n```');
    command.messages[0].invocation = { command: 'Explain', target: 'src/a.ts:1–3', question: 'why?' };
    await store.save(command, 0);
    const [summary] = (await store.list()).summaries;
    assert.equal(summary.preview, 'Explain src/a.ts:1–3: why?');
  });

  it('does not touch the index on save; the next list picks the save up', async () => {
    await store.list();
    const indexBefore = fs.readFileSync(indexPath, 'utf8');
    const changed = conversation('old', 5000);
    changed.title = 'Renamed';
    await store.save(changed, 1);
    assert.equal(fs.readFileSync(indexPath, 'utf8'), indexBefore, 'save left the index alone');
    const { summaries } = await store.list();
    assert.equal(summaries[0].id, 'old');
    assert.equal(summaries[0].title, 'Renamed');
  });

  it('serves an unchanged folder from the index without reading conversation files', async () => {
    // Replace a file's content while keeping its size, mtime and inode: only a reader that trusts the index misses it.
    const file = path.join(dir, 'conversations', 'mid.json');
    fs.utimesSync(file, 1_700_000_000, 1_700_000_000); // a whole second, so that it can be set back exactly
    await store.list();
    const text = fs.readFileSync(file, 'utf8').replace('Title mid', 'Title MID');
    fs.writeFileSync(file, text);
    fs.utimesSync(file, 1_700_000_000, 1_700_000_000);
    const fresh = new ConversationStore({ dir });
    assert.equal((await fresh.list()).summaries.find((s) => s.id === 'mid')?.title, 'Title mid', 'served from the index');
  });

  it('rebuilds a deleted index', async () => {
    await store.list();
    fs.rmSync(indexPath);
    const { summaries, quarantined } = await new ConversationStore({ dir }).list();
    assert.deepEqual(
      summaries.map((s) => s.id),
      ['new', 'mid', 'old'],
    );
    assert.deepEqual(quarantined, []);
    assert.ok(fs.existsSync(indexPath));
  });

  for (const [label, content] of [
    ['corrupt', '{"indexVersion":1,"entries":{"x"'],
    ['from another version', '{"indexVersion":99,"entries":{}}'],
    ['holding damaged entries', '{"indexVersion":1,"entries":{"old":{"stamp":null,"summary":{}},"ghost":{"stamp":{"size":1,"mtimeMs":1,"ino":1},"summary":{"id":"ghost"}}}}'],
    ['with a byte-order mark', '\ufeff{"indexVersion":1,"entries":{}}'],
  ]) {
    it(`rebuilds an index ${label}, without quarantining it`, async () => {
      fs.writeFileSync(indexPath, content);
      const { summaries, quarantined } = await store.list();
      assert.deepEqual(
        summaries.map((s) => s.id),
        ['new', 'mid', 'old'],
      );
      assert.deepEqual(quarantined, []);
      assert.ok(!fs.existsSync(path.join(dir, 'quarantine')));
      assert.equal((JSON.parse(fs.readFileSync(indexPath, 'utf8')) as { indexVersion: number }).indexVersion, 1);
    });
  }

  it('picks up a file another program changed behind its back', async () => {
    await store.list();
    const file = path.join(dir, 'conversations', 'old.json');
    const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as { title: string; updatedAt: number; messages: unknown[] };
    stored.title = 'Edited elsewhere';
    stored.updatedAt = 9000;
    stored.messages.pop();
    fs.writeFileSync(file, JSON.stringify(stored));
    const { summaries } = await store.list();
    assert.equal(summaries[0].id, 'old');
    assert.equal(summaries[0].title, 'Edited elsewhere');
    assert.equal(summaries[0].messageCount, 1);
  });

  it('drops a file that was removed, and adds one that appeared', async () => {
    await store.list();
    fs.renameSync(path.join(dir, 'conversations', 'mid.json'), path.join(dir, 'elsewhere.json'));
    await new ConversationStore({ dir }).save(conversation('other', 500), 0);
    const { summaries } = await store.list();
    assert.deepEqual(
      summaries.map((s) => s.id),
      ['new', 'old', 'other'],
    );
    const index = JSON.parse(fs.readFileSync(indexPath, 'utf8')) as { entries: Record<string, unknown> };
    assert.deepEqual(Object.keys(index.entries).sort(), ['new', 'old', 'other']);
  });

  it('ignores lock folders, stray folders and files that are not conversations', async () => {
    const folder = path.join(dir, 'conversations');
    fs.mkdirSync(path.join(folder, 'mid.json.lock'));
    fs.mkdirSync(path.join(folder, 'folder.json'));
    fs.writeFileSync(path.join(folder, 'notes.txt'), 'hello');
    fs.writeFileSync(path.join(folder, 'has space.json'), '{}');
    const { summaries, quarantined } = await store.list();
    assert.deepEqual(
      summaries.map((s) => s.id),
      ['new', 'mid', 'old'],
    );
    assert.deepEqual(quarantined, []);
  });

  it('lists an empty or missing folder as empty', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-store-'));
    try {
      assert.deepEqual(await new ConversationStore({ dir: path.join(empty, 'not-yet') }).list(), { summaries: [], quarantined: [] });
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
