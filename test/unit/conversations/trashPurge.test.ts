import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConversationStore } from '../../../src/conversations/store/conversationStore';
import { ATTACHMENT_GRACE_MS, FIRST_PURGE_DELAY_MS, PURGE_INTERVAL_MS, TRASH_KEEP_MS, TrashPurge } from '../../../src/conversations/trashPurge';
import { attachmentFileName, type Attachment } from '../../../src/shared/attachment';
import { emptyConversation, type Conversation } from '../../../src/shared/conversation';
import { FakeLog } from '../../fakes/vscode';
import { ManualClock, settle } from '../../helpers/manualClock';

const DAY_MS = 24 * 60 * 60 * 1000;

function conversation(id: string, ...attachments: Attachment[]): Conversation {
  const result = emptyConversation(id, { model: 'claude-test', systemPrompt: '' }, 1);
  const files = attachments.map((attachment) => ({ type: 'attachment' as const, attachment }));
  result.messages.push({ id: `${id}-m`, parentId: null, role: 'user', blocks: [...files, { type: 'text', text: id }], status: 'complete', createdAt: 1 });
  return result;
}

describe('TrashPurge', () => {
  let dir: string;
  let clock: ManualClock;
  let store: ConversationStore;
  /** Every purge and collection started, so a test can wait for the ones the clock set off. */
  let purges: Promise<number>[];
  let collections: Promise<number>[];
  const counting = () => ({
    purgeTrash: (olderThanMs: number) => {
      const purging = store.purgeTrash(olderThanMs);
      purges.push(purging);
      return purging;
    },
    collectAttachmentGarbage: (minAgeMs: number, inUse?: ReadonlySet<string>) => {
      const collecting = store.collectAttachmentGarbage(minAgeMs, inUse);
      collections.push(collecting);
      return collecting;
    },
  });

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'claude-chat-trash-'));
    clock = new ManualClock();
    // The store ages the trash by its own clock: the test's, from a realistic start.
    const start = Date.now();
    store = new ConversationStore({ dir, now: () => start + clock.now() });
    purges = [];
    collections = [];
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  /** Moves the clock, waiting for each purge it sets off to finish before moving on (they do real I/O). */
  async function advance(ms: number): Promise<void> {
    const until = clock.now() + ms;
    while (clock.now() < until) {
      await clock.advance(Math.min(PURGE_INTERVAL_MS, until - clock.now()));
      await Promise.allSettled(purges);
      await settle(); // the collection starts once the purge is done
      await Promise.allSettled(collections);
    }
  }

  async function trashed(): Promise<string[]> {
    return (await fs.readdir(path.join(dir, 'trash'))).sort();
  }

  it('empties conversations deleted over 30 days ago, a few minutes after startup and then daily', async () => {
    await store.save(conversation('old'), 0);
    await store.save(conversation('recent'), 0);
    await store.delete('old');
    await advance(10 * DAY_MS);
    await store.delete('recent');
    // The window starts 10 days after the first delete.
    const purge = new TrashPurge(counting(), new FakeLog(), clock);

    await advance(FIRST_PURGE_DELAY_MS - 1);
    assert.equal(purges.length, 0, 'nothing runs during startup');
    await advance(1);
    assert.equal(purges.length, 1, 'the first purge');
    assert.deepEqual(await trashed(), ['old.json', 'recent.json'], 'both younger than 30 days');

    await advance(19 * PURGE_INTERVAL_MS);
    assert.equal(purges.length, 20, 'once a day');
    assert.deepEqual(await trashed(), ['old.json', 'recent.json'], '29 days and 5 minutes: kept');
    await advance(PURGE_INTERVAL_MS);
    assert.deepEqual(await trashed(), ['recent.json'], 'over 30 days: gone');
    await advance(10 * PURGE_INTERVAL_MS);
    assert.deepEqual(await trashed(), []);

    purge.dispose();
    assert.equal(clock.pendingCount, 0, 'dispose stops the schedule');
  });

  it('deletes the attached files of purged conversations once it has emptied the trash, keeping those still referred to', async () => {
    const put = async (text: string): Promise<Attachment> => ({ kind: 'text', mediaType: 'text/plain', ...(await store.attachments.put(new TextEncoder().encode(text), 'text/plain')), name: `${text}.txt` });
    const shared = await put('shared');
    const own = await put('own');
    await store.save(conversation('kept', shared), 0);
    await store.save(conversation('deleted', shared, own), 0);
    await store.delete('deleted');
    const log = new FakeLog();
    const purge = new TrashPurge(counting(), log, clock);
    const stored = async () => (await fs.readdir(store.attachments.folder)).sort();

    await advance(FIRST_PURGE_DELAY_MS);
    assert.equal(collections.length, 1, 'a collection follows each purge');
    assert.deepEqual(await stored(), [shared, own].map((a) => attachmentFileName(a)).sort(), 'the deleted conversation can still be restored');
    await advance(TRASH_KEEP_MS);
    assert.deepEqual(await trashed(), []);
    assert.deepEqual(await stored(), [attachmentFileName(shared)]);
    assert.match(log.text(), /Deleted 1 attached file\(s\) that no conversation refers to any more/);
    purge.dispose();
  });

  it('keeps an old file that only the composer holds (an unsent attachment), and deletes it once nothing does', async () => {
    const { sha256 } = await store.attachments.put(new TextEncoder().encode('draft'), 'text/plain');
    const draft = new Set([sha256]);
    const purge = new TrashPurge(counting(), new FakeLog(), clock, () => draft);
    const stored = async () => (await fs.readdir(store.attachments.folder)).length;
    await advance(FIRST_PURGE_DELAY_MS + 2 * PURGE_INTERVAL_MS);
    assert.equal(await stored(), 1, 'still in the composer after two days');
    draft.clear();
    await advance(PURGE_INTERVAL_MS);
    assert.equal(await stored(), 0);
    purge.dispose();
  });

  it('logs a failed purge and tries again the next day', async () => {
    const log = new FakeLog();
    let calls = 0;
    const purge = new TrashPurge(
      {
        purgeTrash: async (olderThanMs) => {
          calls++;
          assert.equal(olderThanMs, TRASH_KEEP_MS);
          if (calls === 1) throw new Error('EACCES: permission denied');
          return 2;
        },
        collectAttachmentGarbage: async () => 0,
      },
      log,
      clock,
    );
    await clock.advance(FIRST_PURGE_DELAY_MS);
    await settle();
    assert.match(log.text(), /Emptying the trash failed: EACCES/);
    await clock.advance(PURGE_INTERVAL_MS);
    await settle();
    assert.equal(calls, 2);
    assert.match(log.text(), /Emptied 2 conversation/);
    purge.dispose();
  });

  it('collects attachments with a day’s grace even when the purge failed, and logs a failed collection without throwing', async () => {
    const log = new FakeLog();
    const graces: number[] = [];
    const purge = new TrashPurge(
      {
        purgeTrash: async () => {
          throw new Error('EACCES: permission denied');
        },
        collectAttachmentGarbage: async (minAgeMs) => {
          graces.push(minAgeMs);
          if (graces.length === 1) throw new Error('Cannot tell which attachments c1.json refers to');
          return 3;
        },
      },
      log,
      clock,
    );
    await clock.advance(FIRST_PURGE_DELAY_MS);
    await settle();
    assert.deepEqual(graces, [ATTACHMENT_GRACE_MS]);
    assert.equal(ATTACHMENT_GRACE_MS, DAY_MS);
    assert.match(log.text(), /Deleting unreferenced attached files failed: Cannot tell which attachments c1\.json/);
    await clock.advance(PURGE_INTERVAL_MS);
    await settle();
    assert.match(log.text(), /Deleted 3 attached file/);
    purge.dispose();
  });
});
