import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsPromises from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AttachmentStore } from '../../../../src/conversations/store/attachmentStore';
import { ConversationStore } from '../../../../src/conversations/store/conversationStore';
import { attachmentFileName, type Attachment } from '../../../../src/shared/attachment';
import { emptyConversation, type Conversation } from '../../../../src/shared/conversation';
import { pdfBytes, pngBytes } from '../../../helpers/attachmentFixtures';

const DAY = 24 * 60 * 60 * 1000;
const modeOf = (file: string) => fs.statSync(file).mode & 0o777;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const posix = process.platform !== 'win32';

/** Sets a file's mtime `ageMs` before `now`, as if it had been stored then. */
function age(file: string, now: number, ageMs: number): void {
  const seconds = (now - ageMs) / 1000;
  fs.utimesSync(file, seconds, seconds);
}

describe('attachment store', () => {
  let root: string;
  let umask: number;
  let store: AttachmentStore;

  beforeEach(() => {
    // The usual umask: without the store asking for less, files would be 0644 and folders 0755.
    umask = process.umask(0o022);
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-attachments-'));
    store = new AttachmentStore(path.join(root, 'storage', 'attachments'));
  });

  afterEach(() => {
    process.umask(umask);
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('stores bytes under their sha256 with the type’s extension, owner-only, and reads them back', async () => {
    const png = pngBytes(40, 30);
    const stored = await store.put(png, 'image/png');
    assert.deepEqual(stored, { sha256: sha256(png), byteLength: png.byteLength });
    const file = path.join(store.folder, `${sha256(png)}.png`);
    assert.equal(store.fileOf({ sha256: stored.sha256, mediaType: 'image/png' }), file);
    assert.deepEqual(new Uint8Array(fs.readFileSync(file)), png);
    if (posix) {
      assert.equal(modeOf(file).toString(8), '600');
      assert.equal(modeOf(store.folder).toString(8), '700');
    }
    assert.deepEqual(new Uint8Array(await store.read({ sha256: stored.sha256, mediaType: 'image/png' })), png);
    assert.deepEqual(fs.readdirSync(store.folder), [`${sha256(png)}.png`], 'no temp file left behind');
  });

  it('stores the same bytes once: a second put rewrites nothing but makes the file young again', async () => {
    const pdf = await pdfBytes(2);
    const first = await store.put(pdf, 'application/pdf');
    const file = store.fileOf({ sha256: first.sha256, mediaType: 'application/pdf' });
    const inode = fs.statSync(file).ino;
    age(file, Date.now(), 5 * DAY);
    const second = await store.put(pdf, 'application/pdf');
    assert.deepEqual(second, first);
    assert.equal(fs.statSync(file).ino, inode, 'the file was not replaced');
    assert.ok(Date.now() - fs.statSync(file).mtimeMs < DAY, 'its age starts again');
    assert.equal(fs.readdirSync(store.folder).length, 1);
  });

  it('repairs a damaged copy when the same file is stored again', async () => {
    const text = new TextEncoder().encode('notes\n');
    const { sha256: hash } = await store.put(text, 'text/plain');
    const file = store.fileOf({ sha256: hash, mediaType: 'text/plain' });
    fs.writeFileSync(file, 'notez\n');
    await store.put(text, 'text/plain');
    assert.equal(fs.readFileSync(file, 'utf8'), 'notes\n');
  });

  it('refuses to read a missing or damaged file, naming the attachment by kind and hash', async () => {
    const png = pngBytes(4, 4);
    const { sha256: hash } = await store.put(png, 'image/png');
    const attachment = { sha256: hash, mediaType: 'image/png' as const };
    const file = store.fileOf(attachment);
    const damaged = Buffer.from(png);
    damaged[damaged.length - 1] ^= 0xff;
    fs.writeFileSync(file, damaged);
    await assert.rejects(store.read(attachment), new RegExp(`^Error: The attached image \\(sha256 ${hash.slice(0, 12)}…\\) is damaged in the attachment store`));
    fs.rmSync(file);
    await assert.rejects(store.read(attachment), /^Error: The attached image \(sha256 [0-9a-f]{12}…\) is missing from the attachment store\.$/);
    await assert.rejects(store.read({ sha256: 'a'.repeat(64), mediaType: 'application/pdf' }), /The attached PDF \(sha256 aaaaaaaaaaaa…\) is missing/);
  });

  it('never turns an identity that is not a hash into a path', () => {
    assert.throws(() => store.fileOf({ sha256: '../../secret', mediaType: 'image/png' }), /Not a stored attachment/);
    assert.throws(() => store.fileOf({ sha256: 'A'.repeat(64), mediaType: 'image/png' }), /Not a stored attachment/);
    assert.throws(() => store.fileOf({ sha256: 'a'.repeat(64), mediaType: 'image/svg+xml' as never }), /Not a stored attachment/);
  });

  it('collects old unreferenced files, keeping referenced ones, young ones and anything that is not an attachment', async () => {
    const now = Date.now();
    const put = async (text: string, ageMs: number) => {
      const { sha256: hash } = await store.put(new TextEncoder().encode(text), 'text/plain');
      age(store.fileOf({ sha256: hash, mediaType: 'text/plain' }), now, ageMs);
      return hash;
    };
    const referencedOld = await put('referenced', 10 * DAY);
    const unreferencedOld = await put('orphan', 10 * DAY);
    const unreferencedYoung = await put('just stored by another window', DAY - 60_000);
    const stray = path.join(store.folder, 'README.txt');
    fs.writeFileSync(stray, 'not ours');
    age(stray, now, 10 * DAY);
    const interrupted = path.join(store.folder, `${'b'.repeat(64)}.png.0123456789ab.tmp`);
    fs.writeFileSync(interrupted, 'half a write');
    age(interrupted, now, 10 * DAY);

    assert.equal(await store.collectGarbage(new Set([referencedOld]), DAY, now), 1);
    const left = fs.readdirSync(store.folder).sort();
    assert.deepEqual(left, [`${referencedOld}.txt`, `${unreferencedYoung}.txt`, 'README.txt'].sort());
    assert.ok(!left.includes(`${unreferencedOld}.txt`));
    assert.equal(await store.collectGarbage(new Set(), DAY, now + DAY), 2, 'a day later the young one is old too');
    assert.deepEqual(fs.readdirSync(store.folder), ['README.txt']);
  });

  it('collects nothing, without failing, before anything was ever stored', async () => {
    assert.equal(await store.collectGarbage(new Set(), 0, Date.now()), 0);
  });
});

describe('conversation store: attachments and their garbage collection', () => {
  let dir: string;
  let store: ConversationStore;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-attachment-gc-'));
    store = new ConversationStore({ dir });
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function attach(text: string, ageMs = 10 * DAY): Promise<Attachment> {
    const bytes = new TextEncoder().encode(text);
    const stored = await store.attachments.put(bytes, 'text/plain');
    const attachment: Attachment = { kind: 'text', mediaType: 'text/plain', ...stored, name: `${text}.txt` };
    age(store.attachments.fileOf(attachment), Date.now(), ageMs);
    return attachment;
  }

  function conversationWith(id: string, ...attachments: Attachment[]): Conversation {
    const result = emptyConversation(id, { model: 'claude-test', systemPrompt: '' }, 1);
    result.messages.push({ id: `${id}-u`, parentId: null, role: 'user', blocks: [...attachments.map((attachment) => ({ type: 'attachment' as const, attachment })), { type: 'text', text: 'look' }], status: 'complete', createdAt: 1 });
    return result;
  }

  const stored = () => fs.readdirSync(store.attachments.folder).sort();

  it('keeps the attachments folder beside the conversations', () => {
    assert.equal(store.attachments.folder, path.join(dir, 'attachments'));
  });

  it('finds the references of conversations, trashed conversations (older copies too) and quarantined files', async () => {
    const [live, trashed, older, quarantined, orphan] = [await attach('live'), await attach('trashed'), await attach('older'), await attach('quarantined'), await attach('orphan')];
    await store.save(conversationWith('c1', live), 0);
    await store.save(conversationWith('c2', trashed), 0);
    await store.delete('c2');
    await store.save(conversationWith('c3', older), 0);
    await store.delete('c3');
    fs.renameSync(path.join(dir, 'trash', 'c3.json'), path.join(dir, 'trash', 'c3.json.1700000000000.restored'));
    fs.mkdirSync(path.join(dir, 'quarantine'));
    // What a version that does not know attachments moves aside: a version-2 file, here also cut short.
    fs.writeFileSync(path.join(dir, 'quarantine', 'c4.json.2026-01-01T00-00-00-000Z'), `{"schemaVersion":2,"messages":[{"content":[{"type":"attachment","attachment":{"sha256":"${quarantined.sha256}"`);

    assert.deepEqual([...(await store.referencedAttachments())].sort(), [live.sha256, trashed.sha256, older.sha256, quarantined.sha256].sort());
    assert.equal(await store.collectAttachmentGarbage(DAY), 1);
    assert.deepEqual(stored(), [live, trashed, older, quarantined].map((a) => attachmentFileName(a)).sort());
    assert.ok(!stored().includes(attachmentFileName(orphan)));
  });

  it('spares a file stored moments ago for a conversation not saved yet', async () => {
    const draft = await attach('draft', 0);
    assert.equal(await store.collectAttachmentGarbage(DAY), 0);
    assert.deepEqual(stored(), [attachmentFileName(draft)]);
  });

  it('deletes the files of a conversation once it has left the trash', async () => {
    const shared = await attach('shared');
    const own = await attach('own');
    await store.save(conversationWith('keep', shared), 0);
    await store.save(conversationWith('gone', shared, own), 0);
    await store.delete('gone');
    assert.equal(await store.collectAttachmentGarbage(DAY), 0, 'still restorable');
    fs.rmSync(path.join(dir, 'trash', 'gone.json'));
    assert.equal(await store.collectAttachmentGarbage(DAY), 1);
    assert.deepEqual(stored(), [attachmentFileName(shared)]);
  });

  it('deletes nothing when a conversation file cannot be read: its references are unknown, not absent', async () => {
    const referenced = await attach('referenced');
    const orphan = await attach('orphan');
    await store.save(conversationWith('c1', referenced), 0);
    const file = path.join(dir, 'conversations', 'c1.json');
    const intact = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, intact.slice(0, intact.length / 2));
    await assert.rejects(store.collectAttachmentGarbage(DAY), /Cannot tell which attachments .*c1\.json refers to .*none were deleted/);
    await assert.rejects(store.referencedAttachments());
    assert.deepEqual(stored(), [referenced, orphan].map((a) => attachmentFileName(a)).sort());

    // The same for a trashed copy.
    fs.writeFileSync(file, intact);
    await store.delete('c1');
    fs.writeFileSync(path.join(dir, 'trash', 'c1.json'), '{"schemaVersion":1,');
    await assert.rejects(store.collectAttachmentGarbage(DAY), /trash.*c1\.json/);
    assert.equal(stored().length, 2);

    if (posix && process.getuid?.() !== 0) {
      // And for a file that cannot even be opened (root could open it anyway).
      fs.writeFileSync(path.join(dir, 'trash', 'c1.json'), intact);
      fs.chmodSync(path.join(dir, 'trash', 'c1.json'), 0o000);
      await assert.rejects(store.collectAttachmentGarbage(DAY), /EACCES/);
      assert.equal(stored().length, 2);
    }
  });

  it('looks again when a conversation moves between folders while they are read (a restore from the trash)', async () => {
    const restored = await attach('restored');
    await store.save(conversationWith('c1', restored), 0);
    await store.delete('c1');
    const readdir = fsPromises.readdir;
    let moved = false;
    // The restore lands between reading conversations/ (c1 not there yet) and listing trash/ (c1 gone from there).
    (fsPromises as { readdir: unknown }).readdir = async (folder: string, ...rest: unknown[]) => {
      if (!moved && folder === path.join(dir, 'trash')) {
        moved = true;
        fs.renameSync(path.join(dir, 'trash', 'c1.json'), path.join(dir, 'conversations', 'c1.json'));
      }
      return (readdir as (...args: unknown[]) => Promise<unknown>)(folder, ...rest);
    };
    try {
      assert.equal(await store.collectAttachmentGarbage(DAY), 0);
    } finally {
      (fsPromises as { readdir: unknown }).readdir = readdir;
    }
    assert.ok(moved);
    assert.deepEqual(stored(), [attachmentFileName(restored)]);
  });

  it('writes a conversation with attachments as schema version 2, one without as version 1, and reads both back', async () => {
    const file = await attach('spec');
    await store.save(conversationWith('with', file), 0);
    await store.save(conversationWith('without'), 0);
    const version = (id: string) => JSON.parse(fs.readFileSync(path.join(dir, 'conversations', `${id}.json`), 'utf8')).schemaVersion;
    assert.equal(version('with'), 2);
    assert.equal(version('without'), 1);
    const loaded = await store.load('with');
    assert.ok(loaded && 'conversation' in loaded);
    assert.deepEqual(loaded.conversation.messages[0].blocks[0], { type: 'attachment', attachment: file });
  });
});
