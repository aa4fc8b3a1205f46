import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { ApiKeyStore } from '../../../src/auth/apiKeyStore';
import { ConfigurationTarget, FakeLog, FakeSecretStorage, fake } from '../../fakes/vscode';

const SECRET_ID = 'claudeChat.apiKey';
const KEY = 'sk-ant-api03-stored-key-0123456789abcdef';
const ENV_KEY = 'sk-ant-api03-environment-key-0123456789';
const NUL_KEY = 'sk-ant-api03-SECRETKEY0123456789\u0000x';

describe('ApiKeyStore', () => {
  let secrets: FakeSecretStorage;
  let log: FakeLog;
  const stores: ApiKeyStore[] = [];

  function keyStore(environment: NodeJS.ProcessEnv = {}): ApiKeyStore {
    const store = new ApiKeyStore(secrets as unknown as vscode.SecretStorage, log as unknown as vscode.LogOutputChannel, environment);
    stores.push(store);
    return store;
  }

  beforeEach(() => {
    fake.reset();
    secrets = new FakeSecretStorage();
    log = new FakeLog();
  });
  afterEach(() => stores.splice(0).forEach((store) => store.dispose()));

  it('hands out the stored key first, the environment key only when nothing is stored', async () => {
    const keys = keyStore({ ANTHROPIC_API_KEY: ` ${ENV_KEY}\n` });
    assert.deepEqual(await keys.resolve(), { key: ENV_KEY, source: 'environment' });
    await keys.store(`${KEY}\n`);
    assert.equal(secrets.values.get(SECRET_ID), KEY, 'stored trimmed');
    assert.deepEqual(await keys.resolve(), { key: KEY, source: 'secretStorage' });
  });

  describe('a key no header can carry (stored by an older version, or in the environment)', () => {
    it('is never handed out: the request is refused with a reason and Set API Key, not the key', async () => {
      secrets.values.set(SECRET_ID, NUL_KEY);
      const keys = keyStore();
      const lookup = await keys.resolveForRequest();
      assert.equal(lookup.ok, false);
      assert.ok(!lookup.ok);
      assert.match(lookup.error.title, /stored API key has an invalid character/);
      assert.match(lookup.error.detail, /invisible control character \(U\+0000 at position \d+\)/);
      assert.deepEqual(lookup.error.actions, ['setApiKey']);
      assert.ok(!JSON.stringify(lookup.error).includes('SECRETKEY'));
      assert.equal(await keys.resolve(), undefined);
      assert.equal(await keys.source(), 'none', 'the view offers Set API Key');
    });

    it('does not fall back to the environment key in its place (the user chose the stored one)', async () => {
      secrets.values.set(SECRET_ID, 'sk-ant-api03-smart\u2019quote-0123456789');
      const lookup = await keyStore({ ANTHROPIC_API_KEY: ENV_KEY }).resolveForRequest();
      assert.ok(!lookup.ok);
      assert.match(lookup.error.detail, /typographic quote/);
    });

    it('refuses an environment key with a zero-width space, naming the variable', async () => {
      const lookup = await keyStore({ ANTHROPIC_API_KEY: `${ENV_KEY}\u200b` }).resolveForRequest();
      assert.ok(!lookup.ok);
      assert.match(lookup.error.title, /ANTHROPIC_API_KEY has an invalid character/);
    });

    it('logs the problem once, without the key, however often the view asks', async () => {
      secrets.values.set(SECRET_ID, NUL_KEY);
      const keys = keyStore();
      for (let i = 0; i < 3; i++) await keys.source();
      assert.equal(log.lines.length, 1);
      assert.match(log.lines[0].text, /not used: The key contains an invisible control character/);
      assert.ok(!log.text().includes('SECRETKEY'));
    });

    it('is refused by Set API Key before anything is stored', async () => {
      const keys = keyStore();
      await assert.rejects(keys.store(NUL_KEY), (error: Error) => /control character/.test(error.message) && !error.message.includes('SECRETKEY'));
      assert.equal(secrets.values.size, 0);
    });
  });

  describe('secret storage empty or unreadable (checklist row 3)', () => {
    beforeEach(() => {
      // What a repository (or an old habit) might plant: it must never be read.
      fake.setConfiguration('claudeChat.apiKey', KEY, ConfigurationTarget.Global);
      fake.setConfiguration('claudeChat.apiKey', KEY, ConfigurationTarget.Workspace);
    });

    it('a throwing keychain asks for the key again (Set API Key) and never reads settings.json', async () => {
      secrets.failReads = new Error('Cannot get password: the keyring is locked');
      const keys = keyStore();
      const lookup = await keys.resolveForRequest();
      assert.ok(!lookup.ok);
      assert.match(lookup.error.title, /could not be read from secret storage/);
      assert.deepEqual(lookup.error.actions, ['setApiKey']);
      assert.equal(await keys.source(), 'none');
      assert.match(log.text(), /Could not read the API key from secret storage: Cannot get password: the keyring is locked/);
    });

    it('an empty keychain (a keyring change) asks for the key again and never reads settings.json', async () => {
      secrets.values.set(SECRET_ID, '');
      const keys = keyStore();
      const lookup = await keys.resolveForRequest();
      assert.ok(!lookup.ok);
      assert.equal(lookup.error.kind, 'noKey');
      assert.deepEqual(lookup.error.actions, ['setApiKey']);
      assert.equal(await keys.resolve(), undefined);
    });

    it('a throwing keychain still lets ANTHROPIC_API_KEY work (the documented fallback, not a setting)', async () => {
      secrets.failReads = new Error('keyring unavailable');
      assert.deepEqual(await keyStore({ ANTHROPIC_API_KEY: ENV_KEY }).resolve(), { key: ENV_KEY, source: 'environment' });
    });

    it('scrubs a key from the keychain error it logs', async () => {
      secrets.failReads = new Error(`secret service said: ${KEY}`);
      await keyStore().resolve();
      assert.ok(!log.text().includes(KEY), log.text());
    });
  });

  it('knows every key it has seen, for scrubbing logs', async () => {
    secrets.values.set(SECRET_ID, NUL_KEY);
    const keys = keyStore({ ANTHROPIC_API_KEY: ENV_KEY });
    await keys.resolve();
    await keys.store(KEY);
    assert.deepEqual([...keys.knownSecrets()].sort(), [ENV_KEY, KEY, NUL_KEY].sort());
  });

  describe('status: none, environment, stored or invalid (what the status bar shows)', () => {
    it('says where the key comes from', async () => {
      const keys = keyStore({ ANTHROPIC_API_KEY: ENV_KEY });
      assert.deepEqual(await keyStore().status(), { state: 'none', unreadable: false });
      assert.deepEqual(await keys.status(), { state: 'environment' });
      await keys.store(KEY);
      assert.deepEqual(await keys.status(), { state: 'stored' });
    });

    it('an unreadable keychain is none, said to be unreadable; a key no header can carry is invalid', async () => {
      secrets.failReads = new Error('keyring unavailable');
      assert.deepEqual(await keyStore().status(), { state: 'none', unreadable: true });
      secrets.failReads = undefined;
      secrets.values.set(SECRET_ID, NUL_KEY);
      assert.deepEqual(await keyStore().status(), { state: 'invalid', source: 'secretStorage', rejected: false });
    });

    it('a 401 makes the current key invalid, with a change event; a success or another key clears it', async () => {
      const keys = keyStore({ ANTHROPIC_API_KEY: ENV_KEY });
      await keys.store(KEY);
      let changes = 0;
      keys.onDidChange(() => changes++);
      keys.markRejected(KEY);
      keys.markRejected(KEY);
      assert.equal(changes, 1, 'one event for one change');
      assert.deepEqual(await keys.status(), { state: 'invalid', source: 'secretStorage', rejected: true });
      keys.markAccepted(KEY);
      assert.deepEqual(await keys.status(), { state: 'stored' });
      keys.markRejected(KEY);
      await keys.clear();
      assert.deepEqual(await keys.status(), { state: 'environment' }, 'the environment key was never rejected');
      keys.markRejected(ENV_KEY);
      await keys.store(KEY);
      assert.deepEqual(await keys.status(), { state: 'stored' });
    });

    it('a 401 for a key no longer in use does not mark the new one', async () => {
      const keys = keyStore();
      await keys.store(KEY);
      keys.markRejected('sk-ant-api03-an-older-key-0123456789');
      assert.deepEqual(await keys.status(), { state: 'stored' });
    });

    it('a key stored again after its 401 starts unjudged', async () => {
      const keys = keyStore();
      await keys.store(KEY);
      keys.markRejected(KEY);
      await keys.store(KEY);
      assert.deepEqual(await keys.status(), { state: 'stored' });
    });
  });
});
