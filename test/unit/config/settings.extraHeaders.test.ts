import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type * as vscode from 'vscode';
import { ApiKeyStore } from '../../../src/auth/apiKeyStore';
import { EndpointApprovals } from '../../../src/config/endpointApproval';
import { SettingsService } from '../../../src/config/settings';
import { isWorkspaceRestricted } from '../../../src/config/settingScopes';
import { parseSettings } from '../../../src/config/settingsSchema';
import { ChatSession } from '../../../src/conversations/chatSession';
import { FakeAnthropicServer } from '../../fakes/anthropicServer';
import { ConfigurationTarget, FakeLog, FakeMemento, FakeSecretStorage, fake } from '../../fakes/vscode';

const TOKEN = 'gateway-secret-0123456789abcdef';

describe('claudeChat.extraHeaders: parsed from the user’s settings only', () => {
  it('takes the user’s headers, valid names and values only, and names (never quotes) the refused ones', () => {
    const { settings, problems } = parseSettings(
      {},
      {
        baseUrl: [],
        extraHeaders: [{ value: { 'X-Gateway-Token': ` ${TOKEN} `, Authorization: `Bearer ${TOKEN}`, 'x-tenant': `a\r\nHost: evil.example`, 'bad name': 'v' }, scope: 'user' }],
      },
    );
    assert.deepEqual(settings.extraHeaders, { values: { 'X-Gateway-Token': TOKEN }, scope: 'user' });
    assert.equal(problems.length, 3);
    assert.match(problems.join('\n'), /"Authorization" is set by Claude Chat itself/);
    assert.match(problems.join('\n'), /"x-tenant" contains a line break/);
    assert.match(problems.join('\n'), /a header is not a valid header name/);
    assert.ok(!problems.join('\n').includes(TOKEN), 'no value is quoted');
    assert.ok(!problems.join('\n').includes('evil.example'));
  });

  it('ignores a workspace’s or folder’s headers, with a warning naming where they were set, and keeps the user’s', () => {
    const { settings, problems } = parseSettings(
      {},
      {
        baseUrl: [],
        extraHeaders: [
          { value: { 'X-Route': 'attacker' }, scope: 'workspaceFolder' },
          { value: { 'X-Route': 'attacker' }, scope: 'workspace' },
          { value: { 'X-Gateway-Team': 'data' }, scope: 'user' },
        ],
      },
    );
    assert.deepEqual(settings.extraHeaders, { values: { 'X-Gateway-Team': 'data' }, scope: 'user' });
    assert.deepEqual(problems, [
      "claudeChat.extraHeaders in this folder's settings is ignored: extra headers are taken only from your user settings.",
      "claudeChat.extraHeaders in this workspace's settings is ignored: extra headers are taken only from your user settings.",
    ]);
  });

  it('keeps a container’s headers as the container’s (asked about before use), and none means scope default', () => {
    assert.deepEqual(parseSettings({}, { baseUrl: [], extraHeaders: [{ value: { 'X-Team': 'a' }, scope: 'container' }] }).settings.extraHeaders, {
      values: { 'X-Team': 'a' },
      scope: 'container',
    });
    assert.deepEqual(parseSettings({}, { baseUrl: [], extraHeaders: [{ value: {}, scope: 'workspace' }] }), parseSettings({}));
    assert.deepEqual(parseSettings({}).settings.extraHeaders, { values: {}, scope: 'default' });
    assert.match(parseSettings({}, { baseUrl: [], extraHeaders: [{ value: 'X-Team: a', scope: 'user' }] }).problems[0], /must be an object/);
  });

  it('is declared application-scoped and restricted in untrusted workspaces, like the base URL', () => {
    const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
    const declared = manifest.contributes.configuration.properties['claudeChat.extraHeaders'];
    assert.equal(declared.scope, 'application');
    assert.deepEqual(declared.additionalProperties, { type: 'string' });
    assert.ok(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations.includes('claudeChat.extraHeaders'));
    assert.ok(isWorkspaceRestricted('extraHeaders'));
  });
});

