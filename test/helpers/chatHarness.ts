/**
 * The host's conversation classes wired as the extension wires them (ApiKeyStore, ChatSession, ConversationLibrary
 * over a real ConversationStore on a temp folder), talking to the fake Anthropic server, in plain Node: the unit
 * build resolves `vscode` to test/fakes/vscode.ts. The store can be told to fail its writes the way a full or
 * read-only disk does, which no folder permission can do for a test running as root.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type * as vscode from 'vscode';
import { ApiKeyStore } from '../../src/auth/apiKeyStore';
import { DEFAULT_SETTINGS, type ChatSettings } from '../../src/config/settingsSchema';
import { ChatSession, type ChatSessionServices } from '../../src/conversations/chatSession';
import { ConversationLibrary } from '../../src/conversations/conversationLibrary';
import { ConversationStore, type LoadResult, type SaveResult } from '../../src/conversations/store/conversationStore';
import { messageText, type Conversation } from '../../src/shared/conversation';
import type { Timers } from '../../src/util/timers';
import type { FakeAnthropicServer } from '../fakes/anthropicServer';
import { FakeLog, FakeMemento, FakeSecretStorage } from '../fakes/vscode';

export const TEST_KEY = 'sk-ant-test-key-0123456789';

/** An error shaped exactly like the one Node's fs gives for `code` (errno, syscall, path, message). */
export function fsError(code: 'EROFS' | 'EACCES' | 'ENOSPC', file: string): NodeJS.ErrnoException {
  const text = { EROFS: 'read-only file system', EACCES: 'permission denied', ENOSPC: 'no space left on device' }[code];
  const errno = { EROFS: -30, EACCES: -13, ENOSPC: -28 }[code];
  return Object.assign(new Error(`${code}: ${text}, open '${file}'`), { code, errno, syscall: 'open', path: file });
}

/** The real store, counting its writes; `fault` makes every write fail with that error until it is cleared. */
export class FaultyStore extends ConversationStore {
  saveAttempts = 0;
  savesWritten = 0;
  /** Every save started, to await them all. */
  private readonly saves: Promise<unknown>[] = [];
  fault: Error | undefined;
  /** Loads that have started; a test awaits them to be sure a reaction to a change has run to its end. */
  readonly loads: Promise<LoadResult>[] = [];
  private readonly watchListeners: ((ids: string[]) => void)[] = [];

  constructor(readonly dir: string) {
    super({ dir });
  }

  override save(conversation: Conversation, baseRevision: number): Promise<SaveResult> {
    this.saveAttempts++;
    const saving = this.fault ? Promise.reject(this.fault) : super.save(conversation, baseRevision).then((saved) => (this.savesWritten++, saved));
    this.saves.push(saving);
    return saving;
  }

  /** Resolves when every save started so far, and any started by what followed them, has finished. */
  async savesSettled(): Promise<void> {
    let seen = -1;
    while (seen !== this.saves.length) {
      seen = this.saves.length;
      await Promise.allSettled(this.saves);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /** While set, every load waits for it first: a test holds a load open to act in the gap. */
  loadGate: Promise<void> | undefined;
  /** When set, `watch` throws it, as fs.watch does when the inotify limit is reached. */
  watchFault: Error | undefined;

  override load(id: string): Promise<LoadResult> {
    const gate = this.loadGate;
    const loading = gate ? gate.then(() => super.load(id)) : super.load(id);
    this.loads.push(loading);
    return loading;
  }

  /** No file watcher: the test says when another window wrote (`changedElsewhere`), so nothing races it. */
  override watch(onChange: (ids: string[]) => void): { dispose(): void } {
    if (this.watchFault) throw this.watchFault;
    this.watchListeners.push(onChange);
    return { dispose: () => this.watchListeners.splice(this.watchListeners.indexOf(onChange), 1) };
  }

  /** What the folder watcher reports when another window writes these conversations. */
  changedElsewhere(ids: string[]): void {
    for (const listener of [...this.watchListeners]) listener(ids);
  }

  /** Resolves when every load started so far has finished (and what followed it has run). */
  async loadsSettled(): Promise<void> {
    await Promise.allSettled(this.loads);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

export interface Harness {
  dir: string;
  store: FaultyStore;
  session: ChatSession;
  library: ConversationLibrary;
  memento: FakeMemento;
  log: FakeLog;
  keys: ApiKeyStore;
  /** The same window reloaded: new session and library over the same folder and workspace memento. */
  reload(): Promise<Harness>;
  dispose(): void;
  /** Disposes, waits for the last saves that disposing starts (the library flushes), and removes the folder. */
  close(): Promise<void>;
}

export interface HarnessOptions {
  server: FakeAnthropicServer;
  timers?: Timers;
  dir?: string;
  memento?: FakeMemento;
  settings?: Partial<ChatSettings>;
  /** The store's `watch` throws this (the library must still start). */
  watchFault?: Error;
  /** The session's optional collaborators (model limits, exchange log, fit check). */
  services?: ChatSessionServices;
}

export async function createHarness(options: HarnessOptions): Promise<Harness> {
  const dir = options.dir ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'claude-chat-library-')));
  const log = new FakeLog();
  const secrets = new FakeSecretStorage();
  const keys = new ApiKeyStore(secrets as unknown as vscode.SecretStorage, log as unknown as vscode.LogOutputChannel, {});
  await keys.store(TEST_KEY);
  // Caching off unless a test turns it on: most tests compare request bodies, and cache_control is tested on its own.
  const settings: ChatSettings = { ...DEFAULT_SETTINGS, baseUrl: options.server.url, baseUrlScope: 'user', generateTitles: false, promptCaching: 'off', ...options.settings };
  const store = new FaultyStore(dir);
  const session = new ChatSession(keys, () => settings, log as unknown as vscode.LogOutputChannel, undefined, (attachment) => store.attachments.read(attachment), options.services);
  store.watchFault = options.watchFault;
  const memento = options.memento ?? new FakeMemento();
  const library = new ConversationLibrary(store, session, memento as unknown as vscode.Memento, log as unknown as vscode.LogOutputChannel, { timers: options.timers });
  const dispose = () => {
    library.dispose();
    session.dispose();
    keys.dispose();
  };
  return {
    dir,
    store,
    session,
    library,
    memento,
    log,
    keys,
    reload: async () => {
      await library.flush();
      library.dispose();
      session.dispose();
      const next = await createHarness({ ...options, dir, memento });
      await next.library.initialize();
      return next;
    },
    dispose,
    close: async () => {
      dispose();
      await store.savesSettled();
      await store.dispose();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

export { waitFor } from './waitFor';

/** The copy on disk, read by a store of its own (as another window would). */
export async function onDisk(dir: string, id: string): Promise<Conversation | undefined> {
  const loaded = await new ConversationStore({ dir }).load(id);
  if (loaded && 'quarantined' in loaded) throw new Error(`the file of ${id} is unreadable: ${loaded.quarantined.detail}`);
  return loaded?.conversation;
}

/** Each message's text, in stored order. */
export function texts(conversation: Conversation | undefined): string[] {
  return (conversation?.messages ?? []).map(messageText);
}
