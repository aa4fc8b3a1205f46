import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type * as vscode from 'vscode';
import { ApiKeyStore, type KeyLookup } from '../../../src/auth/apiKeyStore';
import { RedactingLog } from '../../../src/auth/redactingLog';
import { SettingsService } from '../../../src/config/settings';
import { ChatSession } from '../../../src/conversations/chatSession';
import { ConversationLibrary } from '../../../src/conversations/conversationLibrary';
import { ConversationStore } from '../../../src/conversations/store/conversationStore';
import { MAX_WEBVIEW_TEXT_LENGTH, type HostToWebview } from '../../../src/shared/protocol';
import { ChatConnection } from '../../../src/webview/chatConnection';
import { FakeAnthropicServer } from '../../fakes/anthropicServer';
import { FakeLog, FakeMemento, FakeSecretStorage, FakeWebview, fake } from '../../fakes/vscode';
import { waitFor } from '../../helpers/chatHarness';

const KEY = 'sk-ant-api03-connection-test-key-0123456789';
/** What an older version could store: Set API Key did not refuse control characters. */
const NUL_KEY = 'sk-ant-api03-SECRETKEY-0123456789\u0000x';

/** Hands out whatever key it holds, unchecked: what a missed validation would do. */
class UncheckedKeyStore extends ApiKeyStore {
  constructor(
    private readonly raw: string,
    secrets: FakeSecretStorage,
    log: vscode.LogOutputChannel,
  ) {
    super(secrets as unknown as vscode.SecretStorage, log, {});
  }
  override async resolveForRequest(): Promise<KeyLookup> {
    return { ok: true, key: { key: this.raw, source: 'secretStorage' } };
  }
  override knownSecrets(): readonly string[] {
    return [...super.knownSecrets(), this.raw];
  }
}

interface Wired {
  dir: string;
  webview: FakeWebview;
  /** What reached the output channel, after the extension's redacting wrapper. */
  channel: FakeLog;
  session: ChatSession;
  library: ConversationLibrary;
  dispose(): Promise<void>;
}

