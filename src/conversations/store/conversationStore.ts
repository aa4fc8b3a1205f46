import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Conversation } from '../../shared/conversation';
import { describeError, errorCode, readFileWithStamp, sameStamp, stampOf, writeFileAtomic, type FileStamp } from './atomicFile';
import { fromStoredConversation, toStoredConversation } from './codec';
import { DeletionLedger } from './deletionLedger';
import { withFileLock } from './fileLock';
import { KeyedQueue, mapLimit } from './keyedQueue';
import { assertValidId, idOfFileName, isTempFileName, StoreLayout } from './layout';
import { readIndex, writeIndex, type IndexEntry } from './listIndex';
import { mergeStoredConversations } from './merge';
import { parseConversationFile } from './parseFile';
import { moveToQuarantine, type QuarantinedFile } from './quarantine';
import type { StoredConversation } from './storedFormat';
import { compareSummaries, searchableText, summarize, type ConversationSummary } from './summary';
import { watchFolder } from './watcher';

export type { ConversationSummary } from './summary';
export type { QuarantinedFile } from './quarantine';
export type { UnreadableReason } from './parseFile';

export interface ConversationStoreOptions {
  /** The extension's global storage folder; other windows (processes) use the same one at the same time. */
  dir: string;
  /** The clock for quarantine names and trash ages (tests move it). */
  now?: () => number;
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

type ReadOutcome = { kind: 'ok'; stored: StoredConversation; stamp: FileStamp } | { kind: 'missing' } | { kind: 'quarantined'; report: QuarantinedFile };

/** Temp files younger than this may belong to a write in progress in another window. */
const TEMP_MAX_AGE_MS = 60_000;
/** Enough parallel stats and reads to hide latency, few enough not to run out of file handles. */
const IO_CONCURRENCY = 32;

/**
 * The conversations on disk: one JSON file per conversation (`conversations/<id>.json`), written atomically under a
 * cross-process lock; `index.json` caches the history list; unreadable files go to `quarantine/`, deleted ones to
 * `trash/`. Several windows share the folder: a save that finds another window's newer revision merges with it
 * instead of overwriting it. Plain Node, no editor API, so every property here is tested in plain Node.
 */
export class ConversationStore {
  private readonly layout: StoreLayout;
  private readonly now: () => number;
  private readonly queue = new KeyedQueue();
  private readonly ledger = new DeletionLedger();
  private readonly searchTexts = new Map<string, { stamp: FileStamp; text: string }>();
  private searched = false;
  /** Files quarantined outside `list()` (by a save or a search), handed to the next `list()` to report. */
  private unreported: QuarantinedFile[] = [];

  constructor(options: ConversationStoreOptions) {
    this.layout = new StoreLayout(options.dir);
    this.now = options.now ?? Date.now;
  }

  async load(id: string): Promise<LoadResult> {
    assertValidId(id);
    const outcome = await this.read(id);
    if (outcome.kind === 'missing') return undefined;
    if (outcome.kind === 'quarantined') return { quarantined: outcome.report };
    this.ledger.offered(id, outcome.stored.messages.map((message) => message.id));
    return { conversation: fromStoredConversation(outcome.stored), revision: outcome.stored.revision };
  }

  /**
   * Writes `conversation` as revision (current + 1). `baseRevision` is the revision it was loaded at (or the last save
   * returned; 0 for a new one): if the file has moved on since, the two are merged rather than ours overwriting it.
   * Rejects, leaving the previous file intact, when the write fails.
   */
  async save(conversation: Conversation, baseRevision: number): Promise<SaveResult> {
    assertValidId(conversation.id);
    // Copied now, synchronously: the session keeps mutating the live object while an answer streams.
    const ours = toStoredConversation(conversation, 0);
    const id = conversation.id;
    const file = this.layout.conversationFile(id);
    return this.queue.run(id, async () => {
      await this.ensureFolder(this.layout.conversations);
      return withFileLock(file, (assertHeld) => this.saveLocked(ours, baseRevision, file, assertHeld));
    });
  }

