import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { attachmentFileName, isAttachmentMediaType, isSha256, kindOfMediaType, parseAttachmentFileName, type Attachment, type AttachmentKind, type AttachmentMediaType } from '../../shared/attachment';
import { describeError, errorCode, writeFileAtomic } from './atomicFile';
import { isTempFileName } from './layout';
import { ensurePrivateFolder } from './privateFiles';

type StoredIdentity = Pick<Attachment, 'sha256' | 'mediaType'>;

/**
 * `attachments/`: the bytes of every attached file, once per content (`<sha256>.<ext>`, see attachmentFileName).
 * Content addressing makes a write idempotent and lets every window, conversation and branch share one copy without
 * coordinating: two windows storing the same screenshot write the same name with the same bytes. Files are owner-only
 * like the conversations that mention them. Nothing here knows which conversations refer to which file; the
 * conversation store works that out for `collectGarbage`.
 */
export class AttachmentStore {
  /** Folders already narrowed to owner-only (see ensurePrivateFolder). */
  private readonly tightened = new Set<string>();

  /** `now` stamps re-stored files (tests move it); garbage collection is given its own `now` by the caller. */
  constructor(
    readonly folder: string,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Stores `bytes` (if they are not stored already) and returns their identity. A file already there is not
   * rewritten, but its modification time is refreshed: garbage collection spares recently stored files, and a file
   * attached again now may be about to be referenced by a conversation that is not saved yet.
   */
  async put(bytes: Uint8Array, mediaType: AttachmentMediaType): Promise<{ sha256: string; byteLength: number }> {
    const sha256 = sha256Of(bytes);
    const file = this.fileOf({ sha256, mediaType });
    await ensurePrivateFolder(this.folder, this.tightened);
    if (!(await this.refreshIfIntact(file, sha256))) await writeFileAtomic(file, bytes);
    return { sha256, byteLength: bytes.byteLength };
  }

  /** The stored bytes, checked against their hash: a damaged file is never sent as if it were the attached one. */
  async read(attachment: StoredIdentity): Promise<Buffer> {
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(this.fileOf(attachment));
    } catch (error) {
      if (errorCode(error) === 'ENOENT') throw new Error(`${describe(attachment)} is missing from the attachment store.`, { cause: error });
      throw new Error(`${describe(attachment)} could not be read from the attachment store: ${describeError(error)}`, { cause: error });
    }
    if (sha256Of(bytes) !== attachment.sha256) throw new Error(`${describe(attachment)} is damaged in the attachment store: its bytes no longer match their hash.`);
    return bytes;
  }

  /**
   * Where the attachment's bytes are. The identity is checked because it becomes a path: an attachment that came
   * from a file or the webview must not name anything outside this folder.
   */
  fileOf(attachment: StoredIdentity): string {
    if (!isSha256(attachment.sha256) || !isAttachmentMediaType(attachment.mediaType)) throw new Error(`Not a stored attachment: ${JSON.stringify({ sha256: attachment.sha256, mediaType: attachment.mediaType })}`);
    return path.join(this.folder, attachmentFileName(attachment));
  }

  /**
   * Deletes stored files whose hash is not in `referenced` and that were last stored at least `minAgeMs` before
   * `now`; the age spares a file another window has just stored for a conversation it has not saved yet. Names that
   * are not stored attachments are left alone, except the leftovers of writes interrupted by a crash, removed once
   * as old. Returns how many attachment files went. A file that cannot be removed does not stop the others: the
   * rejection afterwards says how many went and why the first one could not.
   */
  async collectGarbage(referenced: ReadonlySet<string>, minAgeMs: number, now: number): Promise<number> {
    let names: string[];
    try {
      names = await fs.readdir(this.folder);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return 0;
      throw error;
    }
    let deleted = 0;
    const failures: string[] = [];
    for (const name of names) {
      const stored = parseAttachmentFileName(name);
      if (stored ? referenced.has(stored.sha256) : !isInterruptedWrite(name)) continue;
      const file = path.join(this.folder, name);
      try {
        // Stat right before the unlink: a `put` that refreshed the file since the references were read keeps it.
        const stat = await fs.lstat(file);
        if (!stat.isFile() || now - stat.mtimeMs < minAgeMs) continue;
        await fs.unlink(file);
        if (stored) deleted++;
      } catch (error) {
        if (errorCode(error) !== 'ENOENT') failures.push(`${name}: ${describeError(error)}`); // ENOENT: another window collected it first
      }
    }
    if (failures.length > 0) throw new Error(`Removed ${deleted} unreferenced attachment file(s); ${failures.length} could not be removed (${failures[0]}).`);
    return deleted;
  }

  /** True when `file` is already stored with the right bytes; its mtime is then refreshed (see put). */
  private async refreshIfIntact(file: string, sha256: string): Promise<boolean> {
    let existing: Buffer;
    try {
      existing = await fs.readFile(file);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return false;
      throw error;
    }
    // Damaged on disk (the write itself is atomic, the disk is not): storing the same file again repairs it.
    if (sha256Of(existing) !== sha256) return false;
    const seconds = this.now() / 1000;
    try {
      await fs.utimes(file, seconds, seconds);
      return true;
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return false; // collected between the read and now: written again
      throw error;
    }
  }
}

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const NOUNS: Record<AttachmentKind, string> = { image: 'image', pdf: 'PDF', text: 'text file' };

/** The attachment without its name, which the store does not know: enough for the user to tell which file failed. */
function describe(attachment: StoredIdentity): string {
  const noun = isAttachmentMediaType(attachment.mediaType) ? NOUNS[kindOfMediaType(attachment.mediaType)] : 'file';
  return `The attached ${noun} (sha256 ${attachment.sha256.slice(0, 12)}…)`;
}

/** `<sha256>.<ext>.<random>.tmp`: what writeFileAtomic leaves of a write a crash interrupted. */
function isInterruptedWrite(name: string): boolean {
  const end = name.indexOf('.', 65); // after `<64 hex>.<ext>`
  return isTempFileName(name) && end > 0 && parseAttachmentFileName(name.slice(0, end)) !== undefined;
}
