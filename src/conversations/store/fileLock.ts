import lockfile from 'proper-lockfile';
import { describeError, errorCode } from './atomicFile';

/**
 * Holding another window's lock longer than this means that window died: proper-lockfile refreshes a held lock's
 * mtime every stale/2, so only an abandoned lock gets this old.
 */
const STALE_MS = 10_000;

/**
 * How long a writer waits for another window's turn: backoff from 5 ms up to 250 ms (randomised, so two waiters do
 * not retry in step), in total well past STALE_MS, so that a lock left by a crashed window is taken over rather
 * than reported as an error.
 */
const WAIT_FOR_TURN = { retries: 100, factor: 1.3, minTimeout: 5, maxTimeout: 250, randomize: true };

/**
 * Runs `action` while holding the cross-process lock of `file` (a `<file>.lock` folder next to it; the file itself
 * need not exist). `assertHeld` throws if the lock was lost meanwhile (e.g. the machine slept past STALE_MS and
 * another window took it over): the caller checks it just before it commits a write.
 */
export async function withFileLock<T>(file: string, action: (assertHeld: () => void) => Promise<T>): Promise<T> {
  let lost: Error | undefined;
  const options = {
    realpath: false, // the file may not exist yet, and the folder is ours: no symlinks to resolve
    stale: STALE_MS,
    onCompromised: (error: Error) => {
      lost = error; // the default throws from a timer, which would crash the extension host
    },
  };
  let release: () => Promise<void>;
  try {
    // First without waiting: an error other than "held by someone" (a missing or read-only folder) must fail at once,
    // not after the whole wait below.
    release = await lockfile.lock(file, { ...options, retries: 0 });
  } catch (error) {
    if (errorCode(error) !== 'ELOCKED') throw new Error(`Could not lock ${file}: ${describeError(error)}`, { cause: error });
    try {
      release = await lockfile.lock(file, { ...options, retries: WAIT_FOR_TURN });
    } catch (waitError) {
      throw new Error(`Could not lock ${file}: another window kept it busy (${describeError(waitError)})`, { cause: waitError });
    }
  }
  try {
    return await action(() => {
      if (lost) throw new Error(`Lost the lock on ${file} before writing: ${lost.message}`, { cause: lost });
    });
  } finally {
    await release().catch(() => undefined); // already released when it was lost; nothing to undo
  }
}
