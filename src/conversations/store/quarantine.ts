import fs from 'node:fs/promises';
import path from 'node:path';
import { pathExists } from './atomicFile';
import type { UnreadableReason } from './parseFile';
import { ensurePrivateFolder } from './privateFiles';

/** A conversation file that could not be read and was moved aside. */
export interface QuarantinedFile {
  /** Where it was. */
  file: string;
  /** Where it is now: the user (or a later version) can still recover it. */
  movedTo: string;
  reason: UnreadableReason;
  detail: string;
}

/**
 * Moves an unreadable file into the quarantine folder as `<name>.<timestamp>`, never overwriting an earlier one.
 * Moved rather than deleted: the file may hold the only copy of a conversation that a newer version or a human can
 * still read. Moved rather than left in place: otherwise every list would trip over it again and report it again.
 */
export async function moveToQuarantine(file: string, quarantineDir: string, at: number, reason: UnreadableReason, detail: string): Promise<QuarantinedFile> {
  await ensurePrivateFolder(quarantineDir);
  const stamp = new Date(at).toISOString().replace(/[:.]/g, '-');
  const base = path.join(quarantineDir, `${path.basename(file)}.${stamp}`);
  // Callers hold the file's lock, so nobody else quarantines the same name meanwhile: checking for a free name and
  // then renaming cannot race, and no earlier quarantined copy is overwritten.
  let movedTo = base;
  for (let attempt = 1; await pathExists(movedTo); attempt++) movedTo = `${base}-${attempt}`;
  await fs.rename(file, movedTo);
  return { file, movedTo, reason, detail };
}
