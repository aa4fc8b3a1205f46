import * as vscode from 'vscode';
import { type Conversation } from '../shared/conversation';
import { applyConversationEvent, type ConversationEvent } from '../shared/conversationReducer';
import { visiblePath } from '../shared/conversationTree';
import type { HistoryItem } from '../shared/protocol';
import { Disposable } from '../util/disposable';
import type { Timers } from '../util/timers';
import type { ChatSession } from './chatSession';
import { QuarantineReports } from './quarantineReports';
import { SaveFailures } from './saveFailures';
import { SaveScheduler } from './saveScheduler';
import { TrashPurge } from './trashPurge';
import type { ConversationStore, ConversationSummary } from './store/conversationStore';

/** While an answer streams it is written at most this often, so a crash loses at most this much of it. */
const STREAM_SAVE_INTERVAL_MS = 1000;
const LAST_CONVERSATION_KEY = 'claudeChat.lastConversationId';

export interface ConversationLibraryOptions {
  /** The clock for throttled saves, retries and the trash purge (tests pass a ManualClock). */
  timers?: Timers;
}

interface UnsavedChange {
  readonly conversation: Conversation;
  /** Which change this is (counts up across the library): a write clears only the change it wrote. */
  change: number;
}

/**
 * The conversations on disk, as the rest of the extension sees them: it writes every change the session makes
 * (at turn boundaries at once, while streaming throttled), serves the history list, and keeps this window in step
 * with another window that writes the same storage.
 */
export class ConversationLibrary extends Disposable {
  private readonly revisions = new Map<string, number>();
  /**
   * Conversations changed in this window and not yet written, by id. One stays here until a write of its latest
   * change succeeds: while it is here, no copy from disk replaces it.
   */
  private readonly unsaved = new Map<string, UnsavedChange>();
  private changeCount = 0;
  /** Deleted in this window: a late event (the end of an abandoned answer) must not write the file back. */
  private readonly deleted = new Set<string>();
  private readonly scheduler: SaveScheduler;
  private readonly failures: SaveFailures;
  private readonly quarantineReports: QuarantineReports;
  private readonly listChanged = this._register(new vscode.EventEmitter<void>());
  /** The list of conversations changed (here or in another window). */
  readonly onDidChangeList = this.listChanged.event;

