import type { CapabilitySupport, ModelInfo } from '@anthropic-ai/sdk/resources/models';
import markdownIt from 'markdown-it';
import { BUILT_IN_COMMANDS, EDIT_INSTRUCTION_MARKER, type BuiltInCommandName } from '../../src/shared/codeCommandCatalog';
import { fenceCode } from '../../src/shared/promptTemplate';
import { TOOL_SCENARIO_NAMES } from './toolScenarios';

/**
 * What the fake server does for one request. Tests queue scenarios; anything unqueued gets the default reply,
 * and a user message containing `[scenario:NAME]` picks a named one (handy in the demo and the browser tests,
 * where typing is the only way in).
 */
export type Scenario =
  | {
      kind: 'reply';
      /** The answer's text, streamed in pieces of `chunkSize` characters. */
      text: string;
      chunkSize?: number;
      /** Pause between deltas, to make a slow stream. */
      delayMs?: number;
      stopReason?: 'end_turn' | 'max_tokens' | 'stop_sequence' | 'refusal';
      /** With stopReason 'stop_sequence': which one ended the answer. */
      stopSequence?: string;
      /** With stopReason 'refusal': the API's stop_details. */
      refusal?: { category: string | null; explanation: string };
      /** Stream a thinking block first. */
      thinking?: string;
      /** Send an event type and a delta type no SDK knows before the text (the API may add new ones at any time). */
      unknownEvents?: boolean;
    }
  /** Some text, then an `event: error` (overloaded) instead of the rest. */
  | { kind: 'midStreamError'; textBefore: string; errorType?: string; errorMessage?: string }
  /** Some text, then the socket is destroyed: closed, or with `reset` reset (a TCP RST, as a proxy or NAT may send). */
  | { kind: 'connectionDrop'; textBefore: string; reset?: boolean }
  /** `message_start`, then nothing until the client gives up. */
  | { kind: 'stallAfterStart' }
  /** An HTTP error with the API's error body. */
  | { kind: 'status'; status: number; errorType: string; message: string; retryAfter?: string; shouldRetry?: boolean }
  /** Bytes that are not valid SSE JSON, plus an event type the SDK does not know. */
  | { kind: 'malformed' }
  /**
   * An answer that calls tools (stop_reason tool_use): thinking and text first when given, then one tool_use block per
   * call, its input streamed as input_json_delta pieces. Ids are made up (toolu_01…) unless given. See toolProtocol.ts.
   */
  | { kind: 'toolUse'; calls: { name: string; input: Record<string, unknown>; id?: string }[]; text?: string; thinking?: string; chunkSize?: number; delayMs?: number };

export const LONG_TEXT = Array.from({ length: 200 }, (_, i) => `Line ${i + 1}: the quick brown fox jumps over the lazy dog.`).join('\n');

/** An answer that uses every Markdown construct the renderer must handle (and an image it must not fetch). */
export const MARKDOWN_SAMPLE = [
  '## Reversing a list',
  '',
  'You can reverse a list **in place** or get a *reversed copy*; see the [Python docs](https://docs.python.org/3/tutorial/datastructures.html).',
  '',
  '1. `list.reverse()` changes the list',
  '2. `reversed(list)` returns an iterator',
  '3. `list[::-1]` makes a copy',
  '',
  '```python',
  'numbers = [1, 2, 3]',
  'numbers.reverse()  # in place',
  'print(numbers[::-1])',
  '```',
  '',
  '| Way | In place | Cost |',
  '| --- | --- | --- |',
  '| `reverse()` | yes | O(n) |',
  '| `[::-1]` | no | O(n) |',
  '',
  '> Tip: prefer `reversed()` when you only iterate.',
  '',
  '![diagram](https://example.com/diagram.png)',
  '',
  '```ts',
  'const reversed = [...items].reverse();',
  '```',
].join('\n');

