import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConversationStore, type QuarantinedFile } from '../../../../src/conversations/store/conversationStore';
import { SCHEMA_VERSION } from '../../../../src/conversations/store/storedFormat';
import { emptyConversation, type Conversation } from '../../../../src/shared/conversation';

function conversation(id: string, text: string): Conversation {
  const result = emptyConversation(id, { model: 'claude-test', systemPrompt: '' }, 100);
  result.title = `Title ${id}`;
  result.messages.push({ id: `${id}-u`, parentId: null, role: 'user', blocks: [{ type: 'text', text }], status: 'complete', createdAt: 100 });
  return result;
}

/** Every regular file under `dir` (lock folders and the index excluded): what must never shrink. */
function files(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name !== 'index.json')
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

const BAD_FILES: { reason: QuarantinedFile['reason']; bytes: () => Buffer; label?: string }[] = [
  { reason: 'bom', bytes: () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify({ schemaVersion: 1 }))]) },
  { reason: 'truncated', bytes: () => Buffer.from('{"schemaVersion":1,"revision":3,"id":"bad","title":"Half a fi') },
  { reason: 'corrupt', bytes: () => Buffer.from('{"schemaVersion":1,,,"revision":3} trailing nonsense') },
  { reason: 'futureSchema', bytes: () => Buffer.from(JSON.stringify({ schemaVersion: SCHEMA_VERSION + 1, revision: 1, id: 'bad', turns: [] })) },
  { reason: 'invalid', bytes: () => Buffer.from(JSON.stringify({ schemaVersion: 1, revision: 1, id: 'bad', title: 7, messages: 'none' })) },
  // A file that is well-formed in every field but whose messages are their own ancestors.
  { reason: 'invalid', bytes: () => Buffer.from(JSON.stringify(cyclicConversation())), label: 'parent-cycle (invalid)' },
];

function cyclicConversation(): object {
  const result = { schemaVersion: 1, revision: 1, id: 'bad', title: 'Loop', titleSource: 'user', createdAt: 1, updatedAt: 1, pinned: false, model: 'm', systemPrompt: '', selected: {}, deleted: [] };
  const message = (id: string, parentId: string) => ({ id, parentId, role: 'user', status: 'complete', createdAt: 1, content: [{ type: 'text', text: id }] });
  return { ...result, messages: [message('x', 'y'), message('y', 'x'), message('self', 'self')] };
}

describe('conversation store: unreadable files are quarantined, never deleted', () => {
  let dir: string;
  let store: ConversationStore;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-store-'));
    store = new ConversationStore({ dir, now: () => Date.UTC(2025, 0, 2, 3, 4, 5, 6) });
    await store.save(conversation('good1', 'first good'), 0);
    await store.save(conversation('good2', 'second good'), 0);
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const { reason, bytes, label = reason } of BAD_FILES) {
    it(`moves a ${label} file aside on list, reports it once, and still lists and loads the others`, async () => {
      const badPath = path.join(dir, 'conversations', 'bad.json');
      fs.writeFileSync(badPath, bytes());
      const before = files(dir);

      const { summaries, quarantined } = await store.list();

      assert.equal(quarantined.length, 1);
      const [report] = quarantined;
      assert.equal(report.reason, reason);
      assert.equal(report.file, badPath);
      assert.ok(report.detail.length > 0);
      assert.equal(path.dirname(report.movedTo), path.join(dir, 'quarantine'));
      assert.equal(path.basename(report.movedTo), 'bad.json.2025-01-02T03-04-05-006Z');
      assert.deepEqual(fs.readFileSync(report.movedTo), bytes(), 'moved byte for byte');
      assert.ok(!fs.existsSync(badPath));
      assert.equal(files(dir).length, before.length, 'no file was deleted');
      assert.deepEqual(summaries.map((s) => s.id).sort(), ['good1', 'good2']);
      for (const id of ['good1', 'good2']) {
        const loaded = await store.load(id);
        assert.ok(loaded && 'conversation' in loaded, id);
      }
      assert.deepEqual((await store.list()).quarantined, [], 'reported once');
    });

    it(`reports a ${label} file from load as quarantined instead of a conversation`, async () => {
      fs.writeFileSync(path.join(dir, 'conversations', 'bad.json'), bytes());
      const before = files(dir).length;
      const loaded = await store.load('bad');
      assert.ok(loaded && 'quarantined' in loaded);
      assert.equal(loaded.quarantined.reason, reason);
      assert.ok(fs.existsSync(loaded.quarantined.movedTo));
      assert.equal(files(dir).length, before);
      assert.equal(await store.load('bad'), undefined);
    });
  }

  it('never overwrites an earlier quarantined copy of the same file', async () => {
    const badPath = path.join(dir, 'conversations', 'bad.json');
    fs.writeFileSync(badPath, 'first {');
    const first = await store.load('bad');
    fs.writeFileSync(badPath, 'second {');
    const second = await store.load('bad');
    assert.ok(first && 'quarantined' in first && second && 'quarantined' in second);
    assert.notEqual(first.quarantined.movedTo, second.quarantined.movedTo);
    assert.equal(fs.readFileSync(first.quarantined.movedTo, 'utf8'), 'first {');
    assert.equal(fs.readFileSync(second.quarantined.movedTo, 'utf8'), 'second {');
  });

  it('quarantines a file whose content names another conversation', async () => {
    fs.copyFileSync(path.join(dir, 'conversations', 'good1.json'), path.join(dir, 'conversations', 'copy.json'));
    const { quarantined, summaries } = await store.list();
    assert.deepEqual(
      quarantined.map((q) => q.reason),
      ['invalid'],
    );
    assert.equal(summaries.length, 2);
  });

  it('a save over an unreadable file moves it aside first and reports it', async () => {
    const badPath = path.join(dir, 'conversations', 'bad.json');
    fs.writeFileSync(badPath, '{"schemaVersion":1,');
    const saved = await store.save(conversation('bad', 'fresh start'), 0);
    assert.equal(saved.quarantined?.reason, 'truncated');
    assert.equal(fs.readFileSync(saved.quarantined.movedTo, 'utf8'), '{"schemaVersion":1,');
    const loaded = await store.load('bad');
    assert.ok(loaded && 'conversation' in loaded);
    assert.deepEqual(
      (await store.list()).quarantined.map((q) => q.movedTo),
      [saved.quarantined.movedTo],
      'reported by the next list too',
    );
  });

  it('ignores leftover temp files, removing only those older than a minute', async () => {
    const folder = path.join(dir, 'conversations');
    const young = path.join(folder, 'good1.json.abc123.tmp');
    const old = path.join(folder, 'good2.json.def456.tmp');
    fs.writeFileSync(young, '{"half":');
    fs.writeFileSync(old, '{"half":');
    const longAgo = (Date.now() - 5 * 60_000) / 1000;
    fs.utimesSync(old, longAgo, longAgo);
    const { summaries, quarantined } = await store.list();
    assert.deepEqual(quarantined, []);
    assert.equal(summaries.length, 2);
    assert.ok(fs.existsSync(young), 'a young temp file may be a write in progress');
    assert.ok(!fs.existsSync(old));
    assert.ok(!fs.existsSync(path.join(dir, 'quarantine')));
  });
});
