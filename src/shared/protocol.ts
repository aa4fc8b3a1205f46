/**
 * The only contract between the extension host and the chat webview.
 * Host → webview messages are trusted (we build them); webview → host messages are not: the webview renders
 * model output, so everything it posts goes through `parseWebviewMessage` before the host acts on it.
 */
import type { Attachment } from './attachment';
import { isSha256 } from './attachment';
import type { ChatError } from './chatError';
import type { Conversation } from './conversation';
import type { ConversationEvent } from './conversationReducer';
import type { GaugeReading } from './contextGauge';
import type { PriceOverrides } from './pricing';
import { assertNever } from './conversation';
import { TOOL_DECISIONS, type ToolCallState, type ToolDecision } from './toolTurns';

export type { ToolCallState, ToolDecision } from './toolTurns';

/** Where the API key in use comes from. The key itself never crosses to the webview. */
/** `invalid`: the API refused the key in use (401), or it cannot be sent; Set API Key is offered until it changes. */
export type ApiKeySource = 'secretStorage' | 'environment' | 'none' | 'invalid';

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
  /** The conversation's model is retired or no longer listed by the endpoint: said in the header with Pick Model. */
  modelNotice?: string;
  /** The unsent composer text, kept by the host so a hidden or reloaded view gets it back. */
  draft: string;
  /** Files attached to the unsent turn, in the order they will be sent. */
  attachments: ComposerAttachment[];
  /** What the conversation's model takes (from /v1/models): the composer offers only these. */
  accepts: AttachmentAcceptance;
  /**
   * `asWebviewUri` of the attachment store's folder: a stored image shows as `<base>/<attachmentFileName>`, read from
   * disk by VS Code, never from the network and never copied into the page as base64.
   */
  attachmentBaseUri: string;
  /**
   * The user's prices (claudeChat.pricing) for each answer's cost; the built-in table (pricing.ts) is in both bundles,
   * so only these cross. Absent: none.
   */
  priceOverrides?: PriceOverrides;
  /** Tool calls of the current conversation waiting for the user's decision or running (see `tools/calls`). */
  toolCalls: ToolCallState[];
}


/** What the conversation's model takes, and whether that is known or assumed (the model list was unreachable). */
export interface AttachmentAcceptance {
  image: boolean;
  pdf: boolean;
  /** False when /v1/models could not be asked and both are assumed. */
  known: boolean;
}

/**
 * One chip of the composer. `preparing`: the file is being read, checked or downscaled; `ready`: stored and
 * described. `id` is stable across the two states, so the chip the user sees is the one that becomes ready.
 */
export type ComposerAttachment = { id: string; state: 'preparing'; name: string } | { id: string; state: 'ready'; attachment: Attachment };

/** One workspace file offered for an `@` mention. */
export interface FileSuggestion {
  /** Workspace-relative path, as shown and as matched. */
  path: string;
  /** The file's URI, posted back when it is picked (the host checks it is one of the workspace's). */
  uri: string;
}

/** Output formats the webview's image encoder is asked for. */
export type ResizeOutputType = 'image/jpeg' | 'image/png' | 'image/webp';

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
  | { type: 'settings/changed'; apiKeySource: ApiKeySource; model: string; customEndpoint?: string; priceOverrides?: PriceOverrides; modelNotice?: string }
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
  /** The composer's attachments changed (added, ready, counted, removed, sent). */
  | { type: 'composer/attachments'; attachments: ComposerAttachment[] }
  /** Attaching refused or failed (the reason and what to do); nothing already attached or typed is touched. */
  | { type: 'composer/notice'; error: ChatError }
  /** The model changed what it takes. */
  | { type: 'composer/accepts'; accepts: AttachmentAcceptance }
  /** Workspace files matching an `@` mention's `query`, best first. */
  | { type: 'files/suggestions'; query: string; items: FileSuggestion[] }
  /**
   * Decode `data` (base64 of a checked image) and re-encode it at `width`×`height` as `output`: the host has no image
   * codec, the page has the browser's. Answered with `image/resized` and the same `jobId`.
   */
  | { type: 'image/resize'; jobId: string; data: string; mediaType: string; width: number; height: number; output: ResizeOutputType; quality: number }
  /** The history list (all conversations, or those matching `query`), newest first. */
  | { type: 'history/list'; query: string; items: HistoryItem[] }
  /** A conversation was deleted from the history: offer Undo. */
  | { type: 'history/deleted'; id: string; title: string }
  /** How full the model's window will be with the next request (estimated at once, then counted); undefined: unknown. */
  | { type: 'context/gauge'; reading: GaugeReading | undefined }
  /** The tool calls of `conversationId` that wait for a decision or run now (all of them: an empty list clears the cards). */
  | { type: 'tools/calls'; conversationId: string; calls: ToolCallState[] };

