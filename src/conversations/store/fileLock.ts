import fs from 'node:fs';
import lockfile from 'proper-lockfile';
import { describeError, errorCode } from './atomicFile';
import { PRIVATE_FOLDER_MODE } from './privateFiles';

/**
 * Holding another window's lock longer than this means that window died: proper-lockfile refreshes a held lock's
 * mtime every stale/2, so only an abandoned lock gets this old.
 */
export const STALE_MS = 10_000;

/**
 * A write commits only while its lock is at least this far from going stale: another window could take the lock
 * over only if this one stalled that long between the check and the rename.
 */
const COMMIT_MARGIN_MS = 3_000;

/** How far apart two mtimes of one lock folder can be read (a file system with whole-second times rounds them). */
const MTIME_SLACK_MS = 1_000;

/**
 * How long a writer waits for another window's turn: backoff from 5 ms up to 250 ms (randomised, so two waiters do
 * not retry in step), in total well past STALE_MS, so that a lock left by a crashed window is taken over rather
 * than reported as an error.
 */
const WAIT_FOR_TURN = { retries: 100, factor: 1.3, minTimeout: 5, maxTimeout: 250, randomize: true };

/** The lock was lost (the machine slept or the process stalled past STALE_MS and another window took it over). */
export class LockLostError extends Error {
  constructor(file: string, reason: string) {
    super(`Lost the lock on ${file}: ${reason}`);
    this.name = 'LockLostError';
  }
}

/** Whether `error`, or an error it was caused by, is a lost lock. */
export function isLockLost(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) if (cause instanceof LockLostError) return true;
  return false;
}

export interface HeldLock {
  /** Throws LockLostError unless the lock is still this window's, with time to spare: checked just before a commit. */
  assertHeld(): Promise<void>;
  /**
   * Throws LockLostError if another window took the lock over since it was taken: checked just after a commit. If
   * it did, the commit may have replaced that window's write, so what was committed is not a revision to count on.
   */
  assertNotTakenOver(): Promise<void>;
}

/** Runs `action` while holding the cross-process lock of `file`. */
export type FileLocker = <T>(file: string, action: (lock: HeldLock) => Promise<T>) => Promise<T>;

export interface FileLockOptions {
  /** The clock a held lock's age is judged by (tests move it to stand for a stalled host). */
  now?: () => number;
}

/**
 * The lock is a `<file>.lock` folder next to `file` (which need not exist), made with proper-lockfile. A window that
 * finds it stale removes it and makes its own, so "still ours" means the same folder (inode and birth time, recorded
 * when it was taken) with the mtime proper-lockfile last gave it. proper-lockfile checks that itself only before
 * each refresh (up to STALE_MS/2 later); the store checks it at the moments that matter, just before and just after
 * a commit.
 */
export function createFileLock(lockOptions: FileLockOptions = {}): FileLocker {
  const now = lockOptions.now ?? Date.now;
  return async (file, action) => {
    const folder = new TrackedLockFolder(`${file}.lock`);
    let lost: Error | undefined;
    const options = {
      realpath: false, // the file may not exist yet, and the folder is ours: no symlinks to resolve
      stale: STALE_MS,
      fs: folder.fileSystem,
      onCompromised: (error: Error) => {
        lost = error; // the default throws from a timer, which would crash the extension host
      },
    };
    let release: () => Promise<void>;
    try {
      // First without waiting: an error other than "held by someone" (a missing or read-only folder) must fail at
      // once, not after the whole wait below.
      release = await lockfile.lock(file, { ...options, retries: 0 });
    } catch (error) {
      if (errorCode(error) !== 'ELOCKED') throw new Error(`Could not lock ${file}: ${describeError(error)}`, { cause: error });
      try {
        release = await lockfile.lock(file, { ...options, retries: WAIT_FOR_TURN });
      } catch (waitError) {
        throw new Error(`Could not lock ${file}: another window kept it busy (${describeError(waitError)})`, { cause: waitError });
      }
    }
    const check = async (margin: number) => {
      if (lost) throw new LockLostError(file, lost.message);
      const problem = await folder.problem(now(), margin);
      if (problem) throw new LockLostError(file, problem);
    };
    try {
      await folder.recordIdentity();
      return await action({ assertHeld: () => check(COMMIT_MARGIN_MS), assertNotTakenOver: () => check(-Infinity) });
    } finally {
      // A lock another window took over is that window's to release: proper-lockfile would delete its folder, and
      // (within one process) its bookkeeping. Ours is then forgotten when its next refresh finds it compromised.
      if (!folder.takenOver) await release().catch(() => undefined); // already released when it was lost
    }
  };
}

