/**
 * Extra request headers for gateways (`claudeChat.extraHeaders`): which names and values may be sent. Pure, so the
 * settings parser (src/config/settingsSchema.ts) and the transport (src/api/pinnedFetch.ts) apply the same rules.
 * Problems name the header, never its value: a gateway header is often a token.
 */

/** An RFC 7230 `token`, the only thing a header name may be. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** An HTTP header name (an RFC 7230 token): anything else cannot be sent, and could break out of a snippet's quoting. */
export function isHeaderName(name: string): boolean {
  return HEADER_NAME.test(name);
}

/**
 * Names the extension sets itself or that change authentication, framing or the protocol: a gateway header must
 * not replace the key, redirect the request, smuggle a second one or make the answer unreadable.
 */
const REFUSED_NAMES: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'x-api-key',
  'cookie',
  'host',
  'accept',
  'accept-encoding',
  'content-type',
  'content-length',
  'content-encoding',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'te',
  'trailer',
  'upgrade',
  'expect',
  'user-agent',
  'x-claude-chat-client',
]);

/** anthropic-version and anthropic-beta change the protocol; the SDK's bookkeeping; the proxy's; the browser's. */
const REFUSED_PREFIXES: readonly string[] = ['anthropic-', 'x-stainless-', 'proxy-', 'sec-'];

/** More would be a configuration mistake, and every request carries all of them. */
export const MAX_EXTRA_HEADERS = 32;
export const MAX_EXTRA_HEADER_VALUE_LENGTH = 8192;

/** Why `name` cannot be an extra header, or undefined when it can. */
export function extraHeaderNameProblem(name: string): string | undefined {
  if (!HEADER_NAME.test(name)) return 'is not a valid header name';
  const lower = name.toLowerCase();
  if (REFUSED_NAMES.has(lower) || REFUSED_PREFIXES.some((prefix) => lower.startsWith(prefix))) return 'is set by Claude Chat itself or changes authentication or the protocol, so it cannot be replaced';
  return undefined;
}

/**
 * Why `value` cannot be sent, or undefined when it can. CR, LF and NUL would split or end the header; other control
 * characters and anything beyond Latin-1 make fetch refuse every request.
 */
export function extraHeaderValueProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'must be a string';
  if (value.length > MAX_EXTRA_HEADER_VALUE_LENGTH) return `is longer than ${MAX_EXTRA_HEADER_VALUE_LENGTH} characters`;
  if (/[\r\n\0]/.test(value)) return 'contains a line break or NUL character';
  // eslint-disable-next-line no-control-regex
  if (/[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]|[^\x00-\xff]/.test(value)) return 'contains a character an HTTP header cannot carry';
  return undefined;
}

export interface ParsedExtraHeaders {
  /** Names as written; values trimmed as HTTP would. */
  headers: Record<string, string>;
  /** One line per refused header or value, naming the header only. */
  problems: string[];
}

/** The usable headers in a settings value (an object of name → value), and why the others were refused. */
export function parseExtraHeaders(value: unknown, settingName: string): ParsedExtraHeaders {
  const headers: Record<string, string> = {};
  const problems: string[] = [];
  if (value === undefined || value === null) return { headers, problems };
  if (typeof value !== 'object' || Array.isArray(value)) return { headers, problems: [`${settingName} must be an object of header names and values; it is ignored.`] };
  const seen = new Set<string>();
  for (const [name, raw] of Object.entries(value as Record<string, unknown>)) {
    const shown = HEADER_NAME.test(name) ? `"${name}"` : 'a header';
    const problem = extraHeaderNameProblem(name) ?? extraHeaderValueProblem(raw);
    if (problem) {
      problems.push(`${settingName}: ${shown} ${problem}; it is not sent.`);
      continue;
    }
    const lower = name.toLowerCase();
    if (seen.has(lower)) {
      problems.push(`${settingName}: "${name}" is given twice (names are not case-sensitive); only the first is sent.`);
      continue;
    }
    if (seen.size >= MAX_EXTRA_HEADERS) {
      problems.push(`${settingName}: more than ${MAX_EXTRA_HEADERS} headers; "${name}" and the rest are not sent.`);
      break;
    }
    seen.add(lower);
    headers[name] = (raw as string).trim();
  }
  return { headers, problems };
}
