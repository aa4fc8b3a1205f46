import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { ApiKeyStore } from '../../../src/auth/apiKeyStore';
import type { CommandContext } from '../../../src/commands/command';
import { setApiKeyCommand } from '../../../src/commands/setApiKey';
import { EndpointApprovals } from '../../../src/config/endpointApproval';
import { DEFAULT_SETTINGS, type ChatSettings } from '../../../src/config/settingsSchema';
import { FakeAnthropicServer } from '../../fakes/anthropicServer';
import { FakeLog, FakeMemento, FakeSecretStorage, fake, progressTitles } from '../../fakes/vscode';

const SECRET_ID = 'claudeChat.apiKey';
const GOOD = 'sk-ant-api03-set-key-good-0123456789abcdef';
const OTHER_GOOD = 'sk-ant-api03-set-key-second-0123456789abc';
const REVOKED = 'sk-ant-api03-set-key-revoked-0123456789abc';
const LIMITED = 'sk-ant-api03-set-key-limited-0123456789abc';

describe('Set API Key: checks the key with one free request, then stores it', function () {
  this.timeout(20_000);
  const server = new FakeAnthropicServer({ validKeys: [GOOD, OTHER_GOOD, LIMITED], forbiddenKeys: [LIMITED] });
  let url = '';
  let secrets: FakeSecretStorage;
  let keys: ApiKeyStore;
  let settings: ChatSettings;

  before(async () => {
    url = await server.start();
  });
  after(() => server.stop());
  beforeEach(() => {
    fake.reset();
    server.reset();
    progressTitles.length = 0;
    secrets = new FakeSecretStorage();
    keys = new ApiKeyStore(secrets as unknown as vscode.SecretStorage, new FakeLog() as unknown as vscode.LogOutputChannel, {});
    settings = { ...DEFAULT_SETTINGS, baseUrl: url, baseUrlScope: 'user' };
  });
  afterEach(() => keys.dispose());

  function run(options: Parameters<typeof setApiKeyCommand>[1] = {}): Promise<unknown> {
    const context = { keys, settings: () => settings } as unknown as CommandContext;
    return Promise.resolve(setApiKeyCommand(context, options).run());
  }

  it('a working key: one check with progress, stored, and "works" said', async () => {
    fake.inputAnswers.push(GOOD);
    await run();
    assert.deepEqual(progressTitles, ['Claude Chat: Checking the key…']);
    assert.equal(server.requests.length, 1);
    assert.equal(server.requests[0].path, '/v1/models');
    assert.equal(secrets.values.get(SECRET_ID), GOOD);
    assert.deepEqual(fake.messages.map((m) => [m.level, m.text]), [['info', 'Claude Chat: API key works and is stored in secret storage.']]);
    assert.deepEqual(await keys.status(), { state: 'stored' });
  });

  it('a rejected key: "rejected (401)", nothing stored; Enter Again asks again and stores the next one', async () => {
    fake.inputAnswers.push(REVOKED, OTHER_GOOD);
    fake.messageAnswers.push('Enter Again');
    await run();
    const rejection = fake.messages[0];
    assert.equal(rejection.level, 'error');
    assert.match(rejection.text, /The key was rejected \(401\)/);
    assert.deepEqual(rejection.items, ['Enter Again', 'Store Anyway']);
    assert.ok(!rejection.text.includes(REVOKED));
    assert.equal(secrets.values.get(SECRET_ID), OTHER_GOOD);
    assert.equal(server.requests.length, 2);
  });

  it('a rejected key dismissed: nothing stored', async () => {
    fake.inputAnswers.push(REVOKED);
    await run();
    assert.equal(secrets.values.has(SECRET_ID), false);
    assert.deepEqual(await keys.status(), { state: 'none', unreadable: false });
  });

  it('a rejected key stored anyway: stored, and shown invalid', async () => {
    fake.inputAnswers.push(REVOKED);
    fake.messageAnswers.push('Store Anyway');
    await run();
    assert.equal(secrets.values.get(SECRET_ID), REVOKED);
    assert.deepEqual(await keys.status(), { state: 'invalid', source: 'secretStorage', rejected: true });
    assert.match(fake.messages.at(-1)?.text ?? '', /stored in secret storage, although the API rejected it/);
  });

  it('no answer: stored, and said to be unchecked', async () => {
    const closed = new FakeAnthropicServer();
    settings = { ...settings, baseUrl: await closed.start() };
    await closed.stop();
    fake.inputAnswers.push(GOOD);
    await run();
    assert.equal(secrets.values.get(SECRET_ID), GOOD);
    const message = fake.messages.at(-1)!;
    assert.equal(message.level, 'warning');
    assert.match(message.text, /stored in secret storage, but it could not be checked\. .*could not be reached/);
  });

  it('a 403: stored, and said to lack permission', async () => {
    fake.inputAnswers.push(LIMITED);
    await run();
    assert.equal(secrets.values.get(SECRET_ID), LIMITED);
    assert.match(fake.messages.at(-1)?.text ?? '', /works but lacks permission \(403\)/);
  });

  it('a workspace endpoint not approved: the key is not sent there to be checked, and is stored unchecked', async () => {
    settings = { ...settings, baseUrlScope: 'workspace' };
    const approvals = new EndpointApprovals(new FakeMemento() as unknown as vscode.Memento, new FakeLog() as unknown as vscode.LogOutputChannel, async () => true);
    fake.inputAnswers.push(GOOD);
    await run({ endpoints: approvals });
    assert.equal(server.requests.length, 0);
    assert.equal(secrets.values.get(SECRET_ID), GOOD);
    assert.match(fake.messages.at(-1)?.text ?? '', /could not be checked\. Not sent: 127\.0\.0\.1:\d+ is not approved/);
  });

  it('checks with the extra headers the endpoint decision passes', async () => {
    settings = { ...settings, extraHeaders: { values: { 'X-Gateway-Team': 'data' }, scope: 'user' } };
    fake.inputAnswers.push(GOOD);
    await run();
    assert.equal(server.requests[0].headers['x-gateway-team'], 'data');
  });

  it('a cancelled input: nothing checked, nothing stored', async () => {
    await run();
    assert.equal(server.requests.length, 0);
    assert.equal(secrets.values.size, 0);
  });
});
