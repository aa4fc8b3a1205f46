import fs from 'node:fs/promises';
import path from 'node:path';
import { errorCode, readFileWithStamp, sameStamp, stampOf, type FileStamp } from './atomicFile';
import { storedAttachmentHashes } from './codec';
import { idOfFileName, isTempFileName, type StoreLayout } from './layout';
import { parseConversationFile } from './parseFile';

/** Scans for attachment references that found the folders changing under them before giving up (until the next day). */
const REFERENCE_SCAN_ATTEMPTS = 3;

/**
 * The hashes of every stored attachment that a conversation, a trashed conversation or a quarantined file refers
 * to: what the attachment GC must keep. Rejects, rather than answering with fewer, when a file there cannot be read
 * or understood: a reference that could not be read is still a reference, and a garbage collection on a partial
 * answer would delete its file. Quarantined files are unreadable by definition; any hash written in them counts (they
 * are what an older version moves a version-2 file to, and the user may still bring one back).
 */
export async function referencedAttachments(layout: StoreLayout): Promise<Set<string>> {
  for (let attempt = 1; ; attempt++) {
    const referenced = await scanReferences(layout);
    if (referenced) return referenced;
    if (attempt >= REFERENCE_SCAN_ATTEMPTS) throw new Error('Conversation files kept changing while their attachments were listed.');
  }
}

/**
 * One pass over the folders, or undefined when they changed during it: a conversation moved between the folders
 * (deleted, restored, quarantined) or written meanwhile might carry its references past the pass. The files are
 * listed again afterwards, and every one must be one that was read, with the stamp it was read with.
 */
async function scanReferences(layout: StoreLayout): Promise<Set<string> | undefined> {
  const referenced = new Set<string>();
  const read = new Map<string, FileStamp>();
  const folders: { folder: string; readAs: (name: string) => ReadAs }[] = [
    // Anything else in `conversations/` is a stray the store never reads as a conversation.
    { folder: layout.conversations, readAs: (name) => asConversation(idOfFileName(name), 'skip') },
    // `<id>.json`, or an older copy set aside as `<id>.json.<time>` or `<id>.json.<time>.restored` (see trash.ts).
    { folder: layout.trash, readAs: (name) => asConversation(name.includes('.json') ? idOfFileName(name.slice(0, name.indexOf('.json') + '.json'.length)) : undefined, 'loosely') },
    { folder: layout.quarantine, readAs: () => 'loosely' },
  ];
  for (const { folder, readAs } of folders) {
    for (const name of await listFiles(folder)) {
      const how = readAs(name);
      if (how === 'skip') continue;
      const file = path.join(folder, name);
      const content = await readFileWithStamp(file);
      if (!content) continue; // moved or deleted since the listing: the second listing tells where it went
      read.set(file, content.stamp);
      if (how === 'loosely') {
        for (const sha256 of content.bytes.toString('latin1').match(HASH_RUN) ?? []) referenced.add(sha256);
        continue;
      }
      const parsed = parseConversationFile(content.bytes, how.id);
      if (!parsed.ok) throw new Error(`Cannot tell which attachments ${file} refers to (${parsed.detail}), so none were deleted.`);
      for (const sha256 of storedAttachmentHashes(parsed.stored)) referenced.add(sha256);
    }
  }
  for (const { folder, readAs } of folders) {
    for (const name of await listFiles(folder)) {
      if (readAs(name) === 'skip') continue;
      const file = path.join(folder, name);
      let stamp: FileStamp;
      try {
        stamp = stampOf(await fs.stat(file));
      } catch (error) {
        if (errorCode(error) === 'ENOENT') continue;
        throw error;
      }
      if (!sameStamp(read.get(file), stamp)) return undefined;
    }
  }
  return referenced;
}

/**
 * How the reference scan reads a file: as the conversation with this id (failing when it cannot), loosely (any hash
 * written in it counts: for files that are not conversations the store can read, kept in case they are brought
 * back), or not at all.
 */
type ReadAs = { id: string } | 'loosely' | 'skip';

function asConversation(id: string | undefined, otherwise: 'loosely' | 'skip'): ReadAs {
  return id === undefined ? otherwise : { id };
}

/** A run of exactly 64 lower-case hex digits: how a stored attachment's hash appears in any file that names it. */
const HASH_RUN = /(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])/g;

/** The plain files in `folder` (no lock folders, no temp files of writes in progress); none if it does not exist. */
async function listFiles(folder: string): Promise<string[]> {
  try {
    const dirents = await fs.readdir(folder, { withFileTypes: true });
    return dirents.filter((dirent) => (dirent.isFile() || dirent.isSymbolicLink()) && !isTempFileName(dirent.name)).map((dirent) => dirent.name);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return [];
    throw error;
  }
}