  async list(): Promise<ListResult> {
    const { entries, quarantined } = await this.refresh();
    const summaries = [...entries.values()].map((entry) => entry.summary).sort(compareSummaries);
    return { summaries, quarantined: [...this.unreported.splice(0), ...quarantined] };
  }

  /** Conversations whose title or message text contains `query`, ignoring case; newest first. */
  async search(query: string): Promise<ConversationSummary[]> {
    this.searched = true;
    const { entries, quarantined } = await this.refresh();
    this.unreported.push(...quarantined);
    const needle = query.trim().toLowerCase();
    const hits: ConversationSummary[] = [];
    await mapLimit([...entries.entries()], IO_CONCURRENCY, async ([id, entry]) => {
      let cached = this.searchTexts.get(id);
      let summary = entry.summary;
      if (!cached || !sameStamp(cached.stamp, entry.stamp)) {
        // A file that cannot be read right now is left out of this search rather than failing all of it.
        const outcome = await this.read(id).catch((): ReadOutcome => ({ kind: 'missing' }));
        if (outcome.kind === 'quarantined') this.unreported.push(outcome.report);
        if (outcome.kind !== 'ok') return;
        cached = { stamp: outcome.stamp, text: searchableText(outcome.stored) };
        this.searchTexts.set(id, cached);
        summary = summarize(outcome.stored);
      }
      if (cached.text.includes(needle)) hits.push(summary);
    });
    return hits.sort(compareSummaries);
  }

  /** Moves the conversation to the trash, from where `restore` brings it back. False if there was nothing to delete. */
  async delete(id: string): Promise<boolean> {
    assertValidId(id);
    const file = this.layout.conversationFile(id);
    return this.queue.run(id, async () => {
      await this.ensureFolder(this.layout.conversations);
      return withFileLock(file, async () => {
        if (!(await exists(file))) return false;
        await this.ensureFolder(this.layout.trash);
        const trashed = this.layout.trashFile(id);
        // Deleted before, restored, deleted again: the earlier trashed copy is kept aside rather than overwritten.
        if (await exists(trashed)) await fs.rename(trashed, `${trashed}.${this.now()}`);
        await fs.rename(file, trashed);
        // The trash ages from the delete, not from the conversation's last edit (which rename keeps as the mtime).
        const seconds = this.now() / 1000;
        await fs.utimes(trashed, seconds, seconds);
        this.ledger.forget(id);
        this.searchTexts.delete(id);
        return true;
      });
    });
  }

  /** Brings a deleted conversation back. False if it is not in the trash. */
  async restore(id: string): Promise<boolean> {
    assertValidId(id);
    const file = this.layout.conversationFile(id);
    return this.queue.run(id, async () => {
      await this.ensureFolder(this.layout.conversations);
      return withFileLock(file, async (assertHeld) => {
        const trashed = this.layout.trashFile(id);
        const fromTrash = await readFileWithStamp(trashed);
        if (!fromTrash) return false;
        const parsed = parseConversationFile(fromTrash.bytes, id);
        if (!parsed.ok) {
          this.unreported.push(await moveToQuarantine(trashed, this.layout.quarantine, this.now(), parsed.reason, parsed.detail));
          return false;
        }
        const live = await this.readLocked(id);
        if (live.kind === 'quarantined') this.unreported.push(live.report);
        if (live.kind !== 'ok') {
          await fs.rename(trashed, file);
          return true;
        }
        // Another window still had it open and saved it again after the delete: keep both sides' messages.
        const merged = mergeStoredConversations(parsed.stored, live.stored);
        merged.revision = Math.max(parsed.stored.revision, live.stored.revision) + 1;
        await writeFileAtomic(file, serialize(merged), assertHeld);
        await fs.rename(trashed, `${trashed}.${this.now()}.restored`); // purged with the rest of the trash
        return true;
      });
    });
  }