/** What a code block's toolbar asks the host to do with its code. */
export type CodeAction = 'copy' | 'insert' | 'apply' | 'save';

/** What an answer's Inspect menu asks for: its request or response as JSON, or its request as code to copy. */
export type InspectView = 'request' | 'response' | 'curl' | 'typescript' | 'python';

export type WebviewAction = 'setApiKey' | 'openSettings' | 'newChat' | 'changeModel' | 'editSystemPrompt' | 'answerSettings' | 'exportConversation' | 'importConversation';

export type WebviewToHost =
  | { type: 'webview/ready' }
  /** `prefill`: how the answer must start (sent as the start of the assistant turn, shown as the answer's beginning). */
  | { type: 'chat/send'; requestId: string; text: string; prefill?: string }
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
  /** Run the tool calls an answer left waiting (stopped at the round limit, by Stop, or before a reload): cards again. */
  | { type: 'message/resumeTools'; messageId: string }
  /** Delete a question and its answer. */
  | { type: 'message/deletePair'; messageId: string }
  /** The answer's Inspect menu: show its API request or response, or copy the request as code. */
  | { type: 'message/inspect'; messageId: string; view: InspectView }
  | { type: 'branch/select'; parentId: string | null; childId: string }
  /** A link in an answer was clicked: the host opens it if it is http(s), after VS Code's confirmation. */
  | { type: 'link/open'; href: string }
  | { type: 'code/action'; action: CodeAction; code: string; language: string }
  /** The attach button: the host shows its file picker. */
  | { type: 'attach/pick' }
  /** Files dropped (with Shift) from the Explorer or picked in an `@` mention: `file:`/`vscode-remote:` URIs. */
  | { type: 'attach/uris'; uris: string[] }
  /** A pasted image or a file dropped from the OS: its bytes (base64) and name; the host checks everything again. */
  | { type: 'attach/bytes'; name: string; data: string }
  | { type: 'attach/remove'; id: string }
  /** A chip was clicked: open the file it came from (or the stored copy). Only hashes the host knows are opened. */
  | { type: 'attachment/open'; sha256: string }
  /** The `@` mention's text changed: the host answers with `files/suggestions`. */
  | { type: 'files/query'; query: string }
  /** The answer to `image/resize`: the re-encoded bytes (base64), or why the page could not. */
  | { type: 'image/resized'; jobId: string; data?: string; error?: string }
  /** A tool call's card was answered. The host ignores ids it is not waiting for. */
  | { type: 'tool/decide'; toolUseId: string; decision: ToolDecision }
  /** A tool row's file chip was clicked: the host resolves `path` inside the workspace again before opening it. */
  | { type: 'tool/openFile'; path: string; line?: number };

/** A message longer than this is refused by the guard (about 1 MB of UTF-16 text). */
export const MAX_WEBVIEW_TEXT_LENGTH = 1_000_000;
const MAX_ID_LENGTH = 100;
const MAX_TITLE_LENGTH = 500;
const MAX_QUERY_LENGTH = 1000;
const MAX_HREF_LENGTH = 8192;
const MAX_LANGUAGE_LENGTH = 50;
/**
 * Longest base64 an `attach/bytes` or `image/resized` may carry: a 32 MB PDF (the API's request limit) is about
 * 43 M characters of base64. Anything larger could never be sent, so it is refused at the door.
 */