export const NAMED_SCENARIOS: Record<string, Scenario> = {
  markdown: { kind: 'reply', text: MARKDOWN_SAMPLE, chunkSize: 9, delayMs: 5 },
  plain: { kind: 'reply', text: 'Hello! This is a plain reply from the fake server.' },
  long: { kind: 'reply', text: LONG_TEXT, chunkSize: 40 },
  slow: { kind: 'reply', text: Array.from({ length: 400 }, (_, i) => `word${i}`).join(' '), chunkSize: 8, delayMs: 50 },
  thinking: { kind: 'reply', thinking: 'Let me think about this step by step.', text: 'Done thinking: here is the answer.' },
  refusal: { kind: 'reply', text: '', stopReason: 'refusal', refusal: { category: 'cyber', explanation: 'This request asks for working malware, which Claude does not write.' } },
  'max-tokens': { kind: 'reply', text: 'This answer was cut off because it reached the', stopReason: 'max_tokens' },
  'mid-stream-error': { kind: 'midStreamError', textBefore: 'Partial answer before the error. ' },
  drop: { kind: 'connectionDrop', textBefore: 'Partial answer before the connection dropped. ' },
  'reset-mid-stream': { kind: 'connectionDrop', textBefore: 'Partial answer before the connection was reset. ', reset: true },
  'unknown-events': { kind: 'reply', text: 'An answer with events of a kind this version does not know, which it skips.', unknownEvents: true },
  stall: { kind: 'stallAfterStart' },
  '401': { kind: 'status', status: 401, errorType: 'authentication_error', message: 'invalid x-api-key' },
  '429': { kind: 'status', status: 429, errorType: 'rate_limit_error', message: 'Number of request tokens has exceeded your per-minute rate limit', retryAfter: '1' },
  '429-wait': { kind: 'status', status: 429, errorType: 'rate_limit_error', message: 'Number of request tokens has exceeded your per-minute rate limit', retryAfter: '15' },
  '429-no-retry-after': { kind: 'status', status: 429, errorType: 'rate_limit_error', message: 'You have reached your specified API usage limits' },
  '529': { kind: 'status', status: 529, errorType: 'overloaded_error', message: 'Overloaded' },
  '404': { kind: 'status', status: 404, errorType: 'not_found_error', message: 'model: claude-nope' },
  '400-model': { kind: 'status', status: 400, errorType: 'invalid_request_error', message: 'model: Invalid model name "claude-nope"' },
  '403-model': { kind: 'status', status: 403, errorType: 'permission_error', message: 'Your organization does not have access to model claude-opus-5-5. Contact your administrator.' },
  '500': { kind: 'status', status: 500, errorType: 'api_error', message: 'Internal server error' },
  '503': { kind: 'status', status: 503, errorType: 'api_error', message: 'Service temporarily unavailable' },
  '400': { kind: 'status', status: 400, errorType: 'invalid_request_error', message: 'system: text content blocks must be non-empty' },
  'prompt-too-long': { kind: 'status', status: 400, errorType: 'invalid_request_error', message: 'prompt is too long: 215347 tokens > 200000 maximum' },
  '403': { kind: 'status', status: 403, errorType: 'permission_error', message: 'Your API key does not have permission to use the specified resource.' },
  '413': { kind: 'status', status: 413, errorType: 'request_too_large', message: 'Request exceeds the maximum allowed number of bytes.' },
  malformed: { kind: 'malformed' },
};

/** The demo's default: says what it is and how to try the other scenarios. */
export function defaultReply(userText: string): Scenario {
  const names = Object.keys(NAMED_SCENARIOS).map((name) => `[scenario:${name}]`).join(', ');
  const toolNames = TOOL_SCENARIO_NAMES.map((name) => `[scenario:${name}]`).join(', ');
  const quoted = userText.length > 200 ? `${userText.slice(0, 200)}…` : userText;
  return {
    kind: 'reply',
    chunkSize: 6,
    delayMs: 15,
    text:
      `You said: "${quoted}"\n\nThis answer comes from the local fake Anthropic server, not from Claude. Put one of ${names} in a message to see how the chat handles it.` +
      `\n\nTo see Claude use the workspace tools, put one of ${toolNames} in a message ([scenario:tools-demo] looks at your project and sums it up).`,
  };
}

/** The demo's answer to a turn with attachments: what arrived, so the attach flows can be tried without a key. */
export function attachmentsReply(attached: readonly string[], userText: string): Scenario {
  const quoted = userText.length > 200 ? `${userText.slice(0, 200)}…` : userText;
  const list = attached.map((line) => `- ${line}`).join('\n');
  return {
    kind: 'reply',
    chunkSize: 6,
    delayMs: 15,
    text: `I received ${attached.length === 1 ? 'one attachment' : `${attached.length} attachments`} with your message${quoted.trim() ? ` ("${quoted}")` : ''}:\n\n${list}\n\nThis answer comes from the local fake Anthropic server, which describes what it was sent instead of looking at it.`,
  };
}

/**
 * Code commands in the demo. An edit command (its system prompt asks for the edit format) gets the first code block
 * of its turn back with a comment line added, so Refactor, Fix, Add Documentation and Optimize show a real diff;
 * any other turn with a code block gets a short explanation that quotes the block's location header.
 */
