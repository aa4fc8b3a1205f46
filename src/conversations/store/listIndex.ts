import fs from 'node:fs/promises';
import { writeFileAtomic, type FileStamp } from './atomicFile';
import type { ConversationSummary } from './summary';

/**
 * `index.json`: the history list's summaries, each with the stamp of the file it was read from. Only a cache:
 * whatever is missing, stale or unreadable in it is rebuilt from the conversation files, so it never needs a lock,
 * a migration or a quarantine; two windows rewriting it at once cost a re-read, not data.
 */
export const INDEX_VERSION = 1;

export interface IndexEntry {
  stamp: FileStamp;
  summary: ConversationSummary;
}

/** Entries by conversation id; an empty map when the index is missing, unreadable or from another version. */
export async function readIndex(file: string): Promise<{ entries: Map<string, IndexEntry>; usable: boolean }> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    return { entries: new Map(), usable: false };
  }
  try {
    const value = JSON.parse(text) as { indexVersion?: unknown; entries?: unknown };
    if (value?.indexVersion !== INDEX_VERSION || typeof value.entries !== 'object' || value.entries === null) return { entries: new Map(), usable: false };
    const entries = new Map<string, IndexEntry>();
    for (const [id, entry] of Object.entries(value.entries as Record<string, unknown>)) {
      if (isEntry(entry) && entry.summary.id === id) entries.set(id, entry);
    }
    return { entries, usable: true };
  } catch {
    return { entries: new Map(), usable: false };
  }
}

export async function writeIndex(file: string, entries: ReadonlyMap<string, IndexEntry>): Promise<void> {
  const body = { indexVersion: INDEX_VERSION, entries: Object.fromEntries(entries) };
  await writeFileAtomic(file, JSON.stringify(body));
}

/** Enough of a check that a damaged entry is re-read instead of shown; the file stays the authority either way. */
function isEntry(value: unknown): value is IndexEntry {
  if (typeof value !== 'object' || value === null) return false;
  const { stamp, summary } = value as Partial<IndexEntry>;
  return (
    typeof stamp?.size === 'number' &&
    typeof stamp.mtimeMs === 'number' &&
    typeof stamp.ino === 'number' &&
    typeof summary?.id === 'string' &&
    typeof summary.title === 'string' &&
    typeof summary.titleSource === 'string' &&
    typeof summary.createdAt === 'number' &&
    typeof summary.updatedAt === 'number' &&
    typeof summary.pinned === 'boolean' &&
    typeof summary.model === 'string' &&
    typeof summary.messageCount === 'number' &&
    typeof summary.preview === 'string'
  );
}
