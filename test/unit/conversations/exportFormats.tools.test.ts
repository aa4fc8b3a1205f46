import assert from 'node:assert/strict';
import { createAnthropicClient } from '../../../src/api/clientFactory';
import { toolParams } from '../../../src/api/requestBuilder';
import { fromApiJson, toApiJson, toMarkdown, type ImportOptions } from '../../../src/conversations/exportFormats';
import type { ChatBlock, ChatMessage, Conversation } from '../../../src/shared/conversation';
import { visiblePath } from '../../../src/shared/conversationTree';
import { FakeAnthropicServer } from '../../fakes/anthropicServer';
import { signThinking } from '../../fakes/toolProtocol';
import { conversation } from '../../helpers/conversationFixtures';

let ids = 0;
const options: ImportOptions = { newId: (prefix) => `${prefix}_${++ids}`, defaults: { model: 'claude-sonnet-5-5', systemPrompt: '' }, now: 1_000, putAttachment: async () => undefined };
const noFiles = () => Promise.reject(new Error('no attachment expected'));
const DAY = new Date('2026-11-22T00:00:00Z');

function turn(id: string, parentId: string | null, role: ChatMessage['role'], blocks: ChatBlock[], extra: Partial<ChatMessage> = {}): ChatMessage {
  return { id, parentId, role, blocks, status: 'complete', createdAt: ids++, ...extra };
}

const CALL_READ: ChatBlock = { type: 'tool_use', id: 'toolu_01read', name: 'read_file', inputJson: '{"path":"src/a.ts","start_line":1}' };
const CALL_ENV: ChatBlock = { type: 'tool_use', id: 'toolu_02env', name: 'read_file', inputJson: '{"path":".env"}' };
const FILE_TEXT = Array.from({ length: 30 }, (_, i) => `${i + 1}\tconst line${i + 1} = \`${i}\`;`).join('\n');

/** A question answered through one tool round (a file read, a call refused), then the final answer. */
function toolLoop(recorded = true): Conversation {
  const request: Partial<ChatMessage> = recorded ? { request: { model: 'claude-sonnet-5-5', maxTokens: 1024, systemPrompt: '', tools: 'auto' } } : {};
  return conversation(
    turn('q', null, 'user', [{ type: 'text', text: 'What does a.ts do?' }]),
    turn('a1', 'q', 'assistant', [{ type: 'thinking', thinking: 'Read it.', signature: signThinking('Read it.') }, { type: 'text', text: 'Let me look.' }, CALL_READ, CALL_ENV], { stopReason: 'tool_use', ...request }),
    turn('r1', 'a1', 'user', [
      { type: 'tool_result', toolUseId: 'toolu_01read', content: FILE_TEXT, isError: false, file: { path: 'src/a.ts', startLine: 1, endLine: 30 } },
      { type: 'tool_result', toolUseId: 'toolu_02env', content: 'Denied by the user.', isError: true },
    ]),
    turn('a2', 'r1', 'assistant', [{ type: 'text', text: 'It declares thirty constants.' }], { stopReason: 'end_turn', ...request }),
  );
}

