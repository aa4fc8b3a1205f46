import assert from 'node:assert/strict';
import type Anthropic from '@anthropic-ai/sdk';
import { createAnthropicClient } from '../../../src/api/clientFactory';
import { TOOL_DEFINITIONS } from '../../../src/shared/toolCatalog';
import { FakeAnthropicServer } from '../../fakes/anthropicServer';
import { NAMED_SCENARIOS } from '../../fakes/scenarios';
import { signThinking } from '../../fakes/toolProtocol';

type Params = Anthropic.MessageCreateParamsNonStreaming;
type Body = Record<string, unknown> & { messages: unknown[] };

/** The fake speaks tool use as the API does, and refuses what the API refuses, so the host's tool loop is really tested. */
describe('fake Anthropic server: tool use on the wire', function () {
  this.timeout(20_000);
  const server = new FakeAnthropicServer();
  let url = '';
  let client: Anthropic;
  before(async () => {
    url = await server.start();
    client = createAnthropicClient({ apiKey: 'sk-ant-any-key-00000000000', baseUrl: url, headersTimeoutMs: 5_000, maxRetries: 0 });
  });
  after(() => server.stop());
  beforeEach(() => server.reset());

  const model = 'claude-sonnet-5-5';
  const tools = TOOL_DEFINITIONS as unknown as Anthropic.Tool[];
  const call = { name: 'read_file', input: { path: 'src/app.ts', start_line: 3, end_line: 40 } };

  async function post(path: string, body: Body) {
    const response = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2026-10-21', 'x-api-key': 'sk-ant-any-key-00000000000' },
      body: JSON.stringify(body),
    });
    return { status: response.status, text: await response.text() };
  }

  /** The API's error message for a Messages request, or 'ok'; count_tokens must agree. */
  async function verdict(body: Body): Promise<string> {
    // Not streamed: the checks are the same, and a title-sized answer comes back at once.
    const answer = await post('/v1/messages', { model, max_tokens: 4096, ...body });
    const counted = await post('/v1/messages/count_tokens', { model, ...body });
    assert.equal(counted.status, answer.status, counted.text);
    if (answer.status === 200) return 'ok';
    assert.equal(answer.status, 400, answer.text);
    const error = JSON.parse(answer.text).error;
    assert.equal(error.type, 'invalid_request_error');
    return error.message;
  }

  const user = (...content: unknown[]) => ({ role: 'user', content });
  const assistant = (...content: unknown[]) => ({ role: 'assistant', content });
  const text = (value: string) => ({ type: 'text', text: value });
  const use = (id: string, name = 'list_files', input: unknown = {}) => ({ type: 'tool_use', id, name, input });
  const result = (id: string, content: unknown = 'README.md', extra: Record<string, unknown> = {}) => ({ type: 'tool_result', tool_use_id: id, content, ...extra });
  const loop = (...rest: unknown[]) => [user(text('hi')), assistant(text('Looking.'), use('toolu_a'), use('toolu_b')), ...rest];

  it('count_tokens counts the tool definitions, as the API does (they head the prompt)', async () => {
    const messages = [user(text('hi'))];
    const without = JSON.parse((await post('/v1/messages/count_tokens', { model, messages })).text).input_tokens as number;
    const withTools = JSON.parse((await post('/v1/messages/count_tokens', { model, tools, messages })).text).input_tokens as number;
    const expected = TOOL_DEFINITIONS.reduce((sum, tool) => sum + Math.ceil(JSON.stringify(tool).length / 4), 0);
    assert.equal(withTools - without, expected);
  });

  it('streams a tool_use block as the API does: input {} at the start, input_json_delta pieces cut mid-token, stop_reason tool_use', async () => {
    server.enqueue({ kind: 'toolUse', text: 'Let me read it.', calls: [call] });
    const response = await post('/v1/messages', { model, max_tokens: 100, stream: true, tools, messages: [user(text('hi'))] });
    const events = response.text.split('\n\n').filter(Boolean).map((chunk) => JSON.parse(chunk.split('\ndata: ')[1]));
    const start = events.find((event) => event.type === 'content_block_start' && event.content_block.type === 'tool_use');
    assert.equal(start.index, 1);
    assert.match(start.content_block.id, /^toolu_01[A-Za-z0-9]{22}$/);
    assert.deepEqual({ ...start.content_block, id: 'x' }, { type: 'tool_use', id: 'x', name: 'read_file', input: {} });
    const pieces = events.filter((event) => event.delta?.type === 'input_json_delta').map((event) => event.delta.partial_json as string);
    assert.equal(pieces[0], '', 'the first piece is empty, as the API sends it');
    assert.ok(pieces.length > 3 && pieces.slice(1, -1).every((piece) => !isJson(piece)), 'cut inside tokens');
    assert.deepEqual(JSON.parse(pieces.join('')), call.input);
    const last = events.at(-2);
    assert.deepEqual(last.delta, { stop_reason: 'tool_use', stop_sequence: null });
    assert.deepEqual(events.at(-1), { type: 'message_stop' });
  });

  it('gives the SDK the text, then the call with its parsed input; a new id on every call', async () => {
    server.enqueue({ kind: 'toolUse', text: 'Two files.', calls: [call, { name: 'get_editor_state', input: {} }] });
    const message = await client.messages.stream({ model, max_tokens: 100, tools, messages: [{ role: 'user', content: 'hi' }] }).finalMessage();
    assert.equal(message.stop_reason, 'tool_use');
    assert.deepEqual(
      message.content.map((block) => (block.type === 'tool_use' ? [block.name, block.input] : [block.type, block.type === 'text' ? block.text : ''])),
      [['text', 'Two files.'], ['read_file', call.input], ['get_editor_state', {}]],
    );
    const ids = message.content.flatMap((block) => (block.type === 'tool_use' ? [block.id] : []));
    assert.equal(new Set(ids).size, 2);
  });

  it('answers a non-streamed request with the calls too', async () => {
    const message = await client.messages.create({ model, max_tokens: 100, tools, messages: [{ role: 'user', content: '[scenario:tools-parallel]' }] } as Params);
    assert.equal(message.stop_reason, 'tool_use');
    assert.deepEqual(
      message.content.filter((block) => block.type === 'tool_use').map((block) => block.name),
      ['list_files', 'search_text', 'get_editor_state'],
    );
  });

  it('signs thinking so it verifies, with thinking before the calls; the loop continues only with the thinking sent back unchanged', async () => {
    server.enqueue({ kind: 'toolUse', calls: [call] });
    const thinking = { type: 'adaptive' } as const;
    const first = await client.messages.stream({ model, max_tokens: 4096, thinking, tools, messages: [{ role: 'user', content: 'hi' }] }).finalMessage();
    const [think, toolUse] = first.content;
    assert.ok(think.type === 'thinking' && toolUse.type === 'tool_use');
    assert.match(think.thinking, /asked to think with adaptive thinking\. It decides which tool to call\./);
    assert.equal(think.signature, signThinking(think.thinking));
    const continued = (blocks: unknown[]) => ({ thinking, tools, messages: [user(text('hi')), assistant(...blocks), user(result(toolUse.id))] });
    assert.equal(await verdict(continued(first.content)), 'ok');
    assert.equal(await verdict(continued([{ ...think, thinking: `${think.thinking} ` }, toolUse])), 'messages.1.content.0: Invalid `signature` in `thinking` block');
    assert.equal(await verdict(continued([{ ...think, signature: signThinking('something else') }, toolUse])), 'messages.1.content.0: Invalid `signature` in `thinking` block');
    assert.match(await verdict(continued([toolUse])), /^messages\.1\.content\.0\.type: Expected `thinking` or `redacted_thinking`, but found `tool_use`\. When `thinking` is enabled, a final `assistant` message must start with a thinking block/);
    const withoutThinking = { tools, messages: [user(text('hi')), assistant(toolUse), user(result(toolUse.id))] };
    assert.equal(await verdict(withoutThinking), 'ok', 'with thinking off, no thinking is needed');
  });

  it('signs the thinking of a text answer too, and checks it in any earlier turn', async () => {
    server.enqueue(NAMED_SCENARIOS.thinking);
    const message = await client.messages.stream({ model, max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] }).finalMessage();
    const [think] = message.content;
    assert.ok(think.type === 'thinking');
    assert.equal(think.signature, signThinking('Let me think about this step by step.'));
    const later = (signature: string) => ({ messages: [user(text('hi')), assistant({ ...think, signature }, text('Done.')), user(text('and?'))] });
    assert.equal(await verdict(later(think.signature)), 'ok');
    assert.equal(await verdict(later('fake-signature')), 'messages.1.content.0: Invalid `signature` in `thinking` block');
  });

  it('refuses malformed tools', async () => {
    const tool = TOOL_DEFINITIONS[0];
    const cases: [unknown, string][] = [
      [{ name: 'read_file' }, 'tools: Input should be a valid list'],
      [[{ ...tool, name: 'read file' }], "tools.0.name: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'"],
      [[{ ...tool, name: 'x'.repeat(65) }], "tools.0.name: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'"],
      [[tool, tool], 'tools: Tool names must be unique.'],
      [[{ name: 'a', description: 'd' }], 'tools.0.input_schema: Field required'],
      [[{ name: 'a', input_schema: { type: 'string' } }], "tools.0.input_schema.type: Input should be 'object'"],
      [[{ ...tool, inputSchema: {} }], 'tools.0.inputSchema: Extra inputs are not permitted'],
    ];
    for (const [value, message] of cases) assert.equal(await verdict({ tools: value, messages: [user(text('hi'))] }), message);
  });

  it('refuses a bad tool_choice, and a forced one with thinking on', async () => {
    const hi = [user(text('hi'))];
    assert.equal(await verdict({ tools, tool_choice: { type: 'auto' }, thinking: { type: 'adaptive' }, messages: hi }), 'ok');
    assert.equal(await verdict({ tools, tool_choice: { type: 'tool', name: 'read_file' }, messages: hi }), 'ok');
    assert.equal(await verdict({ tools, tool_choice: { type: 'required' }, messages: hi }), "tool_choice: Input tag 'required' found using 'type' does not match any of the expected tags: 'auto', 'any', 'tool', 'none'");
    assert.equal(await verdict({ tools, tool_choice: { type: 'tool', name: 'write_file' }, messages: hi }), "tool_choice.tool.name: Tool 'write_file' not found in tools");
    assert.equal(await verdict({ tool_choice: { type: 'any' }, messages: hi }), 'tool_choice: tool_choice may only be specified while providing tools.');
    for (const thinking of [{ type: 'enabled', budget_tokens: 2048 }, { type: 'adaptive' }]) {
      assert.equal(await verdict({ tools, thinking, tool_choice: { type: 'any' }, messages: hi }), 'Thinking may not be enabled when tool_choice forces tool use.');
    }
  });

  it('refuses tool blocks without tools', async () => {
    const round = loop(user(result('toolu_a'), result('toolu_b')));
    assert.equal(await verdict({ messages: round }), 'Requests which include `tool_use` or `tool_result` blocks must define tools.');
    assert.equal(await verdict({ tools: [], messages: round }), 'Requests which include `tool_use` or `tool_result` blocks must define tools.');
  });

  it('refuses calls not answered in the very next message, or answered after text', async () => {
    // Accepted: every call answered first thing in the next message, as a string or text blocks, then the user's words.
    const round = loop(user(result('toolu_a', [text('a.ts'), text('b.ts')]), result('toolu_b', 'The user denied this call.', { is_error: true }), text('Go on.')));
    assert.equal(await verdict({ tools, messages: round }), 'ok');
    assert.equal(await verdict({ tools, tool_choice: { type: 'none' }, messages: round }), 'ok', 'tools off, history kept');
    const missing = (ids: string) => `messages.1: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${ids}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`;
    assert.equal(await verdict({ tools, messages: loop(user(result('toolu_a'))) }), missing('toolu_b'));
    assert.equal(await verdict({ tools, messages: loop(user(text('never mind'))) }), missing('toolu_a, toolu_b'));
    assert.equal(await verdict({ tools, messages: loop(user(result('toolu_a'), text('also'), result('toolu_b'))) }), missing('toolu_b'));
    assert.equal(await verdict({ tools, messages: loop() }), missing('toolu_a, toolu_b'), 'an answer ending in calls');
    const later = [...loop(user(text('first'))), assistant(text('ok')), user(result('toolu_a'), result('toolu_b'))];
    assert.equal(await verdict({ tools, messages: later }), missing('toolu_a, toolu_b'), 'answered one turn too late');
  });

  it('refuses results for calls the previous answer did not make, and repeated ids', async () => {
    assert.equal(
      await verdict({ tools, messages: loop(user(result('toolu_a'), result('toolu_b'), result('toolu_c'))) }),
      'messages.2.content.2: unexpected `tool_use_id` found in `tool_result` blocks: toolu_c. Each `tool_result` block must have a corresponding `tool_use` block in the previous message.',
    );
    assert.match(await verdict({ tools, messages: [user(result('toolu_a'))] }), /^messages\.0\.content\.0: unexpected `tool_use_id`/);
    assert.match(await verdict({ tools, messages: loop(user(result('toolu_a'), result('toolu_b'), result('toolu_a'))) }), /^messages\.2\.content\.2: each `tool_use` must have a single `tool_result`/);
    const reused = [...loop(user(result('toolu_a'), result('toolu_b'))), assistant(use('toolu_a')), user(result('toolu_a'))];
    assert.equal(await verdict({ tools, messages: reused }), 'messages.3.content.0: `tool_use` ids must be unique');
  });

  it('refuses malformed tool blocks and tool blocks in the wrong role', async () => {
    const cases: [unknown[], string][] = [
      [loop(user(result('toolu_a', [{ type: 'tool_use' }]), result('toolu_b'))), "messages.2.content.0.tool_result.content.0: Input tag 'tool_use' found using 'type' does not match any of the expected tags: 'text', 'image', 'search_result', 'document'"],
      [loop(user(result('toolu_a', 42), result('toolu_b'))), 'messages.2.content.0.tool_result.content: Input should be a valid string or a list of content blocks'],
      [loop(user(result('toolu_a', [text('')]), result('toolu_b'))), 'messages.2.content.0.tool_result.content.0.text: text content blocks must be non-empty'],
      [loop(user(result('toolu_a', 'x', { is_error: 'yes' }), result('toolu_b'))), 'messages.2.content.0.tool_result.is_error: Input should be a valid boolean'],
      [[user(text('hi')), assistant(use('toolu a'))], "messages.1.content.0.tool_use.id: String should match pattern '^[a-zA-Z0-9_-]+$'"],
      [[user(text('hi')), assistant(use('toolu_a', 'list_files', '{}'))], 'messages.1.content.0.tool_use.input: Input should be a valid dictionary'],
      [[user(use('toolu_a'))], 'messages.0.content.0: `tool_use` blocks are only allowed in `assistant` messages'],
      [[user(text('hi')), assistant(result('toolu_a'))], 'messages.1.content.0: `tool_result` blocks are only allowed in `user` messages'],
      [[user(text('hi')), assistant({ type: 'thinking', thinking: 'hm' }, text('x')), user(text('y'))], 'messages.1.content.0.thinking.signature: Field required'],
    ];
    for (const [messages, message] of cases) assert.equal(await verdict({ tools, messages }), message);
  });
});

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
