import { ROOT, type MetaChangeTimes, type MetaField } from '../../shared/conversation';
import type { StoredConversation, StoredMessage } from './storedFormat';

/**
 * Combines our copy of a conversation with the one another window wrote since we read it. Pure: the store decides
 * when to call it. Messages are never edited after they finish, so a union by id loses nothing; deletions travel
 * as tombstones so that the union does not bring them back.
 *
 * - messages: the union; for an id on both sides see `preferredVersion` (the window streaming a message owns it).
 * - deleted: the union; tombstoned ids are dropped. A message whose parent was deleted on the other side is
 *   re-attached to its nearest surviving ancestor, so an answer written meanwhile is not left unreachable.
 * - selected: theirs, overlaid with ours wherever our choice still exists.
 * - title, pinned, model, systemPrompt: field by field, see `mergeMeta`.
 *
 * `windowId` is the window merging (the owner of `ours`). `revision` is taken from theirs; the caller writes the
 * next one.
 */
export function mergeStoredConversations(ours: StoredConversation, theirs: StoredConversation, windowId?: string): StoredConversation {
  const deleted = unionInOrder(theirs.deleted, ours.deleted);
  const dead = new Set(deleted);
  const oursById = new Map(ours.messages.map((message) => [message.id, message]));
  const theirsById = new Map(theirs.messages.map((message) => [message.id, message]));

  const messages: StoredMessage[] = [];
  for (const message of theirs.messages) {
    if (dead.has(message.id)) continue;
    const mine = oursById.get(message.id);
    messages.push(mine ? preferredVersion(mine, message, windowId) : message);
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

  return {
    ...mergeMeta(ours, theirs, 'laterUpdate'),
    schemaVersion: ours.schemaVersion,
    revision: theirs.revision,
    id: ours.id,
    createdAt: Math.min(ours.createdAt, theirs.createdAt),
    updatedAt: Math.max(ours.updatedAt, theirs.updatedAt),
    selected,
    deleted,
    messages: merged,
  };
}

/**
 * Our copy, brought up to date with the file when nobody but us wrote it since our base revision (so there is
 * nothing to merge), yet our copy may not have taken in what our own last save merged: deletions stay deleted,
 * a field the file changed later than we did is the file's, and a message another window streams is the file's.
 */
export function reconcileWithFile(ours: StoredConversation, file: StoredConversation, windowId?: string): StoredConversation {
  const fileById = new Map(file.messages.map((message) => [message.id, message]));
  return {
    ...ours,
    ...mergeMeta(ours, file, 'ours'),
    deleted: unionInOrder(file.deleted, ours.deleted),
    messages: ours.messages.map((message) => {
      const onFile = fileById.get(message.id);
      return onFile && streamedElsewhere(message, windowId) ? onFile : message;
    }),
  };
}

/**
 * Which copy of one message to keep when both sides have it:
 * 1. the copy of the window streaming it: while a window streams an answer, only it knows the answer (another
 *    window may have read it as interrupted, or hold an older part of it);
 * 2. a finished copy over a streaming one (no owner known: files from before owners were recorded);
 * 3. the one with more content (a later save of the same answer); then ours.
 */
export function preferredVersion(ours: StoredMessage, theirs: StoredMessage, windowId?: string): StoredMessage {
  if (ours.status === 'streaming' && ours.streamOwner !== undefined) {
    if (ours.streamOwner === windowId) return ours;
    if (streamedElsewhere(ours, windowId)) return theirs;
  }
  const oursStreaming = ours.status === 'streaming';
  if (oursStreaming !== (theirs.status === 'streaming')) return oursStreaming ? theirs : ours;
  const oursSize = contentSize(ours);
  const theirsSize = contentSize(theirs);
  if (oursSize !== theirsSize) return oursSize > theirsSize ? ours : theirs;
  return ours;
}

type MetaFields = Pick<StoredConversation, 'title' | 'titleSource' | 'pinned' | 'model' | 'systemPrompt' | 'params' | 'metaChangedAt'>;

/**
 * Title (with its source), pin, model and system prompt, field by field: each from the side that changed it later
 * (`metaChangedAt`), so one window's rename and another's model change both survive. When neither side has a later
 * change (both unchanged, or files from before change times were kept), `tie` decides: `laterUpdate` takes the side
 * updated later (ours on a tie), `ours` takes ours. Whatever wins, a title the user typed is never replaced by a
 * generated or fallback one.
 */
export function mergeMeta(ours: StoredConversation, theirs: StoredConversation, tie: 'laterUpdate' | 'ours'): MetaFields {
  const oursOnTie = tie === 'ours' || ours.updatedAt >= theirs.updatedAt;
  const changedAt: MetaChangeTimes = {};
  const pick = (field: MetaField): StoredConversation => {
    const oursAt = ours.metaChangedAt?.[field] ?? 0;
    const theirsAt = theirs.metaChangedAt?.[field] ?? 0;
    if (oursAt || theirsAt) changedAt[field] = Math.max(oursAt, theirsAt);
    if (oursAt !== theirsAt) return oursAt > theirsAt ? ours : theirs;
    return oursOnTie ? ours : theirs;
  };
  let titled = pick('title');
  const other = titled === ours ? theirs : ours;
  if (titled.titleSource !== 'user' && other.titleSource === 'user') titled = other;
  const result: MetaFields = {
    title: titled.title,
    titleSource: titled.titleSource,
    pinned: pick('pinned').pinned,
    model: pick('model').model,
    systemPrompt: pick('systemPrompt').systemPrompt,
  };
  // Always set, even to undefined: the caller spreads this over a copy that may hold the losing side's params.
  result.params = pick('params').params;
  if (Object.keys(changedAt).length > 0) result.metaChangedAt = changedAt;
  return result;
}

/** A message streaming in another window than `windowId`, by what the copy says. */
function streamedElsewhere(message: StoredMessage, windowId: string | undefined): boolean {
  return message.status === 'streaming' && message.streamOwner !== undefined && message.streamOwner !== windowId;
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
    if (block.type === 'tool_result' && typeof fields.content === 'string') size += fields.content.length;
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

/** Whether the written copy holds anything the caller's copy did not (so it should take the written copy in). */
export function differsFromOurs(written: StoredConversation, ours: StoredConversation): boolean {
  if (written.messages.length !== ours.messages.length) return true;
  // Merging reuses message objects: any message that is not our own object came from the other side.
  const own = new Set(ours.messages);
  if (written.messages.some((message) => !own.has(message))) return true;
  const metaKeys = ['title', 'titleSource', 'pinned', 'model', 'systemPrompt', 'createdAt', 'updatedAt'] as const;
  if (metaKeys.some((key) => written[key] !== ours[key])) return true;
  if (JSON.stringify(written.params ?? null) !== JSON.stringify(ours.params ?? null)) return true;
  const a = Object.entries(written.selected);
  return a.length !== Object.keys(ours.selected).length || a.some(([parent, child]) => ours.selected[parent] !== child);
}
