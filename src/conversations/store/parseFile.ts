import { messagesInParentCycles } from '../../shared/conversationTree';
import { isJsonPrefix } from './jsonPrefix';
import { BASE_SCHEMA_VERSION, isToolResultPlaceholder, SCHEMA_VERSION, toolResultProblem, type StoredBlock, type StoredConversation, type StoredMessage } from './storedFormat';

/** Why a conversation file could not be read; each reason gets its own explanation for the user. */
export type UnreadableReason = 'bom' | 'truncated' | 'corrupt' | 'futureSchema' | 'invalid';

export type ParseResult = { ok: true; stored: StoredConversation } | { ok: false; reason: UnreadableReason; detail: string };

/**
 * Reads a conversation file's bytes, or says precisely why it cannot. Never throws: every way a file can be
 * wrong ends up as a reason, so the store can move the file aside and go on with the others.
 */
export function parseConversationFile(bytes: Uint8Array, expectedId: string): ParseResult {
  // We never write a BOM. One means another program saved the file; JSON.parse would reject it anyway, and naming
  // the cause tells the user what happened (and that stripping it would likely recover the file).
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { ok: false, reason: 'bom', detail: 'The file starts with a UTF-8 byte-order mark.' };
  }
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (text.trim() === '' || isJsonPrefix(text)) {
      return { ok: false, reason: 'truncated', detail: `The file ends before its JSON does (${bytes.length} bytes): ${message}` };
    }
    return { ok: false, reason: 'corrupt', detail: `The file is not valid JSON: ${message}` };
  }
  // The version is checked before the shape: a newer version may have a different shape, and "written by a newer
  // Claude Chat" is the explanation that tells the user to update rather than that the file is broken.
  if (isObject(value) && typeof value.schemaVersion === 'number' && value.schemaVersion > SCHEMA_VERSION) {
    return { ok: false, reason: 'futureSchema', detail: `Schema version ${value.schemaVersion}; this version of Claude Chat reads up to ${SCHEMA_VERSION}.` };
  }
  const problem = shapeProblem(value, expectedId);
  if (problem) return { ok: false, reason: 'invalid', detail: problem };
  return { ok: true, stored: value as StoredConversation };
}

const TITLE_SOURCES = new Set(['none', 'fallback', 'generated', 'user']);
const ROLES = new Set(['user', 'assistant']);
const STATUSES = new Set(['streaming', 'complete', 'stopped', 'failed']);

/** The first thing wrong with the shape, or undefined. Extra fields are allowed: a v1 reader ignores what it does not know. */
function shapeProblem(value: unknown, expectedId: string): string | undefined {
  if (!isObject(value)) return 'The top level is not an object.';
  // Every version up to SCHEMA_VERSION has this shape (versions 2 and 3 only add block types, see storedFormat.ts).
  if (!isCount(value.schemaVersion) || value.schemaVersion < BASE_SCHEMA_VERSION) return `Missing or unknown schemaVersion (${JSON.stringify(value.schemaVersion)}).`;
  if (!isCount(value.revision)) return 'revision is not a non-negative integer.';
  if (typeof value.id !== 'string') return 'id is not a string.';
  // The file name is the id everyone uses to find it; a file claiming another id would be saved under that one.
  if (value.id !== expectedId) return `The file is named for ${expectedId} but holds conversation ${value.id}.`;
  for (const key of ['title', 'model', 'systemPrompt'] as const) if (typeof value[key] !== 'string') return `${key} is not a string.`;
  if (typeof value.titleSource !== 'string' || !TITLE_SOURCES.has(value.titleSource)) return 'titleSource is not one of none, fallback, generated, user.';
  if (!isTime(value.createdAt) || !isTime(value.updatedAt)) return 'createdAt or updatedAt is not a number.';
  if (typeof value.pinned !== 'boolean') return 'pinned is not a boolean.';
  if (!isObject(value.selected) || !Object.values(value.selected).every((child) => typeof child === 'string')) return 'selected is not a map of message ids.';
  if (!Array.isArray(value.deleted) || !value.deleted.every((id) => typeof id === 'string')) return 'deleted is not a list of message ids.';
  if (value.metaChangedAt !== undefined && !(isObject(value.metaChangedAt) && Object.values(value.metaChangedAt).every(isTime))) return 'metaChangedAt is not a map of times.';
  if (!Array.isArray(value.messages)) return 'messages is not a list.';
  const ids = new Set<string>();
  for (let i = 0; i < value.messages.length; i++) {
    const problem = messageProblem(value.messages[i]);
    if (problem) return `Message ${i}: ${problem}`;
    const id = (value.messages[i] as StoredMessage).id;
    if (ids.has(id)) return `Message ${i}: id ${id} appears twice.`;
    ids.add(id);
  }
  // A message that is its own ancestor (hand-edited, or written by a bug) belongs to no branch that can be shown or
  // sent, and every walk up or down the tree would have to guard against it: the file is not a conversation.
  const cyclic = messagesInParentCycles(value.messages as StoredMessage[]);
  if (cyclic.length > 0) return `Messages ${cyclic.join(', ')} are their own ancestors (their parent links form a cycle).`;
  return undefined;
}

