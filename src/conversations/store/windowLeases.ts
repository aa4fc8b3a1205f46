import fs from 'node:fs/promises';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { STALE_MS, TrackedLockFolder } from './fileLock';
import { isValidId } from './layout';
import { ensurePrivateFolder } from './privateFiles';

/**
 * Whether the window that wrote "I am streaming this answer" into a file is still there to finish it.
 *
 * Each window (each store) holds a lease from its first streaming save on: a proper-lockfile lock on
 * `<folder>/<windowId>`, which proper-lockfile refreshes while the process lives and removes when it exits. A window
 * that crashed or was killed stops refreshing it, and after STALE_MS its lease counts as gone: its streaming
 * answers are then what they look like, interrupted.
 */
export class WindowLeases {
  private holding: Promise<boolean> | undefined;
  private release: (() => Promise<void>) | undefined;

  constructor(
    private readonly folder: string,
    readonly windowId: string,
  ) {
    if (!isValidId(windowId)) throw new Error(`Not a valid window id: ${JSON.stringify(windowId)}`);
  }

  /**
   * Takes this window's lease if it does not hold it yet. False if it could not (the storage folder refuses): the
   * answer is still saved, other windows just take it for interrupted until it ends.
   */
  hold(): Promise<boolean> {
    this.holding ??= this.take().then(
      () => true,
      () => {
        this.holding = undefined; // try again with the next streaming save
        return false;
      },
    );
    return this.holding;
  }

  /** Whether window `owner` is alive: this window always is; another while its lease is held and fresh. */
  async isAlive(owner: string): Promise<boolean> {
    if (owner === this.windowId) return true;
    // The id comes from a file: anything that is not a plain name is nobody's (and never becomes a path).
    if (!isValidId(owner)) return false;
    try {
      return await lockfile.check(path.join(this.folder, owner), { stale: STALE_MS, realpath: false });
    } catch {
      return false;
    }
  }

  /** Gives the lease back (the window is closing). Other windows then see its streaming answers as interrupted. */
  async dispose(): Promise<void> {
    const release = this.release;
    this.release = undefined;
    this.holding = undefined;
    await release?.().catch(() => undefined);
  }

  private async take(): Promise<void> {
    await ensurePrivateFolder(this.folder);
    await this.removeStaleLeases();
    const file = path.join(this.folder, this.windowId);
    const folder = new TrackedLockFolder(`${file}.lock`);
    this.release = await lockfile.lock(file, {
      realpath: false,
      stale: STALE_MS,
      fs: folder.fileSystem,
      // A lease lost (its folder deleted, or not refreshed in time) is taken again with the next streaming save.
      onCompromised: () => {
        this.holding = undefined;
        this.release = undefined;
      },
    });
  }

  /** Leases of windows that crashed are never given back: without this, one empty folder per crash would pile up. */
  private async removeStaleLeases(): Promise<void> {
    const names = await fs.readdir(this.folder).catch((): string[] => []);
    for (const name of names) {
      const owner = name.endsWith('.lock') ? name.slice(0, -'.lock'.length) : undefined;
      if (owner === undefined || owner === this.windowId || (await this.isAlive(owner))) continue;
      // Stale, so nobody holds it; should its window only have been paused, it takes a new one with its next save.
      await fs.rmdir(path.join(this.folder, name)).catch(() => undefined);
    }
  }
}
