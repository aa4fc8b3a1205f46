import assert from 'node:assert/strict';
import type { ContentBlockParam } from '@anthropic-ai/sdk/resources/messages';
import { buildMessageParams, toApiMessages } from '../../../src/api/requestBuilder';
import type { ChatBlock, ChatMessage } from '../../../src/shared/conversation';
import { TOOL_DEFINITIONS } from '../../../src/shared/toolCatalog';
import { NOT_RUN_RESULT } from '../../../src/shared/toolTurns';

let counter = 0;
function message(role: ChatMessage['role'], blocks: ChatBlock[], extra: Partial<ChatMessage> = {}): ChatMessage {
  return { id: `m${++counter}`, parentId: null, role, blocks, status: 'complete', createdAt: 0, ...extra };
}
const question = (text: string) => message('user', [{ type: 'text', text }]);
const call = (id: string, name = 'read_file', input: object = { path: 'src/a.ts' }): ChatBlock => ({ type: 'tool_use', id, name, inputJson: JSON.stringify(input) });
const result = (toolUseId: string, content: string, isError = false): ChatBlock => ({ type: 'tool_result', toolUseId, content, isError });
const settings = { model: 'claude-sonnet-5-5', maxTokens: 1024, systemPrompt: '' };

describe('buildMessageParams with tools', () => {
  it('defines every tool in the catalog order, the same bytes each time, and forbids calls with tools "none"', () => {
    const first = buildMessageParams([question('q')], { ...settings, tools: 'auto' });
    const second = buildMessageParams([question('q'), message('assistant', [{ type: 'text', text: 'a' }]), question('r')], { ...settings, tools: 'auto' });
    assert.deepEqual(first.tools?.map((tool) => ('name' in tool ? tool.name : '')), TOOL_DEFINITIONS.map((tool) => tool.name));
    assert.equal(JSON.stringify(first.tools), JSON.stringify(second.tools), 'the cached prefix stays byte-identical');
    assert.equal('tool_choice' in first, false, 'auto is the API default: not sent');
    const off = buildMessageParams([question('q')], { ...settings, tools: 'none' });
    assert.deepEqual(off.tool_choice, { type: 'none' });
    assert.equal(off.tools?.length, TOOL_DEFINITIONS.length);
    assert.equal('tools' in buildMessageParams([question('q')], settings), false, 'no tools unless asked');
  });

  it('sends a tool round as the API requires: thinking and calls unchanged, results first in the next user turn', () => {
    const answer = message('assistant', [{ type: 'thinking', thinking: 'look first', signature: 'sig-1' }, { type: 'text', text: 'Looking.' }, call('toolu_1'), call('toolu_2', 'list_files', { glob: '**/*.ts' })], { stopReason: 'tool_use' });
    const results = message('user', [result('toolu_2', 'a.ts'), result('toolu_1', 'denied', true)]);
    const messages = toApiMessages([question('q'), answer, results]);
    assert.deepEqual(messages[1].content, [
      { type: 'thinking', thinking: 'look first', signature: 'sig-1' },
      { type: 'text', text: 'Looking.' },
      { type: 'tool_use', id: 'toolu_1', name: 'read_file', input: { path: 'src/a.ts' } },
      { type: 'tool_use', id: 'toolu_2', name: 'list_files', input: { glob: '**/*.ts' } },
    ]);
    assert.deepEqual(messages[2].content, [
      { type: 'tool_result', tool_use_id: 'toolu_1', content: 'denied', is_error: true },
      { type: 'tool_result', tool_use_id: 'toolu_2', content: 'a.ts' },
    ]);
  });

  it('answers calls nobody decided with a not-run error before the user’s words, and drops results for calls not asked', () => {
    const answer = message('assistant', [call('toolu_1'), call('toolu_2')], { stopReason: 'tool_use' });
    const reply = message('user', [result('toolu_9', 'stale'), { type: 'text', text: 'never mind, look at b.ts' }]);
    const messages = toApiMessages([question('q'), answer, reply]);
    assert.deepEqual(messages[2].content, [
      { type: 'tool_result', tool_use_id: 'toolu_1', content: NOT_RUN_RESULT, is_error: true },
      { type: 'tool_result', tool_use_id: 'toolu_2', content: NOT_RUN_RESULT, is_error: true },
      { type: 'text', text: 'never mind, look at b.ts' },
    ]);
  });

  it('a result turn followed by a failed answer and a new question merges into one valid user turn', () => {
    const answer = message('assistant', [call('toolu_1')], { stopReason: 'tool_use' });
    const messages = toApiMessages([question('q'), answer, message('user', [result('toolu_1', 'ok')]), message('assistant', [], { status: 'failed' }), question('again')]);
    assert.deepEqual(messages.map((m) => m.role), ['user', 'assistant', 'user']);
    assert.deepEqual((messages[2].content as ContentBlockParam[]).map((block) => block.type), ['tool_result', 'text']);
  });

  it('drops a call cut off mid-stream and any result for it', () => {
    const answer = message('assistant', [{ type: 'text', text: 'partial' }, { type: 'tool_use', id: 'toolu_1', name: 'read_file', inputJson: '{"path": "sr' }], { status: 'stopped' });
    const messages = toApiMessages([question('q'), answer, message('user', [result('toolu_1', 'x')]), question('go on')]);
    assert.deepEqual(messages[1].content, [{ type: 'text', text: 'partial' }]);
    assert.deepEqual(messages[2].content, [{ type: 'text', text: 'go on' }]);
  });

  it('a final answer continued as a prefill loses calls nobody answered (the export ends that way too)', () => {
    const answer = message('assistant', [{ type: 'text', text: 'Let me look.' }, call('toolu_1')], { stopReason: 'tool_use' });
    assert.deepEqual(toApiMessages([question('q'), answer], { prefill: true }).at(-1), { role: 'assistant', content: [{ type: 'text', text: 'Let me look.' }] });
    const onlyCall = message('assistant', [call('toolu_2')], { stopReason: 'tool_use' });
    assert.deepEqual(toApiMessages([question('q'), onlyCall], { prefill: true }).map((m) => m.role), ['user']);
  });

  it('a cache breakpoint may sit on a tool result, the last block of a result turn', () => {
    const answer = message('assistant', [call('toolu_1')], { stopReason: 'tool_use' });
    const params = buildMessageParams([question('q'), answer, message('user', [result('toolu_1', 'ok')])], { ...settings, caching: '5m', tools: 'auto' });
    const last = (params.messages.at(-1)?.content as ContentBlockParam[]).at(-1);
    assert.deepEqual(last, { type: 'tool_result', tool_use_id: 'toolu_1', content: 'ok', cache_control: { type: 'ephemeral', ttl: '5m' } });
  });

  it('an empty result still says something (the API refuses an empty tool_result text)', () => {
    const answer = message('assistant', [call('toolu_1')], { stopReason: 'tool_use' });
    const messages = toApiMessages([question('q'), answer, message('user', [result('toolu_1', '')])]);
    assert.deepEqual(messages[2].content, [{ type: 'tool_result', tool_use_id: 'toolu_1', content: '(empty)' }]);
  });
});
