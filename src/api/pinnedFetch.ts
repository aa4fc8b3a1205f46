import { extraHeaderNameProblem, extraHeaderValueProblem } from '../shared/extraHeaders';

/** The Messages API version this extension is written against; a test checks the SDK sends the same one. */
export const ANTHROPIC_VERSION = '2026-10-21';

/** What Anthropic's logs see as the client (the SDK's own x-stainless-* platform details are not sent). */
const USER_AGENT = 'claude-chat-vscode';

/** The global fetch as the extension host set it up (VS Code applies its proxy settings to it), taken at load. */
const hostFetch: typeof fetch = globalThis.fetch;

export interface PinnedFetchOptions {
  apiKey: string;
  /** The only origin a request may go to: the endpoint the user chose or approved. */
  origin: string;
  /** The process environment, read only to learn which headers ANTHROPIC_CUSTOM_HEADERS slipped in. */
  environment?: NodeJS.ProcessEnv;
  /** The user's claudeChat.extraHeaders for a gateway; their values may be secrets and are never logged. */
  extraHeaders?: Readonly<Record<string, string>>;
}

/**
 * The SDK's transport, with the wire headers rebuilt from an allowlist. The SDK merges ANTHROPIC_CUSTOM_HEADERS
 * from the environment into every request, after its own credential (so the environment can replace the key),
 * and no option turns that off; this fetch runs after the merge. It sets the headers that matter itself, keeps
 * the body's content type (which the SDK sets after that merge) and the SDK's x-stainless-* bookkeeping unless
 * the environment named it, and drops everything else. A header a future feature needs (a beta flag) is added
 * here explicitly, as the user's extra headers are: checked again by the settings' rules, set before ours so that
 * none of them can replace the key or a protocol header even if those rules were bypassed.
 *
 * Redirects are not followed: a redirect would resend the conversation to a host nobody approved.
 */
export function pinnedFetch(options: PinnedFetchOptions): typeof fetch {
  const fromEnvironment = environmentHeaderNames((options.environment ?? process.env).ANTHROPIC_CUSTOM_HEADERS);
  const extraHeaders = options.extraHeaders ?? {};
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : input.toString());
    if (url.origin !== options.origin) throw new Error(`Refused to send a request to ${url.origin}: only ${options.origin} was chosen.`);
    return hostFetch(url, { ...init, headers: outgoingHeaders(init?.headers, options.apiKey, fromEnvironment, extraHeaders), redirect: 'manual' });
  };
}

/** The headers that go on the wire, whatever the SDK (and the environment through it) put in `sdkHeaders`. */
export function outgoingHeaders(sdkHeaders: RequestInit['headers'], apiKey: string, fromEnvironment: ReadonlySet<string>, extraHeaders: Readonly<Record<string, string>> = {}): Headers {
  const given = new Headers(sdkHeaders);
  const headers = new Headers();
  for (const [name, value] of Object.entries(extraHeaders)) {
    // The settings refused these already, with a warning; here they are only dropped, silently and by name.
    if (extraHeaderNameProblem(name) === undefined && extraHeaderValueProblem(value) === undefined) headers.set(name, value.trim());
  }
  for (const [name, value] of given) {
    if (name.startsWith('x-stainless-') && !fromEnvironment.has(name)) headers.set(name, value);
  }
  const contentType = given.get('content-type');
  if (contentType) headers.set('content-type', contentType);
  headers.set('accept', 'application/json');
  headers.set('anthropic-version', ANTHROPIC_VERSION);
  headers.set('authorization', `Bearer ${apiKey}`);
  headers.set('user-agent', USER_AGENT);
  headers.set('x-claude-chat-client', 'vscode');
  return headers;
}

/** The header names in ANTHROPIC_CUSTOM_HEADERS, split as SDK 1.12 splits it (lines of `name: value`), lower-cased. */
export function environmentHeaderNames(value: string | undefined): Set<string> {
  const names = new Set<string>();
  for (const line of (value ?? '').split('\n')) {
    const colon = line.indexOf(':');
    if (colon >= 0) names.add(line.slice(0, colon).trim().toLowerCase());
  }
  return names;
}
