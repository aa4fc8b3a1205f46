import { sameStamp, type FileStamp } from './atomicFile';
import { mapLimit } from './keyedQueue';
import type { IndexEntry } from './listIndex';
import type { QuarantinedFile } from './quarantine';
import type { ReadOutcome } from './readOutcome';
import type { StoredConversation } from './storedFormat';
import { compareSummaries, searchableText, summarize, type ConversationSummary } from './summary';

/** Enough parallel reads to hide latency, few enough not to run out of file handles. */
const READ_CONCURRENCY = 32;

/**
 * Full-text search over the conversations, with each conversation's lower-cased text cached under the stamp of the
 * file it came from: a repeated search reads only the files that changed since.
 */
export class ConversationSearch {
  private readonly texts = new Map<string, { stamp: FileStamp; text: string }>();
  private used = false;

  /**
   * A file was parsed for another reason (a list re-read it): keep its text current, once this window has searched.
   * Before that, holding every conversation's text in memory would cost windows that never search.
   */
  noteRead(id: string, stamp: FileStamp, stored: StoredConversation): void {
    if (this.used) this.texts.set(id, { stamp, text: searchableText(stored) });
  }

  forget(id: string): void {
    this.texts.delete(id);
  }

  /** Drops the texts of conversations that are gone. */
  retainOnly(ids: ReadonlyMap<string, unknown>): void {
    for (const id of this.texts.keys()) if (!ids.has(id)) this.texts.delete(id);
  }

  /** Marks the cache as worth keeping; call before the `refresh` whose entries are passed to `search`. */
  start(): void {
    this.used = true;
  }

  /**
   * The listed conversations whose title or message text contains `query`, ignoring case; newest first. Files whose
   * text is not cached under their current stamp are read with `read`; one found unreadable goes to `quarantined`.
   */
  async search(
    query: string,
    entries: ReadonlyMap<string, IndexEntry>,
    read: (id: string) => Promise<ReadOutcome>,
    quarantined: (report: QuarantinedFile) => void,
  ): Promise<ConversationSummary[]> {
    const needle = query.trim().toLowerCase();
    const hits: ConversationSummary[] = [];
    await mapLimit([...entries.entries()], READ_CONCURRENCY, async ([id, entry]) => {
      let cached = this.texts.get(id);
      let summary = entry.summary;
      if (!cached || !sameStamp(cached.stamp, entry.stamp)) {
        // A file that cannot be read right now is left out of this search rather than failing all of it.
        const outcome = await read(id).catch((): ReadOutcome => ({ kind: 'missing' }));
        if (outcome.kind === 'quarantined') quarantined(outcome.report);
        if (outcome.kind !== 'ok') return;
        cached = { stamp: outcome.stamp, text: searchableText(outcome.stored) };
        this.texts.set(id, cached);
        summary = summarize(outcome.stored);
      }
      if (cached.text.includes(needle)) hits.push(summary);
    });
    return hits.sort(compareSummaries);
  }
}
