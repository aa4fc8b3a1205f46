import { DEFAULT_BASE_URL } from './endpoint';
import type { InspectedExchange } from './requestInspection';
import { isHeaderName } from './extraHeaders';

/**
 * Copy as curl / TypeScript / Python: code that sends an answer's request again, byte for byte the same body (every
 * base64 source whole, or it would not reproduce), to the same endpoint. The key is read from ANTHROPIC_API_KEY and
 * never written into the code; gateway headers are named in a comment for the user to fill in, as their values may
 * be secrets the host does not hand out.
 */

export type SnippetSource = Pick<InspectedExchange, 'request' | 'baseUrl' | 'rebuilt' | 'extraHeaderNames'>;

/** The API version SDK 1.12 sends (src/api/pinnedFetch.ts sends the same; a test checks both). */
export const SNIPPET_ANTHROPIC_VERSION = '2026-10-21';

/**
 * The largest max_tokens the SDKs send without streaming: they refuse a non-streaming request whose expected time
 * (60 minutes × max_tokens / 128,000) is over their 10-minute timeout ("Streaming is required…"). Above it the
 * snippets stream and wait for the final message.
 */
export const MAX_NON_STREAMING_TOKENS = 21_333;

/** The heredoc's end marker. Pretty JSON never has it alone on a line: every line of a string value is in quotes. */
const HEREDOC_END = 'CLAUDE_CHAT_REQUEST';

/** A POSIX shell (bash, zsh) command; the answer streams back as server-sent events, as the extension receives it. */
export function curlSnippet(source: SnippetSource): string {
  const body = { ...plainBody(source.request), stream: true };
  const url = `${trimSlashes(source.baseUrl)}/v1/messages`;
  const headerNote = headerNames(source).length > 0 ? [`# Claude Chat also sends headers you configured; add each with its value: --header 'Name: value'`, `#   ${headerNames(source).join(', ')}`] : [];
  return [
    ...preamble(source, '#'),
    '# The key is read from the ANTHROPIC_API_KEY environment variable; it is not in this command.',
    ...headerNote,
    `curl --no-buffer ${shellQuote(url)} \\`,
    `  --header 'content-type: application/json' \\`,
    `  --header 'anthropic-version: ${SNIPPET_ANTHROPIC_VERSION}' \\`,
    `  --header "Authorization: Bearer \${ANTHROPIC_API_KEY:?Set ANTHROPIC_API_KEY to your API key}" \\`,
    // A quoted heredoc: nothing in the body is expanded or interpreted by the shell, whatever the messages say.
    `  --data-binary @- <<'${HEREDOC_END}'`,
    JSON.stringify(body, null, 2),
    HEREDOC_END,
    '',
  ].join('\n');
}

/** A script for the Anthropic TypeScript SDK (`npm install @anthropic-ai/sdk`) that prints the Message it gets. */
export function typeScriptSnippet(source: SnippetSource): string {
  const body = plainBody(source.request);
  const options = ["  apiKey: process.env['ANTHROPIC_API_KEY'],"];
  const baseUrl = customBaseUrl(source.baseUrl);
  if (baseUrl) options.push(`  baseURL: ${quoteString(baseUrl)},`);
  const names = headerNames(source);
  if (names.length > 0) {
    options.push('  // Claude Chat also sends headers you configured; add their values:');
    options.push(`  // defaultHeaders: { ${names.map((name) => `${quoteString(name)}: "…"`).join(', ')} },`);
  }
  const params = literal(body, '  ', TYPESCRIPT);
  const call = streams(body) ? `await client.messages.stream(${params}).finalMessage()` : `await client.messages.create(${params})`;
  return [
    ...preamble(source, '//'),
    '// The key is read from the ANTHROPIC_API_KEY environment variable; it is not in this file.',
    "import Anthropic from '@anthropic-ai/sdk';",
    '',
    'const client = new Anthropic({',
    ...options,
    '});',
    '',
    'async function main(): Promise<void> {',
    ...(streams(body) ? ['  // max_tokens is too large to wait for without streaming: the SDK requires a stream.'] : []),
    `  const message = ${call};`,
    '  console.log(JSON.stringify(message, null, 2));',
    '}',
    '',
    'main().catch((error: unknown) => {',
    '  console.error(error);',
    '  process.exitCode = 1;',
    '});',
    '',
  ].join('\n');
}

