import { randomBytes } from 'node:crypto';
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Conversation } from '../../shared/conversation';
import { realTimers, type Timers } from '../../util/timers';
import { errorCode, readFileWithStamp, sameStamp, stampOf, writeFileAtomic, type FileStamp } from './atomicFile';
import { AttachmentStore } from './attachmentStore';
import { referencedAttachments } from './attachmentReferences';
import { toStoredConversation } from './codec';
import { DeletionLedger } from './deletionLedger';
import { isLockLost, withFileLock, type FileLocker, type HeldLock } from './fileLock';
import { KeyedQueue, mapLimit } from './keyedQueue';
import { assertValidId, idOfFileName, isTempFileName, StoreLayout } from './layout';
import { readIndex, writeIndex, type IndexEntry } from './listIndex';
import { differsFromOurs, mergeStoredConversations, reconcileWithFile } from './merge';
import { parseConversationFile } from './parseFile';
import { ensurePrivateFolder, PRIVATE_FOLDER_MODE } from './privateFiles';
import { moveToQuarantine, type QuarantinedFile } from './quarantine';
import type { ReadOutcome } from './readOutcome';
import { ConversationSearch } from './search';
import { serializeConversation, type StoredConversation } from './storedFormat';
import { StreamOwnership } from './streamOwnership';
import { compareSummaries, summarize, type ConversationSummary } from './summary';
import { Trash } from './trash';
import { watchFolder } from './watcher';
import { WindowLeases } from './windowLeases';

export type { ConversationSummary } from './summary';
export type { QuarantinedFile } from './quarantine';
export type { UnreadableReason } from './parseFile';

export interface ConversationStoreOptions {
  /** The extension's global storage folder; other windows (processes) use the same one at the same time. */
  dir: string;
  /** The clock for quarantine names and trash ages (tests move it). */
  now?: () => number;
  /**
   * This window's id, written into the answers it streams so that other windows know whose they are. Default: a
   * random one per store, which is what a window is (one extension host, one store).
   */
  windowId?: string;
  /** The cross-process file lock (tests wrap it, to take it over in the middle of a save as another window could). */
  lock?: FileLocker;
  /** Schedules the check for windows that stopped streaming by going away (tests pass a ManualClock). */
  timers?: Timers;
}

export interface LoadedConversation {
  conversation: Conversation;
  /** Pass back to `save` as the base: it is how the save notices another window's writes since this load. */
  revision: number;
}

/** A conversation, the report on its file when it could not be read (it was moved aside), or undefined when there is none. */
export type LoadResult = LoadedConversation | { quarantined: QuarantinedFile } | undefined;

export interface SaveResult {
  revision: number;
  /** What was written: the caller's conversation, or (merged) that plus what another window wrote meanwhile. */
  conversation: Conversation;
  merged: boolean;
  /** The file on disk was unreadable: it was moved aside and replaced by this save (also reported by the next list). */
  quarantined?: QuarantinedFile;
}

export interface ListResult {
  /** Newest `updatedAt` first. */
  summaries: ConversationSummary[];
  /** Files found unreadable (and moved aside) since the last list. */
  quarantined: QuarantinedFile[];
}

/** Temp files younger than this may belong to a write in progress in another window. */
const TEMP_MAX_AGE_MS = 60_000;
/** Enough parallel stats and reads to hide latency, few enough not to run out of file handles. */
const IO_CONCURRENCY = 32;
/**
 * Tries at a write whose lock was lost before it could commit (or that was taken over while it committed): each try
 * starts again from the file as it is now, so the write merges with what the other window wrote.
 */
const LOCK_ATTEMPTS = 3;

/**
 * The conversations on disk: one JSON file per conversation (`conversations/<id>.json`), written atomically under a
 * cross-process lock; `index.json` caches the history list; unreadable files go to `quarantine/`, deleted ones to
 * `trash/` (trash.ts); search has its own cache (search.ts). Several windows share the folder: a save that finds
 * another window's newer revision merges with it instead of overwriting it, and an answer being streamed belongs to
 * the window streaming it (streamOwnership.ts). Everything is created owner-only. Plain Node, no editor API, so every
 * property here is tested in plain Node.
 */
