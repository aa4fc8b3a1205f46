import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ClaudeChatApi } from '../../src/extension';
import { FakeAnthropicServer } from '../fakes/anthropicServer';
import { waitFor } from '../helpers/waitFor';

const EXTENSION_ID = 'claude-chat-dev.claude-chat';
const KEY = 'sk-ant-integration-endpoint-trust-0123456789';

/** Resolves once `condition` holds, checking after every turn of the event loop (never a fixed sleep). */

/**
 * Checklist row 23 in a real extension host: a claudeChat.baseUrl written to the open folder's
 * .vscode/settings.json (ConfigurationTarget.Workspace) never receives the key without the user's yes. The modal
 * cannot be clicked from a test, so the test API (ExtensionMode.Test only) answers it, and notes what the fake
 * servers had seen at the moment of the question.
 */
describe('a workspace base URL in a real VS Code extension host', function () {
  this.timeout(60_000);
  const usersServer = new FakeAnthropicServer({ validKeys: [KEY] });
  const workspaceServer = new FakeAnthropicServer({ validKeys: [KEY] });
  let api: ClaudeChatApi;
  let previousUserBaseUrl: string | undefined;
  let asked: { host: string; requestsSoFar: number }[] = [];

  const config = () => vscode.workspace.getConfiguration('claudeChat');
  const requestsSoFar = () => usersServer.requests.length + workspaceServer.requests.length;
  const answerQuestions = (allow: boolean) =>
    api.endpointApprovals.setPromptForTests(async (subject) => {
      asked.push({ host: subject.host, requestsSoFar: requestsSoFar() });
      return allow;
    });

  before(async () => {
    assert.ok(vscode.workspace.workspaceFolders?.length, 'the runner opens a folder, so workspace settings exist');
    await usersServer.start();
    const workspaceUrl = await workspaceServer.start();
    previousUserBaseUrl = config().inspect<string>('baseUrl')?.globalValue;
    await config().update('baseUrl', usersServer.url, vscode.ConfigurationTarget.Global);
    await config().update('titles.enabled', false, vscode.ConfigurationTarget.Global);
    await config().update('baseUrl', workspaceUrl, vscode.ConfigurationTarget.Workspace);
    await waitFor(() => config().inspect<string>('baseUrl')?.workspaceValue === workspaceUrl, 'the workspace setting to reach the extension host');
    const exported = await vscode.extensions.getExtension<ClaudeChatApi | undefined>(EXTENSION_ID)!.activate();
    assert.ok(exported, 'the test API exists in ExtensionMode.Test');
    api = exported;
    await api.storeApiKey(KEY);
  });

  after(async () => {
    api?.endpointApprovals.setPromptForTests(undefined);
    await api?.endpointApprovals.revoke(api.endpointApprovals.approved().map((record) => record.id));
    await config().update('baseUrl', undefined, vscode.ConfigurationTarget.Workspace);
    await config().update('baseUrl', previousUserBaseUrl, vscode.ConfigurationTarget.Global);
    await waitFor(() => config().inspect<string>('baseUrl')?.workspaceValue === undefined, 'the workspace setting to be removed');
    api?.session.newChat();
    await usersServer.stop();
    await workspaceServer.stop();
  });

  beforeEach(async () => {
    usersServer.reset();
    workspaceServer.reset();
    asked = [];
    api.session.newChat();
    await api.endpointApprovals.revoke(api.endpointApprovals.approved().map((record) => record.id));
  });

  it('declined: asked before any request, the send is refused, nothing is appended and no server saw the key', async () => {
    answerQuestions(false);
    const result = await api.session.send('Where does my key go?');
    assert.deepEqual(asked, [{ host: new URL(workspaceServer.url).host, requestsSoFar: 0 }]);
    assert.ok(!result.ok);
    assert.match(result.error.title, /is not approved/);
    assert.equal(api.session.snapshot.messages.length, 0);
    assert.equal(requestsSoFar(), 0);
  });

  it('approved: the request goes to the workspace host with the key, and the next send is not asked again', async () => {
    answerQuestions(true);
    const first = await api.session.send('First, after approval');
    assert.ok(first.ok);
    assert.equal((await first.reply).status, 'complete');
    const second = await api.session.send('Second, remembered');
    assert.ok(second.ok);
    await second.reply;
    assert.deepEqual(asked, [{ host: new URL(workspaceServer.url).host, requestsSoFar: 0 }]);
    assert.equal(workspaceServer.messageRequests.length, 2);
    assert.ok(workspaceServer.messageRequests.every((request) => request.apiKey === KEY));
    assert.equal(usersServer.requests.length, 0);
  });

  it('revoked: the next send asks again, and a no keeps the key home', async () => {
    answerQuestions(true);
    const approved = await api.session.send('Before revoking');
    assert.ok(approved.ok);
    await approved.reply;
    assert.equal(api.endpointApprovals.approved().length, 1);
    await api.endpointApprovals.revoke(api.endpointApprovals.approved().map((record) => record.id));
    assert.deepEqual(api.endpointApprovals.approved(), []);
    answerQuestions(false);
    const result = await api.session.send('After revoking');
    assert.ok(!result.ok);
    assert.equal(asked.length, 2, 'asked again after the revocation');
    assert.equal(workspaceServer.messageRequests.length, 1, 'only the request sent while approved');
    assert.equal(usersServer.requests.length, 0);
  });

  it('the Manage Approved Endpoints command is registered', async () => {
    assert.ok((await vscode.commands.getCommands(true)).includes('claudeChat.manageEndpoints'));
  });
});