/** A script for the Anthropic Python SDK (`pip install anthropic`) that prints the Message it gets. */
export function pythonSnippet(source: SnippetSource): string {
  const body = plainBody(source.request);
  const options = ['    api_key=os.environ["ANTHROPIC_API_KEY"],'];
  const baseUrl = customBaseUrl(source.baseUrl);
  if (baseUrl) options.push(`    base_url=${quoteString(baseUrl)},`);
  const names = headerNames(source);
  if (names.length > 0) {
    options.push('    # Claude Chat also sends headers you configured; add their values:');
    options.push(`    # default_headers={${names.map((name) => `${quoteString(name)}: "…"`).join(', ')}},`);
  }
  const call = streams(body) ? 'client.messages.stream' : 'client.messages.create';
  const args = keywordArguments(body, '    ');
  const request = streams(body)
    ? ['# max_tokens is too large to wait for without streaming: the SDK requires a stream.', `with ${call}(`, ...args, ') as stream:', '    message = stream.get_final_message()']
    : [`message = ${call}(`, ...args, ')'];
  return [
    ...preamble(source, '#'),
    '# The key is read from the ANTHROPIC_API_KEY environment variable; it is not in this file.',
    'import os',
    '',
    'import anthropic',
    '',
    'client = anthropic.Anthropic(',
    ...options,
    ')',
    '',
    ...request,
    'print(message.to_json())',
    '',
  ].join('\n');
}

function preamble(source: SnippetSource, comment: string): string[] {
  const lines = [`${comment} The Messages API request Claude Chat sent for this answer.`];
  if (source.rebuilt) lines.push(`${comment} Rebuilt from the saved conversation: it was not recorded when sent, so details may differ from what was sent.`);
  return lines;
}

/** The body as JSON sends it (undefined fields dropped), without `stream`: each snippet says how it streams. */
function plainBody(request: SnippetSource['request']): Record<string, unknown> {
  const { stream: _stream, ...body } = JSON.parse(JSON.stringify(request)) as Record<string, unknown>;
  return body;
}

function streams(body: Record<string, unknown>): boolean {
  return typeof body.max_tokens === 'number' && body.max_tokens > MAX_NON_STREAMING_TOKENS;
}

function trimSlashes(url: string): string {
  return url.replace(/\/+$/, '');
}

/** The base URL an SDK must be given, or undefined for its own default. */
function customBaseUrl(baseUrl: string): string | undefined {
  const trimmed = trimSlashes(baseUrl);
  return trimmed === DEFAULT_BASE_URL ? undefined : trimmed;
}

/**
 * Header names valid in HTTP (RFC 9110 tokens). Anything else is left out: a name with a line break would end the
 * comment it is written in and become code.
 */
function headerNames(source: SnippetSource): string[] {
  return source.extraHeaderNames.filter(isHeaderName);
}

/** Single quotes keep every character literal in a POSIX shell; a quote itself is closed, escaped and reopened. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * A double-quoted string literal valid in TypeScript and Python alike, with the same value in both: JSON's escapes
 * (\" \\ \n \t \uXXXX…) mean the same in the two languages. U+2028 and U+2029 are escaped too, so no editor takes
 * them for line breaks.
 */
function quoteString(text: string): string {
  return JSON.stringify(text).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

interface LiteralStyle {
  /** One level of indentation, as the language's style guide has it. */
  indent: string;
  key(name: string): string;
  true: string;
  false: string;
  null: string;
}

const TYPESCRIPT: LiteralStyle = {
  indent: '  ',
  key: (name) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : quoteString(name)),
  true: 'true',
  false: 'false',
  null: 'null',
};

const PYTHON: LiteralStyle = { indent: '    ', key: quoteString, true: 'True', false: 'False', null: 'None' };

/** A JSON value as a multi-line literal of the language, indented under `indent`, with trailing commas. */
function literal(value: unknown, indent: string, style: LiteralStyle): string {
  if (value === null) return style.null;
  if (typeof value === 'boolean') return value ? style.true : style.false;
  if (typeof value === 'number') return JSON.stringify(value);
  if (typeof value === 'string') return quoteString(value);
  const inner = indent + style.indent;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => `${inner}${literal(item, inner, style)},\n`).join('')}${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([key, item]) => `${inner}${style.key(key)}: ${literal(item, inner, style)},\n`).join('')}${indent}}`;
}

const PYTHON_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(' '),
);

/** The body as keyword arguments (`model="…",`), one a line; a field that is not a Python name goes in `**{…}`. */
function keywordArguments(body: Record<string, unknown>, indent: string): string[] {
  const lines: string[] = [];
  const others: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (/^[A-Za-z_]\w*$/.test(key) && !PYTHON_KEYWORDS.has(key)) lines.push(`${indent}${key}=${literal(value, indent, PYTHON)},`);
    else others[key] = value;
  }
  if (Object.keys(others).length > 0) lines.push(`${indent}**${literal(others, indent, PYTHON)},`);
  return lines;
}
