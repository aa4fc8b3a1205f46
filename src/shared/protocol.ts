/**
 * The only contract between the extension host and the chat webview.
 * Host → webview messages are trusted (we build them); webview → host messages are not: the webview renders
 * model output, so everything it posts goes through `parseWebviewMessage` before the host acts on it.
 */
import type { ChatError } from './chatError';
import type { Conversation } from './conversation';
import type { ConversationEvent } from './conversationReducer';
import { assertNever } from './conversation';

/** Where the API key in use comes from. The key itself never crosses to the webview. */
export type ApiKeySource = 'secretStorage' | 'environment' | 'none';

/** One row of the history list. */
export interface HistoryItem {
  id: string;
  title: string;
  updatedAt: number;
  pinned: boolean;
  messageCount: number;
  /** Start of the first message, for rows without a useful title. */
  preview: string;
}

export interface ViewState {
  /** Every message of every branch; the view shows the selected path. */
  conversation: Conversation;
  /** True while an answer is streaming: the composer shows Stop instead of Send. */
  busy: boolean;
  apiKeySource: ApiKeySource;
  /** The default model for new chats (the conversation has its own). */
  model: string;
  /** Host of a non-default base URL, shown so the user always sees where the key goes. */
  customEndpoint?: string;
  /** The unsent composer text, kept by the host so a hidden or reloaded view gets it back. */
  draft: string;
}

export type HostToWebview =
  /** Everything the view shows; sent after `webview/ready` and whenever a rebuild is simpler than a patch. */
  | { type: 'state/full'; state: ViewState }
  /** Conversation changes in order, a frame's worth at a time; deltas only, never the whole conversation. */
  | { type: 'conversation/events'; conversationId: string; events: ConversationEvent[] }
  /**
   * Text for the block that started last (the one streaming now): the common case, sent without ids so the bytes
   * posted stay close to the answer's own bytes.
   */
  | { type: 'stream/text'; text: string }
  | { type: 'busy/changed'; busy: boolean }
  | { type: 'settings/changed'; apiKeySource: ApiKeySource; model: string; customEndpoint?: string }
  /** The host took the message: the composer may clear. */
  | { type: 'send/accepted'; requestId: string }
  /** The host refused before sending anything (no key, busy…): the composer keeps its text. */
  | { type: 'send/rejected'; requestId: string; error: ChatError }
  | { type: 'composer/focus' }
  /** Add `text` to the composer as its own paragraph (see appendToDraft), without sending: Add Selection to Chat. */
  | { type: 'composer/append'; text: string }
  /**
   * The API refused an attempt and the SDK will retry it: `retryAt` (epoch ms) when the wait is known. Cleared by the
   * next event for that message.
   */
  | { type: 'request/retrying'; messageId: string; status: number; retryAt?: number }
  /** The history list (all conversations, or those matching `query`), newest first. */
  | { type: 'history/list'; query: string; items: HistoryItem[] }
  /** A conversation was deleted from the history: offer Undo. */
  | { type: 'history/deleted'; id: string; title: string };

/** What a code block's toolbar asks the host to do with its code. */
export type CodeAction = 'copy' | 'insert' | 'apply' | 'save';

export type WebviewAction = 'setApiKey' | 'openSettings' | 'changeModel' | 'editSystemPrompt' | 'exportConversation' | 'importConversation';

export type WebviewToHost =
  | { type: 'webview/ready' }
  | { type: 'chat/send'; requestId: string; text: string }
  | { type: 'chat/stop' }
  /** Regenerate the last answer that failed or was stopped; while one is waiting to be retried, retry it now. */
  | { type: 'chat/retry' }
  | { type: 'chat/new' }
  | { type: 'draft/changed'; text: string }
  | { type: 'action/run'; action: WebviewAction }
  /** Asks for the history list, filtered by `query` (titles and message text) when it is not empty. */
  | { type: 'history/request'; query: string }
  /** The history list is no longer shown: the host stops refreshing it. */
  | { type: 'history/close' }
  | { type: 'conversation/open'; id: string }
  | { type: 'conversation/rename'; id: string; title: string }
  | { type: 'conversation/delete'; id: string }
  | { type: 'conversation/restore'; id: string }
  | { type: 'conversation/pin'; id: string; pinned: boolean }
  /** Resend an edited version of an earlier question (the original stays as a branch). */
  | { type: 'message/edit'; messageId: string; text: string }
  | { type: 'message/regenerate'; messageId: string }
  /** Continue an answer that stopped at max_tokens. */
  | { type: 'message/continue'; messageId: string }
  /** Delete a question and its answer. */
  | { type: 'message/deletePair'; messageId: string }
  | { type: 'branch/select'; parentId: string | null; childId: string }
  /** A link in an answer was clicked: the host opens it if it is http(s), after VS Code's confirmation. */
  | { type: 'link/open'; href: string }
  | { type: 'code/action'; action: CodeAction; code: string; language: string };

