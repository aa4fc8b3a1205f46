import Anthropic from '@anthropic-ai/sdk';
import type { Middleware } from '@anthropic-ai/sdk';

export interface ClientOptions {
  apiKey: string;
  /** Undefined means the SDK's default endpoint. */
  baseUrl: string | undefined;
  /** Time allowed until response headers arrive; the body is watched by our own idle watchdog. */
  headersTimeoutMs: number;
  middleware?: readonly Middleware[];
}

export const DEFAULT_BASE_URL = 'https://api.anthropic.com';

/**
 * Every option the SDK would otherwise read from the environment or from credential files on disk is passed
 * explicitly, so the key and endpoint in use are exactly the ones the user chose (ANTHROPIC_BASE_URL from a
 * shell profile must never redirect the key somewhere else).
 */
export function createAnthropicClient(options: ClientOptions): Anthropic {
  return new Anthropic({
    apiKey: options.apiKey,
    authToken: null,
    baseURL: options.baseUrl ?? DEFAULT_BASE_URL,
    timeout: options.headersTimeoutMs,
    maxRetries: 2,
    middleware: options.middleware ?? [],
    defaultHeaders: { 'x-claude-chat-client': 'vscode' },
  });
}