export function codeCommandReply(userText: string, systemPrompt: string): { name: 'code-edit' | 'code-explain'; scenario: Scenario } | undefined {
  const block = firstCodeBlock(userText);
  if (!block) return undefined;
  if (systemPrompt.includes(EDIT_INSTRUCTION_MARKER)) {
    const text = [
      fenceCode(withDemoComment(block.code, block.tag), block.tag),
      '',
      'This is the fake server of the demo, not Claude: it added one comment line at the top so that the diff has a change to review.',
    ].join('\n');
    return { name: 'code-edit', scenario: codeReply(text) };
  }
  const lines = block.code.split('\n').length - (block.code.endsWith('\n') ? 1 : 0);
  const what = block.header ?? `a ${block.tag || 'code'} block`;
  const names = declaredNames(block.code);
  const text = [
    `**This answer comes from the demo's fake server, not from Claude.** It received ${what}: ${lines} ${lines === 1 ? 'line' : 'lines'} of ${block.tag || 'code'}.`,
    '',
    names.length > 0 ? `At a glance, the code defines ${names.map((name) => `\`${name}\``).join(', ')}.` : 'At a glance, the code defines no named functions or classes.',
    '',
    `${commandIntent(systemPrompt)} Put \`[scenario:markdown]\` in a chat message to see a long formatted answer.`,
  ].join('\n');
  return { name: 'code-explain', scenario: codeReply(text) };
}

/** About 200 deltas whatever the size, so a whole file streams visibly but in a second or two. */
function codeReply(text: string): Scenario {
  return { kind: 'reply', text, chunkSize: Math.max(12, Math.ceil(text.length / 200)), delayMs: 8 };
}

interface CodeBlock {
  tag: string;
  code: string;
  /** The line above the block when it is a code command's header ("`src/foo.ts` lines 12–30"). */
  header?: string;
}

const markdown = markdownIt({ html: false });

function firstCodeBlock(userText: string): CodeBlock | undefined {
  const fence = markdown.parse(userText, {}).find((token) => token.type === 'fence');
  if (!fence || !fence.map) return undefined;
  const before = userText.split(/\r?\n/).slice(0, fence.map[0]).reverse().find((line) => line.trim() !== '');
  const header = before === undefined ? undefined : before.startsWith('Terminal selection') ? 'the terminal selection' : /^`.+`.* lines? \d/.test(before) ? before.trim() : undefined;
  return { tag: fence.info.trim().split(/\s+/)[0] ?? '', code: fence.content, ...(header ? { header } : {}) };
}

const LINE_COMMENTS: Record<string, string> = {
  '//': 'typescript typescriptreact javascript javascriptreact ts tsx js jsx mjs cjs java c cpp csharp cs go rust rs swift kotlin scala dart php jsonc groovy fsharp objective-c objective-cpp scss less',
  '#': 'python py ruby rb shellscript sh bash zsh perl r yaml yml toml dockerfile makefile powershell elixir julia coffeescript properties',
  '--': 'sql lua haskell elm',
  ';': 'clojure lisp scheme ini',
  '%': 'latex tex erlang matlab',
  "'": 'vb',
  REM: 'bat',
};

function withDemoComment(code: string, tag: string): string {
  const note = 'Edited by the fake server of the demo (not Claude)';
  const language = tag.toLowerCase();
  const indent = /^[ \t]*/.exec(code.split('\n').find((line) => line.trim() !== '') ?? '')?.[0] ?? '';
  let comment = note;
  if (['html', 'xml', 'markdown', 'md', 'vue', 'svelte'].includes(language)) comment = `<!-- ${note} -->`;
  else if (language === 'css') comment = `/* ${note} */`;
  else {
    const marker = Object.entries(LINE_COMMENTS).find(([, languages]) => languages.split(' ').includes(language))?.[0];
    if (marker) comment = `${marker} ${note}`;
  }
  return `${indent}${comment}\n${code}`;
}

function declaredNames(code: string): string[] {
  const names = new Set<string>();
  const pattern = /\b(?:function|class|interface|def|fn|func|struct|enum|type|const|let|var)\s+([A-Za-z_$][\w$]*)/g;
  for (const match of code.matchAll(pattern)) {
    names.add(match[1]);
    if (names.size === 5) break;
  }
  return [...names];
}

/** What a real answer would have done, for the built-in commands' default prompts. */
function commandIntent(systemPrompt: string): string {
  const intents: [BuiltInCommandName, string][] = [
    ['explain', 'Claude would explain here what the code does, how it works, and the parts that are easy to miss.'],
    ['findBugs', 'Claude would list the bugs it finds here, most severe first, with their line numbers, or say it found none.'],
    ['writeTests', 'Claude would write the tests here, in the framework the project uses.'],
    ['ask', 'Claude would answer your question about this code here.'],
  ];
  const found = intents.find(([name]) => systemPrompt.includes(BUILT_IN_COMMANDS[name].defaults.systemPrompt));
  return found?.[1] ?? 'Claude would answer about this code here.';
}

