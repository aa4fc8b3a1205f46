import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ClaudeChatApi } from '../../src/extension';
import { messageText } from '../../src/shared/conversation';
import { FakeAnthropicServer } from '../fakes/anthropicServer';
import { NAMED_SCENARIOS } from '../fakes/scenarios';
import { systemTextOf } from '../helpers/sentBlocks';

const EXTENSION_ID = 'claude-chat-dev.claude-chat';
const KEY = 'sk-ant-integration-test-key-0123456789';
const SYSTEM_PROMPT = 'Integration test system prompt.';

describe('Claude Chat in a real VS Code extension host', function () {
  this.timeout(60_000);
  const server = new FakeAnthropicServer({ validKeys: [KEY] });
  let api: ClaudeChatApi;
  let activationWallMs = 0;

  before(async () => {
    const url = await server.start();
    const config = vscode.workspace.getConfiguration('claudeChat');
    await config.update('baseUrl', url, vscode.ConfigurationTarget.Global);
    await config.update('systemPrompt', SYSTEM_PROMPT, vscode.ConfigurationTarget.Global);
    await config.update('streamIdleTimeoutSeconds', 5, vscode.ConfigurationTarget.Global);
    // Title requests would add to the requests these tests count; conversations.test.ts covers them.
    await config.update('titles.enabled', false, vscode.ConfigurationTarget.Global);
    const extension = vscode.extensions.getExtension<ClaudeChatApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    // onStartupFinished activates it once the window is up (quick fixes must be offered before the chat is opened),
    // so it may be active already; activate() then returns the same API.
    const started = performance.now();
    api = await extension.activate();
    activationWallMs = performance.now() - started;
  });

  after(async () => {
    api?.session.newChat();
    await server.stop();
  });

  beforeEach(() => {
    server.reset();
    api.session.newChat();
  });

  it('activates and registers every command it contributes', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    const contributed: string[] = extension.packageJSON.contributes.commands.map((command: { command: string }) => command.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.ok(contributed.length >= 5);
    for (const id of contributed) assert.ok(registered.has(id), `${id} is registered`);
    assert.ok(Number.isFinite(api.activationMs) && api.activationMs > 0);
    console.log(
      `      activation: activate ran ${api.activateRunMs.toFixed(1)} ms; ${api.activationMs.toFixed(1)} ms from module load to its end ` +
        `(activate() here waited ${activationWallMs.toFixed(1)} ms; about 0 when startup had activated it)`,
    );
  });

  it('activates once startup has finished, so quick fixes are offered before the chat is opened', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    assert.ok((extension.packageJSON.activationEvents as string[]).includes('onStartupFinished'));
  });

  it('exports its API only because the host runs it for tests (ExtensionMode.Test)', () => {
    const extension = vscode.extensions.getExtension<ClaudeChatApi>(EXTENSION_ID)!;
    assert.ok(api, 'activate() returned the test API');
    assert.equal(extension.exports, api, 'what any other extension would read from getExtension().exports');
  });

  it('keeps the key in secret storage and out of every setting', async () => {
    await api.storeApiKey(KEY);
    assert.equal(await api.apiKeySource(), 'secretStorage');
    const inspected = JSON.stringify(vscode.workspace.getConfiguration().inspect('claudeChat'));
    const all = JSON.stringify(vscode.workspace.getConfiguration('claudeChat'));
    assert.ok(!inspected?.includes(KEY) && !all.includes(KEY));
  });

  it('sends the system prompt and the full history on every turn', async () => {
    await api.storeApiKey(KEY);
    const first = await api.session.send('What is 2 + 2?');
    assert.ok(first.ok);
    assert.equal((await first.reply).status, 'complete');
    const second = await api.session.send('And times 3?');
    assert.ok(second.ok);
    const answer = await second.reply;
    assert.equal(answer.status, 'complete');
    assert.match(messageText(answer), /And times 3\?/);

    assert.equal(server.messageRequests.length, 2);
    const body = server.messageRequests[1].body as { system: string; messages: { role: string; content: { text: string }[] }[] };
    assert.equal(systemTextOf(body), SYSTEM_PROMPT);
    assert.deepEqual(body.messages.map((m) => m.role), ['user', 'assistant', 'user']);
    assert.equal(body.messages[0].content[0].text, 'What is 2 + 2?');
    assert.equal(body.messages[2].content[0].text, 'And times 3?');
    assert.equal(server.messageRequests[1].apiKey, KEY);
  });

  it('shows an API error in the transcript and keeps the typed message', async () => {
    await api.storeApiKey(KEY);
    server.enqueue(NAMED_SCENARIOS['401']);
    const result = await api.session.send('Keep this text');
    assert.ok(result.ok);
    const answer = await result.reply;
    assert.equal(answer.status, 'failed');
    assert.equal(answer.error?.kind, 'auth');
    const messages = api.session.snapshot.messages;
    assert.equal(messageText(messages[0]), 'Keep this text');
    assert.equal(messages[1].error?.actions[0], 'setApiKey');
  });

  it('without a key, explains and sends nothing', async () => {
    await vscode.commands.executeCommand('claudeChat.clearApiKey');
    assert.equal(await api.apiKeySource(), 'none');
    const result = await api.session.send('Hello?');
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.error.kind === 'noKey' && result.error.actions.includes('setApiKey'));
    assert.equal(server.messageRequests.length, 0);
    assert.equal(api.session.snapshot.messages.length, 0, 'nothing half-sent');
  });

  it('Stop aborts the HTTP request and keeps what arrived', async () => {
    await api.storeApiKey(KEY);
    server.enqueue(NAMED_SCENARIOS.slow);
    const firstDelta = new Promise<void>((resolve) => {
      const listener = api.session.onDidChangeConversation((change) => {
        if (change.events.some((event) => event.type === 'block/delta')) {
          listener.dispose();
          resolve();
        }
      });
    });
    const aborted = server.nextClientAbort();
    const result = await api.session.send('Tell me a long story');
    assert.ok(result.ok);
    await firstDelta;
    await vscode.commands.executeCommand('claudeChat.stop');
    const answer = await result.reply;
    await aborted;
    assert.equal(answer.status, 'stopped');
    assert.ok(messageText(answer).length > 0);
    assert.equal(server.messageRequests[0].clientAborted, true);
    assert.equal(api.session.busy, false);
  });

  // Runs before anything reveals the sidebar view, so the editor tab is the only chat view open.
  it('closing the only chat view mid-stream stops the answer', async () => {
    await api.storeApiKey(KEY);
    await vscode.commands.executeCommand('claudeChat.openInEditor');
    const chatTab = await waitForChatTab();
    server.enqueue(NAMED_SCENARIOS.slow);
    const aborted = server.nextClientAbort();
    const result = await api.session.send('A long answer, please');
    assert.ok(result.ok);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await vscode.window.tabGroups.close(chatTab);
    const answer = await result.reply;
    await aborted;
    assert.equal(answer.status, 'stopped');
    assert.equal(server.messageRequests[0].clientAborted, true);
  });

  it('New Chat mid-stream aborts the answer and nothing lands in the new conversation', async () => {
    await api.storeApiKey(KEY);
    server.enqueue(NAMED_SCENARIOS.slow);
    const result = await api.session.send('Long answer please');
    assert.ok(result.ok);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await vscode.commands.executeCommand('claudeChat.newChat');
    const fresh = api.session.snapshot;
    await result.reply;
    assert.equal(fresh.messages.length, 0);
    assert.equal(api.session.busy, false);
  });

  it('opens the same chat in an editor tab', async () => {
    await vscode.commands.executeCommand('claudeChat.openInEditor');
    const chatTab = await waitForChatTab();
    assert.equal(chatTab.label, 'Claude Chat');
    await vscode.window.tabGroups.close(chatTab);
  });

  it('reveals the sidebar chat view', async () => {
    await vscode.commands.executeCommand('claudeChat.chatView.focus');
  });
});

/** The tab model reaches the extension host a moment after the panel is created. */
async function waitForChatTab(): Promise<vscode.Tab> {
  const find = () =>
    vscode.window.tabGroups.all
      .flatMap((group) => group.tabs)
      .find((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('claudeChat.chatPanel'));
  const deadline = Date.now() + 10_000;
  while (!find() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  const tab = find();
  assert.ok(tab, `no chat tab among: ${vscode.window.tabGroups.all.flatMap((group) => group.tabs.map((t) => t.label)).join(', ')}`);
  return tab;
}
