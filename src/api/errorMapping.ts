import { APIConnectionError, APIConnectionTimeoutError, APIError, AnthropicError } from '@anthropic-ai/sdk';
import { formatDecimalBytes } from '../shared/byteSize';
import { redactChatError, type ChatError, type ChatErrorAction, type ChatErrorKind } from '../shared/chatError';
import type { RequestFacts } from './requestFacts';

/** Why our own code cut a request short, when it was not the user. */
export type AbortCause = 'stalled';

export interface ErrorContext {
  abortCause?: AbortCause;
  idleTimeoutMs: number;
  model: string;
  /** The key the request was sent with: scrubbed from the result even where it does not look like a key. */
  secrets?: readonly (string | null | undefined)[];
  /** What the request was made of: a 413 or "prompt is too long" then names the biggest parts (see requestFacts.ts). */
  requestFacts?: RequestFacts;
}

/**
 * Maps whatever the SDK threw to a message a user can act on. The API's own message is kept (it is usually the
 * most precise thing we have), and the advice says what to do about it. The result is saved with the conversation
 * and shown in the view, so it is scrubbed of secrets: an error's text can quote a header (undici quotes the whole
 * `Authorization` value when the key holds a character a header cannot).
 */
export function toChatError(error: unknown, context: ErrorContext): ChatError {
  return redactChatError(describe(error, context), context.secrets ?? []);
}

function describe(error: unknown, context: ErrorContext): ChatError {
  if (context.abortCause === 'stalled') {
    const seconds = Math.round(context.idleTimeoutMs / 1000);
    return make('stalled', 'The answer stopped arriving.', `No data came from the API for ${seconds} s, so the request was ended. What arrived is kept; Retry asks again.`, ['retry']);
  }
  if (error instanceof APIConnectionTimeoutError) {
    return make('timeout', 'The API did not answer in time.', 'Check your connection or proxy, then retry.', ['retry']);
  }
  if (error instanceof APIConnectionError) {
    return make('network', 'Could not reach the API.', `${causeMessage(error)} Check your connection, proxy or the claudeChat.baseUrl setting, then retry.`, ['retry', 'openSettings']);
  }
  if (error instanceof APIError) return fromApiError(error, context);
  if (isHeaderValueError(error)) {
    return make('auth', 'The API key has a character that cannot be sent.', 'Nothing was sent. Set the key again with "Claude Chat: Set API Key".', ['setApiKey']);
  }
  // A data line that is not JSON: the SDK's JSON.parse throws, and the stream passes it on wrapped (its cause).
  const unparsable = error instanceof SyntaxError ? error : (error as { cause?: unknown } | undefined)?.cause;
  if (unparsable instanceof SyntaxError) {
    return make('streamError', 'The answer could not be read.', `The API sent data that is not valid (${unparsable.message}). What arrived is kept; Retry asks again.`, ['retry']);
  }
  if (error instanceof AnthropicError) {
    // The SDK wraps a broken body stream ("terminated", a reset socket) as a plain AnthropicError with a cause.
    if ((error as { cause?: unknown }).cause !== undefined) {
      return make('network', 'The connection broke mid-answer.', `${error.message}. What arrived is kept and marked incomplete; Retry asks again.`, ['retry']);
    }
    return make('streamError', 'The answer could not be read.', `${error.message}. What arrived is kept; Retry asks again.`, ['retry']);
  }
  const message = error instanceof Error ? error.message : String(error);
  return make('network', 'The connection broke.', `${message}. What arrived is kept; Retry asks again.`, ['retry']);
}