export class ConversationStore {
  /** The bytes of attached files, which conversation files refer to by hash. */
  readonly attachments: AttachmentStore;
  private readonly layout: StoreLayout;
  private readonly now: () => number;
  private readonly lock: FileLocker;
  private readonly timers: Timers;
  private readonly queue = new KeyedQueue();
  private readonly ledger = new DeletionLedger();
  private readonly finder = new ConversationSearch();
  private readonly trash: Trash;
  private readonly owners: StreamOwnership;
  /** Folders already narrowed to owner-only by this store (see ensurePrivateFolder). */
  private readonly tightened = new Set<string>();
  /** Files quarantined outside `list()` (by a save or a search), handed to the next `list()` to report. */
  private unreported: QuarantinedFile[] = [];

  constructor(options: ConversationStoreOptions) {
    this.layout = new StoreLayout(options.dir);
    this.now = options.now ?? Date.now;
    this.lock = options.lock ?? withFileLock;
    this.timers = options.timers ?? realTimers;
    this.trash = new Trash(this.layout, this.now);
    this.attachments = new AttachmentStore(this.layout.attachments, this.now);
    this.owners = new StreamOwnership(new WindowLeases(this.layout.windows, options.windowId ?? randomBytes(8).toString('hex')));
  }

  async load(id: string): Promise<LoadResult> {
    assertValidId(id);
    const outcome = await this.read(id);
    if (outcome.kind === 'missing') return undefined;
    if (outcome.kind === 'quarantined') return { quarantined: outcome.report };
    this.ledger.offered(id, outcome.stored.messages.map((message) => message.id));
    return { conversation: await this.owners.toConversation(outcome.stored), revision: outcome.stored.revision };
  }

  /**
   * Writes `conversation` as revision (current + 1). `baseRevision` is the revision it was loaded at (or the last save
   * returned; 0 for a new one): if the file has moved on since, the two are merged rather than ours overwriting it.
   * Rejects, leaving the previous file intact, when the write fails.
   */
  async save(conversation: Conversation, baseRevision: number): Promise<SaveResult> {
    assertValidId(conversation.id);
    // Copied now, synchronously: the session keeps mutating the live object while an answer streams.
    const ours = toStoredConversation(conversation, 0, { windowId: this.owners.windowId });
    const id = conversation.id;
    const file = this.layout.conversationFile(id);
    return this.queue.run(id, async () => {
      await this.ensureFolder(this.layout.conversations);
      return this.withLockRetried(file, (lock) => this.saveLocked(ours, baseRevision, file, lock));
    });
  }

  async list(): Promise<ListResult> {
    const { entries, quarantined } = await this.refresh();
    const summaries = [...entries.values()].map((entry) => entry.summary).sort(compareSummaries);
    return { summaries, quarantined: [...this.unreported.splice(0), ...quarantined] };
  }

  /** Conversations whose title or message text contains `query`, ignoring case; newest first. */
  async search(query: string): Promise<ConversationSummary[]> {
    this.finder.start();
    const { entries, quarantined } = await this.refresh();
    this.unreported.push(...quarantined);
    return this.finder.search(
      query,
      entries,
      (id) => this.read(id),
      (report) => this.unreported.push(report),
    );
  }

  /** Moves the conversation to the trash, from where `restore` brings it back. False if there was nothing to delete. */
  async delete(id: string): Promise<boolean> {
    assertValidId(id);
    const file = this.layout.conversationFile(id);
    return this.queue.run(id, async () => {
      await this.ensureFolder(this.layout.conversations);
      await this.ensureFolder(this.layout.trash);
      const deleted = await this.lock(file, () => this.trash.moveIn(id));
      if (deleted) {
        this.ledger.forget(id);
        this.finder.forget(id);
        this.owners.forget(id);
      }
      return deleted;
    });
  }

  /** Brings a deleted conversation back. False if it is not in the trash. */
  async restore(id: string): Promise<boolean> {
    assertValidId(id);
    const file = this.layout.conversationFile(id);
    return this.queue.run(id, async () => {
      await this.ensureFolder(this.layout.conversations);
      // Another window may still have had it open and saved it again after the delete: both sides' messages are kept.
      return this.withLockRetried(file, (lock) =>
        this.trash.takeOut(
          id,
          () => this.readLocked(id),
          lock,
          (report) => this.unreported.push(report),
        ),
      );
    });
  }

  /** Deletes trashed conversations deleted at least `olderThanMs` ago. Returns how many files went. */
  purgeTrash(olderThanMs: number): Promise<number> {
    return this.trash.purge(olderThanMs);
  }

  /** The hashes of every stored attachment a conversation, trashed or quarantined file refers to (attachmentReferences.ts). */
  referencedAttachments(): Promise<Set<string>> {
    return referencedAttachments(this.layout);
  }

