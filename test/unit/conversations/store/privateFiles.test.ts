import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConversationStore } from '../../../../src/conversations/store/conversationStore';
import { withFileLock } from '../../../../src/conversations/store/fileLock';
import { emptyConversation, type Conversation } from '../../../../src/shared/conversation';

function conversation(id: string, status: 'complete' | 'streaming' = 'complete'): Conversation {
  const result = emptyConversation(id, { model: 'claude-test', systemPrompt: '' }, 100);
  result.messages.push({ id: `${id}-u`, parentId: null, role: 'user', blocks: [{ type: 'text', text: 'private words' }], status: 'complete', createdAt: 100 });
  result.messages.push({ id: `${id}-a`, parentId: `${id}-u`, role: 'assistant', blocks: [{ type: 'text', text: 'private answer' }], status, createdAt: 101 });
  return result;
}

const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

/** Every file and folder under `dir`, with its permission bits. */
function modes(dir: string): Map<string, number> {
  const result = new Map<string, number>();
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    result.set(path.relative(dir, full), modeOf(full));
  }
  return result;
}

describe('conversation store: files and folders are owner-only', function () {
  let root: string;
  let umask: number;

  beforeEach(() => {
    // The usual umask: without the store asking for less, files would be 0644 and folders 0755 (world-readable).
    umask = process.umask(0o022);
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-store-modes-'));
  });

  afterEach(() => {
    process.umask(umask);
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('creates every file 0600 and every folder 0700: conversations, index, trash, quarantine, leases', async () => {
    const dir = path.join(root, 'storage'); // made by the store, as on a first run
    const store = new ConversationStore({ dir });
    await store.save(conversation('kept'), 0);
    await store.save(conversation('live', 'streaming'), 0); // takes this window's lease
    await store.save(conversation('gone'), 0);
    await store.delete('gone');
    fs.writeFileSync(path.join(dir, 'conversations', 'broken.json'), '{"schemaVersion":1,,,}');
    await store.list(); // writes index.json, quarantines broken.json
    await store.dispose();

    const seen = modes(dir);
    for (const expected of ['conversations/kept.json', 'conversations/live.json', 'index.json', 'trash/gone.json', 'quarantine', 'trash', 'windows']) {
      assert.ok(seen.has(expected), `${expected} exists: ${[...seen.keys()].join(', ')}`);
    }
    assert.ok([...seen.keys()].some((name) => name.startsWith('quarantine/broken.json.')));
    const wrong = [...seen].filter(([name, mode]) => {
      const isFolder = fs.statSync(path.join(dir, name)).isDirectory();
      // The quarantined file keeps the mode another program gave it: it is only moved, never rewritten.
      if (name.startsWith('quarantine/')) return false;
      return mode !== (isFolder ? 0o700 : 0o600);
    });
    assert.deepEqual(wrong, [], 'files 0600, folders 0700');
    assert.equal(modeOf(dir), 0o700, 'the storage folder itself, when the store creates it');
  });

  it('writes the temp file owner-only before it is renamed into place', async () => {
    const dir = path.join(root, 'storage');
    const seenTempModes: number[] = [];
    // The lock's pre-commit check runs while the temp file is complete and not yet renamed: look at it then.
    const store = new ConversationStore({
      dir,
      lock: (file, action) =>
        withFileLock(file, (lock) =>
          action({
            assertHeld: async () => {
              const folder = path.dirname(file);
              for (const name of fs.readdirSync(folder)) if (name.endsWith('.tmp')) seenTempModes.push(modeOf(path.join(folder, name)));
              await lock.assertHeld();
            },
            assertNotTakenOver: () => lock.assertNotTakenOver(),
          }),
        ),
    });
    await store.save(conversation('c1'), 0);
    assert.deepEqual(seenTempModes, [0o600]);
  });

  it('creates the lock folder owner-only', async () => {
    const file = path.join(root, 'x.json');
    const mode = await withFileLock(file, async () => modeOf(`${file}.lock`));
    assert.equal(mode, 0o700);
  });

  it('narrows folders an older version left world-readable, and replaces world-readable files on their next save', async () => {
    const dir = path.join(root, 'storage');
    fs.mkdirSync(path.join(dir, 'conversations'), { recursive: true, mode: 0o755 });
    fs.mkdirSync(path.join(dir, 'trash'), { mode: 0o755 });
    const store = new ConversationStore({ dir });
    await store.save(conversation('old'), 0);
    fs.chmodSync(path.join(dir, 'conversations', 'old.json'), 0o644);
    const fresh = new ConversationStore({ dir });
    await fresh.save(conversation('old'), 1);
    await fresh.delete('old');
    assert.equal(modeOf(path.join(dir, 'conversations')), 0o700);
    assert.equal(modeOf(path.join(dir, 'trash')), 0o700);
    assert.equal(modeOf(path.join(dir, 'trash', 'old.json')), 0o600);
  });
});
