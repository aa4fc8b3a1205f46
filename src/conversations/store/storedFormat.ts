import type { ChatError } from '../../shared/chatError';
import type { Invocation, MessageStatus, MetaChangeTimes, Role, TitleSource, Usage } from '../../shared/conversation';

/**
 * The on-disk shape of one conversation file (`<dir>/conversations/<id>.json`). It is a contract with every
 * version of the extension that will ever read these files, so it changes only together with `SCHEMA_VERSION`;
 * a reader that meets a higher version moves the file aside instead of guessing.
 */
export const SCHEMA_VERSION = 1;

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
  /** Ids of messages deleted in some window: a merge with another window's older copy must not bring them back. */
  deleted: string[];
  messages: StoredMessage[];
}

/** The bytes of a conversation file: one line of JSON (the file is for machines; a newline at the end for tools). */
export function serializeConversation(stored: StoredConversation): string {
  return `${JSON.stringify(stored)}\n`;
}
