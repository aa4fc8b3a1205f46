import type { Conversation } from '../../shared/conversation';
import type { TimerHandle, Timers } from '../../util/timers';
import { fromStoredConversation, type StreamState } from './codec';
import type { StoredConversation } from './storedFormat';
import type { WindowLeases } from './windowLeases';

/** How often a watching window checks that the windows streaming answers it shows are still there. */
const OWNER_CHECK_MS = 2_000;

/**
 * Whose the streaming answers in this window's conversations are. A streaming message on disk names the window
 * streaming it; read here, it is this window's own, in progress in another window that is alive (shown as such, and
 * never finished or overwritten here), or interrupted when that window is gone. The conversations handed out with
 * answers live elsewhere are remembered, so that `watch` can say when their window goes away.
 */
export class StreamOwnership {
  /** By conversation id: the other windows streaming answers in the copy this window was last handed. */
  private readonly liveElsewhere = new Map<string, Set<string>>();

  constructor(private readonly leases: WindowLeases) {}

  get windowId(): string {
    return this.leases.windowId;
  }

  /** The in-memory conversation for a file's content, with each streaming answer judged by its owner. */
  async toConversation(stored: StoredConversation): Promise<Conversation> {
    const owners = new Set<string>();
    for (const message of stored.messages) {
      if (message.status === 'streaming' && message.streamOwner !== undefined && message.streamOwner !== this.windowId) owners.add(message.streamOwner);
    }
    const alive = new Set<string>();
    await Promise.all(
      [...owners].map(async (owner) => {
        if (await this.leases.isAlive(owner)) alive.add(owner);
      }),
    );
    if (alive.size > 0) this.liveElsewhere.set(stored.id, alive);
    else this.liveElsewhere.delete(stored.id);
    const streamState = (owner: string | undefined): StreamState => {
      if (owner === this.windowId) return 'here';
      return owner !== undefined && alive.has(owner) ? 'elsewhere' : 'nowhere';
    };
    return fromStoredConversation(stored, { streamState });
  }

  /** `toWrite` is about to be written: if it names this window as an owner, other windows must see this window live. */
  async claim(toWrite: StoredConversation): Promise<void> {
    if (toWrite.messages.some((message) => message.status === 'streaming' && message.streamOwner === this.windowId)) await this.leases.hold();
  }

  forget(id: string): void {
    this.liveElsewhere.delete(id);
  }

  /** Calls `onGone` with the conversations handed out with an answer live in a window that has gone since. */
  watch(timers: Timers, onGone: (ids: string[]) => void): { dispose(): void } {
    let timer: TimerHandle | undefined;
    let disposed = false;
    const schedule = () => {
      timer = timers.setTimeout(() => void check(), OWNER_CHECK_MS);
      // A check pending must not keep a process (a test run, a CLI) alive.
      (timer as { unref?: () => void }).unref?.();
    };
    const check = async () => {
      const gone = await this.conversationsWithGoneOwners();
      if (disposed) return;
      if (gone.length > 0) onGone(gone);
      schedule();
    };
    schedule();
    return {
      dispose: () => {
        disposed = true;
        if (timer !== undefined) timers.clearTimeout(timer);
      },
    };
  }

  /** Gives up this window's lease (it is closing). */
  dispose(): Promise<void> {
    return this.leases.dispose();
  }

  private async conversationsWithGoneOwners(): Promise<string[]> {
    const gone: string[] = [];
    for (const [id, owners] of [...this.liveElsewhere]) {
      const alive = await Promise.all([...owners].map((owner) => this.leases.isAlive(owner)));
      if (alive.every(Boolean)) continue;
      this.liveElsewhere.delete(id);
      gone.push(id);
    }
    return gone;
  }
}
