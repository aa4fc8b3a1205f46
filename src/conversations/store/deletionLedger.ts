/**
 * Tells, at save time, "the caller deleted this message" apart from "the caller never had this message".
 *
 * The in-memory model has no tombstones: a deleted message is simply absent. A message that is on disk but absent
 * from the conversation being saved is either one the caller deleted (it must become a tombstone, or a merge with
 * another window would bring it back) or one the caller never took in (another window wrote it, and this window
 * chose not to swap in the merged copy, e.g. while an answer was streaming; it must be kept). Treating the second
 * as a deletion would lose the other window's messages; treating the first as new would undo deletes.
 *
 * So the store remembers, per conversation, which ids the caller has certainly had (it passed them to save) and
 * which it was offered (by load, or in the merged copy a save returned). An offer counts as taken when the saved
 * conversation contains at least one of the ids that offer introduced; only then are the missing ones deletions.
 * A caller that takes an offer and deletes every message it introduced gets them back: the safe mistake.
 */
export class DeletionLedger {
  private readonly entries = new Map<string, { had: Set<string>; offers: Set<string>[] }>();

  /** The caller was handed a conversation with these message ids. */
  offered(conversationId: string, ids: Iterable<string>): void {
    const entry = this.entry(conversationId);
    // An offer is judged by what it introduced: ids the caller already had, or was offered before, say nothing
    // about whether it took this one.
    const fresh = new Set<string>();
    for (const id of ids) if (!entry.had.has(id) && !entry.offers.some((offer) => offer.has(id))) fresh.add(id);
    if (fresh.size > 0) entry.offers.push(fresh);
  }

  /** Ids the caller deleted, judging by the message ids of the conversation it is saving now. */
  deletedIn(conversationId: string, saving: ReadonlySet<string>): string[] {
    const entry = this.entries.get(conversationId);
    if (!entry) return [];
    const deleted: string[] = [];
    for (const id of entry.had) if (!saving.has(id)) deleted.push(id);
    for (const offer of entry.offers) {
      const taken = [...offer].some((id) => saving.has(id));
      if (taken) for (const id of offer) if (!saving.has(id)) deleted.push(id);
    }
    return deleted;
  }

  /** A save succeeded: the caller had `saved`, and was handed back `written` (which may hold merged-in messages). */
  saved(conversationId: string, saved: ReadonlySet<string>, written: Iterable<string>): void {
    const entry = { had: new Set(saved), offers: [] as Set<string>[] };
    this.entries.set(conversationId, entry);
    this.offered(conversationId, written);
  }

  forget(conversationId: string): void {
    this.entries.delete(conversationId);
  }

  private entry(conversationId: string): { had: Set<string>; offers: Set<string>[] } {
    let entry = this.entries.get(conversationId);
    if (!entry) {
      entry = { had: new Set(), offers: [] };
      this.entries.set(conversationId, entry);
    }
    return entry;
  }
}
