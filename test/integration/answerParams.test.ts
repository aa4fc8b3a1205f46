import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ClaudeChatApi } from '../../src/extension';
import { messageText, type ChatMessage } from '../../src/shared/conversation';
import { FakeAnthropicServer } from '../fakes/anthropicServer';
import { activateAgainstFake, releaseFake } from '../helpers/fakeApiHost';

const KEY = 'sk-ant-integration-answer-params-0123456789';
const SETTINGS = ['baseUrl', 'titles.enabled', 'thinking', 'thinkingBudgetTokens', 'effort', 'stopSequences', 'maxTokens'];

/** The answer parameters from the user's settings and the conversation to the body the API receives, in a real host. */
describe('answer parameters in a real VS Code extension host', function () {
  this.timeout(60_000);
  const server = new FakeAnthropicServer({ validKeys: [KEY] });
  let api: ClaudeChatApi;
  const config = () => vscode.workspace.getConfiguration('claudeChat');

  before(async () => {
    api = await activateAgainstFake(server, KEY);
  });

  after(async () => {
    await releaseFake(api, server, SETTINGS);
  });

  beforeEach(() => {
    server.reset();
    api.session.newChat();
  });

  async function ask(text: string, prefill?: string): Promise<{ answer: ChatMessage; body: Record<string, unknown> }> {
    const result = await api.session.send(text, prefill === undefined ? {} : { prefill });
    assert.ok(result.ok, result.ok ? '' : result.error.detail);
    const answer = await result.reply;
    assert.equal(answer.status, 'complete', answer.error?.detail);
    return { answer, body: server.messageRequests.at(-1)!.body as Record<string, unknown> };
  }

  it("the settings' thinking, effort and stop sequences are sent exactly, with no sampling parameters", async () => {
    await config().update('thinking', 'budget', vscode.ConfigurationTarget.Global);
    await config().update('thinkingBudgetTokens', 3000, vscode.ConfigurationTarget.Global);
    await config().update('effort', 'medium', vscode.ConfigurationTarget.Global);
    await config().update('stopSequences', ['<END>'], vscode.ConfigurationTarget.Global);
    server.enqueue({ kind: 'reply', text: 'the answer<END>what never arrives' });
    const { answer, body } = await ask('think about it');
    assert.deepEqual(
      { thinking: body.thinking, output_config: body.output_config, stop_sequences: body.stop_sequences, max_tokens: body.max_tokens },
      { thinking: { type: 'enabled', budget_tokens: 3000 }, output_config: { effort: 'medium' }, stop_sequences: ['<END>'], max_tokens: 8192 },
    );
    for (const sampling of ['temperature', 'top_p', 'top_k']) assert.equal(sampling in body, false);
    assert.equal(answer.blocks[0].type, 'thinking');
    assert.equal(messageText(answer), 'the answer');
    assert.equal(answer.stopSequence, '<END>');
  });

  it('a conversation overrides the settings; max tokens stays within the model\'s limit from /v1/models', async () => {
    await config().update('thinking', 'budget', vscode.ConfigurationTarget.Global);
    api.session.updateMeta({ model: 'claude-haiku-5-5', params: { thinking: 'adaptive', maxTokens: 100_000, effort: 'xhigh', stopSequences: [] } });
    const { body } = await ask('a conversation of its own');
    // Haiku 5.5 in the fake's list: 64K output, adaptive thinking, no xhigh effort.
    assert.equal(body.max_tokens, 64_000);
    assert.deepEqual(body.thinking, { type: 'adaptive' });
    assert.equal('output_config' in body, false);
    assert.equal('stop_sequences' in body, false);
  });

  it('a prefill is the start of the answer; thinking is left out for it', async () => {
    await config().update('thinking', 'adaptive', vscode.ConfigurationTarget.Global);
    const { answer, body } = await ask('Reply as JSON', '{');
    const messages = body.messages as { role: string; content: unknown }[];
    assert.deepEqual(messages.at(-1), { role: 'assistant', content: [{ type: 'text', text: '{' }] });
    assert.equal('thinking' in body, false);
    assert.equal((JSON.parse(messageText(answer)) as { ok: boolean }).ok, true);
  });
});
