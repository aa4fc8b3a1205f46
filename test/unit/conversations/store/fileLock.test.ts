import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createFileLock, isLockLost, LockLostError, STALE_MS, withFileLock } from '../../../../src/conversations/store/fileLock';

/** Sets the lock folder's mtime `ms` into the past: what a host paused that long leaves behind (no refresh ran). */
function age(folder: string, ms: number): void {
  const then = (Date.now() - ms) / 1000;
  fs.utimesSync(folder, then, then);
}

describe('file lock: knowing that it is still held', () => {
  let dir: string;
  let file: string;
  let folder: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-lock-'));
    file = path.join(dir, 'c1.json');
    folder = `${file}.lock`;
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('passes both checks while nothing happened to it', async () => {
    await withFileLock(file, async (lock) => {
      await lock.assertHeld();
      await lock.assertNotTakenOver();
    });
    assert.ok(!fs.existsSync(folder), 'released');
  });

  it('refuses to commit once the lock is near stale (the host stalled), though nobody took it yet', async () => {
    let stalledFor = 0;
    const lockWithClock = createFileLock({ now: () => Date.now() + stalledFor });
    await lockWithClock(file, async (lock) => {
      await lock.assertHeld();
      stalledFor = STALE_MS - 1000; // no refresh ran meanwhile: the host was paused
      await assert.rejects(lock.assertHeld(), (error: Error) => error instanceof LockLostError && /last refreshed/.test(error.message));
      // Still ours: a commit that already happened while it was this old replaced nobody's write.
      await lock.assertNotTakenOver();
    });
  });

  it('notices at once when another window took the stale lock over, and leaves that window’s lock in place', async () => {
    let otherHeld: Promise<void> | undefined;
    let releaseOther!: () => void;
    await withFileLock(file, async (lock) => {
      age(folder, STALE_MS + 1000);
      // Another window finds it stale, removes it and takes its own.
      await new Promise<void>((taken) => {
        otherHeld = withFileLock(file, () => {
          taken();
          return new Promise<void>((resolve) => (releaseOther = resolve));
        });
      });
      for (const check of [lock.assertHeld, lock.assertNotTakenOver]) {
        await assert.rejects(check(), (error: Error) => isLockLost(error) && /another window took it over/.test(error.message));
      }
    });
    assert.ok(fs.existsSync(folder), 'releasing a lost lock did not delete the other window’s');
    releaseOther();
    await otherHeld;
    assert.ok(!fs.existsSync(folder));
  });

  it('notices a lock folder removed under it', async () => {
    await withFileLock(file, async (lock) => {
      fs.rmdirSync(folder);
      await assert.rejects(lock.assertNotTakenOver(), /the lock folder is gone/);
    });
  });

  it('finds a lost lock behind the errors that wrap it', () => {
    const lost = new LockLostError('f', 'gone');
    assert.ok(isLockLost(new Error('Could not write f', { cause: lost })));
    assert.ok(!isLockLost(new Error('disk full')));
  });
});
