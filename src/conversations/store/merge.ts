import { ROOT } from '../../shared/conversation';
import type { StoredConversation, StoredMessage } from './storedFormat';

/**
 * Combines our copy of a conversation with the one another window wrote since we read it. Pure: the store decides
 * when to call it. Messages are never edited after they finish, so a union by id loses nothing; deletions travel
 * as tombstones so that the union does not bring them back.
 *
 * - messages: the union; for an id on both sides the finished copy wins over a streaming one, then the one with
 *   more content (a later save of the same answer), then ours.
 * - deleted: the union; tombstoned ids are dropped. A message whose parent was deleted on the other side is
 *   re-attached to its nearest surviving ancestor, so an answer written meanwhile is not left unreachable.
 * - selected: theirs, overlaid with ours wherever our choice still exists.
 * - title, titleSource, pinned, model, systemPrompt: from the side updated later (ours on a tie), except that a
 *   title the user typed is never replaced by a generated or fallback one.
 *
 * `revision` is taken from theirs; the caller writes the next one.
 */
export function mergeStoredConversations(ours: StoredConversation, theirs: StoredConversation): StoredConversation {
  const deleted = unionInOrder(theirs.deleted, ours.deleted);
  const dead = new Set(deleted);
  const oursById = new Map(ours.messages.map((message) => [message.id, message]));
  const theirsById = new Map(theirs.messages.map((message) => [message.id, message]));

  const messages: StoredMessage[] = [];
  for (const message of theirs.messages) {
    if (dead.has(message.id)) continue;
    const mine = oursById.get(message.id);
    messages.push(mine ? preferredVersion(mine, message) : message);
  }
  for (const message of ours.messages) {
    if (!dead.has(message.id) && !theirsById.has(message.id)) messages.push(message);
  }
  // Both sides list messages in creation order; a stable sort interleaves them and keeps each side's own order.
  messages.sort((a, b) => a.createdAt - b.createdAt);

  const living = new Set(messages.map((message) => message.id));
  const parentOf = (id: string): string | null | undefined => (oursById.get(id) ?? theirsById.get(id))?.parentId;
  const merged = messages.map((message) => {
    const parentId = nearestLivingAncestor(message.parentId, living, parentOf);
    return parentId === message.parentId ? message : { ...message, parentId };
  });
  const byId = new Map(merged.map((message) => [message.id, message]));

  const selected: Record<string, string> = {};
  for (const choice of [theirs.selected, ours.selected]) {
    for (const [parent, child] of Object.entries(choice)) {
      const message = byId.get(child);
      if (message && (message.parentId ?? ROOT) === parent) selected[parent] = child;
    }
  }

  const oursIsLater = ours.updatedAt >= theirs.updatedAt;
  const later = oursIsLater ? ours : theirs;
  const earlier = oursIsLater ? theirs : ours;
  const keepUserTitle = later.titleSource !== 'user' && earlier.titleSource === 'user';

  return {
    schemaVersion: ours.schemaVersion,
    revision: theirs.revision,
    id: ours.id,
    title: keepUserTitle ? earlier.title : later.title,
    titleSource: keepUserTitle ? earlier.titleSource : later.titleSource,
    createdAt: Math.min(ours.createdAt, theirs.createdAt),
    updatedAt: Math.max(ours.updatedAt, theirs.updatedAt),
    pinned: later.pinned,
    model: later.model,
    systemPrompt: later.systemPrompt,
    selected,
    deleted,
    messages: merged,
  };
}

/** Which copy of one message to keep when both sides have it. */
export function preferredVersion(ours: StoredMessage, theirs: StoredMessage): StoredMessage {
  const oursStreaming = ours.status === 'streaming';
  if (oursStreaming !== (theirs.status === 'streaming')) return oursStreaming ? theirs : ours;
  const oursSize = contentSize(ours);
  const theirsSize = contentSize(theirs);
  if (oursSize !== theirsSize) return oursSize > theirsSize ? ours : theirs;
  return ours;
}

/** How much an answer holds: grows monotonically while it streams, which is what "the later copy" means here. */
export function contentSize(message: StoredMessage): number {
  let size = 0;
  for (const block of message.content) {
    const fields = block as Record<string, unknown>;
    for (const key of ['text', 'thinking', 'signature', 'data'] as const) {
      const value = fields[key];
      if (typeof value === 'string') size += value.length;
    }
    if (block.type === 'tool_use') size += JSON.stringify(fields.input ?? {}).length;
    size += 1; // a block started but still empty is still more than no block
  }
  return size;
}

function nearestLivingAncestor(parentId: string | null, living: Set<string>, parentOf: (id: string) => string | null | undefined): string | null {
  const visited = new Set<string>();
  let current = parentId;
  while (current !== null && !living.has(current)) {
    if (visited.has(current)) return null; // a cycle in damaged data: attach to the root rather than loop
    visited.add(current);
    current = parentOf(current) ?? null;
  }
  return current;
}

function unionInOrder(first: readonly string[], second: readonly string[]): string[] {
  const seen = new Set(first);
  const result = [...first];
  for (const id of second) {
    if (!seen.has(id)) {
      seen.add(id);
      result.push(id);
    }
  }
  return result;
}
