import fs from 'node:fs/promises';
import path from 'node:path';
import { errorCode, pathExists, readFileWithStamp, writeFileAtomic } from './atomicFile';
import type { HeldLock } from './fileLock';
import type { StoreLayout } from './layout';
import { mergeStoredConversations } from './merge';
import { parseConversationFile } from './parseFile';
import { moveToQuarantine, type QuarantinedFile } from './quarantine';
import type { ReadOutcome } from './readOutcome';
import { serializeConversation } from './storedFormat';

/**
 * `trash/`: deleted conversations, restorable until purged. The trash is a sibling of `conversations/` on the same
 * volume, so deleting and restoring are renames. The caller holds the conversation's lock around `moveIn` and
 * `takeOut`, and has made the trash folder (owner-only).
 */
export class Trash {
  constructor(
    private readonly layout: StoreLayout,
    private readonly now: () => number,
  ) {}

  /** Moves the conversation's file to the trash. False if there was none. */
  async moveIn(id: string): Promise<boolean> {
    const file = this.layout.conversationFile(id);
    if (!(await pathExists(file))) return false;
    const trashed = this.layout.trashFile(id);
    // Deleted before, restored, deleted again: the earlier trashed copy is kept aside rather than overwritten.
    if (await pathExists(trashed)) await fs.rename(trashed, `${trashed}.${this.now()}`);
    await fs.rename(file, trashed);
    // The trash ages from the delete, not from the conversation's last edit (which rename keeps as the mtime).
    const seconds = this.now() / 1000;
    await fs.utimes(trashed, seconds, seconds);
    return true;
  }

  /**
   * Brings a trashed conversation back. If another window saved it again after the delete (`live`), the two are
   * merged so that neither side's messages are lost. False if it is not in the trash, or the trashed copy is
   * unreadable (then it is quarantined and reported to `quarantined`).
   */
  async takeOut(id: string, live: () => Promise<ReadOutcome>, lock: HeldLock, quarantined: (report: QuarantinedFile) => void): Promise<boolean> {
    const file = this.layout.conversationFile(id);
    const trashed = this.layout.trashFile(id);
    const fromTrash = await readFileWithStamp(trashed);
    if (!fromTrash) return false;
    const parsed = parseConversationFile(fromTrash.bytes, id);
    if (!parsed.ok) {
      quarantined(await moveToQuarantine(trashed, this.layout.quarantine, this.now(), parsed.reason, parsed.detail));
      return false;
    }
    const current = await live();
    if (current.kind === 'quarantined') quarantined(current.report);
    if (current.kind !== 'ok') {
      await fs.rename(trashed, file);
      return true;
    }
    const merged = mergeStoredConversations(parsed.stored, current.stored);
    merged.revision = Math.max(parsed.stored.revision, current.stored.revision) + 1;
    await writeFileAtomic(file, serializeConversation(merged), () => lock.assertHeld());
    await fs.rename(trashed, `${trashed}.${this.now()}.restored`); // purged with the rest of the trash
    return true;
  }

  /** Deletes trashed files deleted at least `olderThanMs` ago. Returns how many went. */
  async purge(olderThanMs: number): Promise<number> {
    let names: string[];
    try {
      names = await fs.readdir(this.layout.trash);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return 0;
      throw error;
    }
    let purged = 0;
    for (const name of names) {
      const file = path.join(this.layout.trash, name);
      try {
        const stat = await fs.stat(file);
        if (stat.isFile() && this.now() - stat.mtimeMs >= olderThanMs) {
          await fs.unlink(file);
          purged++;
        }
      } catch (error) {
        if (errorCode(error) !== 'ENOENT') throw error; // another window purged it first
      }
    }
    return purged;
  }
}
