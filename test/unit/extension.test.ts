import assert from 'node:assert/strict';
import { ConversationStore } from '../../src/conversations/store/conversationStore';
import { activate, deactivate, type ClaudeChatApi } from '../../src/extension';
import { messageText } from '../../src/shared/conversation';
import { FakeAnthropicServer } from '../fakes/anthropicServer';
import { ExtensionMode, fake } from '../fakes/vscode';
import { waitFor } from '../helpers/chatHarness';
import { createExtensionContext, type TestExtensionContext } from '../helpers/extensionContext';

const KEY = 'sk-ant-api03-activation-test-key-0123456789';

describe('activate(): what other extensions can reach', () => {
  let host: TestExtensionContext | undefined;

  beforeEach(() => fake.reset());
  afterEach(async () => {
    await host?.dispose();
    host = undefined;
  });

  it('exports nothing in production: no session, no key store, no secret storage', async () => {
    host = await createExtensionContext(ExtensionMode.Production);
    await host.secrets.store('claudeChat.apiKey', KEY);
    const exported: unknown = activate(host.context);
    assert.equal(exported, undefined);
  });

  it('exports nothing in development either (any extension can run beside one under development)', async () => {
    host = await createExtensionContext(ExtensionMode.Development);
    assert.equal(activate(host.context), undefined);
  });

  it('exports the test API only when VS Code runs the extension for its tests', async () => {
    host = await createExtensionContext(ExtensionMode.Test);
    const api: ClaudeChatApi | undefined = activate(host.context);
    assert.ok(api, 'the integration tests drive the extension through it');
    await api.storeApiKey(KEY);
    assert.equal(await api.apiKeySource(), 'secretStorage');
    await api.library.flush();
  });
});

describe('deactivate(): nothing pending is lost', function () {
  this.timeout(20_000);
  const server = new FakeAnthropicServer();
  let host: TestExtensionContext | undefined;

  before(() => server.start());
  after(() => server.stop());
  beforeEach(() => {
    fake.reset();
    server.reset();
  });
  afterEach(async () => {
    await host?.dispose();
    host = undefined;
  });

  it('writes the answer streamed since the last throttled save, though VS Code disposes everything right after calling it', async () => {
    host = await createExtensionContext(ExtensionMode.Test);
    fake.setConfiguration('claudeChat.baseUrl', server.url);
    fake.setConfiguration('claudeChat.titles.enabled', false);
    const api = activate(host.context);
    assert.ok(api);
    await api.storeApiKey(KEY);
    server.enqueue({ kind: 'reply', text: 'word '.repeat(400), chunkSize: 5, delayMs: 5 });
    const sent = await api.session.send('the window closes while this streams');
    assert.ok(sent.ok);
    const id = api.session.snapshot.id;
    const answerText = () => messageText(api.session.snapshot.messages.at(-1)!);
    await waitFor(() => answerText().length > 50, 'the first deltas');
    const shown = answerText();

    // What VS Code does: call deactivate, dispose the subscriptions without waiting, then wait for the promise.
    const deactivating = deactivate();
    for (const subscription of host.context.subscriptions.splice(0)) subscription.dispose();
    await deactivating;
    await sent.reply;

    const loaded = await new ConversationStore({ dir: host.storageDir }).load(id);
    assert.ok(loaded && !('quarantined' in loaded));
    assert.ok(messageText(loaded.conversation.messages[1]).startsWith(shown), 'everything on screen at deactivation is on disk');
  });
});

