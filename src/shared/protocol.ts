/**
 * The only contract between the extension host and the chat webview.
 * Host → webview messages are trusted (we build them); webview → host messages are not: the webview renders
 * model output, so everything it posts goes through `parseWebviewMessage` before the host acts on it.
 */
import type { ChatError } from './chatError';
import type { ChatMessage, ConversationEvent } from './conversation';
import { assertNever } from './conversation';

/** Where the API key in use comes from. The key itself never crosses to the webview. */
export type ApiKeySource = 'secretStorage' | 'environment' | 'none';

export interface ViewState {
  conversationId: string;
  messages: ChatMessage[];
  /** True while an answer is streaming: the composer shows Stop instead of Send. */
  busy: boolean;
  apiKeySource: ApiKeySource;
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
  | { type: 'busy/changed'; busy: boolean }
  | { type: 'settings/changed'; apiKeySource: ApiKeySource; model: string; customEndpoint?: string }
  /** The host took the message: the composer may clear. */
  | { type: 'send/accepted'; requestId: string }
  /** The host refused before sending anything (no key, busy…): the composer keeps its text. */
  | { type: 'send/rejected'; requestId: string; error: ChatError }
  | { type: 'composer/focus' }
  /**
   * The API refused an attempt and the SDK will retry it: `retryAt` (epoch ms) when the wait is known. Cleared by the
   * next event for that message.
   */
  | { type: 'request/retrying'; messageId: string; status: number; retryAt?: number };

export type WebviewAction = 'setApiKey' | 'openSettings';

export type WebviewToHost =
  | { type: 'webview/ready' }
  | { type: 'chat/send'; requestId: string; text: string }
  | { type: 'chat/stop' }
  /** Regenerate the last answer that failed or was stopped; while one is waiting to be retried, retry it now. */
  | { type: 'chat/retry' }
  | { type: 'chat/new' }
  | { type: 'draft/changed'; text: string }
  | { type: 'action/run'; action: WebviewAction };

/** A message longer than this is refused by the guard (about 1 MB of UTF-16 text). */
export const MAX_WEBVIEW_TEXT_LENGTH = 1_000_000;
const MAX_REQUEST_ID_LENGTH = 100;
const WEBVIEW_ACTIONS: readonly WebviewAction[] = ['setApiKey', 'openSettings'];

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
    case 'chat/stop':
    case 'chat/retry':
    case 'chat/new':
      return { ok: true, message: { type: candidate.type } };
    case 'chat/send': {
      const { requestId, text } = data;
      if (typeof requestId !== 'string' || requestId.length === 0 || requestId.length > MAX_REQUEST_ID_LENGTH) {
        return reject('chat/send: bad requestId');
      }
      if (typeof text !== 'string') return reject('chat/send: text is not a string');
      if (text.length > MAX_WEBVIEW_TEXT_LENGTH) return reject(`chat/send: text longer than ${MAX_WEBVIEW_TEXT_LENGTH}`);
      return { ok: true, message: { type: 'chat/send', requestId, text } };
    }
    case 'draft/changed': {
      const { text } = data;
      if (typeof text !== 'string') return reject('draft/changed: text is not a string');
      if (text.length > MAX_WEBVIEW_TEXT_LENGTH) return reject(`draft/changed: text longer than ${MAX_WEBVIEW_TEXT_LENGTH}`);
      return { ok: true, message: { type: 'draft/changed', text } };
    }
    case 'action/run': {
      const action = data.action;
      if (!WEBVIEW_ACTIONS.includes(action as WebviewAction)) return reject('action/run: unknown action');
      return { ok: true, message: { type: 'action/run', action: action as WebviewAction } };
    }
    default:
      return reject(`unknown type ${JSON.stringify(type.slice(0, 40))}`);
  }
}

function reject(reason: string): ParseResult {
  return { ok: false, reason };
}

/** Exhaustiveness helper for switches over HostToWebview / WebviewToHost. */
export { assertNever };