  /** Deletes trashed conversations deleted at least `olderThanMs` ago. Returns how many files went. */
  async purgeTrash(olderThanMs: number): Promise<number> {
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

  /** Calls `onChange` with the ids of conversations written by any window (this one included), batched. */
  watch(onChange: (ids: string[]) => void): { dispose(): void } {
    fsSync.mkdirSync(this.layout.conversations, { recursive: true });
    return watchFolder(this.layout.conversations, onChange);
  }

  private async saveLocked(ours: StoredConversation, baseRevision: number, file: string, assertHeld: () => void): Promise<SaveResult> {
    const id = ours.id;
    const oursIds = new Set(ours.messages.map((message) => message.id));
    ours.deleted = this.ledger.deletedIn(id, oursIds);
    const onDisk = await this.readLocked(id);
    const quarantined = onDisk.kind === 'quarantined' ? onDisk.report : undefined;
    if (quarantined) this.unreported.push(quarantined);

    let toWrite: StoredConversation;
    let merged = false;
    if (onDisk.kind !== 'ok') {
      toWrite = { ...ours, revision: baseRevision + 1 };
    } else {
      const theirs = onDisk.stored;
      const tombstones = new Set(ours.deleted);
      // On disk but neither ours nor deleted by us: another window's message that this caller never took in.
      const unseen = theirs.messages.some((message) => !oursIds.has(message.id) && !tombstones.has(message.id));
      if (theirs.revision !== baseRevision || unseen) {
        toWrite = mergeStoredConversations(ours, theirs);
        merged = differs(toWrite, ours);
      } else {
        toWrite = { ...ours, deleted: [...new Set([...theirs.deleted, ...ours.deleted])] };
      }
      toWrite.revision = Math.max(theirs.revision, baseRevision) + 1;
    }
    await writeFileAtomic(file, serialize(toWrite), assertHeld);
    this.ledger.saved(
      id,
      oursIds,
      toWrite.messages.map((message) => message.id),
    );
    const result: SaveResult = { revision: toWrite.revision, conversation: fromStoredConversation(toWrite, { settleStreaming: false }), merged };
    if (quarantined) result.quarantined = quarantined;
    return result;
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
      // Once this window has searched, keep its text cache current while the file is parsed anyway; before that,
      // holding every conversation's text in memory would cost windows that never search.
      if (this.searched) this.searchTexts.set(id, { stamp: outcome.stamp, text: searchableText(outcome.stored) });
    });

    for (const id of this.searchTexts.keys()) if (!entries.has(id)) this.searchTexts.delete(id);
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
    return this.queue.run(id, () => withFileLock(file, () => this.readLocked(id)));
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

  private async ensureFolder(folder: string): Promise<void> {
    try {
      await fs.mkdir(folder, { recursive: true });
    } catch (error) {
      throw new Error(`Could not create the folder ${folder}: ${describeError(error)}`, { cause: error });
    }
  }
}

function serialize(stored: StoredConversation): string {
  return `${JSON.stringify(stored)}\n`;
}

/** Whether the merged result holds anything the caller's copy did not (so it should take the merged copy in). */
function differs(merged: StoredConversation, ours: StoredConversation): boolean {
  if (merged.messages.length !== ours.messages.length) return true;
  // The merge reuses message objects: any message that is not our own object came from the other side.
  const own = new Set(ours.messages);
  if (merged.messages.some((message) => !own.has(message))) return true;
  const metaKeys = ['title', 'titleSource', 'pinned', 'model', 'systemPrompt', 'createdAt', 'updatedAt'] as const;
  if (metaKeys.some((key) => merged[key] !== ours[key])) return true;
  const a = Object.entries(merged.selected);
  return a.length !== Object.keys(ours.selected).length || a.some(([parent, child]) => ours.selected[parent] !== child);
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.stat(file);
    return true;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return false;
    throw error;
  }
}
