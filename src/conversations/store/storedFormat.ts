import type { Attachment } from '../../shared/attachment';
import type { ChatError } from '../../shared/chatError';
import type { Invocation, MessageStatus, MetaChangeTimes, Role, TitleSource, Usage } from '../../shared/conversation';
import type { ConversationParams } from '../../shared/requestParams';
import type { SentRequest } from '../../shared/sentRequest';

/**
 * The on-disk shape of one conversation file (`<dir>/conversations/<id>.json`). It is a contract with every
 * version of the extension that will ever read these files, so it changes only together with the schema version;
 * a reader that meets a higher version than it knows moves the file aside instead of guessing.
 *
 * Versions: 1 is the original shape. 2 is the same shape with `attachment` blocks, which refer to files in the
 * attachment store. A version-1 reader would show them as placeholders and, on its next save, write the file back
 * without them: the references would be gone and the files collected. So a file is written as version 2 only when
 * it holds an attachment block (an older version then moves it aside, and a newer one reads it again intact), and
 * as version 1 otherwise, which every version reads.
 *
 * 3 adds `tool_result` blocks, for the same reason: a version-2 reader keeps one as a bare `{ type: 'tool_result' }`
 * placeholder and writes it back that way, losing what the tool returned (what Claude's later answers were based on)
 * and which call it answered. A file is version 3 only when it holds a real tool result; a bare placeholder (all an
 * older version ever wrote for one, e.g. after importing a request with tool results) is read as a placeholder by
 * every version and needs no bump. `tool_use` blocks need none either: every version stores them in full.
 */
export const SCHEMA_VERSION = 3;
/** The version of files with attachment blocks and no tool results. */
export const ATTACHMENT_SCHEMA_VERSION = 2;
/** The version of files without attachment blocks or tool results. */
export const BASE_SCHEMA_VERSION = 1;

/** Bounds a tool result read from disk must keep (the tools cap their own output far below; an import is checked too). */
export const MAX_TOOL_USE_ID_LENGTH = 100;
export const MAX_TOOL_RESULT_LENGTH = 1_000_000;
export const MAX_TOOL_FILE_PATH_LENGTH = 1024;

/** The version a conversation is written as: the lowest that keeps everything it holds (see above). */
export function schemaVersionFor(stored: Pick<StoredConversation, 'messages'>): number {
  let version = BASE_SCHEMA_VERSION;
  for (const message of stored.messages) {
    for (const block of message.content) {
      if (block.type === 'tool_result' && !isToolResultPlaceholder(block)) return SCHEMA_VERSION;
      if (block.type === 'attachment') version = ATTACHMENT_SCHEMA_VERSION;
    }
  }
  return version;
}

/**
 * A `tool_result` block with nothing but its type: the placeholder a version that did not know tool results (or this
 * one, for a result it could not read) writes back. Shown as a labelled placeholder, never sent.
 */
export function isToolResultPlaceholder(block: StoredBlock): boolean {
  return block.type === 'tool_result' && Object.keys(block).length === 1;
}

/** What is wrong with a (non-placeholder) stored tool result, or undefined: the bounds above, lines counted from 1. */
export function toolResultProblem(block: Record<string, unknown>): string | undefined {
  if (typeof block.tool_use_id !== 'string' || block.tool_use_id.length === 0 || block.tool_use_id.length > MAX_TOOL_USE_ID_LENGTH) return `tool_result block without a tool_use_id of 1 to ${MAX_TOOL_USE_ID_LENGTH} characters.`;
  if (typeof block.content !== 'string' || block.content.length > MAX_TOOL_RESULT_LENGTH) return `tool_result block without string content of at most ${MAX_TOOL_RESULT_LENGTH} characters.`;
  if (block.is_error !== undefined && typeof block.is_error !== 'boolean') return 'tool_result block whose is_error is not a boolean.';
  if (block.file === undefined) return undefined;
  const file = block.file as Record<string, unknown> | null;
  if (typeof file !== 'object' || file === null || Array.isArray(file)) return 'tool_result block whose file is not an object.';
  if (typeof file.path !== 'string' || file.path.length === 0 || file.path.length > MAX_TOOL_FILE_PATH_LENGTH) return `tool_result block whose file path is not 1 to ${MAX_TOOL_FILE_PATH_LENGTH} characters.`;
  for (const key of ['startLine', 'endLine'] as const) {
    const line = file[key];
    if (line !== undefined && !(typeof line === 'number' && Number.isInteger(line) && line >= 1)) return `tool_result block whose file ${key} is not a positive integer.`;
  }
  return undefined;
}