function fromApiError(error: APIError, context: ErrorContext): ChatError {
  const { model, requestFacts } = context;
  const apiMessage = apiErrorMessage(error);
  const requestId = error.requestID ?? undefined;
  const status = error.status;
  const errorType = apiErrorType(error);
  const withMeta = (chatError: ChatError): ChatError => ({ ...chatError, ...(status ? { status } : {}), ...(requestId ? { requestId } : {}) });

  // An `event: error` inside a stream has no status; its type says what happened.
  if (status === undefined) {
    if (errorType === 'overloaded_error') {
      return withMeta(make('overloaded', 'The API is overloaded and ended the answer early.', 'What arrived is kept and marked incomplete. Retry in a moment.', ['retry']));
    }
    return withMeta(make('streamError', 'The API ended the answer with an error.', `${apiMessage} What arrived is kept; Retry asks again.`, ['retry']));
  }
  switch (status) {
    case 401:
      return withMeta(make('auth', 'Your API key was rejected.', `${apiMessage} Set a valid key with "Claude Chat: Set API Key".`, ['setApiKey']));
    case 402:
      return withMeta(make('billing', 'Billing problem on your Anthropic account.', `${apiMessage} Check your plan and credit in the Anthropic Console.`, []));
    case 403:
      // The key may not use this model (another model, or a key of a workspace with access, will do), or may not do
      // this at all; the generic "the specified resource" is usually the model too, so both are offered.
      if (MENTIONS_MODEL.test(apiMessage)) {
        return withMeta(make('permission', `Your API key may not use "${model}" (403).`, `${apiMessage} Pick another model for this conversation, or set a key whose workspace has access to this one.`, ['pickModel', 'setApiKey']));
      }
      return withMeta(
        make('permission', 'Your API key is not allowed to do this (403).', `${apiMessage} Check the key's workspace, model access and permissions in the Anthropic Console, set another key, or pick another model.`, ['setApiKey', 'pickModel']),
      );
    case 404:
      if (MENTIONS_MODEL.test(apiMessage)) {
        return withMeta(make('notFound', `The API does not know the model "${model}".`, `${apiMessage} Pick another model for this conversation (new chats take the claudeChat.model setting).`, ['pickModel']));
      }
      return withMeta(make('notFound', 'The API answered "not found" (404).', `${apiMessage} Check the claudeChat.baseUrl setting: it should be the API's address, without /v1/messages.`, ['openSettings']));
    case 413:
      return withMeta(
        make('tooLarge', 'The request is too large to send (413).', `${apiMessage} ${sizeFacts(requestFacts)}Everything in this conversation is sent with each question: start a new chat, or delete large messages or attachments from this one.`, []),
      );
    case 429:
      return withMeta(make('rateLimit', 'Rate limit reached.', `${apiMessage} Wait a moment and retry, or check your limits in the Anthropic Console.`, ['retry']));
    case 529:
      return withMeta(make('overloaded', 'The API is overloaded.', `${apiMessage} It was retried and is still busy; retry in a moment.`, ['retry']));
    case 400:
      return withMeta(badRequest(apiMessage, model, requestFacts));
    default:
      if (status >= 500) return withMeta(make('server', `The API had an internal error (${status}).`, `${apiMessage} It was retried; retry again later.`, ['retry']));
      return withMeta(make('invalidRequest', `The API refused the request (${status}).`, `${apiMessage} Check the model and max tokens settings.`, ['openSettings']));
  }
}

/** The API's wording for a conversation over the model's context window: "prompt is too long: 215000 tokens > 200000 maximum". */
const PROMPT_TOO_LONG = /prompt is too long(?::\s*(\d+)\s*tokens?\s*>\s*(\d+))?/i;

/** The API names the model it refuses: "model: claude-nope" (404), "…does not have access to model …" (403). */
const MENTIONS_MODEL = /\bmodel\b/i;

/** A 400 about the model id itself: "model: Input should be …", "invalid model", "model … not found". */
const INVALID_MODEL = /^model:|\b(?:invalid|unknown|unsupported)\s+model\b|\bmodel\b[^.]*\b(?:not found|does not exist|is not (?:supported|available|valid))/i;

