import { APIConnectionError, APIError } from '@anthropic-ai/sdk';
import { redactSecrets } from '../shared/redact';
import { createAnthropicClient } from './clientFactory';
import { apiErrorText, connectionCause } from './errorMapping';

export interface KeyCheckRequest {
  apiKey: string;
  /** Where the key would be used: the endpoint decision's base URL (undefined: the default endpoint). */
  baseUrl: string | undefined;
  /** The same decision's extra headers: a gateway may need them to accept the key at all. */
  extraHeaders?: Readonly<Record<string, string>>;
  /** Time allowed for the answer; default KEY_CHECK_TIMEOUT_MS. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * What the one check said. `invalid`: the API does not know the key (401). `forbidden`: it knows the key but will
 * not let it list models (403), so the key is real but limited. `unreachable`: no answer (network, proxy, timeout),
 * so nothing is known about the key. `other`: any other answer (a gateway without /v1/models, a 5xx).
 */
export type KeyCheckResult = { ok: true } | { ok: false; reason: 'invalid' | 'forbidden' | 'unreachable' | 'other'; message: string };

/** Long enough for a slow proxy, short enough that Set API Key does not seem to hang. */
export const KEY_CHECK_TIMEOUT_MS = 10_000;

/**
 * Checks a key with one request that costs nothing: `GET /v1/models?limit=1` (no tokens, no retries), through the
 * same client as every other request (pinned endpoint, our headers, the user's extra headers). Never rejects; the
 * message never contains the key or a header value.
 */
export async function checkApiKey(request: KeyCheckRequest): Promise<KeyCheckResult> {
  const secrets = [request.apiKey, ...Object.values(request.extraHeaders ?? {})];
  try {
    const client = createAnthropicClient({
      apiKey: request.apiKey,
      baseUrl: request.baseUrl,
      extraHeaders: request.extraHeaders,
      headersTimeoutMs: request.timeoutMs ?? KEY_CHECK_TIMEOUT_MS,
      maxRetries: 0,
    });
    // Awaiting the page promise fetches the first page only: exactly one request.
    await client.models.list({ limit: 1 }, { signal: request.signal, maxRetries: 0 });
    return { ok: true };
  } catch (error) {
    return { ok: false, ...classify(error, request.baseUrl, secrets) };
  }
}

function classify(error: unknown, baseUrl: string | undefined, secrets: readonly string[]): { reason: Exclude<KeyCheckResult, { ok: true }>['reason']; message: string } {
  const where = baseUrl ? new URL(baseUrl).host : 'api.anthropic.com';
  const scrub = (text: string) => redactSecrets(text, secrets);
  if (error instanceof APIError && error.status !== undefined) {
    const said = scrub(apiErrorText(error));
    if (error.status === 401) return { reason: 'invalid', message: `The key was rejected (401): ${said}` };
    if (error.status === 403) return { reason: 'forbidden', message: `The key works but lacks permission (403): ${said}` };
    return { reason: 'other', message: `${where} answered ${error.status}: ${said}` };
  }
  if (error instanceof APIConnectionError) return { reason: 'unreachable', message: `${where} could not be reached: ${scrub(connectionCause(error))}` };
  // Anything else (a header value fetch refused) happened before an answer: nothing is known about the key.
  return { reason: 'unreachable', message: `The check could not be sent: ${scrub(error instanceof Error ? error.message : String(error))}` };
}