  constructor(
    private readonly store: ConversationStore,
    private readonly session: ChatSession,
    private readonly memento: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
    options: ConversationLibraryOptions = {},
  ) {
    super();
    this.failures = new SaveFailures(log);
    this.quarantineReports = new QuarantineReports(log);
    this.scheduler = new SaveScheduler({
      write: (id) => this.write(id),
      intervalMs: STREAM_SAVE_INTERVAL_MS,
      timers: options.timers,
      onFailure: (id, error, failures, retryInMs) => this.failures.failed(id, this.unsaved.get(id)?.conversation.title || 'the conversation', error, failures, retryInMs),
      onRecovered: (id) => this.failures.recovered(id),
    });
    this._register({ dispose: () => this.scheduler.dispose() });
    this._register(new TrashPurge(store, log, options.timers, () => session.attachments.ready.map((attachment) => attachment.sha256)));
    this._register(session.onDidChangeConversation(({ conversation, events }) => this.changed(conversation, events)));
    this._register(
      session.onDidReplaceConversation((conversation) => {
        void this.memento.update(LAST_CONVERSATION_KEY, conversation.id);
      }),
    );
    // Without a watcher (inotify limit reached, storage not writable) the chat still works: only other windows'
    // changes are no longer followed live.
    try {
      const watcher = store.watch((ids) => void this.changedElsewhere(ids));
      this._register({ dispose: () => watcher.dispose() });
    } catch (error) {
      log.warn(`Not following other windows' changes to conversations: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Reports unreadable files, and reopens the conversation this window showed last. */
  async initialize(): Promise<void> {
    const { quarantined } = await this.store.list();
    this.quarantineReports.report(quarantined);
    const lastId = this.memento.get<string>(LAST_CONVERSATION_KEY);
    if (lastId && this.session.snapshot.messages.length === 0) await this.open(lastId, { quiet: true, onlyIfNothingShown: true });
  }

  async list(query: string): Promise<HistoryItem[]> {
    await this.scheduler.flushBoundaries();
    const trimmed = query.trim();
    const summaries = trimmed ? await this.store.search(trimmed) : (await this.listAndReport()).summaries;
    return summaries.map(toHistoryItem);
  }

  async summaries(): Promise<ConversationSummary[]> {
    await this.scheduler.flushBoundaries();
    return (await this.listAndReport()).summaries;
  }

  /** Loads a conversation and shows it. Returns false when it could not be read (it was then quarantined and reported). */
  async open(id: string, options: { quiet?: boolean; onlyIfNothingShown?: boolean } = {}): Promise<boolean> {
    if (id === this.session.snapshot.id) return true;
    await this.scheduler.flush();
    // Still unsaved (the disk refused it): the copy here is the newest there is.
    const pending = this.unsaved.get(id);
    if (pending) {
      this.session.show(pending.conversation);
      return true;
    }
    const loaded = await this.store.load(id);
    if (!loaded || 'quarantined' in loaded) {
      if (loaded && 'quarantined' in loaded) this.quarantineReports.report([loaded.quarantined]);
      else if (!options.quiet) void vscode.window.showWarningMessage('Claude Chat: that conversation no longer exists.');
      return false;
    }
    this.revisions.set(id, loaded.revision);
    // Deleted here but written again by another window that still had it open: opened again, it is live again.
    this.deleted.delete(id);
    // The wait above gave the user time to start something (a send into the chat on screen): that wins.
    if (options.onlyIfNothingShown && (this.session.busy || this.session.snapshot.messages.length > 0)) return false;
    this.session.show(loaded.conversation);
    return true;
  }

  /** Adds a conversation that came from outside (an import) and shows it. */
  async add(conversation: Conversation): Promise<void> {
    this.revisions.set(conversation.id, 0);
    this.deleted.delete(conversation.id);
    this.unsaved.set(conversation.id, { conversation, change: ++this.changeCount });
    this.scheduler.schedule(conversation.id, true);
    await this.scheduler.flush(conversation.id);
    this.session.show(conversation);
    this.listChanged.fire();
  }

  async rename(id: string, title: string): Promise<void> {
    await this.updateMeta(id, { title, titleSource: 'user' });
  }

  async pin(id: string, pinned: boolean): Promise<void> {
    await this.updateMeta(id, { pinned });
  }

  /** Applies a change to a conversation's title or pin, whether it is on screen or only on disk. */
  async updateMeta(id: string, patch: Parameters<ChatSession['updateMeta']>[0]): Promise<void> {
    // A generated title arriving late never replaces one the user chose in the meantime.
    const keepsUserTitle = (current: Conversation) => patch.titleSource === 'generated' && current.titleSource === 'user';
    if (this.deleted.has(id)) return; // a title arriving after the delete must not write the file back
    if (id === this.session.snapshot.id) {
      if (keepsUserTitle(this.session.snapshot)) return;
      this.session.updateMeta(patch);
      await this.scheduler.flush(id);
    } else {
      const loaded = await this.store.load(id);
      if (!loaded || 'quarantined' in loaded || keepsUserTitle(loaded.conversation)) return;
      // Through the reducer, so each changed field gets its change time and wins over another window's older change.
      const conversation = loaded.conversation;
      applyConversationEvent(conversation, { type: 'conversation/meta', patch, at: Date.now() });
      const saved = await this.store.save(conversation, loaded.revision);
      this.revisions.set(id, saved.revision);
    }
    this.listChanged.fire();
  }

  /** Moves a conversation to the trash (restorable); returns its title for the Undo offer. */
  async delete(id: string): Promise<string> {
    // The trash gets the latest version, so Undo brings back everything.
    await this.scheduler.flush();
    const title = (await this.summaries()).find((summary) => summary.id === id)?.title ?? 'Conversation';
    if (id === this.session.snapshot.id) this.session.newChat();
    // From here on no event or save may write it again (an abandoned answer still ends after this).
    this.deleted.add(id);
    this.scheduler.forget(id);
    const pending = this.unsaved.get(id);
    this.unsaved.delete(id);
    try {
      await this.store.delete(id);
    } catch (error) {
      // Not deleted after all: it stays a conversation, with whatever was not saved yet.
      this.deleted.delete(id);
      if (pending) {
        this.unsaved.set(id, pending);
        this.scheduler.schedule(id, true);
      }
      throw error;
    }
    this.failures.forget(id);
    this.revisions.delete(id);
    this.listChanged.fire();
    return title;
  }

  async restore(id: string): Promise<void> {
    this.deleted.delete(id);
    await this.store.restore(id);
    this.listChanged.fire();
  }

  /**
   * Writes every change made so far, trying again at once any that failed before (deactivation, tests). Resolves
   * when done, even if a write failed: that conversation stays unsaved, in memory, and is retried later.
   */
  flush(): Promise<void> {
    return this.scheduler.flush();
  }

  /** Whether some change could not be written yet (it is kept here and retried). */
  get hasUnsaved(): boolean {
    return this.unsaved.size > 0;
  }

  /** Starts writing what is pending before the timers stop; deactivate awaits the same writes through flush(). */
  override dispose(): void {
    void this.flush();
    super.dispose();
  }

  private changed(conversation: Conversation, events: ConversationEvent[]): void {
    if (this.deleted.has(conversation.id)) return;
    // Called for every delta: the entry is renumbered in place (a write in progress kept the number it wrote).
    const pending = this.unsaved.get(conversation.id);
    if (pending?.conversation === conversation) pending.change = ++this.changeCount;
    else this.unsaved.set(conversation.id, { conversation, change: ++this.changeCount });
    // A delta is written with the next throttled save; anything else is a boundary and is written at once.
    const urgent = events.some((event) => event.type !== 'block/delta' && event.type !== 'block/start');
    this.scheduler.schedule(conversation.id, urgent);
  }

  /** Rejects when the store could not write: the change then stays unsaved, and the scheduler tries again. */
  private async write(id: string): Promise<void> {
    const pending = this.unsaved.get(id);
    if (!pending || this.deleted.has(id)) return;
    const { conversation, change } = pending;
    const written = () => {
      // A change made while this write ran is still pending: it keeps its entry.
      if (this.unsaved.get(id)?.change === change) this.unsaved.delete(id);
    };
    // An untouched new chat is not worth a file; one emptied by deleting its last question is written, or the file keeps it.
    const hasFile = (this.revisions.get(id) ?? 0) > 0;
    if (conversation.messages.length === 0 && !hasFile) return written();
    const saved = await this.store.save(conversation, this.revisions.get(id) ?? 0);
    this.revisions.set(id, saved.revision);
    written();
    this.rememberIfShown(id);
    if (saved.merged) {
      this.log.info(`Merged changes another window made to ${id}`);
      this.adoptIfShown(saved.conversation);
    }
    this.listChanged.fire();
  }

  /** The conversation on screen has a file now: a reload reopens it, whether it came from history or a fresh chat. */
  private rememberIfShown(id: string): void {
    if (id === this.session.snapshot.id && this.memento.get<string>(LAST_CONVERSATION_KEY) !== id) void this.memento.update(LAST_CONVERSATION_KEY, id);
  }

  /** Another window wrote these conversations: refresh the list, and the one on screen when it is idle. */
  private async changedElsewhere(ids: string[]): Promise<void> {
    this.listChanged.fire();
    const current = this.session.snapshot;
    if (!ids.includes(current.id) || this.session.busy || this.unsaved.has(current.id)) return;
    const loaded = await this.store.load(current.id);
    if (!loaded || 'quarantined' in loaded) return;
    // An answer shown as in progress in another window whose window has gone reads as interrupted now, at the same revision.
    const ownerGone = current.messages.some((shown) => shown.streamingElsewhere !== undefined && loaded.conversation.messages.find((m) => m.id === shown.id)?.streamingElsewhere === undefined);
    if (loaded.revision <= (this.revisions.get(current.id) ?? 0) && !ownerGone) return; // our own write
    this.revisions.set(current.id, loaded.revision);
    this.adoptIfShown(loaded.conversation);
  }

  private adoptIfShown(conversation: Conversation): void {
    const current = this.session.snapshot;
    // Never swap the object under a streaming answer: the next save merges again once it has ended.
    if (current.id !== conversation.id || this.session.busy) return;
    // A change the disk has not taken yet would be lost with the object; the save that takes it merges instead.
    if (this.unsaved.has(conversation.id)) return;
    // An answer streaming (in another window) grows without changing anything sameContent compares.
    const streaming = (c: Conversation) => c.messages.some((m) => m.status === 'streaming');
    if (!streaming(current) && !streaming(conversation) && sameContent(current, conversation)) return;
    this.session.show(conversation, { keepDraft: true });
  }

  private async listAndReport() {
    const result = await this.store.list();
    this.quarantineReports.report(result.quarantined);
    return result;
  }
}

function sameContent(a: Conversation, b: Conversation): boolean {
  return a.messages.length === b.messages.length && a.title === b.title && a.pinned === b.pinned && visiblePath(a).length === visiblePath(b).length && a.updatedAt === b.updatedAt;
}

function toHistoryItem(summary: ConversationSummary): HistoryItem {
  return { id: summary.id, title: summary.title, updatedAt: summary.updatedAt, pinned: summary.pinned, messageCount: summary.messageCount, preview: summary.preview };
}