describe('SettingsService: extra headers a repository sets', () => {
  let service: SettingsService | undefined;
  beforeEach(() => fake.reset());
  afterEach(() => {
    service?.dispose();
    service = undefined;
  });

  function start(): SettingsService {
    service = new SettingsService(new FakeLog() as unknown as vscode.LogOutputChannel);
    return service;
  }

  for (const trusted of [true, false]) {
    it(`are ignored in a${trusted ? ' trusted' : 'n untrusted'} workspace, with one warning; the user’s apply`, () => {
      fake.setTrusted(trusted);
      fake.setConfiguration('claudeChat.extraHeaders', { 'X-Route': 'attacker' }, ConfigurationTarget.Workspace);
      fake.setConfiguration('claudeChat.extraHeaders', { 'X-Gateway-Team': 'data' }, ConfigurationTarget.Global);
      const { settings } = start();
      assert.deepEqual(settings.extraHeaders, { values: { 'X-Gateway-Team': 'data' }, scope: 'user' });
      assert.equal(fake.messages.length, 1);
      assert.match(fake.messages[0].text, /claudeChat\.extraHeaders in this workspace's settings is ignored/);
    });
  }

  it('are the container’s in a dev container window', () => {
    fake.setRemoteName('dev-container');
    fake.setConfiguration('claudeChat.extraHeaders', { 'X-Team': 'a' }, ConfigurationTarget.Global);
    assert.equal(start().settings.extraHeaders.scope, 'container');
  });
});

/** Checklist row 23 with headers: the real ChatSession, SettingsService and EndpointApprovals against two fake servers. */
describe('a repository’s extra headers and base URL never reach the wire unchosen (checklist row 23)', function () {
  this.timeout(20_000);
  const KEY = 'sk-ant-api03-extra-headers-row23-0123456789';
  const usersServer = new FakeAnthropicServer({ validKeys: [KEY] });
  const workspaceServer = new FakeAnthropicServer({ validKeys: [KEY] });
  const disposables: { dispose(): void }[] = [];

  before(async () => {
    await usersServer.start();
    await workspaceServer.start();
  });
  after(async () => {
    await usersServer.stop();
    await workspaceServer.stop();
  });
  beforeEach(() => {
    fake.reset();
    usersServer.reset();
    workspaceServer.reset();
    fake.setConfiguration('claudeChat.baseUrl', usersServer.url, ConfigurationTarget.Global);
    fake.setConfiguration('claudeChat.extraHeaders', { 'X-Gateway-Team': 'data' }, ConfigurationTarget.Global);
    fake.setConfiguration('claudeChat.extraHeaders', { 'X-Route': 'attacker' }, ConfigurationTarget.Workspace);
  });
  afterEach(() => disposables.splice(0).reverse().forEach((item) => item.dispose()));

  async function session(): Promise<ChatSession> {
    const channel = new FakeLog() as unknown as vscode.LogOutputChannel;
    const keys = new ApiKeyStore(new FakeSecretStorage() as unknown as vscode.SecretStorage, channel, {});
    await keys.store(KEY);
    const settings = new SettingsService(channel);
    const approvals = new EndpointApprovals(new FakeMemento() as unknown as vscode.Memento, channel);
    const chat = new ChatSession(keys, () => settings.settings, channel, approvals);
    disposables.push(keys, settings, approvals, chat);
    return chat;
  }

  async function ask(chat: ChatSession): Promise<void> {
    const sent = await chat.send('hello [scenario:plain]');
    assert.ok(sent.ok, sent.ok ? '' : sent.error.title);
    assert.equal((await sent.reply).status, 'complete');
  }

  for (const trusted of [true, false]) {
    it(`${trusted ? 'trusted' : 'untrusted'}: the user’s headers go to the user’s endpoint, the workspace’s nowhere`, async () => {
      fake.setTrusted(trusted);
      await ask(await session());
      const [request] = usersServer.messageRequests;
      assert.equal(request.headers['x-gateway-team'], 'data');
      assert.equal(request.headers['x-route'], undefined);
      assert.ok(!fake.messages.some((message) => message.text.startsWith('Send your API key')), 'nothing to ask about');
    });
  }

  it('untrusted: a workspace base URL is ignored too, so the key and the user’s headers stay with the user’s endpoint', async () => {
    fake.setTrusted(false);
    fake.setConfiguration('claudeChat.baseUrl', workspaceServer.url, ConfigurationTarget.Workspace);
    await ask(await session());
    assert.equal(workspaceServer.requests.length, 0);
    assert.equal(usersServer.messageRequests.length, 1);
  });

  it('trusted, a workspace base URL: the user’s headers follow the key only after a yes that names them', async () => {
    fake.setConfiguration('claudeChat.baseUrl', workspaceServer.url, ConfigurationTarget.Workspace);
    const chat = await session();
    fake.messageAnswers.push(undefined);
    assert.ok(!(await chat.send('hello [scenario:plain]')).ok);
    assert.equal(workspaceServer.requests.length + usersServer.requests.length, 0);
    const question = fake.messages.find((message) => message.text.startsWith('Send your API key'));
    assert.match(question?.detail ?? '', /your own extra headers \(X-Gateway-Team\)/);
    fake.messageAnswers.push('Allow for This Workspace');
    await ask(chat);
    assert.equal(workspaceServer.messageRequests[0].headers['x-gateway-team'], 'data');
    assert.equal(workspaceServer.messageRequests[0].headers['x-route'], undefined);
  });
});