/** A 400 says what in the request was wrong; the advice follows what it names. */
function badRequest(apiMessage: string, model: string, facts: RequestFacts | undefined): ChatError {
  const tooLong = PROMPT_TOO_LONG.exec(apiMessage);
  if (tooLong) {
    const [, sent, limit] = tooLong;
    const size = sent && limit ? `It came to ${grouped(sent)} tokens, and "${model}" takes at most ${grouped(limit)}. ` : '';
    return make(
      'tooLarge',
      'This conversation is too long for the model.',
      `${apiMessage} Each question sends the whole conversation before it (earlier messages, attachments and the system prompt). ${size}${sizeFacts(facts)}Start a new chat, delete large messages or attachments from this one, or pick a model with a larger context window.`,
      ['pickModel'],
    );
  }
  if (/max_tokens/i.test(apiMessage)) {
    return make('invalidRequest', 'The API refused the max tokens setting (400).', `${apiMessage} Lower claudeChat.maxTokens to what "${model}" allows, or pick another model.`, ['openSettings']);
  }
  if (INVALID_MODEL.test(apiMessage)) {
    return make('invalidRequest', `The API does not accept the model "${model}" (400).`, `${apiMessage} Pick another model for this conversation (new chats take the claudeChat.model setting).`, ['pickModel']);
  }
  return make('invalidRequest', 'The API refused the request (400).', `${apiMessage} Check the model, max tokens and system prompt settings; if this conversation is the cause, start a new chat.`, ['openSettings']);
}

/**
 * What the request held and its biggest parts, largest first, when the request's facts are known: "The request was
 * 41 MB: 12 messages and 3 attachments. The largest parts: scan.pdf (message 3, 30 MB), …". Ends with a space.
 */
function sizeFacts(facts: RequestFacts | undefined): string {
  if (!facts) return '';
  const parts = [
    ...facts.largestAttachments.map((file) => ({ bytes: file.bytes, label: `${file.name} (message ${file.message}, ${formatDecimalBytes(file.bytes)})` })),
    ...facts.largestMessages.map((text) => ({ bytes: text.bytes, label: `the text of message ${text.message} (${text.role === 'user' ? 'a question' : 'an answer'}, ${formatDecimalBytes(text.bytes)})` })),
    ...(facts.systemPromptBytes > 0 ? [{ bytes: facts.systemPromptBytes, label: `the system prompt (${formatDecimalBytes(facts.systemPromptBytes)})` }] : []),
  ]
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 3)
    .map((part) => part.label);
  const held = `${count(facts.messageCount, 'message')}${facts.attachmentCount > 0 ? ` and ${count(facts.attachmentCount, 'attachment')}` : ''}`;
  const largest = parts.length > 0 ? ` The largest ${parts.length === 1 ? 'part' : 'parts'}: ${parts.join(', ')}.` : '';
  return `The request was ${formatDecimalBytes(facts.bodyBytes)}: ${held}.${largest} `;
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}

function grouped(digits: string): string {
  return Number(digits).toLocaleString('en-US');
}

function make(kind: ChatErrorKind, title: string, detail: string, actions: ChatErrorAction[]): ChatError {
  return { kind, title, detail, actions };
}

function apiErrorBody(error: APIError): { type?: unknown; message?: unknown } | undefined {
  const body = error.error as { error?: { type?: unknown; message?: unknown } } | undefined;
  return body?.error;
}

function apiErrorType(error: APIError): string | undefined {
  const type = apiErrorBody(error)?.type;
  return typeof type === 'string' ? type : undefined;
}

/** What the API said in its error body (`error.message`), else the SDK's own text. */
export function apiErrorText(error: APIError): string {
  const message = apiErrorBody(error)?.message;
  return typeof message === 'string' && message.length > 0 ? message : error.message;
}

/** Why a connection failed: the network error under the SDK's (ECONNREFUSED, a TLS failure…). */
export function connectionCause(error: APIConnectionError): string {
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? cause.message : error.message;
}

function apiErrorMessage(error: APIError): string {
  const text = apiErrorText(error);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function causeMessage(error: APIConnectionError): string {
  const detail = connectionCause(error);
  return /[.!?]$/.test(detail) ? detail : `${detail}.`;
}

/**
 * undici refusing a header value (a key with a control or non-Latin-1 character) before anything is sent; a stream
 * gets it wrapped in an AnthropicError, with the TypeError as its cause.
 */
function isHeaderValueError(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 3; current = (current as { cause?: unknown }).cause, depth++) {
    if (current instanceof TypeError && /invalid header value|ByteString/i.test(current.message)) return true;
  }
  return false;
}
