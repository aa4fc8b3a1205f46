import { formatDecimalBytes } from './byteSize';

/**
 * The API inspector's view of one answer: the Messages request that produced it and the Message that came back, as
 * read-only JSON. src/shared does not import the SDK, so the SDK's MessageCreateParamsBase and Message are seen
 * here structurally: both are assignable to these types, and everything they hold is shown.
 */

/** A Messages API request body (the SDK's MessageCreateParamsBase): what the inspector and the snippets need of it. */
export interface RequestBody {
  model: string;
  max_tokens: number;
  messages: readonly unknown[];
  system?: unknown;
  stream?: boolean | null;
}

/** The Message the API answered with (the SDK's Message, or the one MessageStream assembled). */
export interface ResponseMessage {
  id: string;
  type: string;
  role: string;
  model: string;
  content: readonly unknown[];
  stop_reason: string | null;
  stop_sequence: string | null;
  usage: object;
}

/** One answer's exchange with the API, as the host captured it (or rebuilt it from the saved conversation). */
export interface InspectedExchange {
  /** The full body as sent, with every base64 source whole; `stream: true` is added when it is shown. */
  request: RequestBody;
  /** Undefined while the answer streams, or when the request failed. */
  response?: ResponseMessage;
  /** Origin and path prefix the request went to, e.g. https://api.anthropic.com. */
  baseUrl: string;
  /** True when rebuilt from the saved conversation rather than captured when it was sent. */
  rebuilt: boolean;
  /** Names of the gateway headers the user configured; their values may be secrets and are never given. */
  extraHeaderNames: string[];
}

/** Finds the exchange behind an assistant message; implemented by the host, which owns the conversations. */
export interface ExchangeLookup {
  exchangeFor(messageId: string): Promise<InspectedExchange | undefined>;
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * The request as the SDK's messages.stream() put it on the wire (the body plus `stream: true`), ready to show: each
 * base64 image or document source's `data` is replaced by a note of its media type and decoded size. A screenshot
 * is megabytes of base64 that nobody reads, and an editor slows to a crawl on a line that long.
 */
export function inspectableRequest(params: RequestBody): JsonObject {
  return jsonCopy({ ...params, stream: true }, elideBase64) as JsonObject;
}

/** The Message as JSON, its fields in the API's order (the rest after them); base64 elided as in requests. */
export function inspectableResponse(message: ResponseMessage): JsonObject {
  const { id, type, role, model, content, stop_reason, stop_sequence, usage, ...rest } = message as ResponseMessage & Record<string, unknown>;
  return jsonCopy({ id, type, role, model, content, stop_reason, stop_sequence, ...rest, usage }, elideBase64) as JsonObject;
}

/** Two-space JSON with a final newline, as an editor would save it. */
export function toPrettyJson(value: JsonValue): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** What replaces a base64 source's data, e.g. `<base64 image/png, 1.2 MB elided>`. */
export function elidedBase64(mediaType: string | undefined, data: string): string {
  return `<base64 ${mediaType ?? 'data'}, ${formatDecimalBytes(decodedLength(data))} elided>`;
}

/** Bytes that base64 text decodes to, without decoding it. */
export function decodedLength(base64: string): number {
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((base64.length * 3) / 4) - padding);
}

/** A JSON copy, exactly what JSON.stringify would send (undefined fields dropped), with `replace` applied on the way. */
function jsonCopy(value: unknown, replace: (key: string, value: unknown) => unknown): JsonValue {
  return JSON.parse(JSON.stringify(value, replace)) as JsonValue;
}

/**
 * A JSON.stringify replacer: it sees each source object before its fields, so the base64 text is never copied. Any
 * `{type: 'base64', data}` object is a source (images and PDFs, also those nested in a tool result's content).
 */
function elideBase64(_key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const source = value as { type?: unknown; media_type?: unknown; data?: unknown };
  if (source.type !== 'base64' || typeof source.data !== 'string') return value;
  return { ...source, data: elidedBase64(typeof source.media_type === 'string' ? source.media_type : undefined, source.data) };
}