export const MAX_ATTACHMENT_BASE64_LENGTH = 45_000_000;
const MAX_ATTACH_URIS = 100;
const MAX_URI_LENGTH = 8192;
const MAX_NAME_LENGTH = 1000;
const MAX_ERROR_LENGTH = 2000;
const CODE_ACTIONS: readonly CodeAction[] = ['copy', 'insert', 'apply', 'save'];
export const INSPECT_VIEWS: readonly InspectView[] = ['request', 'response', 'curl', 'typescript', 'python'];
const WEBVIEW_ACTIONS: readonly WebviewAction[] = ['setApiKey', 'openSettings', 'newChat', 'changeModel', 'editSystemPrompt', 'answerSettings', 'exportConversation', 'importConversation'];

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
    case 'attach/pick':
    case 'history/close':
    case 'chat/stop':
    case 'chat/retry':
    case 'chat/new':
      return { ok: true, message: { type: candidate.type } };
    case 'chat/send': {
      const requestId = id(data.requestId);
      const text = longText(data.text);
      if (requestId === undefined || text === undefined) return reject('chat/send: bad requestId or text');
      if (data.prefill === undefined) return { ok: true, message: { type: 'chat/send', requestId, text } };
      const prefill = longText(data.prefill);
      if (prefill === undefined) return reject('chat/send: bad prefill');
      return { ok: true, message: { type: 'chat/send', requestId, text, prefill } };
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
    case 'message/resumeTools':
    case 'message/continue':
    case 'message/deletePair': {
      const messageId = id(data.messageId);
      if (messageId === undefined) return reject(`${candidate.type}: bad messageId`);
      return { ok: true, message: { type: candidate.type, messageId } };
    }
    case 'message/inspect': {
      const messageId = id(data.messageId);
      if (messageId === undefined || !INSPECT_VIEWS.includes(data.view as InspectView)) return reject('message/inspect: bad messageId or view');
      return { ok: true, message: { type: 'message/inspect', messageId, view: data.view as InspectView } };
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
    case 'attach/uris': {
      const uris = data.uris;
      if (!Array.isArray(uris) || uris.length === 0 || uris.length > MAX_ATTACH_URIS) return reject('attach/uris: bad uris');
      if (!uris.every((uri) => typeof uri === 'string' && uri.length > 0 && uri.length <= MAX_URI_LENGTH)) return reject('attach/uris: bad uri');
      return { ok: true, message: { type: 'attach/uris', uris: uris as string[] } };
    }
    case 'attach/bytes': {
      const name = data.name;
      const bytes = data.data;
      if (typeof name !== 'string' || name.length > MAX_NAME_LENGTH) return reject('attach/bytes: bad name');
      if (typeof bytes !== 'string' || bytes.length === 0 || bytes.length > MAX_ATTACHMENT_BASE64_LENGTH) return reject('attach/bytes: bad data');
      return { ok: true, message: { type: 'attach/bytes', name, data: bytes } };
    }
    case 'attach/remove': {
      const attachmentId = id(data.id);
      if (attachmentId === undefined) return reject('attach/remove: bad id');
      return { ok: true, message: { type: 'attach/remove', id: attachmentId } };
    }
    case 'attachment/open': {
      if (!isSha256(data.sha256)) return reject('attachment/open: bad sha256');
      return { ok: true, message: { type: 'attachment/open', sha256: data.sha256 } };
    }
    case 'files/query': {
      const query = data.query;
      if (typeof query !== 'string' || query.length > MAX_QUERY_LENGTH) return reject('files/query: bad query');
      return { ok: true, message: { type: 'files/query', query } };
    }
    case 'tool/decide': {
      const toolUseId = id(data.toolUseId);
      if (toolUseId === undefined || !TOOL_DECISIONS.includes(data.decision as ToolDecision)) return reject('tool/decide: bad toolUseId or decision');
      return { ok: true, message: { type: 'tool/decide', toolUseId, decision: data.decision as ToolDecision } };
    }
    case 'tool/openFile': {
      const path = data.path;
      if (typeof path !== 'string' || path.length === 0 || path.length > MAX_URI_LENGTH) return reject('tool/openFile: bad path');
      if (data.line === undefined) return { ok: true, message: { type: 'tool/openFile', path } };
      if (typeof data.line !== 'number' || !Number.isInteger(data.line) || data.line < 1) return reject('tool/openFile: bad line');
      return { ok: true, message: { type: 'tool/openFile', path, line: data.line } };
    }
    case 'image/resized': {
      const jobId = id(data.jobId);
      if (jobId === undefined) return reject('image/resized: bad jobId');
      const message: WebviewToHost = { type: 'image/resized', jobId };
      if (data.data !== undefined) {
        if (typeof data.data !== 'string' || data.data.length === 0 || data.data.length > MAX_ATTACHMENT_BASE64_LENGTH) return reject('image/resized: bad data');
        message.data = data.data;
      }
      if (data.error !== undefined) {
        if (typeof data.error !== 'string') return reject('image/resized: bad error');
        message.error = data.error.slice(0, MAX_ERROR_LENGTH);
      }
      if ((message.data === undefined) === (message.error === undefined)) return reject('image/resized: needs data or error');
      return { ok: true, message };
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