/** Whether a capability is supported, in the API's shape. */
const supported = (value: boolean): CapabilitySupport => ({ supported: value });

/** A full `capabilities` object as /v1/models returns it (SDK 1.12's ModelCapabilities), varied where tests look. */
function modelCapabilities(options: { images: boolean; pdfs: boolean; thinking: boolean; xhigh: boolean; adaptive?: boolean; effort?: boolean }): ModelInfo['capabilities'] {
  const adaptive = options.adaptive ?? options.thinking;
  const effort = options.effort ?? true;
  return {
    batch: supported(true),
    citations: supported(true),
    code_execution: supported(options.thinking),
    context_management: { supported: true, clear_thinking_20251015: supported(options.thinking), clear_tool_uses_20250919: supported(true), compact_20260112: supported(true) },
    effort: { supported: effort, low: supported(effort), medium: supported(effort), high: supported(effort), max: supported(effort && options.xhigh), xhigh: effort && options.xhigh ? supported(true) : null },
    image_input: supported(options.images),
    pdf_input: supported(options.pdfs),
    server_tools: { supported: true, code_execution: supported(true), web_search: supported(true) },
    structured_outputs: supported(true),
    thinking: {
      supported: options.thinking,
      types: { adaptive: supported(adaptive), between_tools: supported(options.thinking), disabled: supported(true), enabled: supported(options.thinking) },
    },
  };
}

function model(
  id: string,
  display_name: string,
  created_at: string,
  line: ModelInfo['line'],
  capabilities: ModelInfo['capabilities'],
  limits: { input: number; output: number },
  lifecycle: Pick<ModelInfo, 'lifecycle' | 'deprecated_at' | 'retires_at'> = { lifecycle: 'active', deprecated_at: null, retires_at: null },
): ModelInfo {
  return { type: 'model', id, display_name, created_at, line, capabilities, ...lifecycle, max_input_tokens: limits.input, max_tokens: limits.output };
}

/**
 * What the fake's /v1/models serves, newest first as the API lists them. The three current models read images and
 * PDFs; `claude-sonnet-4-5` is deprecated (thinking with a budget only, no effort) and `claude-opus-4-1` retired
 * (listed only when `lifecycle[]=retired` is asked for, as the API does); `claude-text-only-test` reads neither
 * images nor PDFs (for the "model takes no images" paths), and `claude-no-capabilities-test` answers
 * `capabilities: null`, as a gateway that passes the list through may.
 */
export const FAKE_MODELS: readonly ModelInfo[] = [
  model('claude-opus-5-5', 'Claude Opus 5.5', '2026-11-04T00:00:00Z', 'opus', modelCapabilities({ images: true, pdfs: true, thinking: true, xhigh: true }), { input: 1_000_000, output: 128_000 }),
  model('claude-sonnet-5-5', 'Claude Sonnet 5.5', '2026-11-04T00:00:00Z', 'sonnet', modelCapabilities({ images: true, pdfs: true, thinking: true, xhigh: true }), { input: 1_000_000, output: 128_000 }),
  model('claude-haiku-5-5', 'Claude Haiku 5.5', '2026-10-15T00:00:00Z', 'haiku', modelCapabilities({ images: true, pdfs: true, thinking: true, xhigh: false }), { input: 200_000, output: 64_000 }),
  model('claude-sonnet-4-5', 'Claude Sonnet 4.5', '2025-09-29T00:00:00Z', 'sonnet', modelCapabilities({ images: true, pdfs: true, thinking: true, xhigh: false, adaptive: false, effort: false }), { input: 200_000, output: 64_000 }, {
    lifecycle: 'deprecated',
    deprecated_at: '2026-05-14T00:00:00Z',
    retires_at: '2026-11-30T00:00:00Z',
  }),
  model('claude-opus-4-1', 'Claude Opus 4.1', '2025-08-05T00:00:00Z', 'opus', modelCapabilities({ images: true, pdfs: true, thinking: true, xhigh: false, adaptive: false, effort: false }), { input: 200_000, output: 32_000 }, {
    lifecycle: 'retired',
    deprecated_at: '2026-02-01T00:00:00Z',
    retires_at: '2026-08-05T00:00:00Z',
  }),
  model('claude-text-only-test', 'Text-only test model', '2025-01-01T00:00:00Z', null, modelCapabilities({ images: false, pdfs: false, thinking: false, xhigh: false }), { input: 200_000, output: 8_192 }),
  model('claude-no-capabilities-test', 'Model without capabilities (test)', '2024-01-01T00:00:00Z', null, null, { input: 200_000, output: 8_192 }),
];