/**
 * Blocks are kept as Messages API content blocks, so a saved conversation can be sent back (or read by other
 * tools) without knowing this extension's in-memory block shapes. A block type this version does not know is kept
 * as `{ type }` alone: enough to show a labelled placeholder again.
 */
export type StoredBlock =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'redacted_thinking'; data: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> }
  /**
   * The API's tool result (schema version 3), `is_error` written only when true. `file` is not an API field: the
   * workspace file the call read (ToolFileRef), for the row's chip; the request builder leaves it out.
   */
  | { type: 'tool_result'; tool_use_id: string; content: string; is_error?: true; file?: StoredToolFile }
  | { type: 'image'; source: { type: 'base64'; media_type: string; data: string } }
  /** Not an API block: the description of a stored file (schema version 2), turned into one when a turn is sent. */
  | { type: 'attachment'; attachment: Attachment }
  | { type: string };

/** A tool result's file as stored: `path` as the tools name it (at most MAX_TOOL_FILE_PATH_LENGTH), lines from 1. */
export interface StoredToolFile {
  path: string;
  startLine?: number;
  endLine?: number;
}

export interface StoredMessage {
  id: string;
  parentId: string | null;
  role: Role;
  /**
   * `streaming` is written as is, with `streamOwner`: a crash mid-answer keeps the partial answer, and a reader marks
   * it failed once the owner is gone (see windowLeases.ts); while the owner lives, it is in progress there.
   */
  status: MessageStatus;
  /** The id of the window streaming this message (only while `status` is `streaming`; absent in older files). */
  streamOwner?: string;
  createdAt: number;
  stopReason?: string | null;
  refusal?: { category: string | null; explanation: string | null };
  error?: ChatError;
  usage?: Usage;
  model?: string;
  /** On a user turn a code command wrote: what the user did (see Invocation). Malformed values are dropped on read. */
  invocation?: Invocation;
  /** On an answer: what it was asked with (SentRequest), the API's message id and the stop sequence that ended it. */
  request?: SentRequest;
  responseId?: string;
  stopSequence?: string | null;
  /** A continued answer: each request's usage (`usage` is their sum). */
  usageParts?: Usage[];
  content: StoredBlock[];
}

export interface StoredConversation {
  schemaVersion: number;
  /** Bumped by one on every write, under the file's lock: how a writer notices that another window wrote since it read. */
  revision: number;
  id: string;
  title: string;
  titleSource: TitleSource;
  createdAt: number;
  updatedAt: number;
  pinned: boolean;
  model: string;
  systemPrompt: string;
  selected: Record<string, string>;
  /** When title, pinned, model and systemPrompt last changed (absent in older files, and for fields never changed). */
  metaChangedAt?: MetaChangeTimes;
  /** The conversation's own answer parameters (ConversationParams); malformed fields are dropped on read. */
  params?: ConversationParams;
  /** Ids of messages deleted in some window: a merge with another window's older copy must not bring them back. */
  deleted: string[];
  messages: StoredMessage[];
}

/**
 * The bytes of a conversation file: one line of JSON (the file is for machines; a newline at the end for tools). The
 * version is decided here, on exactly what is written: a merge may have brought attachment blocks into a
 * conversation that had none.
 */
export function serializeConversation(stored: StoredConversation): string {
  return `${JSON.stringify({ ...stored, schemaVersion: schemaVersionFor(stored) })}\n`;
}
