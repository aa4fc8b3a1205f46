import type { Attachment } from './attachment';
import type { ChatError } from './chatError';
import type { ConversationParams } from './requestParams';
import type { SentRequest } from './sentRequest';

/**
 * The conversation model shared by host and webview: messages in a tree (branches are siblings), their blocks and
 * the conversation's own fields. How events change it is conversationReducer.ts; how to walk it, conversationTree.ts.
 */

export type Role = 'user' | 'assistant';

export type ChatBlock =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'redacted_thinking'; data: string }
  | { type: 'tool_use'; id: string; name: string; inputJson: string }
  /**
   * The answer to a `tool_use` (in the user turn after the assistant turn that asked): what the workspace tool returned,
   * or, with `isError`, why it did not run (denied, refused, failed). `file` is the file it read, shown as a chip.
   */
  | { type: 'tool_result'; toolUseId: string; content: string; isError: boolean; file?: ToolFileRef }
  /** An image the user attached: inline base64 only (never a URL, never SVG), as the API takes it. */
  | { type: 'image'; mediaType: ImageMediaType; data: string }
  /**
   * A file the user attached (image, PDF, text file), stored once by content hash (see attachment.ts). Sent as an
   * `image` or `document` block, before the turn's text.
   */
  | { type: 'attachment'; attachment: Attachment }
  /** A block type this version does not know: shown as a labelled placeholder, never sent back. */
  | { type: 'unknown'; originalType: string };

/**
 * A workspace file a tool call looked at, as the tools name it (`src/foo.ts`, or `<folder>/src/foo.ts` in a multi-root
 * workspace), with the lines read. The webview's chip posts it back; the host resolves it again before opening it.
 */
export interface ToolFileRef {
  path: string;
  startLine?: number;
  endLine?: number;
}

/** The image formats the Messages API accepts; SVG is not one of them, and is never shown inline. */
export const IMAGE_MEDIA_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'] as const;
export type ImageMediaType = (typeof IMAGE_MEDIA_TYPES)[number];

export function isImageMediaType(value: unknown): value is ImageMediaType {
  return typeof value === 'string' && (IMAGE_MEDIA_TYPES as readonly string[]).includes(value);
}

/** Base64 text only: anything else in a data URL could break out of it. */
export function isBase64(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(value);
}

/**
 * - `streaming`: the answer is arriving.
 * - `complete`: the API finished it (see `stopReason`).
 * - `stopped`: the user pressed Stop; what arrived is kept.
 * - `failed`: an error ended it; what arrived is kept and marked incomplete.
 */
export type MessageStatus = 'streaming' | 'complete' | 'stopped' | 'failed';

/**
 * What the API reported for one answer. Input is split three ways: `inputTokens` (not cached), cache writes and cache
 * reads; the request's whole input is their sum (usage.ts `totalInputTokens`).
 */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cacheReadInputTokens: number;
  cacheCreationInputTokens: number;
  /**
   * Of the cache writes, those kept 5 minutes and those kept 1 hour (`usage.cache_creation`), which are priced
   * differently. Absent when the API did not split them (and in files written before this was recorded).
   */
  cacheCreation5mInputTokens?: number;
  cacheCreation1hInputTokens?: number;
}

export interface ChatMessage {
  id: string;
  /**
   * The message this one follows (null for a first message). Messages with the same parent are branches: an
   * edited question is a sibling of the original, a regenerated answer a sibling of the first answer.
   */
  parentId: string | null;
  role: Role;
  blocks: ChatBlock[];
  status: MessageStatus;
  createdAt: number;
  /** The API's stop_reason, for complete assistant messages. */
  stopReason?: string | null;
  error?: ChatError;
  usage?: Usage;
  /**
   * When the answer took more than one request (Continue after max_tokens): each request's usage, in order; `usage` is
   * their sum. Each is priced on its own (cost.ts messageCost).
   */
  usageParts?: Usage[];
  model?: string;
  /** Why Claude declined (stop_reason `refusal`), when the API said. */
  refusal?: Refusal;
  /**
   * On a `streaming` message that another window is streaming (read from disk while that window is alive): that
   * window's id. This window shows the answer as in progress there, and never finishes or overwrites it.
   */
  streamingElsewhere?: string;
  /** On a user turn started by a code command: what the user did, shown instead of the prompt it was sent as. */
  invocation?: Invocation;
  /** On an answer: the model and parameters it was asked with (the API inspector rebuilds the request from them). */
  request?: SentRequest;
  /** On an answer: the API's message id (`msg_…`) and the stop sequence that ended it, if one did. */
  responseId?: string;
  stopSequence?: string | null;
}