/** A message longer than this is refused by the guard (about 1 MB of UTF-16 text). */
export const MAX_WEBVIEW_TEXT_LENGTH = 1_000_000;
const MAX_ID_LENGTH = 100;
const MAX_TITLE_LENGTH = 500;
const MAX_QUERY_LENGTH = 1000;
const MAX_HREF_LENGTH = 8192;
const MAX_LANGUAGE_LENGTH = 50;
const CODE_ACTIONS: readonly CodeAction[] = ['copy', 'insert', 'apply', 'save'];
const WEBVIEW_ACTIONS: readonly WebviewAction[] = ['setApiKey', 'openSettings', 'changeModel', 'editSystemPrompt', 'exportConversation', 'importConversation'];

export type ParseResult = { ok: true; message: WebviewToHost } | { ok: false; reason: string };

/** Runtime guard for everything the webview posts. Returns a reason instead of throwing so the host can log it. */
export function parseWebviewMessage(raw: unknown): ParseResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return reject('not an object');
  const data = raw as Record<string, unknown>;
  const type = data.type;
  if (typeof type !== 'string') return reject('missing type');
  const candidate = { type } as WebviewToHost;
  switch (candidate.type) {
    case 'webview/ready':
    case 'history/close':
    case 'chat/stop':
    case 'chat/retry':
    case 'chat/new':
      return { ok: true, message: { type: candidate.type } };
    case 'chat/send': {
      const requestId = id(data.requestId);
      const text = longText(data.text);
      if (requestId === undefined || text === undefined) return reject('chat/send: bad requestId or text');
      return { ok: true, message: { type: 'chat/send', requestId, text } };
    }
    case 'draft/changed': {
      const text = longText(data.text);
      if (text === undefined) return reject('draft/changed: bad text');
      return { ok: true, message: { type: 'draft/changed', text } };
    }
    case 'action/run': {
      const action = data.action;
      if (!WEBVIEW_ACTIONS.includes(action as WebviewAction)) return reject('action/run: unknown action');
      return { ok: true, message: { type: 'action/run', action: action as WebviewAction } };
    }
    case 'history/request': {
      const query = data.query;
      if (typeof query !== 'string' || query.length > MAX_QUERY_LENGTH) return reject('history/request: bad query');
      return { ok: true, message: { type: 'history/request', query } };
    }
    case 'conversation/open':
    case 'conversation/delete':
    case 'conversation/restore': {
      const conversationId = id(data.id);
      if (conversationId === undefined) return reject(`${candidate.type}: bad id`);
      return { ok: true, message: { type: candidate.type, id: conversationId } };
    }
    case 'conversation/rename': {
      const conversationId = id(data.id);
      const title = data.title;
      if (conversationId === undefined || typeof title !== 'string' || title.trim().length === 0 || title.length > MAX_TITLE_LENGTH) {
        return reject('conversation/rename: bad id or title');
      }
      return { ok: true, message: { type: 'conversation/rename', id: conversationId, title } };
    }
    case 'conversation/pin': {
      const conversationId = id(data.id);
      if (conversationId === undefined || typeof data.pinned !== 'boolean') return reject('conversation/pin: bad id or pinned');
      return { ok: true, message: { type: 'conversation/pin', id: conversationId, pinned: data.pinned } };
    }
    case 'message/edit': {
      const messageId = id(data.messageId);
      const text = longText(data.text);
      if (messageId === undefined || text === undefined) return reject('message/edit: bad messageId or text');
      return { ok: true, message: { type: 'message/edit', messageId, text } };
    }
    case 'message/regenerate':
    case 'message/continue':
    case 'message/deletePair': {
      const messageId = id(data.messageId);
      if (messageId === undefined) return reject(`${candidate.type}: bad messageId`);
      return { ok: true, message: { type: candidate.type, messageId } };
    }
    case 'link/open': {
      const href = data.href;
      if (typeof href !== 'string' || href.length === 0 || href.length > MAX_HREF_LENGTH) return reject('link/open: bad href');
      return { ok: true, message: { type: 'link/open', href } };
    }
    case 'code/action': {
      const action = data.action;
      const code = longText(data.code);
      const language = data.language;
      if (!CODE_ACTIONS.includes(action as CodeAction) || code === undefined || typeof language !== 'string' || language.length > MAX_LANGUAGE_LENGTH) {
        return reject('code/action: bad action, code or language');
      }
      return { ok: true, message: { type: 'code/action', action: action as CodeAction, code, language } };
    }
    case 'branch/select': {
      const childId = id(data.childId);
      const parentId = data.parentId === null ? null : id(data.parentId);
      if (childId === undefined || parentId === undefined) return reject('branch/select: bad ids');
      return { ok: true, message: { type: 'branch/select', parentId, childId } };
    }
    default: {
      // Every WebviewToHost type has a case above: adding a message type without a guard case fails to compile here.
      const unguarded: never = candidate;
      void unguarded;
      return reject(`unknown type ${JSON.stringify(type.slice(0, 40))}`);
    }
  }
}

function id(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH ? value : undefined;
}

function longText(value: unknown): string | undefined {
  return typeof value === 'string' && value.length <= MAX_WEBVIEW_TEXT_LENGTH ? value : undefined;
}

function reject(reason: string): ParseResult {
  return { ok: false, reason };
}

/** Exhaustiveness helper for switches over HostToWebview / WebviewToHost. */
export { assertNever };
