import { redactSecrets } from './redact';

/**
 * A failure the user must understand and can act on. Built on the host from SDK errors (src/api/errorMapping.ts)
 * and shown by the webview; plain data so it crosses the host ↔ webview boundary unchanged.
 */
export type ChatErrorKind =
  | 'noKey'
  | 'auth'
  | 'permission'
  | 'billing'
  | 'rateLimit'
  | 'overloaded'
  | 'server'
  | 'invalidRequest'
  | 'notFound'
  | 'tooLarge'
  | 'network'
  | 'timeout'
  | 'stalled'
  | 'streamError'
  /** The tool loop reached claudeChat.tools.maxRounds: the calls Claude still asked for wait for Resume. */
  | 'toolLimit'
  | 'unknown';

/**
 * Something the user can do about the error, offered as a button next to it. `pickModel` changes the model of the
 * conversation on screen (an unknown model, or one the key may not use); `openSettings` opens the extension's settings;
 * `resumeTools` runs the tool calls an answer left waiting (the round limit, Stop) as a new stretch of the loop.
 */
export type ChatErrorAction = 'setApiKey' | 'retry' | 'openSettings' | 'pickModel' | 'newChat' | 'resumeTools';

export interface ChatError {
  kind: ChatErrorKind;
  /** One short sentence: what happened. */
  title: string;
  /** What the API said and what to do next. Never contains the API key. */
  detail: string;
  /** HTTP status, when the API answered with one. */
  status?: number;
  /** The API's `request-id`, so the user can quote it to support. */
  requestId?: string;
  actions: ChatErrorAction[];
}

export function describeChatError(error: ChatError): string {
  const parts = [error.title, error.detail];
  if (error.requestId) parts.push(`Request id: ${error.requestId}`);
  return parts.filter((part) => part.length > 0).join(' ');
}

/** The error with secrets scrubbed from its text, ready to be saved, shown or logged. */
export function redactChatError(error: ChatError, knownSecrets: readonly (string | null | undefined)[]): ChatError {
  return { ...error, title: redactSecrets(error.title, knownSecrets), detail: redactSecrets(error.detail, knownSecrets) };
}
