import assert from 'node:assert/strict';
import { fromApiJson, toApiJson, toMarkdown } from '../../../src/conversations/exportFormats';
import { messageText } from '../../../src/shared/conversation';
import { visiblePath } from '../../../src/shared/conversationTree';
import { assistantMessage, conversation, userMessage } from '../../helpers/conversationFixtures';

let ids = 0;
const options = { newId: (prefix: string) => `${prefix}_${++ids}`, defaults: { model: 'claude-sonnet-5-5', systemPrompt: 'default prompt' }, now: 1_000 };

function sample() {
  const c = conversation(
    userMessage('How do I reverse a list?', null, 'q1'),
    assistantMessage('Use `reversed()` or `list[::-1]`.', 'q1', 'a1'),
    userMessage('And in place?', 'a1', 'q2'),
    assistantMessage('Call `list.reverse()`.', 'q2', 'a2'),
    // an older branch that must not be exported
    assistantMessage('Old answer', 'q2', 'a2old'),
  );
  c.selected.q2 = 'a2';
  c.title = 'Reversing lists';
  c.systemPrompt = 'Be brief.';
  return c;
}

describe('export and import', () => {
  it('exports the branch on screen as readable Markdown', () => {
    const markdown = toMarkdown(sample(), new Date('2026-11-22T00:00:00Z'));
    assert.match(markdown, /^# Reversing lists\n/);
    assert.match(markdown, /> System prompt: Be brief\./);
    assert.match(markdown, /## You\n\nHow do I reverse a list\?\n\n## Claude\n\nUse `reversed\(\)` or `list\[::-1\]`\./);
    assert.ok(markdown.includes('Call `list.reverse()`.'));
    assert.ok(!markdown.includes('Old answer'), 'other branches are not exported');
  });

  it('exports JSON in the Messages API request shape', () => {
    const json = toApiJson(sample(), 4096);
    assert.deepEqual(Object.keys(json), ['model', 'max_tokens', 'system', 'messages']);
    assert.equal(json.system, 'Be brief.');
    assert.deepEqual(json.messages.map((m) => m.role), ['user', 'assistant', 'user', 'assistant']);
  });

  it('exports a code command’s conversation as the request its last answer was asked with (its system prompt and model)', () => {
    const question = { ...userMessage('Explain:\n```ts\nlet a = 1;\n```'), invocation: { command: 'Explain', target: 'a.ts:1', systemPrompt: 'Explain code.', model: 'claude-haiku-5-5' } };
    const exported = conversation(question, assistantMessage('It sets a.', question.id));
    exported.systemPrompt = 'Base.';
    const json = toApiJson(exported, 4096);
    assert.equal(json.system, 'Base.\n\nExplain code.');
    assert.equal(json.model, 'claude-haiku-5-5');
  });

  it('imports its own JSON export back (round trip of the visible branch)', () => {
    const original = sample();
    const result = fromApiJson(JSON.stringify(toApiJson(original, 4096)), options);
    assert.ok(result.ok);
    const imported = result.conversation;
    assert.deepEqual(visiblePath(imported).map(messageText), visiblePath(original).map(messageText));
    assert.equal(imported.systemPrompt, 'Be brief.');
    assert.equal(imported.model, 'claude-sonnet-5-5');
    assert.equal(imported.title, 'How do I reverse a list?');
    assert.notEqual(imported.id, original.id, 'an import is a new conversation');
  });

  it('imports string content, system blocks, and a BOM-prefixed file', () => {
    const text = '\uFEFF' + JSON.stringify({ system: [{ type: 'text', text: 'one' }, { type: 'text', text: 'two' }], messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: [{ type: 'text', text: 'hello' }, { type: 'image', source: {} }] }] });
    const result = fromApiJson(text, options);
    assert.ok(result.ok);
    assert.equal(result.conversation.systemPrompt, 'one\n\ntwo');
    assert.deepEqual(result.conversation.messages[1].blocks, [{ type: 'text', text: 'hello' }, { type: 'unknown', originalType: 'image' }]);
    assert.equal(result.conversation.model, 'claude-sonnet-5-5', 'the default model when the file names none');
  });

  const invalid: [string, string, RegExp][] = [
    ['not JSON', '{"messages": [', /not valid JSON/],
    ['an array', '[]', /JSON object/],
    ['no messages', '{"model":"m"}', /"messages"/],
    ['a bad role', '{"messages":[{"role":"system","content":"x"}]}', /messages\[0\]\.role/],
    ['empty content', '{"messages":[{"role":"user","content":""}]}', /messages\[0\]\.content/],
    ['a block without type', '{"messages":[{"role":"user","content":[{"text":"x"}]}]}', /no type/],
    ['a bad system', '{"system":42,"messages":[{"role":"user","content":"x"}]}', /"system"/],
  ];
  for (const [name, text, reason] of invalid) {
    it(`refuses ${name} with a reason`, () => {
      const result = fromApiJson(text, options);
      assert.equal(result.ok, false);
      assert.match(!result.ok ? result.reason : '', reason);
    });
  }
});
