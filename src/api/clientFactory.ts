import Anthropic from '@anthropic-ai/sdk';
import type { Middleware } from '@anthropic-ai/sdk';
import { DEFAULT_BASE_URL } from '../shared/endpoint';
import { pinnedFetch } from './pinnedFetch';

export interface ClientOptions {
  apiKey: string;
  /** Undefined means the SDK's default endpoint. */
  baseUrl: string | undefined;
  /** Time allowed until response headers arrive; the body is watched by our own idle watchdog. */
  headersTimeoutMs: number;
  /** The user's claudeChat.extraHeaders, as the endpoint decision passed them (src/config/endpointPolicy.ts). */
  extraHeaders?: Readonly<Record<string, string>>;
  /** Attempts after the first; default 2. A probe that must make exactly one request passes 0. */
  maxRetries?: number;
  middleware?: readonly Middleware[];
}

/** The SDK's logger, given so that nothing it might print reaches the shared console (prompts, header dumps). */
const SILENT_LOGGER = { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined };

/**
 * Everything the SDK would otherwise take from the environment, from credential files on disk or from a
 * process-wide provider is given explicitly, so the key, the endpoint and what is sent are exactly what the user
 * chose: ANTHROPIC_BASE_URL or ANTHROPIC_CUSTOM_HEADERS from a shell profile must never redirect or replace the
 * key, ANTHROPIC_LOG must not print conversations, and another extension's OpenTelemetry provider must not trace
 * our requests. ANTHROPIC_CUSTOM_HEADERS has no option to turn it off; pinnedFetch rebuilds the headers instead,
 * adding the user's extra headers (never the SDK's defaultHeaders, which the environment's would be merged with).
 */
export function createAnthropicClient(options: ClientOptions): Anthropic {
  const baseURL = options.baseUrl ?? DEFAULT_BASE_URL;
  return new Anthropic({
    apiKey: options.apiKey,
    authToken: null,
    baseURL,
    webhookKey: null,
    logLevel: 'off',
    logger: SILENT_LOGGER,
    openTelemetry: false,
    fetch: pinnedFetch({ apiKey: options.apiKey, origin: new URL(baseURL).origin, extraHeaders: options.extraHeaders }),
    timeout: options.headersTimeoutMs,
    maxRetries: options.maxRetries ?? 2,
    middleware: options.middleware ?? [],
  });
}
