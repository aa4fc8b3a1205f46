import { APIConnectionError, APIConnectionTimeoutError, APIError, AnthropicError } from '@anthropic-ai/sdk';
import type { ChatError, ChatErrorAction, ChatErrorKind } from '../shared/chatError';

/** Why our own code cut a request short, when it was not the user. */
export type AbortCause = 'stalled';

/**
 * Maps whatever the SDK threw to a message a user can act on. The API's own message is kept (it is usually the
 * most precise thing we have), and the advice says what to do about it.
 */
export function toChatError(error: unknown, context: { abortCause?: AbortCause; idleTimeoutMs: number; model: string }): ChatError {
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
  if (error instanceof APIError) return fromApiError(error, context.model);
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

function fromApiError(error: APIError, model: string): ChatError {
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
      return withMeta(make('permission', 'This key may not do that.', `${apiMessage} Check the key's workspace and permissions in the Anthropic Console.`, ['setApiKey']));
    case 404:
      return withMeta(make('notFound', `Not found: is "${model}" a model your key can use?`, `${apiMessage} Pick another model in the claudeChat.model setting.`, ['openSettings']));
    case 413:
      return withMeta(make('tooLarge', 'The conversation is too large to send.', `${apiMessage} Start a new chat or remove large attachments.`, []));
    case 429:
      return withMeta(make('rateLimit', 'Rate limit reached.', `${apiMessage} Wait a moment and retry, or check your limits in the Anthropic Console.`, ['retry']));
    case 529:
      return withMeta(make('overloaded', 'The API is overloaded.', `${apiMessage} It was retried and is still busy; retry in a moment.`, ['retry']));
    default:
      if (status >= 500) return withMeta(make('server', `The API had an internal error (${status}).`, `${apiMessage} It was retried; retry again later.`, ['retry']));
      return withMeta(make('invalidRequest', `The API refused the request (${status}).`, `${apiMessage} Check the model and max tokens settings.`, ['openSettings']));
  }
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

function apiErrorMessage(error: APIError): string {
  const message = apiErrorBody(error)?.message;
  const text = typeof message === 'string' && message.length > 0 ? message : error.message;
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function causeMessage(error: APIConnectionError): string {
  const cause = (error as { cause?: unknown }).cause;
  const detail = cause instanceof Error ? cause.message : error.message;
  return /[.!?]$/.test(detail) ? detail : `${detail}.`;
}