describe('ChatConnection', function () {
  this.timeout(10_000);
  const server = new FakeAnthropicServer();
  let wired: Wired | undefined;

  before(() => server.start());
  after(() => server.stop());
  beforeEach(() => {
    server.reset();
    fake.reset();
    fake.setConfiguration('claudeChat.baseUrl', server.url);
    fake.setConfiguration('claudeChat.titles.enabled', false);
  });
  afterEach(async () => {
    await wired?.dispose();
    wired = undefined;
  });

  /** The host side of one chat view, wired as extension.ts wires it, with a key in secret storage. */
  async function wire(options: { storedKey?: string; uncheckedKey?: string } = {}): Promise<Wired> {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'claude-chat-connection-'));
    const channel = new FakeLog();
    const log = new RedactingLog(channel as unknown as vscode.LogOutputChannel);
    const secrets = new FakeSecretStorage();
    secrets.values.set('claudeChat.apiKey', options.storedKey ?? KEY);
    const keys = options.uncheckedKey ? new UncheckedKeyStore(options.uncheckedKey, secrets, log) : new ApiKeyStore(secrets as unknown as vscode.SecretStorage, log, {});
    log.addSecrets(() => keys.knownSecrets());
    const settings = new SettingsService(log);
    const session = new ChatSession(keys, () => settings.settings, log);
    const library = new ConversationLibrary(new ConversationStore({ dir }), session, new FakeMemento() as unknown as vscode.Memento, log);
    const webview = new FakeWebview();
    const actions = { runAction: () => undefined, runCodeAction: async () => undefined, pickAttachments: () => undefined };
    const connection = new ChatConnection(webview as unknown as vscode.Webview, session, library, keys, settings, actions, log);
    webview.receive({ type: 'webview/ready' });
    await waitFor(() => webview.posted.some((message) => (message as HostToWebview).type === 'state/full'), 'the full state');
    return {
      dir,
      webview,
      channel,
      session,
      library,
      dispose: async () => {
        connection.dispose();
        await library.flush();
        library.dispose();
        session.dispose();
        settings.dispose();
        keys.dispose();
        await fs.rm(dir, { recursive: true, force: true, maxRetries: 20, retryDelay: 5 });
      },
    };
  }

  const warnings = () => wired!.channel.lines.filter((line) => line.level === 'warn').map((line) => line.text);

  describe('what the page posts goes through the protocol guard, and a refusal is logged (checklist row 24)', () => {
    it('an unknown message type is refused and logged', async () => {
      wired = await wire();
      wired.webview.receive({ type: 'secrets/dump', key: true });
      assert.deepEqual(warnings(), ['Ignored a message from the chat view: unknown type "secrets/dump"']);
    });

    it('what is not a message at all is refused and logged', async () => {
      wired = await wire();
      for (const raw of [null, 'chat/stop', ['chat/stop'], { type: 42 }]) wired.webview.receive(raw);
      assert.deepEqual(warnings(), [
        'Ignored a message from the chat view: not an object',
        'Ignored a message from the chat view: not an object',
        'Ignored a message from the chat view: not an object',
        'Ignored a message from the chat view: missing type',
      ]);
    });

    it('an oversized message is refused and logged, and nothing of it is sent or kept', async () => {
      wired = await wire();
      const text = 'x'.repeat(MAX_WEBVIEW_TEXT_LENGTH + 1);
      wired.webview.receive({ type: 'chat/send', requestId: 'r1', text });
      wired.webview.receive({ type: 'draft/changed', text });
      wired.webview.receive({ type: 'link/open', href: `https://example.com/${'a'.repeat(9000)}` });
      assert.deepEqual(warnings(), [
        'Ignored a message from the chat view: chat/send: bad requestId or text',
        'Ignored a message from the chat view: draft/changed: bad text',
        'Ignored a message from the chat view: link/open: bad href',
      ]);
      assert.equal(wired.session.snapshot.messages.length, 0);
      assert.equal(wired.session.draft, '');
      assert.equal(server.requests.length, 0);
      assert.deepEqual(fake.openedExternal, []);
    });

    it('a page posting bad messages in a loop cannot flood the log', async () => {
      wired = await wire();
      for (let i = 0; i < 5000; i++) wired.webview.receive({ type: `junk-${i}` });
      const lines = warnings();
      assert.equal(lines.length, 20 + 1 + 5, lines.slice(-6).join('\n'));
      assert.match(lines[20], /counted, not each logged/);
      assert.match(lines[25], /^Ignored 5000 messages from the chat view so far; the last: unknown type "junk-4999"$/);
    });
  });

  describe('links from answers (link/open)', () => {
    const refusals = () => warnings().filter((line) => line.startsWith('Refused to open a link'));

    for (const href of [
      'javascript:alert(1)',
      'command:claudeChat.exportConversation?%5B%22json%22%5D',
      'vscode://vscode.git/clone?url=https%3A%2F%2Fexample.com%2Frepo.git',
      'data:text/html,<script>alert(1)</script>',
      'file:///etc/passwd',
      'mailto:victim@example.com?body=secret',
    ]) {
      it(`refuses ${href.split(':')[0]}: and logs it, opening nothing and asking nothing`, async () => {
        wired = await wire();
        wired.webview.receive({ type: 'link/open', href });
        await waitFor(() => refusals().length > 0, 'the refusal');
        assert.deepEqual(refusals(), [`Refused to open a link that is not http(s): ${href.slice(0, 100)}`]);
        assert.deepEqual(fake.openedExternal, []);
        assert.deepEqual(fake.messages, []);
      });
    }

    it('keeps a refused href on one log line', async () => {
      wired = await wire();
      wired.webview.receive({ type: 'link/open', href: 'javascript:a()\n[error] forged line' });
      await waitFor(() => refusals().length > 0, 'the refusal');
      assert.equal(refusals()[0], 'Refused to open a link that is not http(s): javascript:a()\ufffd[error] forged line');
    });

    it('opens a web link through openExternal, where VS Code asks its "open the external website?" question', async () => {
      wired = await wire();
      wired.webview.receive({ type: 'link/open', href: 'https://docs.python.org/3/' });
      await waitFor(() => fake.openedExternal.length > 0, 'openExternal');
      assert.deepEqual(fake.openedExternal.map(String), ['https://docs.python.org/3/']);
      assert.deepEqual(fake.messages, [], 'no second question on top of VS Code’s');
    });

    for (const href of ['http://localhost:3000/admin?reset=1', 'http://127.0.0.1:8080/', 'http://[::1]/', 'http://app.localhost/']) {
      it(`asks before opening ${href} (VS Code would open it without asking), and opens it only after "Open"`, async () => {
        wired = await wire();
        let openedBeforeAnswer: number | undefined;
        fake.messageAnswers.push(() => {
          openedBeforeAnswer = fake.openedExternal.length;
          return 'Open';
        });
        wired.webview.receive({ type: 'link/open', href });
        await waitFor(() => fake.openedExternal.length > 0, 'openExternal');
        assert.equal(openedBeforeAnswer, 0, 'nothing opened before the answer');
        assert.equal(fake.messages.length, 1);
        const [question] = fake.messages;
        assert.equal(question.modal, true);
        assert.equal(question.text, `Open ${new URL(href).toString()}?`);
        assert.deepEqual(question.items, ['Open']);
        assert.deepEqual(fake.openedExternal.map(String), [new URL(href).toString()]);
      });
    }

    it('opens nothing when that question is dismissed', async () => {
      wired = await wire();
      fake.messageAnswers.push(undefined);
      wired.webview.receive({ type: 'link/open', href: 'http://localhost:9229/json' });
      await waitFor(() => wired!.channel.text().includes('Did not open http://localhost:9229/json: not confirmed'), 'the decline');
      assert.equal(fake.messages.length, 1);
      assert.deepEqual(fake.openedExternal, []);
    });
  });

  describe('a key with a NUL in it, end to end (the SDK quotes the whole key in its error)', () => {
    async function everythingKept(): Promise<string> {
      await wired!.library.flush();
      const files = await fs.readdir(wired!.dir, { recursive: true, withFileTypes: true });
      const contents = await Promise.all(files.filter((entry) => entry.isFile()).map((entry) => fs.readFile(path.join(entry.parentPath, entry.name), 'utf8')));
      return contents.join('\n');
    }

    it('a stored key with a NUL is never sent: the view is told why and offered Set API Key, and the key is nowhere', async () => {
      wired = await wire({ storedKey: NUL_KEY });
      const answered = (type: string) => wired!.webview.posted.some((message) => (message as HostToWebview).type === type);
      wired.webview.receive({ type: 'chat/send', requestId: 'r1', text: 'Hello?' });
      await waitFor(() => answered('send/rejected') || answered('send/accepted'), 'the answer to chat/send');
      await waitFor(() => !wired!.session.busy, 'any request to end');
      for (const [where, text] of [
        ['the webview', JSON.stringify(wired.webview.posted)],
        ['the log', wired.channel.text()],
        ['the conversation files', await everythingKept()],
      ]) {
        assert.ok(!text.includes('SECRETKEY'), `${where} carries the key: ${text.slice(0, 500)}`);
      }
      const rejected = wired.webview.posted.find((message) => (message as HostToWebview).type === 'send/rejected') as Extract<HostToWebview, { type: 'send/rejected' }> | undefined;
      assert.ok(rejected, 'refused before sending');
      assert.match(rejected.error.title, /stored API key has an invalid character/);
      assert.deepEqual(rejected.error.actions, ['setApiKey']);
      assert.equal(server.requests.length, 0);
      assert.equal(wired.session.snapshot.messages.length, 0, 'nothing half-sent');
    });

    it('if such a key ever reached the SDK, its error is scrubbed from the saved answer, the view and the log', async () => {
      wired = await wire({ uncheckedKey: NUL_KEY });
      const sent = await wired.session.send('Hello?');
      assert.ok(sent.ok);
      const answer = await sent.reply;
      assert.equal(answer.status, 'failed');
      wired.channel.error(`as logged before the wrapper: ${NUL_KEY}`); // the raw channel itself keeps what it is given
      const logged = wired.channel.lines.slice(0, -1).map((line) => line.text).join('\n');
      assert.match(logged, /Answer failed/);
      const kept = await everythingKept();
      assert.match(kept, /"status":"failed"/);
      for (const [where, text] of [
        ['the webview', JSON.stringify(wired.webview.posted)],
        ['the log', logged],
        ['the conversation files', kept],
      ]) {
        assert.ok(!text.includes('SECRETKEY'), `${where} carries the key: ${text.slice(0, 500)}`);
      }
      assert.deepEqual(answer.error?.actions, ['setApiKey'], 'the saved error says what to do');
    });
  });
});