  /**
   * Deletes stored attachments that no file refers to (see referencedAttachments) and that are at least `minAgeMs`
   * old, so that a file another window stored for a conversation it has not saved yet survives. Returns how many went;
   * rejects without deleting anything when the references could not all be read.
   */
  async collectAttachmentGarbage(minAgeMs: number, inUse: ReadonlySet<string> = new Set()): Promise<number> {
    const referenced = await this.referencedAttachments();
    for (const sha256 of inUse) referenced.add(sha256);
    return this.attachments.collectGarbage(referenced, minAgeMs, this.now());
  }

  /**
   * Calls `onChange` with the ids of conversations written by any window (this one included), batched; and with the
   * ids of conversations this store handed out with an answer streaming in another window, once that window is gone
   * (it crashed or closed mid-answer: loaded again, the answer now reads as interrupted).
   */
  watch(onChange: (ids: string[]) => void): { dispose(): void } {
    fsSync.mkdirSync(this.layout.conversations, { recursive: true, mode: PRIVATE_FOLDER_MODE });
    const folder = watchFolder(this.layout.conversations, onChange);
    const owners = this.owners.watch(this.timers, onChange);
    return {
      dispose: () => {
        folder.dispose();
        owners.dispose();
      },
    };
  }

  /** Gives up this window's streaming lease (the window is closing); other windows then see its answers as interrupted. */
  dispose(): Promise<void> {
    return this.owners.dispose();
  }

  private async saveLocked(ours: StoredConversation, baseRevision: number, file: string, lock: HeldLock): Promise<SaveResult> {
    const id = ours.id;
    const oursIds = new Set(ours.messages.map((message) => message.id));
    ours.deleted = this.ledger.deletedIn(id, oursIds);
    const onDisk = await this.readLocked(id);
    const quarantined = onDisk.kind === 'quarantined' ? onDisk.report : undefined;
    if (quarantined) this.unreported.push(quarantined);

    let toWrite: StoredConversation;
    if (onDisk.kind !== 'ok') {
      toWrite = { ...ours, revision: baseRevision + 1 };
    } else {
      const theirs = onDisk.stored;
      const tombstones = new Set(ours.deleted);
      // On disk but neither ours nor deleted by us: another window's message that this caller never took in.
      const unseen = theirs.messages.some((message) => !oursIds.has(message.id) && !tombstones.has(message.id));
      const windowId = this.owners.windowId;
      toWrite = theirs.revision !== baseRevision || unseen ? mergeStoredConversations(ours, theirs, windowId) : reconcileWithFile(ours, theirs, windowId);
      toWrite.revision = Math.max(theirs.revision, baseRevision) + 1;
    }
    await this.owners.claim(toWrite);
    await writeFileAtomic(file, serializeConversation(toWrite), () => lock.assertHeld());
    // Taken over between the check above and the rename: another window may have written in between, and this write
    // replaced it. The retry merges with whatever is there now and writes a revision past both.
    await lock.assertNotTakenOver();
    this.ledger.saved(
      id,
      oursIds,
      toWrite.messages.map((message) => message.id),
    );
    const result: SaveResult = { revision: toWrite.revision, conversation: await this.owners.toConversation(toWrite), merged: differsFromOurs(toWrite, ours) };
    if (quarantined) result.quarantined = quarantined;
    return result;
  }