describe('export and import of a conversation with tool calls', () => {
  it('shows each call in Markdown with its result under it (cut short, errors marked), and no empty “You” for the host’s turn', () => {
    const markdown = toMarkdown(toolLoop(), DAY);
    assert.equal(markdown.match(/^## You$/gm)?.length, 1, 'only the question is the user’s');
    assert.equal(markdown.match(/^## Claude$/gm)?.length, 1, 'the answer goes on through its tool round');
    assert.ok(markdown.includes('**Tool call** `read_file` `{"path":"src/a.ts","start_line":1}`\n\n> **Result** (`src/a.ts`, lines 1–30):\n> ```\n> 1\tconst line1 = `0`;'));
    assert.ok(markdown.includes('> 20\tconst line20 = `19`;\n> ```\n> _(Cut: 30 lines, '), 'twenty lines, then what was cut');
    assert.ok(!markdown.includes('line21'));
    assert.ok(markdown.includes('**Tool call** `read_file` `{"path":".env"}`\n\n> **Error**:\n> ```\n> Denied by the user.\n> ```'));
    assert.ok(markdown.indexOf('Denied by the user.') < markdown.indexOf('It declares thirty constants.'));
  });

  it('says in Markdown when a call was not run, shows a reply’s own words, and fences content that holds backticks', () => {
    const c = toolLoop();
    c.messages.splice(2, 2, turn('reply', 'a1', 'user', [{ type: 'tool_result', toolUseId: 'toolu_01read', content: 'x ```` y', isError: false }, { type: 'text', text: 'Never mind.' }]));
    const markdown = toMarkdown(c, DAY);
    assert.ok(markdown.includes('> **Result**:\n> `````\n> x ```` y\n> `````'));
    assert.ok(markdown.includes('**Tool call** `read_file` `{"path":".env"}`\n\n> _(Not run.)_'));
    assert.match(markdown, /## You\n\nNever mind\.\n$/);
    // A turn of results answering no call before it (a hand-made import) is shown, not dropped.
    const orphan = conversation(turn('q', null, 'user', [{ type: 'text', text: 'Hi' }]), turn('a', 'q', 'assistant', [{ type: 'text', text: 'Hello' }]), turn('o', 'a', 'user', [{ type: 'tool_result', toolUseId: 'toolu_gone', content: 'stray', isError: false }]));
    assert.match(toMarkdown(orphan, DAY), /## You\n\n> \*\*Result\*\*:\n> ```\n> stray\n> ```\n$/);
  });

  it('exports JSON the API accepts: the tools defined beside the tool blocks, a trailing unanswered call left out', async () => {
    const json = await toApiJson(toolLoop(), 4096, noFiles);
    assert.deepEqual(Object.keys(json), ['model', 'max_tokens', 'tools', 'messages']);
    assert.deepEqual(json.tools, toolParams());
    assert.deepEqual(json.messages[2].content, [
      { type: 'tool_result', tool_use_id: 'toolu_01read', content: FILE_TEXT },
      { type: 'tool_result', tool_use_id: 'toolu_02env', content: 'Denied by the user.', is_error: true },
    ]);
    // Asked without a recorded request (or with tools off): defined, calls forbidden.
    const unrecorded = await toApiJson(toolLoop(false), 4096, noFiles);
    assert.deepEqual(unrecorded.tool_choice, { type: 'none' });
    assert.deepEqual(unrecorded.tools, toolParams());
    const waiting = toolLoop();
    waiting.messages.splice(2);
    const stripped = await toApiJson(waiting, 4096, noFiles);
    assert.deepEqual((stripped.messages.at(-1)?.content as { type: string }[]).map((block) => block.type), ['thinking', 'text']);

    const server = new FakeAnthropicServer({ validKeys: ['sk-ant-export'] });
    const baseUrl = await server.start();
    try {
      const client = createAnthropicClient({ apiKey: 'sk-ant-export', baseUrl, headersTimeoutMs: 10_000 });
      // The fake checks what the API checks: tools defined beside tool blocks, every call answered first thing.
      for (const body of [json, unrecorded, stripped]) await client.messages.create({ ...body, stream: false }, { maxRetries: 0 });
      assert.equal(server.messageRequests.length, 3);
    } finally {
      await server.stop();
    }
  });

  it('imports tool calls and results back: an export round-trips the conversation (but for the file chip)', async () => {
    const original = toolLoop();
    const result = await fromApiJson(JSON.stringify(await toApiJson(original, 4096, noFiles)), options);
    assert.ok(result.ok, result.ok ? '' : result.reason);
    const strip = (block: ChatBlock): ChatBlock => (block.type === 'tool_result' ? { type: 'tool_result', toolUseId: block.toolUseId, content: block.content, isError: block.isError } : block);
    assert.deepEqual(
      visiblePath(result.conversation).map((message) => [message.role, message.blocks]),
      visiblePath(original).map((message) => [message.role, message.blocks.map(strip)]),
    );
    assert.equal(result.conversation.title, 'What does a.ts do?');
  });

  it('imports a foreign tool result: content as a list of blocks, is_error, no content; refuses a bad id or a huge result', async () => {
    const call = { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_x', name: 'lookup', input: { q: 1 } }] };
    const answer = (block: object) => JSON.stringify({ messages: [{ role: 'user', content: 'Look it up.' }, call, { role: 'user', content: [block] }] });
    const listed = await fromApiJson(answer({ type: 'tool_result', tool_use_id: 'toolu_x', is_error: true, content: [{ type: 'text', text: 'one' }, { type: 'image', source: {} }, { type: 'text', text: 'two' }] }), options);
    assert.ok(listed.ok);
    assert.deepEqual(listed.conversation.messages[2].blocks, [{ type: 'tool_result', toolUseId: 'toolu_x', content: 'one\n\n[image content]\n\ntwo', isError: true }]);
    const empty = await fromApiJson(answer({ type: 'tool_result', tool_use_id: 'toolu_x' }), options);
    assert.ok(empty.ok);
    assert.deepEqual(empty.conversation.messages[2].blocks, [{ type: 'tool_result', toolUseId: 'toolu_x', content: '', isError: false }]);
    for (const [block, reason] of [
      [{ type: 'tool_result', tool_use_id: 42, content: 'x' }, /messages\[2\]\.content: block 0: tool_use_id must be a string/],
      [{ type: 'tool_result', tool_use_id: 'x'.repeat(101), content: 'x' }, /tool_use_id must be a string of 1 to 100/],
      [{ type: 'tool_result', tool_use_id: 'toolu_x', content: 'x'.repeat(1_000_001) }, /longer than 1000000 characters/],
      [{ type: 'tool_result', tool_use_id: 'toolu_x', content: 7 }, /must be a string or a list of blocks/],
    ] as const) {
      const refused = await fromApiJson(answer(block), options);
      assert.equal(refused.ok, false);
      assert.match(refused.ok ? '' : refused.reason, reason);
    }
  });
});
