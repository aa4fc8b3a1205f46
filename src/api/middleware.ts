import type { Middleware } from '@anthropic-ai/sdk';

/** Longest server-requested wait we let the SDK sleep through before it retries; beyond it we report instead. */
export const MAX_AUTOMATIC_RETRY_WAIT_SECONDS = 20;

/**
 * Our retry policy, expressed through the SDK's own `x-should-retry` switch so the SDK's retry loop stays the
 * only one: a 429 without `retry-after` is usually a spend cap that waiting will not fix, and a long
 * `retry-after` would freeze the chat without a word; both are reported at once instead of retried.
 */
export interface RetryNotice {
  status: number;
  /** What the server asked for; undefined when the SDK picks its own back-off (about 0.5–8 s). */
  waitSeconds: number | undefined;
}

/**
 * `onRetry` hears of each failed attempt that the SDK may retry, so the user sees the wait instead of a silent
 * spinner. (On the last attempt the SDK gives up instead; the error that follows replaces the notice.)
 */
export function retryPolicyMiddleware(onRetry?: (notice: RetryNotice) => void): Middleware {
  return async (request, next) => {
    const response = await next(request);
    const explicit = response.headers.get('x-should-retry');
    if (response.status >= 500 && explicit !== 'false') onRetry?.({ status: response.status, waitSeconds: retryAfterSeconds(response.headers) });
    if (response.status !== 429) return response;
    const waitSeconds = retryAfterSeconds(response.headers);
    if (waitSeconds !== undefined && waitSeconds <= MAX_AUTOMATIC_RETRY_WAIT_SECONDS) {
      onRetry?.({ status: 429, waitSeconds });
      return response;
    }
    const headers = new Headers(response.headers);
    headers.set('x-should-retry', 'false');
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  };
}

export function retryAfterSeconds(headers: Headers): number | undefined {
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms / 1000;
  const raw = headers.get('retry-after');
  if (raw === null) return undefined;
  const seconds = Number.parseFloat(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - Date.now()) / 1000);
}

/**
 * Calls `onActivity` when headers arrive and for every chunk of the body, pings included (the SDK drops pings
 * before its own events, so only the raw body shows that a quiet stream is still alive).
 */
export function activityMiddleware(onActivity: () => void): Middleware {
  return async (request, next) => {
    const response = await next(request);
    onActivity();
    if (!response.body) return response;
    const tap = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        onActivity();
        controller.enqueue(chunk);
      },
    });
    return new Response(response.body.pipeThrough(tap), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}
