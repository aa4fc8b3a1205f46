import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { PRIVATE_FILE_MODE } from './privateFiles';

export interface FileStamp {
  size: number;
  mtimeMs: number;
  ino: number;
}

/**
 * Replaces `target` so that a reader (or a crash) sees either the old bytes or the new ones, never a mix: the data
 * goes to a temp file in the same folder, is flushed to the disk, and is then renamed over the target. A failure
 * at any step (including `beforeCommit` throwing) leaves the target as it was and removes the temp file. The file
 * is owner-only from its creation, so there is no moment when others could read it.
 */
export async function writeFileAtomic(target: string, data: string | Uint8Array, beforeCommit?: () => Promise<void> | void): Promise<void> {
  const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(temp, 'wx', PRIVATE_FILE_MODE);
    await handle.writeFile(data);
    // Without the flush, a power cut after the rename can leave the new name pointing at empty blocks.
    await handle.sync();
    await handle.close();
    handle = undefined;
    await beforeCommit?.();
    await renameWithRetry(temp, target);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw new Error(`Could not write ${target}: ${describeError(error)}`, { cause: error });
  }
  await syncDirectory(path.dirname(target));
}

/**
 * The bytes of a file and the stamp of exactly those bytes (size, mtime, inode from the same open handle), so a
 * cache keyed by the stamp cannot pair one version's stamp with another version's content. Undefined if absent.
 */
export async function readFileWithStamp(file: string): Promise<{ bytes: Buffer; stamp: FileStamp } | undefined> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const stat = await handle.stat();
    const bytes = await handle.readFile();
    return { bytes, stamp: stampOf(stat) };
  } finally {
    await handle.close();
  }
}

export function stampOf(stat: { size: number; mtimeMs: number; ino: number }): FileStamp {
  return { size: stat.size, mtimeMs: stat.mtimeMs, ino: stat.ino };
}

export function sameStamp(a: FileStamp | undefined, b: FileStamp | undefined): boolean {
  return a !== undefined && b !== undefined && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino;
}

export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Windows refuses a rename over a file another process has open for a moment (a reader, an antivirus scan). */
async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await fs.rename(from, to);
      return;
    } catch (error) {
      const code = errorCode(error);
      if (attempt >= 10 || (code !== 'EPERM' && code !== 'EACCES' && code !== 'EBUSY')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10 * (attempt + 1)));
    }
  }
}

/** Makes the rename itself durable. Best effort: Windows cannot open a folder for syncing, and nothing is lost if it fails. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // ignored on purpose, see above
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** Whether something is at `file` (a link counts as itself). Errors other than "no such file" are thrown, not guessed. */
export async function pathExists(file: string): Promise<boolean> {
  try {
    await fs.lstat(file);
    return true;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return false;
    throw error;
  }
}
