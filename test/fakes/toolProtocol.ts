import { createHmac, randomBytes } from 'node:crypto';
import type http from 'node:http';
import type { Scenario } from './scenarios';

/**
 * Tool use on the fake server's wire, as strict as the API: the 400s a request with tools, tool blocks or thinking
 * blocks gets when it is malformed, the signatures of the thinking blocks the fake streams (so a client that alters
 * or invents one is caught the way the API catches it), and the stream of an answer that calls tools.
 */

export type ToolUseScenario = Extract<Scenario, { kind: 'toolUse' }>;

/** The parts of a Messages or count_tokens body the tool checks read; everything else is checked elsewhere. */
export interface ToolRequestBody {
  messages: { role: string; content: string | unknown[] }[];
  tools?: unknown;
  tool_choice?: unknown;
  thinking?: { type?: unknown };
  stream?: boolean;
}

type Block = Record<string, unknown>;

/** The signing key of the fake's thinking signatures: fixed, so a signature stays valid across restarts of the demo. */
const SIGNATURE_KEY = 'claude-chat-fake-anthropic-server/thinking-signature/v1';

/** The signature the fake gives a thinking block: an HMAC of its text, which only the fake can make and check. */
export function signThinking(thinking: string): string {
  return createHmac('sha256', SIGNATURE_KEY).update(thinking, 'utf8').digest('base64');
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** An id shaped like the API's ("toolu_01" and 22 letters or digits), random so ids never repeat across answers. */
export function newToolUseId(): string {
  return `toolu_01${Array.from(randomBytes(22), (byte) => BASE62[byte % 62]).join('')}`;
}

export function thinkingOn(body: { thinking?: { type?: unknown } }): boolean {
  return body.thinking?.type === 'enabled' || body.thinking?.type === 'adaptive';
}

/** The names of the request's tools (none when it defines none). */
export function definedToolNames(body: { tools?: unknown }): string[] {
  return Array.isArray(body.tools) ? body.tools.map((tool: { name?: unknown }) => String(tool?.name)) : [];
}

const NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;
const ID_PATTERN = /^[a-zA-Z0-9_-]+$/;
const TOOL_KEYS = ['type', 'name', 'description', 'input_schema', 'cache_control', 'allowed_callers', 'defer_loading', 'eager_input_streaming', 'input_examples', 'strict'];
const RESULT_CONTENT_TYPES = ['text', 'image', 'search_result', 'document'];
const isObject = (value: unknown): value is Block => typeof value === 'object' && value !== null && !Array.isArray(value);
const blocksOf = (message: ToolRequestBody['messages'][number]): Block[] => (Array.isArray(message.content) ? (message.content as Block[]) : []);

function toolsProblem(tools: unknown): string | undefined {
  if (tools === undefined) return undefined;
  if (!Array.isArray(tools)) return 'tools: Input should be a valid list';
  const seen = new Set<string>();
  for (const [i, tool] of tools.entries()) {
    if (!isObject(tool)) return `tools.${i}: Input should be a valid dictionary`;
    if (tool.type !== undefined && tool.type !== null && tool.type !== 'custom') return `tools.${i}.type: the fake server serves custom tools only, not '${String(tool.type)}'`;
    const extra = Object.keys(tool).find((key) => !TOOL_KEYS.includes(key));
    if (extra) return `tools.${i}.${extra}: Extra inputs are not permitted`;
    if (typeof tool.name !== 'string' || !NAME_PATTERN.test(tool.name)) return `tools.${i}.name: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'`;
    if (tool.description !== undefined && typeof tool.description !== 'string') return `tools.${i}.description: Input should be a valid string`;
    if (!isObject(tool.input_schema)) return `tools.${i}.input_schema: Field required`;
    if (tool.input_schema.type !== 'object') return `tools.${i}.input_schema.type: Input should be 'object'`;
    if (seen.has(tool.name)) return 'tools: Tool names must be unique.';
    seen.add(tool.name);
  }
  return undefined;
}

function toolChoiceProblem(body: ToolRequestBody): string | undefined {
  const choice = body.tool_choice;
  if (choice === undefined) return undefined;
  if (!isObject(choice) || !['auto', 'any', 'tool', 'none'].includes(String(choice.type))) {
    return `tool_choice: Input tag '${String(isObject(choice) ? choice.type : choice)}' found using 'type' does not match any of the expected tags: 'auto', 'any', 'tool', 'none'`;
  }
  if (choice.disable_parallel_tool_use !== undefined && typeof choice.disable_parallel_tool_use !== 'boolean') {
    return `tool_choice.${choice.type}.disable_parallel_tool_use: Input should be a valid boolean`;
  }
  const forces = choice.type === 'any' || choice.type === 'tool';
  if (forces && definedToolNames(body).length === 0) return 'tool_choice: tool_choice may only be specified while providing tools.';
  if (choice.type === 'tool') {
    if (typeof choice.name !== 'string') return 'tool_choice.tool.name: Field required';
    if (!definedToolNames(body).includes(choice.name)) return `tool_choice.tool.name: Tool '${choice.name}' not found in tools`;
  }
  if (forces && thinkingOn(body)) return 'Thinking may not be enabled when tool_choice forces tool use.';
  return undefined;
}

/** The shape of one tool_use, tool_result or thinking block, and whether it may be in this role's message. */
function blockProblem(block: Block, role: string, at: string): string | undefined {
  const { type } = block;
  if ((type === 'tool_use' || type === 'thinking' || type === 'redacted_thinking') && role !== 'assistant') return `${at}: \`${type}\` blocks are only allowed in \`assistant\` messages`;
  if (type === 'tool_result' && role !== 'user') return `${at}: \`tool_result\` blocks are only allowed in \`user\` messages`;
  if (type === 'tool_use') {
    if (typeof block.id !== 'string' || !ID_PATTERN.test(block.id)) return `${at}.tool_use.id: String should match pattern '^[a-zA-Z0-9_-]+$'`;
    if (typeof block.name !== 'string' || !NAME_PATTERN.test(block.name)) return `${at}.tool_use.name: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'`;
    if (!isObject(block.input)) return `${at}.tool_use.input: Input should be a valid dictionary`;
  }
  if (type === 'tool_result') {
    if (typeof block.tool_use_id !== 'string' || !ID_PATTERN.test(block.tool_use_id)) return `${at}.tool_result.tool_use_id: String should match pattern '^[a-zA-Z0-9_-]+$'`;
    if (block.is_error !== undefined && typeof block.is_error !== 'boolean') return `${at}.tool_result.is_error: Input should be a valid boolean`;
    const content = block.content;
    if (content !== undefined && typeof content !== 'string') {
      if (!Array.isArray(content)) return `${at}.tool_result.content: Input should be a valid string or a list of content blocks`;
      for (const [k, part] of content.entries()) {
        const partType = isObject(part) ? String(part.type) : String(part);
        if (!RESULT_CONTENT_TYPES.includes(partType)) {
          return `${at}.tool_result.content.${k}: Input tag '${partType}' found using 'type' does not match any of the expected tags: 'text', 'image', 'search_result', 'document'`;
        }
        if (partType === 'text' && (typeof (part as Block).text !== 'string' || (part as Block).text === '')) return `${at}.tool_result.content.${k}.text: text content blocks must be non-empty`;
      }
    }
  }
  if (type === 'thinking') {
    if (typeof block.thinking !== 'string') return `${at}.thinking.thinking: Field required`;
    if (typeof block.signature !== 'string') return `${at}.thinking.signature: Field required`;
    if (block.signature !== signThinking(block.thinking)) return `${at}: Invalid \`signature\` in \`thinking\` block`;
  }
  return undefined;
}

/** Every tool_use answered by a tool_result at the start of the very next message, and no result without its call. */
function pairingProblem(messages: ToolRequestBody['messages']): string | undefined {
  const seenIds = new Set<string>();
  for (const [i, message] of messages.entries()) {
    const blocks = blocksOf(message);
    if (message.role === 'assistant') {
      const ids = blocks.filter((block) => block.type === 'tool_use').map((block) => String(block.id));
      for (const [j, block] of blocks.entries()) {
        if (block.type !== 'tool_use') continue;
        if (seenIds.has(String(block.id))) return `messages.${i}.content.${j}: \`tool_use\` ids must be unique`;
        seenIds.add(String(block.id));
      }
      const next = messages[i + 1];
      const leading = next?.role === 'user' ? leadingResults(blocksOf(next)) : [];
      const missing = ids.filter((id) => !leading.includes(id));
      if (missing.length > 0) {
        return `messages.${i}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`;
      }
    } else {
      const previous = messages[i - 1];
      const asked = previous?.role === 'assistant' ? blocksOf(previous).filter((block) => block.type === 'tool_use').map((block) => String(block.id)) : [];
      const answered = new Set<string>();
      for (const [j, block] of blocks.entries()) {
        if (block.type !== 'tool_result') continue;
        const id = String(block.tool_use_id);
        if (!asked.includes(id)) {
          return `messages.${i}.content.${j}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${id}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`;
        }
        if (answered.has(id)) return `messages.${i}.content.${j}: each \`tool_use\` must have a single \`tool_result\` block, found a second one for ${id}`;
        answered.add(id);
      }
    }
  }
  return undefined;
}

/** The ids answered by the run of tool_result blocks a message starts with (a result after any other block is late). */
function leadingResults(blocks: Block[]): string[] {
  const ids: string[] = [];
  for (const block of blocks) {
    if (block.type !== 'tool_result') break;
    ids.push(String(block.tool_use_id));
  }
  return ids;
}

/**
 * With thinking on, a request that continues a tool loop (its last message answers tool calls) must send the calling
 * answer back starting with its thinking: the API keeps one thinking configuration for the whole loop.
 */
function loopThinkingProblem(body: ToolRequestBody): string | undefined {
  const { messages } = body;
  const last = messages.at(-1);
  const caller = messages.at(-2);
  if (!thinkingOn(body) || !last || last.role !== 'user' || blocksOf(last)[0]?.type !== 'tool_result' || caller?.role !== 'assistant') return undefined;
  const first = blocksOf(caller)[0];
  if (first?.type === 'thinking' || first?.type === 'redacted_thinking') return undefined;
  return (
    `messages.${messages.length - 2}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${String(first?.type ?? 'text')}\`. ` +
    'When `thinking` is enabled, a final `assistant` message must start with a thinking block (preceeding the lastmost set of `tool_use` and `tool_result` blocks). ' +
    'We recommend you include thinking blocks from previous turns. To avoid this requirement, disable `thinking`. ' +
    'Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking'
  );
}

/**
 * The API's 400 message for a request whose tools, tool_choice, tool blocks or thinking blocks are wrong, or
 * undefined. Runs on Messages and count_tokens requests alike, after the basic shape of `messages` was checked.
 */
export function toolRequestProblem(body: ToolRequestBody): string | undefined {
  const problem = toolsProblem(body.tools) ?? toolChoiceProblem(body);
  if (problem) return problem;
  let hasToolBlocks = false;
  for (const [i, message] of body.messages.entries()) {
    for (const [j, block] of blocksOf(message).entries()) {
      if (!isObject(block)) continue;
      const blockError = blockProblem(block, message.role, `messages.${i}.content.${j}`);
      if (blockError) return blockError;
      if (block.type === 'tool_use' || block.type === 'tool_result') hasToolBlocks = true;
    }
  }
  if (hasToolBlocks && definedToolNames(body).length === 0) return 'Requests which include `tool_use` or `tool_result` blocks must define tools.';
  return pairingProblem(body.messages) ?? loopThinkingProblem(body);
}

/** The scenario with an id on every call, given once per answer so the stream and the final message agree. */
export function withToolIds(scenario: ToolUseScenario): ToolUseScenario {
  return { ...scenario, calls: scenario.calls.map((call) => ({ ...call, id: call.id ?? newToolUseId() })) };
}

/** A non-streamed answer's content: the thinking (signed), the text, then the calls. */
export function toolUseContent(scenario: ToolUseScenario): unknown[] {
  const calls = withToolIds(scenario).calls.map((call) => ({ type: 'tool_use', id: call.id, name: call.name, input: call.input }));
  return [
    ...(scenario.thinking ? [{ type: 'thinking', thinking: scenario.thinking, signature: signThinking(scenario.thinking) }] : []),
    ...(scenario.text ? [{ type: 'text', text: scenario.text }] : []),
    ...calls,
  ];
}

/** Pieces of at most `size` characters, cut wherever that falls: inside a key, a string or a number, as the API does. */
function pieces(text: string, size: number): string[] {
  const characters = Array.from(text);
  const out: string[] = [];
  for (let i = 0; i < characters.length; i += size) out.push(characters.slice(i, i + size).join(''));
  return out;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Streams a tool-calling answer after message_start: a thinking block (with its signature) when the scenario has one,
 * its text, then each call as content_block_start {tool_use, input: {}}, input_json_delta pieces (the first one
 * empty, as the API sends it) and content_block_stop; then stop_reason tool_use.
 */
export async function streamToolUse(scenario: ToolUseScenario, send: (event: string, data: unknown) => void, res: http.ServerResponse): Promise<void> {
  const size = scenario.chunkSize ?? 12;
  const pause = async () => {
    if (scenario.delayMs) await sleep(scenario.delayMs);
  };
  let index = 0;
  let outputTokens = 0;
  const block = async (start: unknown, deltas: unknown[]) => {
    send('content_block_start', { type: 'content_block_start', index, content_block: start });
    for (const delta of deltas) {
      if (res.destroyed) return;
      send('content_block_delta', { type: 'content_block_delta', index, delta });
      outputTokens++;
      await pause();
    }
    send('content_block_stop', { type: 'content_block_stop', index });
    index++;
  };
  if (scenario.thinking) {
    const deltas = pieces(scenario.thinking, size).map((thinking) => ({ type: 'thinking_delta', thinking }));
    await block({ type: 'thinking', thinking: '', signature: '' }, [...deltas, { type: 'signature_delta', signature: signThinking(scenario.thinking) }]);
  }
  if (scenario.text) await block({ type: 'text', text: '' }, pieces(scenario.text, size).map((text) => ({ type: 'text_delta', text })));
  for (const call of withToolIds(scenario).calls) {
    const json = pieces(JSON.stringify(call.input), Math.max(3, Math.floor(size / 2)));
    await block({ type: 'tool_use', id: call.id, name: call.name, input: {} }, ['', ...json].map((partial_json) => ({ type: 'input_json_delta', partial_json })));
  }
  if (res.destroyed) return;
  send('message_delta', { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: outputTokens } });
  send('message_stop', { type: 'message_stop' });
  res.end();
}