  /** Runs `action` under the file's lock, again from the start when the lock was lost (see LOCK_ATTEMPTS). */
  private async withLockRetried<T>(file: string, action: (lock: HeldLock) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.lock(file, action);
      } catch (error) {
        if (!isLockLost(error) || attempt >= LOCK_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * Brings the index up to date with the folder: files whose stamp (size, mtime, inode) differs from their entry
   * are re-read, entries of vanished files dropped, and the index rewritten only if something changed. A list
   * therefore costs a stat per conversation plus a read per changed one, however many there are.
   */
  private async refresh(): Promise<{ entries: Map<string, IndexEntry>; quarantined: QuarantinedFile[] }> {
    await this.ensureFolder(this.layout.conversations);
    const dirents = await fs.readdir(this.layout.conversations, { withFileTypes: true });
    await this.removeOldTempFiles(
      this.layout.conversations,
      dirents.map((dirent) => dirent.name),
    );
    // Lock folders (`<id>.json.lock`) and anything else that is not a plain file is not a conversation.
    const ids = dirents
      .filter((dirent) => dirent.isFile() || dirent.isSymbolicLink())
      .map((dirent) => idOfFileName(dirent.name))
      .filter((id): id is string => id !== undefined);
    const index = await readIndex(this.layout.index);

    const stamps = await mapLimit(ids, IO_CONCURRENCY, async (id): Promise<FileStamp | 'gone' | 'failed'> => {
      try {
        return stampOf(await fs.stat(this.layout.conversationFile(id)));
      } catch (error) {
        return errorCode(error) === 'ENOENT' ? 'gone' : 'failed'; // gone: deleted between readdir and stat
      }
    });
    const entries = new Map<string, IndexEntry>();
    const stale: string[] = [];
    ids.forEach((id, i) => {
      const stamp = stamps[i];
      const entry = index.entries.get(id);
      if (stamp === 'gone') return;
      // A file that cannot be examined right now keeps its last known summary rather than vanishing from the list.
      if (stamp === 'failed') {
        if (entry) entries.set(id, entry);
      } else if (entry && sameStamp(entry.stamp, stamp)) entries.set(id, entry);
      else stale.push(id);
    });

    const quarantined: QuarantinedFile[] = [];
    await mapLimit(stale, IO_CONCURRENCY, async (id) => {
      let outcome: ReadOutcome;
      try {
        outcome = await this.read(id);
      } catch {
        // Not a bad file but a failed read (permissions, a lock held past its wait): maybe temporary, so it is not
        // quarantined, and one such file must not hide all the others. Its last known summary stays listed.
        const previous = index.entries.get(id);
        if (previous) entries.set(id, previous);
        return;
      }
      if (outcome.kind === 'quarantined') quarantined.push(outcome.report);
      if (outcome.kind !== 'ok') return;
      entries.set(id, { stamp: outcome.stamp, summary: summarize(outcome.stored) });
      this.finder.noteRead(id, outcome.stamp, outcome.stored);
    });

    this.finder.retainOnly(entries);
    const changed = !index.usable || stale.length > 0 || [...index.entries.keys()].some((id) => !entries.has(id));
    if (changed) {
      // A cache that could not be written is rebuilt next time; failing the list for it would help nobody.
      await writeIndex(this.layout.index, entries).catch(() => undefined);
      await this.removeOldTempFiles(this.layout.root, await fs.readdir(this.layout.root).catch(() => []));
    }
    return { entries, quarantined };
  }

  /** Reads a conversation; an unreadable file is checked again under its lock and then moved to the quarantine. */
  private async read(id: string): Promise<ReadOutcome> {
    const file = this.layout.conversationFile(id);
    const read = await readFileWithStamp(file);
    if (!read) return { kind: 'missing' };
    const parsed = parseConversationFile(read.bytes, id);
    if (parsed.ok) return { kind: 'ok', stored: parsed.stored, stamp: read.stamp };
    // Writes are atomic renames, so a bad read is not a write in progress, but another window may have replaced
    // the bad file since: decide under the lock, on what is there now, so a good file is never moved aside.
    return this.queue.run(id, () => this.lock(file, () => this.readLocked(id)));
  }

  /** `read` for a caller that already holds the file's lock. */
  private async readLocked(id: string): Promise<ReadOutcome> {
    const file = this.layout.conversationFile(id);
    const read = await readFileWithStamp(file);
    if (!read) return { kind: 'missing' };
    const parsed = parseConversationFile(read.bytes, id);
    if (parsed.ok) return { kind: 'ok', stored: parsed.stored, stamp: read.stamp };
    const report = await moveToQuarantine(file, this.layout.quarantine, this.now(), parsed.reason, parsed.detail);
    this.ledger.forget(id);
    return { kind: 'quarantined', report };
  }

  /** Leftovers of writes interrupted by a crash. Real time, not `now`: they are aged against other processes' clocks. */
  private async removeOldTempFiles(folder: string, names: readonly string[]): Promise<void> {
    const cutoff = Date.now() - TEMP_MAX_AGE_MS;
    for (const name of names) {
      if (!isTempFileName(name)) continue;
      const file = path.join(folder, name);
      try {
        if ((await fs.stat(file)).mtimeMs < cutoff) await fs.rm(file, { force: true });
      } catch {
        // gone already, or not ours to remove: it is ignored either way
      }
    }
  }

  private ensureFolder(folder: string): Promise<void> {
    return ensurePrivateFolder(folder, this.tightened);
  }
}
