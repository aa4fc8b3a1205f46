import type { ChatError } from './chatError';

/**
 * Where requests go when no base URL is set: the SDK's default, which src/api/clientFactory.ts passes explicitly
 * and src/config/endpointPolicy.ts names in an approval question about headers added to it.
 */
export const DEFAULT_BASE_URL = 'https://api.anthropic.com';

/**
 * Where one request may go, as decided by src/config/endpointPolicy.ts. A refusal carries no URL at all, so a caller
 * must match on `kind` to get one: an unchecked refusal cannot turn into a request to the default host.
 */
export type ReplyEndpoint =
  | { kind: 'refused'; error: ChatError }
  /** `baseUrl` undefined: DEFAULT_BASE_URL, because nobody chose another. */
  | {
      kind: 'endpoint';
      baseUrl: string | undefined;
      /** The user's `claudeChat.extraHeaders` that passed the same decision; absent when there are none. */
      extraHeaders?: Readonly<Record<string, string>>;
    };