export const withFileLock: FileLocker = createFileLock();

/**
 * The file system proper-lockfile works through for one lock: it makes the lock folder owner-only, remembers the
 * mtime proper-lockfile last gave it, and never removes the folder once another window has taken it over (on
 * release proper-lockfile would otherwise delete that window's lock, since it learns of a takeover only on its next
 * refresh).
 */
export class TrackedLockFolder {
  private ownMtimeMs: number | undefined;
  /** A check found that another window took the lock over. */
  takenOver = false;
  /** Which folder is ours: a takeover makes a new one (the inode may be reused at once, the birth time is not). */
  private identity: { ino: number; birthtimeMs: number } | undefined;
  readonly fileSystem: object;

  constructor(readonly path: string) {
    const record = (target: string, mtime: Date) => {
      if (target === this.path) this.ownMtimeMs = mtime.getTime();
    };
    this.fileSystem = {
      mkdir: (target: string, callback: (error: NodeJS.ErrnoException | null) => void) => fs.mkdir(target, { mode: PRIVATE_FOLDER_MODE }, callback),
      stat: fs.stat,
      utimes: (target: string, atime: Date, mtime: Date, callback: (error: NodeJS.ErrnoException | null) => void) =>
        fs.utimes(target, atime, mtime, (error) => {
          if (!error) record(target, mtime);
          callback(error);
        }),
      rmdir: (target: string, callback: (error: NodeJS.ErrnoException | null) => void) => {
        if (target !== this.path || this.ownMtimeMs === undefined) return fs.rmdir(target, callback);
        fs.stat(target, (error, stat) => {
          if (error) return callback(error);
          if (!this.isOurs(stat)) return callback(null); // taken over: the folder is that window's now
          fs.rmdir(target, callback);
        });
      },
      rmdirSync: (target: string) => {
        // At process exit: only what is still ours.
        if (target === this.path && this.ownMtimeMs !== undefined && !this.isOurs(fs.statSync(target))) return;
        fs.rmdirSync(target);
      },
    };
  }

  /** Right after taking the lock (nobody can have taken it over yet): remembers which folder it is. */
  async recordIdentity(): Promise<void> {
    const { ino, birthtimeMs } = await fs.promises.stat(this.path);
    this.identity = { ino, birthtimeMs };
  }

  /** Why the lock is not (safely) ours at `now`, or undefined if it is and will stay so for at least `marginMs`. */
  async problem(now: number, marginMs: number): Promise<string | undefined> {
    let stat: fs.Stats;
    try {
      stat = await fs.promises.stat(this.path);
    } catch (error) {
      return errorCode(error) === 'ENOENT' ? 'the lock folder is gone' : `the lock folder cannot be read (${describeError(error)})`;
    }
    if (!this.isOurs(stat)) {
      this.takenOver = true;
      return 'another window took it over';
    }
    // Not refreshed for this long: the process stalled, and another window may take it over at any moment.
    if (now - stat.mtimeMs > STALE_MS - marginMs) return `it was last refreshed ${Math.round(now - stat.mtimeMs)} ms ago`;
    return undefined;
  }

  /**
   * The same folder, with an mtime this window gave it. (A window takes a lock over only once its mtime is STALE_MS
   * old and gives it a fresh one, far from any this window set: a little slack for coarse clocks cannot mix them up.)
   */
  private isOurs(stat: fs.Stats): boolean {
    if (this.identity && (stat.ino !== this.identity.ino || stat.birthtimeMs !== this.identity.birthtimeMs)) return false;
    return this.ownMtimeMs !== undefined && Math.abs(stat.mtimeMs - this.ownMtimeMs) < MTIME_SLACK_MS;
  }
}
