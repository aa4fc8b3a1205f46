import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { ApiKeyStore } from '../../../src/auth/apiKeyStore';
import { EndpointApprovals } from '../../../src/config/endpointApproval';
import { SettingsService } from '../../../src/config/settings';
import { ChatSession } from '../../../src/conversations/chatSession';
import { FakeAnthropicServer } from '../../fakes/anthropicServer';
import { ConfigurationTarget, FakeLog, FakeMemento, FakeSecretStorage, fake } from '../../fakes/vscode';
import { waitFor } from '../../helpers/waitFor';

const KEY = 'sk-ant-endpoint-approval-0123456789';
const ALLOW = 'Allow for This Workspace';

/**
 * Checklist row 23 in plain Node: the real ChatSession, SettingsService and EndpointApprovals over the vscode fake,
 * a workspace-scoped claudeChat.baseUrl pointing at one fake server and the user's own at another.
 */
describe('EndpointApprovals: a workspace’s base URL gets the key only after the user’s yes', function () {
  this.timeout(20_000);
  const usersServer = new FakeAnthropicServer({ validKeys: [KEY] });
  const workspaceServer = new FakeAnthropicServer({ validKeys: [KEY] });
  const otherWorkspaceServer = new FakeAnthropicServer({ validKeys: [KEY] });
  let parts: { session: ChatSession; approvals: EndpointApprovals; settings: SettingsService; keys: ApiKeyStore; log: FakeLog } | undefined;

  before(async () => {
    await usersServer.start();
    await workspaceServer.start();
    await otherWorkspaceServer.start();
  });
  after(async () => {
    await usersServer.stop();
    await workspaceServer.stop();
    await otherWorkspaceServer.stop();
  });
  beforeEach(() => {
    fake.reset();
    usersServer.reset();
    workspaceServer.reset();
    otherWorkspaceServer.reset();
  });
  afterEach(() => {
    parts?.session.dispose();
    parts?.settings.dispose();
    parts?.approvals.dispose();
    parts?.keys.dispose();
    parts = undefined;
  });

  async function start(memento = new FakeMemento()) {
    const log = new FakeLog();
    const channel = log as unknown as vscode.LogOutputChannel;
    const keys = new ApiKeyStore(new FakeSecretStorage() as unknown as vscode.SecretStorage, channel, {});
    await keys.store(KEY);
    const settings = new SettingsService(channel);
    const approvals = new EndpointApprovals(memento as unknown as vscode.Memento, channel);
    const session = new ChatSession(keys, () => settings.settings, channel, approvals);
    parts = { session, approvals, settings, keys, log };
    return parts;
  }

  function host(server: FakeAnthropicServer): string {
    return new URL(server.url).host;
  }

  /** Answers the next confirmation with `answer`, noting how many requests had reached any server by then. */
  function answerNextQuestion(answer: string | undefined, requestsWhenAsked: number[] = []): number[] {
    fake.messageAnswers.push(() => {
      requestsWhenAsked.push(usersServer.requests.length + workspaceServer.requests.length + otherWorkspaceServer.requests.length);
      return answer;
    });
    return requestsWhenAsked;
  }

  function questions(): string[] {
    return fake.messages.filter((message) => message.text.startsWith('Send your API key to')).map((message) => message.text);
  }

  beforeEach(() => {
    fake.setConfiguration('claudeChat.baseUrl', usersServer.url, ConfigurationTarget.Global);
    fake.setConfiguration('claudeChat.baseUrl', workspaceServer.url, ConfigurationTarget.Workspace);
  });

  it('declined: the send is refused before anything is appended, the text stays, and the key goes nowhere', async () => {
    const { session } = await start();
    session.draft = 'my question [scenario:plain]';
    const requestsWhenAsked = answerNextQuestion(undefined);
    const result = await session.send('my question [scenario:plain]');
    assert.deepEqual(questions(), [`Send your API key to ${host(workspaceServer)}?`]);
    assert.deepEqual(requestsWhenAsked, [0], 'asked before any request');
    assert.ok(!result.ok);
    assert.match(result.error.title, new RegExp(`${host(workspaceServer)} is not approved`));
    assert.deepEqual(result.error.actions, ['openSettings']);
    assert.equal(session.snapshot.messages.length, 0);
    assert.equal(session.draft, 'my question [scenario:plain]');
    assert.equal(workspaceServer.requests.length + usersServer.requests.length, 0);
  });

  it('approved: the request goes to the workspace host, and the answer is remembered for the workspace', async () => {
    const { session, approvals } = await start();
    const requestsWhenAsked = answerNextQuestion(ALLOW);
    const first = await session.send('first [scenario:plain]');
    assert.ok(first.ok);
    assert.equal((await first.reply).status, 'complete');
    assert.deepEqual(requestsWhenAsked, [0]);
    assert.equal(workspaceServer.requests.length, 1);
    assert.equal(workspaceServer.requests[0].apiKey, KEY);
    assert.equal(usersServer.requests.length, 0);
    assert.deepEqual(approvals.approved().map((record) => record.origin), [new URL(workspaceServer.url).origin]);

    const second = await session.send('second [scenario:plain]');
    assert.ok(second.ok);
    await second.reply;
    assert.equal(questions().length, 1, 'asked once');
    assert.equal(workspaceServer.requests.length, 2);
  });

  it('revoked: the next send asks again, and a no refuses it', async () => {
    const { session, approvals } = await start();
    answerNextQuestion(ALLOW);
    const approved = await session.send('first [scenario:plain]');
    assert.ok(approved.ok);
    await approved.reply;
    await approvals.revoke(approvals.approved().map((record) => record.id));
    assert.deepEqual(approvals.approved(), []);
    answerNextQuestion(undefined);
    const refused = await session.send('second [scenario:plain]');
    assert.ok(!refused.ok);
    assert.equal(questions().length, 2);
    assert.equal(workspaceServer.requests.length, 1);
  });

  it('an approval belongs to one workspace and one host', async () => {
    const memento = new FakeMemento();
    const first = await start(memento);
    answerNextQuestion(ALLOW);
    const sent = await first.session.send('hello [scenario:plain]');
    assert.ok(sent.ok);
    await sent.reply;

    // Another host chosen by the same workspace is a new question.
    fake.setConfiguration('claudeChat.baseUrl', otherWorkspaceServer.url, ConfigurationTarget.Workspace);
    answerNextQuestion(undefined);
    assert.ok(!(await first.session.send('hello [scenario:plain]')).ok);
    assert.equal(otherWorkspaceServer.requests.length, 0);
    first.session.dispose();

    // Another workspace (its own workspaceState) asks again about the first host.
    fake.setConfiguration('claudeChat.baseUrl', workspaceServer.url, ConfigurationTarget.Workspace);
    const other = await start(new FakeMemento());
    answerNextQuestion(undefined);
    assert.ok(!(await other.session.send('hello [scenario:plain]')).ok);
    assert.equal(questions().length, 3);
    assert.equal(workspaceServer.requests.length, 1);
  });

  it('two sends while the question is open share it', async () => {
    const { session, approvals } = await start();
    // approve() joins (or opens) the question before its first await, so a call that has begun has joined it.
    const approve = approvals.approve.bind(approvals);
    let approveCalls = 0;
    approvals.approve = (settings) => {
      approveCalls++;
      return approve(settings);
    };
    let answer: (choice: string | undefined) => void = () => undefined;
    fake.messageAnswers.push(() => new Promise<string | undefined>((resolve) => (answer = resolve)));
    const first = session.send('one [scenario:plain]');
    const second = session.send('two [scenario:plain]');
    await waitFor(() => approveCalls === 2 && questions().length === 1, 'both sends to wait on the one question');
    answer(undefined);
    const results = await Promise.all([first, second]);
    assert.ok(results.every((result) => !result.ok));
    assert.equal(questions().length, 1);
  });

  it('a host the workspace switches to while the question is open gets nothing: the request is decided again as it leaves', async () => {
    const { session } = await start();
    fake.messageAnswers.push(() => {
      fake.setConfiguration('claudeChat.baseUrl', otherWorkspaceServer.url, ConfigurationTarget.Workspace);
      return ALLOW;
    });
    const result = await session.send('hello [scenario:plain]');
    assert.ok(result.ok, 'the approved host was approved');
    const answer = await result.reply;
    assert.equal(answer.status, 'failed');
    assert.match(answer.error?.title ?? '', new RegExp(`${host(otherWorkspaceServer)} is not approved`));
    assert.equal(otherWorkspaceServer.requests.length + workspaceServer.requests.length + usersServer.requests.length, 0);
  });

  it('refuses a workspace’s plain http endpoint off this machine without asking', async () => {
    fake.setConfiguration('claudeChat.baseUrl', 'http://10.255.255.1:9', ConfigurationTarget.Workspace);
    const { session } = await start();
    const result = await session.send('hello [scenario:plain]');
    assert.ok(!result.ok);
    assert.match(result.error.detail, /unencrypted/);
    assert.deepEqual(fake.messages, []);
    assert.equal(session.snapshot.messages.length, 0);
  });

  it('the user’s own base URL needs no question', async () => {
    fake.setConfiguration('claudeChat.baseUrl', undefined, ConfigurationTarget.Workspace);
    const { session } = await start();
    const result = await session.send('hello [scenario:plain]');
    assert.ok(result.ok);
    await result.reply;
    assert.deepEqual(fake.messages, []);
    assert.equal(usersServer.requests.length, 1);
    assert.equal(usersServer.requests[0].apiKey, KEY);
  });

  it('an untrusted workspace’s base URL is ignored: the user’s endpoint is used, nothing is asked', async () => {
    fake.setTrusted(false);
    const { session } = await start();
    const result = await session.send('hello [scenario:plain]');
    assert.ok(result.ok);
    await result.reply;
    assert.deepEqual(fake.messages, []);
    assert.equal(workspaceServer.requests.length, 0);
    assert.equal(usersServer.requests.length, 1);
  });

  it('in a dev container, a base URL from the user scope (which devcontainer.json can write) is asked about, naming the container', async () => {
    fake.setConfiguration('claudeChat.baseUrl', undefined, ConfigurationTarget.Workspace);
    fake.setRemoteName('dev-container');
    const { session } = await start();
    const requestsWhenAsked = answerNextQuestion(undefined);
    const declined = await session.send('hello [scenario:plain]');
    assert.deepEqual(questions(), [`Send your API key to ${host(usersServer)}?`]);
    assert.match(fake.messages[0].detail ?? '', /set in this container's settings/);
    assert.deepEqual(requestsWhenAsked, [0], 'asked before any request');
    assert.ok(!declined.ok);
    assert.match(declined.error.detail, /container's settings/);
    assert.equal(usersServer.requests.length, 0);

    answerNextQuestion(ALLOW);
    const approved = await session.send('hello [scenario:plain]');
    assert.ok(approved.ok);
    assert.equal((await approved.reply).status, 'complete');
    assert.equal(usersServer.requests.length, 1);
  });

  it('over SSH, the user-scope base URL is the user’s own: no question', async () => {
    fake.setConfiguration('claudeChat.baseUrl', undefined, ConfigurationTarget.Workspace);
    fake.setRemoteName('ssh-remote');
    const { session } = await start();
    const result = await session.send('hello [scenario:plain]');
    assert.ok(result.ok);
    await result.reply;
    assert.deepEqual(fake.messages, []);
    assert.equal(usersServer.requests.length, 1);
  });

  it('forgets stored records it cannot read instead of trusting them', async () => {
    const memento = new FakeMemento();
    await memento.update('claudeChat.approvedEndpoints', [{ id: new URL(workspaceServer.url).origin }, 'junk', null]);
    const { approvals } = await start(memento);
    assert.deepEqual(approvals.approved(), []);
  });
});
