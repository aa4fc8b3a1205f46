import type * as vscode from 'vscode';
import { realTimers, type TimerHandle, type Timers } from '../util/timers';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/**
 * A deleted conversation can be restored for 30 days. Long enough to notice a mistaken delete after a holiday, and the
 * span people know from other trashes (Gmail, OneDrive, iCloud's Recently Deleted); short enough that the trash does
 * not grow into a second history nobody sees.
 */
export const TRASH_KEEP_MS = 30 * DAY_MS;
/**
 * A stored attachment no conversation refers to is deleted only once it is this old. Another window may have just
 * stored a file for a turn it has not saved yet (a chip in its composer, a turn being sent), and that conversation's
 * reference is nowhere on disk until it is saved; storing a file again refreshes its age. A day covers a draft left
 * overnight, and an orphan costs no more than a day of disk.
 */
export const ATTACHMENT_GRACE_MS = DAY_MS;
/** The first purge waits until the window has settled: it is housekeeping, not part of starting up. */
export const FIRST_PURGE_DELAY_MS = 5 * MINUTE_MS;
/** Then once a day, for windows that stay open for weeks. */
export const PURGE_INTERVAL_MS = DAY_MS;

/**
 * Empties the trash of conversations deleted more than TRASH_KEEP_MS ago, a few minutes after startup and then daily,
 * and then deletes the attached files that no conversation refers to any more. Every window does it; the store
 * tolerates another window purging the same files first.
 */
export class TrashPurge implements vscode.Disposable {
  private timer: TimerHandle | undefined;
  private disposed = false;

  constructor(
    private readonly store: { purgeTrash(olderThanMs: number): Promise<number>; collectAttachmentGarbage(minAgeMs: number, inUse?: ReadonlySet<string>): Promise<number> },
    private readonly log: Pick<vscode.LogOutputChannel, 'info' | 'warn'>,
    private readonly timers: Timers = realTimers,
    /**
     * Files this window holds outside any conversation file: the composer's unsent attachments, which may wait there
     * longer than the grace period and are still going to be sent.
     */
    private readonly inUse: () => Iterable<string> = () => [],
  ) {
    this.schedule(FIRST_PURGE_DELAY_MS);
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(delayMs: number): void {
    if (this.disposed) return;
    this.timer = this.timers.setTimeout(() => {
      // The next run is booked now, so the schedule keeps its beat however long this one takes.
      this.schedule(PURGE_INTERVAL_MS);
      void this.purge();
    }, delayMs);
    // Housekeeping never keeps a process alive (a test run, a host shutting down).
    (this.timer as { unref?: () => void }).unref?.();
  }

  private async purge(): Promise<void> {
    try {
      const purged = await this.store.purgeTrash(TRASH_KEEP_MS);
      if (purged > 0) this.log.info(`Emptied ${purged} conversation(s) deleted over ${TRASH_KEEP_MS / DAY_MS} days ago from the trash`);
    } catch (error) {
      // Housekeeping only: the next day's run tries again.
      this.log.warn(`Emptying the trash failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    // After the purge, so that the files of the conversations it removed go today; even when it failed, since what is
    // still in the trash still counts as a reference.
    try {
      const collected = await this.store.collectAttachmentGarbage(ATTACHMENT_GRACE_MS, new Set(this.inUse()));
      if (collected > 0) this.log.info(`Deleted ${collected} attached file(s) that no conversation refers to any more`);
    } catch (error) {
      // Housekeeping only: a scan that could not read every reference deleted nothing, and tomorrow's run tries again.
      this.log.warn(`Deleting unreferenced attached files failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
