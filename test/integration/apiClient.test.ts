import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as vscode from 'vscode';
import type { ClaudeChatApi } from '../../src/extension';
import { conversationCost, formatUsd } from '../../src/shared/cost';
import { messageText, type ChatMessage } from '../../src/shared/conversation';
import { FakeAnthropicServer } from '../fakes/anthropicServer';
import { activateAgainstFake, releaseFake } from '../helpers/fakeApiHost';

const KEY = 'sk-ant-integration-api-client-0123456789';

/**
 * The Messages API client's surfaces in a real VS Code extension host, against the fake server: the model list,
 * the status bar and its cost, the context gauge refusing what cannot fit, and the API inspector.
 */
describe('models, cost, context gauge and API inspector in a real VS Code extension host', function () {
  this.timeout(60_000);
  const server = new FakeAnthropicServer({ validKeys: [KEY] });
  let api: ClaudeChatApi;

  before(async () => {
    api = await activateAgainstFake(server, KEY);
  });

  after(async () => {
    await releaseFake(api, server);
  });

  beforeEach(() => {
    server.reset();
    api.session.newChat();
  });

  async function ask(text: string): Promise<ChatMessage> {
    const result = await api.session.send(text);
    assert.ok(result.ok, result.ok ? '' : result.error.detail);
    const answer = await result.reply;
    assert.equal(answer.status, 'complete', answer.error?.detail);
    return answer;
  }

  it('reads every page of /v1/models; the status bar names the model and the conversation’s exact cost', async () => {
    const list = await api.models.list({ refresh: true });
    assert.equal(list.source, 'api');
    assert.ok(list.models.some((model) => model.id === 'claude-haiku-5-5' && model.contextWindow === 200_000 && model.maxOutputTokens === 64_000));
    assert.ok(list.models.some((model) => model.lifecycle === 'deprecated'), 'deprecated models are listed, marked');
    await ask('first question');
    await ask('second question');
    const expected = formatUsd(conversationCost(api.session.snapshot.messages).usd);
    await api.statusBar.refresh();
    assert.equal(api.statusBar.shown.text, `$(sparkle) Sonnet 5.5 · ${expected}`);
    assert.equal(api.statusBar.shown.command, 'claudeChat.statusBarMenu');
    assert.match(api.statusBar.shown.tooltip, /Key: stored/);
    assert.ok(api.statusBar.shown.tooltip.includes(expected), 'the tooltip has the cost too');
  });

  it('refuses a message that cannot fit the model’s context window before sending it, counted with count_tokens', async () => {
    api.session.updateMeta({ model: 'claude-haiku-5-5' });
    const huge = 'word '.repeat(180_000); // 900,000 characters: about 225,000 tokens for the fake's counter
    const result = await api.session.send(huge);
    assert.equal(result.ok, false);
    assert.ok(!result.ok);
    assert.match(result.error.title + result.error.detail, /context window|too long|does not fit/i);
    assert.ok(result.error.actions.includes('newChat'), `actions: ${result.error.actions.join(', ')}`);
    assert.equal(server.messageRequests.length, 0, 'nothing was sent');
    assert.ok(server.requests.some((request) => request.path === '/v1/messages/count_tokens'), 'the API counted it');
    assert.equal(api.session.snapshot.messages.length, 0, 'no turn was appended');
  });

  it('Show Request opens the exact body as read-only JSON; Copy as curl reproduces the answer', async () => {
    const answer = await ask('What is 2 + 2? Answer briefly.');
    const sent = server.messageRequests.at(-1)!.body as Record<string, unknown>;

    await vscode.commands.executeCommand('claudeChat.showRequest', answer.id);
    const shown = vscode.window.activeTextEditor?.document;
    assert.equal(shown?.uri.scheme, 'claude-chat-inspect');
    assert.equal(shown?.languageId, 'json');
    assert.deepEqual(JSON.parse(shown!.getText()), sent);
    assert.equal(shown!.getText().includes(KEY), false, 'the key is never in it');

    await vscode.commands.executeCommand('claudeChat.showResponse', answer.id);
    const response = JSON.parse(vscode.window.activeTextEditor!.document.getText()) as { id: string; stop_reason: string; content: { text: string }[] };
    assert.equal(response.id, answer.responseId);
    assert.equal(response.stop_reason, 'end_turn');
    assert.equal(response.content[0].text, messageText(answer));

    await vscode.commands.executeCommand('claudeChat.copyRequestAsCurl', answer.id);
    const curl = await vscode.env.clipboard.readText();
    assert.equal(curl.includes(KEY), false, 'the snippet reads the key from ANTHROPIC_API_KEY');
    const output = await new Promise<string>((resolve, reject) =>
      execFile('bash', ['-c', curl], { env: { ...process.env, ANTHROPIC_API_KEY: KEY } }, (error, stdout) => (error ? reject(error) : resolve(stdout))),
    );
    const streamed = output
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .map((line) => JSON.parse(line.slice(6)) as { type: string; delta?: { text?: string } })
      .map((event) => (event.type === 'content_block_delta' ? (event.delta?.text ?? '') : ''))
      .join('');
    assert.equal(streamed, messageText(answer), 'the same answer');
    assert.deepEqual(server.messageRequests.at(-1)!.body, sent, 'the same request');
  });
});
