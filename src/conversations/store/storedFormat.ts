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
 */
export const SCHEMA_VERSION = 2;
/** The version of files without attachment blocks. */
export const BASE_SCHEMA_VERSION = 1;

/** The version a conversation is written as: the lowest that keeps everything it holds (see above). */
export function schemaVersionFor(stored: Pick<StoredConversation, 'messages'>): number {
  return stored.messages.some((message) => message.content.some((block) => block.type === 'attachment')) ? SCHEMA_VERSION : BASE_SCHEMA_VERSION;
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
  | { type: 'image'; source: { type: 'base64'; media_type: string; data: string } }
  /** Not an API block: the description of a stored file (schema version 2), turned into one when a turn is sent. */
  | { type: 'attachment'; attachment: Attachment }
  | { type: string };

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