function messageProblem(value: unknown): string | undefined {
  if (!isObject(value)) return 'not an object.';
  if (typeof value.id !== 'string' || value.id === '') return 'id is not a non-empty string.';
  if (value.parentId !== null && typeof value.parentId !== 'string') return 'parentId is neither a string nor null.';
  if (typeof value.role !== 'string' || !ROLES.has(value.role)) return 'role is not user or assistant.';
  if (typeof value.status !== 'string' || !STATUSES.has(value.status)) return 'status is not a known status.';
  if (!isTime(value.createdAt)) return 'createdAt is not a number.';
  if (value.stopReason !== undefined && value.stopReason !== null && typeof value.stopReason !== 'string') return 'stopReason is not a string.';
  if (value.model !== undefined && typeof value.model !== 'string') return 'model is not a string.';
  if (value.streamOwner !== undefined && typeof value.streamOwner !== 'string') return 'streamOwner is not a string.';
  if (value.usage !== undefined) {
    const usage = value.usage;
    if (!isObject(usage) || !['inputTokens', 'outputTokens', 'cacheReadInputTokens', 'cacheCreationInputTokens'].every((key) => typeof usage[key] === 'number')) {
      return 'usage is not a set of token counts.';
    }
    if (!['cacheCreation5mInputTokens', 'cacheCreation1hInputTokens'].every((key) => usage[key] === undefined || typeof usage[key] === 'number')) return 'usage has a cache write count that is not a number.';
  }
  if (value.error !== undefined) {
    const error = value.error;
    if (!isObject(error) || typeof error.kind !== 'string' || typeof error.title !== 'string' || typeof error.detail !== 'string') return 'error lacks kind, title or detail.';
    if (!Array.isArray(error.actions) || !error.actions.every((action) => typeof action === 'string')) return 'error.actions is not a list.';
    if (error.status !== undefined && typeof error.status !== 'number') return 'error.status is not a number.';
    if (error.requestId !== undefined && typeof error.requestId !== 'string') return 'error.requestId is not a string.';
  }
  if (!Array.isArray(value.content)) return 'content is not a list.';
  for (let i = 0; i < value.content.length; i++) {
    const problem = blockProblem(value.content[i]);
    if (problem) return `block ${i}: ${problem}`;
  }
  return undefined;
}

function blockProblem(value: unknown): string | undefined {
  if (!isObject(value) || typeof value.type !== 'string') return 'not a block with a type.';
  const block = value as StoredBlock & Record<string, unknown>;
  switch (block.type) {
    case 'text':
      return typeof block.text === 'string' ? undefined : 'text block without text.';
    case 'thinking':
      return typeof block.thinking === 'string' && typeof block.signature === 'string' ? undefined : 'thinking block without thinking or signature.';
    case 'redacted_thinking':
      return typeof block.data === 'string' ? undefined : 'redacted_thinking block without data.';
    case 'tool_use':
      return typeof block.id === 'string' && typeof block.name === 'string' && isObject(block.input) ? undefined : 'tool_use block without id, name or input object.';
    case 'tool_result':
      // A bare `{ type }` is an older version's placeholder for a block it did not know: kept as a placeholder.
      return isToolResultPlaceholder(block) ? undefined : toolResultProblem(block);
    default:
      return undefined; // a block type this version does not know: kept as a placeholder
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
