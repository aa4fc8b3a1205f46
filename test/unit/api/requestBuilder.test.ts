import assert from 'node:assert/strict';
import { buildMessageParams, toApiMessages } from '../../../src/api/requestBuilder';
import type { ChatMessage } from '../../../src/shared/conversation';

let counter = 0;
function user(text: string): ChatMessage {
  return { id: `u${++counter}`, parentId: null, role: 'user', blocks: [{ type: 'text', text }], status: 'complete', createdAt: 0 };
}
function reply(text: string, status: ChatMessage['status'] = 'complete'): ChatMessage {
  return { id: `a${++counter}`, parentId: null, role: 'assistant', blocks: text ? [{ type: 'text', text }] : [], status, createdAt: 0 };
}

describe('buildMessageParams', () => {
  const settings = { model: 'claude-sonnet-5-5', maxTokens: 1024, systemPrompt: 'Be brief.' };

  it('sends the system prompt and every earlier turn', () => {
    const params = buildMessageParams([user('one'), reply('two'), user('three')], settings);
    assert.equal(params.system, 'Be brief.');
    assert.equal(params.model, 'claude-sonnet-5-5');
    assert.equal(params.max_tokens, 1024);
    assert.deepEqual(params.messages, [
      { role: 'user', content: [{ type: 'text', text: 'one' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'two' }] },
      { role: 'user', content: [{ type: 'text', text: 'three' }] },
    ]);
    assert.ok(!('temperature' in params), 'temperature is rejected by API version 2026-10-21');
  });

  it('omits an empty system prompt', () => {
    assert.ok(!('system' in buildMessageParams([user('x')], { ...settings, systemPrompt: '  ' })));
  });

  it('merges a failed turn with the next question so roles alternate', () => {
    const messages = toApiMessages([user('first'), reply('', 'failed'), user('second')]);
    assert.deepEqual(messages, [{ role: 'user', content: [{ type: 'text', text: 'first' }, { type: 'text', text: 'second' }] }]);
  });

  it('keeps a partial answer that has a question after it', () => {
    const messages = toApiMessages([user('q1'), reply('partial', 'stopped'), user('q2')]);
    assert.deepEqual(messages.map((m) => m.role), ['user', 'assistant', 'user']);
  });

  it('never ends on an assistant turn (that would be a prefill)', () => {
    const messages = toApiMessages([user('q1'), reply('partial', 'failed')]);
    assert.deepEqual(messages.map((m) => m.role), ['user']);
  });

  it('keeps a final partial answer as a prefill for Continue, without trailing whitespace', () => {
    const messages = toApiMessages([user('q'), reply('cut off at the  \n', 'complete')], { prefill: true });
    assert.deepEqual(messages.map((m) => m.role), ['user', 'assistant']);
    assert.deepEqual(messages[1].content, [{ type: 'text', text: 'cut off at the' }]);
  });

  it('drops what the API would reject: empty text, unsigned thinking, cut-off tool calls, unknown blocks', () => {
    const message: ChatMessage = {
      id: 'x',
      parentId: null,
      role: 'assistant',
      status: 'complete',
      createdAt: 0,
      blocks: [
        { type: 'thinking', thinking: 'cut off', signature: '' },
        { type: 'thinking', thinking: 'whole', signature: 'sig' },
        { type: 'text', text: '' },
        { type: 'tool_use', id: 't', name: 'n', inputJson: '{' },
        { type: 'unknown', originalType: 'future' },
        { type: 'text', text: 'kept' },
      ],
    };
    const messages = toApiMessages([user('q'), message, user('q2')]);
    assert.deepEqual(messages[1].content, [
      { type: 'thinking', thinking: 'whole', signature: 'sig' },
      { type: 'text', text: 'kept' },
    ]);
  });
});

describe('buildMessageParams with prompt caching', () => {
  const settings = { model: 'claude-sonnet-5-5', maxTokens: 1024, systemPrompt: 'Be brief.' };
  const fiveMinutes = { type: 'ephemeral', ttl: '5m' };

  it('marks the system prompt and the last block of the last two user turns, and nothing else', () => {
    const params = buildMessageParams([user('one'), reply('two'), user('three'), reply('four'), user('five')], { ...settings, caching: '5m' });
    assert.deepEqual(params.system, [{ type: 'text', text: 'Be brief.', cache_control: fiveMinutes }]);
    assert.deepEqual(params.messages, [
      { role: 'user', content: [{ type: 'text', text: 'one' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'two' }] },
      { role: 'user', content: [{ type: 'text', text: 'three', cache_control: fiveMinutes }] },
      { role: 'assistant', content: [{ type: 'text', text: 'four' }] },
      { role: 'user', content: [{ type: 'text', text: 'five', cache_control: fiveMinutes }] },
    ]);
    const breakpoints = JSON.stringify(params).split('"cache_control"').length - 1;
    assert.equal(breakpoints, 3, 'within the API’s four');
  });

  it('uses the 1-hour TTL everywhere when asked, and a first turn has one message breakpoint', () => {
    const params = buildMessageParams([user('only')], { ...settings, caching: '1h' });
    assert.deepEqual(params.system, [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral', ttl: '1h' } }]);
    assert.deepEqual(params.messages, [{ role: 'user', content: [{ type: 'text', text: 'only', cache_control: { type: 'ephemeral', ttl: '1h' } }] }]);
  });

  it('off (or unset) sends no cache_control at all and the system prompt as a string', () => {
    for (const options of [{ ...settings, caching: 'off' as const }, settings]) {
      const params = buildMessageParams([user('one'), reply('two'), user('three')], options);
      assert.equal(params.system, 'Be brief.');
      assert.ok(!JSON.stringify(params).includes('cache_control'));
    }
  });

  it('continuing an answer (prefill) marks the user turns, never the assistant’s partial answer', () => {
    const params = buildMessageParams([user('one'), reply('partial')], { ...settings, caching: '5m' }, { prefill: true });
    assert.deepEqual(params.messages, [
      { role: 'user', content: [{ type: 'text', text: 'one', cache_control: fiveMinutes }] },
      { role: 'assistant', content: [{ type: 'text', text: 'partial' }] },
    ]);
  });
});