/**
 * A user turn a code command wrote (Explain, Fix, a custom command…). The turn's text is the full prompt that was
 * sent; the transcript shows it as what the user did ("Explain `src/foo.ts:12–30`") with the prompt collapsed.
 */
export interface Invocation {
  /** The command's title, e.g. "Explain". */
  command: string;
  /** What it acted on, e.g. "src/foo.ts:12–30", "2 files" or "terminal selection". */
  target: string;
  /** The user's question, for Ask About Selection… and commands that ask one. */
  question?: string;
  /** The command's own system prompt: sent after the conversation's for the answer to this turn. */
  systemPrompt?: string;
  /** A model chosen by the command (a custom command's `model`), used instead of the conversation's for this answer. */
  model?: string;
}

/** A command turn in one line, as titles and the history list show it: "Explain src/a.ts:1–9: why twice?". */
export function invocationHeadline(invocation: Invocation): string {
  return `${invocation.command} ${invocation.target}${invocation.question ? `: ${invocation.question}` : ''}`;
}

/** Longest invocation field kept (a file's worth of question is still a question, not a wall). */
export const MAX_INVOCATION_FIELD_LENGTH = 20_000;

/** An invocation read back from disk or an import: only its known, well-formed fields survive. */
export function sanitizeInvocation(value: unknown): Invocation | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const raw = value as Record<string, unknown>;
  const text = (field: unknown) => (typeof field === 'string' && field.length <= MAX_INVOCATION_FIELD_LENGTH ? field : undefined);
  const command = text(raw.command);
  const target = text(raw.target);
  if (command === undefined || target === undefined) return undefined;
  const invocation: Invocation = { command, target };
  const question = text(raw.question);
  const systemPrompt = text(raw.systemPrompt);
  const model = text(raw.model);
  if (question !== undefined) invocation.question = question;
  if (systemPrompt !== undefined) invocation.systemPrompt = systemPrompt;
  if (model !== undefined && model.length > 0 && model.length <= 200) invocation.model = model;
  return invocation;
}

export interface Refusal {
  category: string | null;
  explanation: string | null;
}

/** How the title came about: a renamed title is never replaced by a generated one. */
export type TitleSource = 'none' | 'fallback' | 'generated' | 'user';

export interface ConversationMeta {
  id: string;
  title: string;
  titleSource: TitleSource;
  createdAt: number;
  updatedAt: number;
  pinned: boolean;
  /** Model and system prompt of this conversation (new conversations take the settings' defaults). */
  model: string;
  systemPrompt: string;
  /** Answer parameters this conversation sets (max tokens, thinking, effort, stop sequences); the rest follow the settings. */
  params?: ConversationParams;
}

export interface Conversation extends ConversationMeta {
  /** Every message of every branch, in the order they were created. */
  messages: ChatMessage[];
  /** For each parent id (ROOT for first messages), the child on screen; absent means the newest child. */
  selected: Record<string, string>;
  /**
   * When each field last changed (ms), so that two windows' changes to different fields both survive, and of two
   * changes to one field the later one wins. A field never changed since it was created has no entry.
   */
  metaChangedAt?: MetaChangeTimes;
}

/** The fields that change independently (`titleSource` goes with `title`). */
export type MetaField = 'title' | 'pinned' | 'model' | 'systemPrompt' | 'params';
export type MetaChangeTimes = Partial<Record<MetaField, number>>;

/** The parent key of first messages in `Conversation.selected`. */
export const ROOT = '';

export type MetaPatch = Partial<Pick<ConversationMeta, 'title' | 'titleSource' | 'pinned' | 'model' | 'systemPrompt' | 'params'>>;

/** Which field a patch key changes. */
export function metaFieldOf(key: keyof MetaPatch): MetaField {
  return key === 'titleSource' ? 'title' : key;
}

export function emptyConversation(id: string, defaults: { model: string; systemPrompt: string }, now: number): Conversation {
  return { id, title: '', titleSource: 'none', createdAt: now, updatedAt: now, pinned: false, model: defaults.model, systemPrompt: defaults.systemPrompt, messages: [], selected: {} };
}

export function messageText(message: ChatMessage): string {
  return message.blocks
    .filter((block): block is Extract<ChatBlock, { type: 'text' }> => block?.type === 'text')
    .map((block) => block.text)
    .join('');
}

export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
