import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../src/codeCommands/codeCommandRunner';
import type { RetryingChange } from '../../src/conversations/chatSession';
import { ConversationStore } from '../../src/conversations/store/conversationStore';
import type { ClaudeChatApi } from '../../src/extension';
import type { ChatErrorAction, ChatErrorKind } from '../../src/shared/chatError';
import { messageText, type ChatMessage } from '../../src/shared/conversation';
import { visiblePath } from '../../src/shared/conversationTree';
import { FakeAnthropicServer } from '../fakes/anthropicServer';
import { NAMED_SCENARIOS } from '../fakes/scenarios';
import { waitFor } from '../helpers/waitFor';

const EXTENSION_ID = 'claude-chat-dev.claude-chat';
const KEY = 'sk-ant-integration-error-rows-0123456789';
const REVOKED_KEY = 'sk-ant-integration-revoked-key-000000000';
/** What a repository (or an old habit) might put in settings.json: it must never be read. */
const PLANTED_KEY = 'sk-ant-planted-in-settings-json-0000000000';

interface MessagesBody {
  model: string;
  messages: { role: string; content: { type: string; text?: string }[] }[];
}

/**
 * Checklist rows 1–11 (bad inputs and faults of the API and the network) in a real VS Code extension host, against the
 * fake Anthropic server. Each test takes the path a chat view's message takes: the view reports the typed text
 * (`draft/changed` → session.draft), then `chat/send` → session.send; its error card's Retry is `chat/retry` →
 * session.regenerate, and its Set API Key and Pick Model run the commands those buttons run.
 */
describe('errors in a real VS Code extension host (checklist rows 1–11)', function () {
  this.timeout(60_000);
  const server = new FakeAnthropicServer({ validKeys: [KEY] });
  let api: ClaudeChatApi;
  const config = () => vscode.workspace.getConfiguration('claudeChat');
  const changed = ['baseUrl', 'titles.enabled', 'streamIdleTimeoutSeconds'] as const;
  const previous = new Map<string, unknown>();

  before(async () => {
    const url = await server.start();
    for (const key of changed) previous.set(key, config().inspect(key)?.globalValue);
    await config().update('baseUrl', url, vscode.ConfigurationTarget.Global);
    // Title requests would add to the requests these tests count.
    await config().update('titles.enabled', false, vscode.ConfigurationTarget.Global);
    api = await vscode.extensions.getExtension<ClaudeChatApi>(EXTENSION_ID)!.activate();
    await api.storeApiKey(KEY);
  });

  after(async () => {
    api?.session.newChat();
    await api?.storeApiKey(KEY);
    for (const key of changed) await config().update(key, previous.get(key), vscode.ConfigurationTarget.Global);
    await server.stop();
  });

  beforeEach(async () => {
    if (api.session.busy) {
      api.session.stop();
      await waitFor(() => !api.session.busy, 'the previous answer to end');
    }
    server.reset();
    api.session.newChat();
  });

  /** What the user does in the view: types (the view reports the draft), then presses Enter. */
  async function typeAndSend(text: string): Promise<ChatMessage> {
    api.session.draft = text;
    const result = await api.session.send(text);
    assert.ok(result.ok, !result.ok ? `${result.error.title} ${result.error.detail}` : '');
    return result.reply;
  }

  function assertFailed(answer: ChatMessage, kind: ChatErrorKind, actions: ChatErrorAction[]): void {
    assert.equal(answer.status, 'failed', JSON.stringify(answer.error));
    assert.equal(answer.error?.kind, kind, JSON.stringify(answer.error));
    assert.deepEqual(answer.error?.actions, actions);
  }

  /** The question is still in the transcript, as sent, whatever happened to its answer. */
  function assertQuestionKept(question: string): void {
    const path = visiblePath(api.session.snapshot);
    assert.equal(path[0].role, 'user');
    assert.equal(messageText(path[0]), question);
  }

  function lastUserText(index: number): string {
    const body = server.messageRequests[index].body as MessagesBody;
    return body.messages[body.messages.length - 1].content.map((block) => block.text ?? '').join('');
  }

  /** The conversation as a reloaded window would find it on disk. */
  async function savedAnswer(): Promise<ChatMessage> {
    await api.library.flush();
    const loaded = await new ConversationStore({ dir: api.storageDir }).load(api.session.snapshot.id);
    assert.ok(loaded && 'conversation' in loaded, 'the conversation file loads');
    return visiblePath(loaded.conversation).at(-1)!;
  }

  function retryNotices(): { notices: RetryingChange[]; dispose(): void } {
    const notices: RetryingChange[] = [];
    const listener = api.session.onDidScheduleRetry((change) => notices.push(change));
    return { notices, dispose: () => listener.dispose() };
  }

  it('row 1: a revoked key (401) is not retried, says so with Set API Key, keeps the question, and Retry after a new key answers it', async () => {
    await api.storeApiKey(REVOKED_KEY);
    const answer = await typeAndSend('Keep this question');
    assertFailed(answer, 'auth', ['setApiKey']);
    assert.equal(answer.error?.status, 401);
    assert.match(answer.error?.detail ?? '', /invalid x-api-key/);
    assert.equal(server.messageRequests.length, 1, 'not retried');
    assertQuestionKept('Keep this question');
    await api.storeApiKey(KEY);
    const retried = await api.session.regenerate();
    assert.ok(retried.ok);
    assert.equal((await retried.reply).status, 'complete');
    assert.equal(lastUserText(1), 'Keep this question');
  });

  it('row 2: without a key, the chat explains and offers Set API Key, sends nothing, and the typed text stays in the composer', async () => {
    await vscode.commands.executeCommand('claudeChat.clearApiKey');
    try {
      api.session.draft = 'Typed before any key was set';
      const result = await api.session.send(api.session.draft);
      assert.ok(!result.ok);
      assert.equal(result.error.kind, 'noKey');
      assert.deepEqual(result.error.actions, ['setApiKey']);
      assert.equal(api.session.draft, 'Typed before any key was set');
      assert.equal(api.session.snapshot.messages.length, 0, 'nothing half-sent');
      assert.equal(server.messageRequests.length, 0);
    } finally {
      await api.storeApiKey(KEY);
    }
  });

  it('row 3: secret storage emptied (a keyring change) asks for the key again and never falls back to a key in settings.json', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const file = path.join(folder, '.vscode', 'settings.json');
    const original = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    const planted = { ...(original?.trim() ? (JSON.parse(original) as Record<string, unknown>) : {}), 'claudeChat.apiKey': PLANTED_KEY };
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(planted, null, 2));
    await vscode.commands.executeCommand('claudeChat.clearApiKey');
    try {
      await waitFor(() => config().get('apiKey') === PLANTED_KEY, 'the planted setting to reach the extension host');
      assert.equal(await api.apiKeySource(), 'none');
      const result = await api.session.send('Which key is used?');
      assert.ok(!result.ok);
      assert.equal(result.error.kind, 'noKey');
      assert.deepEqual(result.error.actions, ['setApiKey']);
      assert.equal(server.messageRequests.length, 0);
      // (The view may still ask /v1/models in the background with the key stored before it was cleared.)
      assert.ok(server.requests.every((request) => request.apiKey !== PLANTED_KEY), 'the key in settings.json went nowhere');
    } finally {
      if (original === undefined) fs.rmSync(file);
      else fs.writeFileSync(file, original);
      await waitFor(() => config().get('apiKey') === undefined, 'the planted setting to be gone');
      await api.storeApiKey(KEY);
    }
  });

  it('row 4: a 429 with retry-after counts down from it, and Retry now asks again at once', async () => {
    const retries = retryNotices();
    try {
      server.enqueue(NAMED_SCENARIOS['429-wait']);
      const first = api.session.send('Rate limited question');
      await waitFor(() => retries.notices.length > 0, 'the retry notice');
      const [notice] = retries.notices;
      assert.equal(notice.status, 429);
      const secondsLeft = ((notice.retryAt ?? 0) - Date.now()) / 1000;
      assert.ok(secondsLeft > 10 && secondsLeft <= 15, `the countdown starts from retry-after: 15 (${secondsLeft} s left)`);
      const started = Date.now();
      const now = await api.session.regenerate();
      assert.ok(now.ok);
      assert.equal((await now.reply).status, 'complete');
      assert.ok(Date.now() - started < 5000, 'did not sit out the wait');
      assert.ok((await first).ok);
      assert.equal(server.messageRequests.length, 2, 'the 429 and the retry, nothing else');
      assert.equal(lastUserText(1), 'Rate limited question');
    } finally {
      retries.dispose();
    }
  });

  it('row 4: a 429 without retry-after (a spend cap) is reported at once, after exactly one request', async () => {
    const retries = retryNotices();
    try {
      server.enqueue(NAMED_SCENARIOS['429-no-retry-after'], NAMED_SCENARIOS.plain);
      const answer = await typeAndSend('Over my spend cap?');
      assertFailed(answer, 'rateLimit', ['retry']);
      assert.match(answer.error?.detail ?? '', /usage limits/);
      assert.equal(server.messageRequests.length, 1);
      assert.deepEqual(retries.notices, [], 'no countdown for a wait that will not happen');
    } finally {
      retries.dispose();
    }
  });

  for (const status of ['529', '500'] as const) {
    it(`row 5: a ${status} before the stream starts is retried twice with bounded back-off, then shown with Retry, which asks again`, async () => {
      const retries = retryNotices();
      try {
        server.enqueue(NAMED_SCENARIOS[status], NAMED_SCENARIOS[status], NAMED_SCENARIOS[status]);
        const started = Date.now();
        const answer = await typeAndSend(`Busy server ${status}`);
        assertFailed(answer, status === '529' ? 'overloaded' : 'server', ['retry']);
        assert.ok(Date.now() - started < 6000, `bounded: ${Date.now() - started} ms`);
        assert.equal(server.messageRequests.length, 3, 'one request and two retries');
        assert.ok(retries.notices.length >= 2 && retries.notices.every((notice) => String(notice.status) === status), 'the view heard of each retry');
        const again = await api.session.regenerate();
        assert.ok(again.ok);
        assert.equal((await again.reply).status, 'complete');
        assert.equal(lastUserText(3), `Busy server ${status}`);
      } finally {
        retries.dispose();
      }
    });
  }

  it('row 6: an error event mid-stream keeps the partial answer, saved and marked incomplete, with no second request until Retry', async () => {
    server.enqueue(NAMED_SCENARIOS['mid-stream-error']);
    const answer = await typeAndSend('Tell me something');
    assertFailed(answer, 'overloaded', ['retry']);
    assert.equal(messageText(answer), 'Partial answer before the error. ');
    assert.equal(server.messageRequests.length, 1, 'no automatic duplicate');
    const saved = await savedAnswer();
    assert.deepEqual([saved.status, messageText(saved), saved.error?.kind], ['failed', 'Partial answer before the error. ', 'overloaded']);
    const again = await api.session.regenerate();
    assert.ok(again.ok);
    await again.reply;
    assert.equal(server.messageRequests.length, 2);
    assert.ok(
      api.session.snapshot.messages.some((message) => message.id === answer.id && messageText(message) === 'Partial answer before the error. '),
      'the partial answer stays, as the other branch',
    );
  });

  it('row 7: a connection reset mid-stream fails within seconds, and the partial answer is saved', async () => {
    let lastDeltaAt = 0;
    const listener = api.session.onDidChangeConversation((change) => {
      if (change.events.some((event) => event.type === 'block/delta')) lastDeltaAt = Date.now();
    });
    try {
      server.enqueue(NAMED_SCENARIOS['reset-mid-stream']);
      const answer = await typeAndSend('Stream then reset');
      const failedAt = Date.now();
      assertFailed(answer, 'network', ['retry']);
      assert.ok(lastDeltaAt > 0, 'text arrived before the reset');
      // The server resets the connection 20 ms after that text: this bounds the time from the reset to the error.
      assert.ok(failedAt - lastDeltaAt < 3000, `the error came ${failedAt - lastDeltaAt} ms after the last text`);
      assert.equal(server.messageRequests.length, 1);
      const saved = await savedAnswer();
      assert.deepEqual([saved.status, messageText(saved)], ['failed', 'Partial answer before the connection was reset. ']);
    } finally {
      listener.dispose();
    }
  });

  it('row 8: message_start then silence is ended by the idle watchdog (claudeChat.streamIdleTimeoutSeconds) and the request closed', async () => {
    await config().update('streamIdleTimeoutSeconds', 1, vscode.ConfigurationTarget.Global);
    try {
      server.enqueue(NAMED_SCENARIOS.stall);
      const closed = server.nextClientAbort();
      const started = Date.now();
      const answer = await typeAndSend('Then nothing');
      const elapsed = Date.now() - started;
      await closed;
      assertFailed(answer, 'stalled', ['retry']);
      assert.match(answer.error?.detail ?? '', /No data came from the API for 1 s/);
      assert.ok(elapsed >= 900 && elapsed < 5000, `ended after ${elapsed} ms`);
      assert.equal(server.messageRequests[0].clientAborted, true, 'the HTTP request is really closed');
    } finally {
      await config().update('streamIdleTimeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('row 9: malformed SSE fails the answer without a hang, unknown event types are skipped, and the chat goes on', async () => {
    server.enqueue(NAMED_SCENARIOS.malformed);
    const started = Date.now();
    const broken = await typeAndSend('Malformed please');
    assertFailed(broken, 'streamError', ['retry']);
    assert.ok(Date.now() - started < 5000);
    server.enqueue(NAMED_SCENARIOS['unknown-events']);
    const next = await typeAndSend('And now with new event types');
    assert.equal(next.status, 'complete');
    assert.equal(messageText(next), (NAMED_SCENARIOS['unknown-events'] as { text: string }).text);
  });

  const refusals: { scenario: string; kind: ChatErrorKind; actions: ChatErrorAction[]; says: RegExp }[] = [
    { scenario: '400', kind: 'invalidRequest', actions: ['openSettings'], says: /^system: text content blocks must be non-empty\. Check the model/ },
    { scenario: '400-model', kind: 'invalidRequest', actions: ['pickModel'], says: /^model: Invalid model name "claude-nope"\. Pick another model/ },
    { scenario: '403', kind: 'permission', actions: ['setApiKey', 'pickModel'], says: /^Your API key does not have permission/ },
    { scenario: '403-model', kind: 'permission', actions: ['pickModel', 'setApiKey'], says: /^Your organization does not have access to model claude-opus-5-5\..* Pick another model/ },
    { scenario: '404', kind: 'notFound', actions: ['pickModel'], says: /^model: claude-nope\. Pick another model/ },
    { scenario: '413', kind: 'tooLarge', actions: [], says: /^Request exceeds the maximum allowed number of bytes\. The request was/ },
  ];
  for (const { scenario, kind, actions, says } of refusals) {
    it(`row 10: a ${scenario} shows the API's message with what to do, once, and keeps the question`, async () => {
      server.enqueue(NAMED_SCENARIOS[scenario]);
      const answer = await typeAndSend(`Question for ${scenario}`);
      assertFailed(answer, kind, actions);
      assert.match(answer.error?.detail ?? '', says);
      assert.match(answer.error?.requestId ?? '', /^req_fake_/);
      assert.equal(server.messageRequests.length, 1, 'not retried');
      assertQuestionKept(`Question for ${scenario}`);
    });
  }

  it('row 10: Pick Model after an unknown model (404) changes the conversation’s model, and Retry then answers', async () => {
    api.session.updateMeta({ model: 'claude-nope' });
    server.enqueue(NAMED_SCENARIOS['404']);
    const answer = await typeAndSend('Which model?');
    assertFailed(answer, 'notFound', ['pickModel']);
    assert.match(answer.error?.title ?? '', /"claude-nope"/);
    // The button runs claudeChat.changeModel; its quick pick cannot be clicked here, so the pick is its argument.
    await vscode.commands.executeCommand('claudeChat.changeModel', 'claude-haiku-5-5');
    const again = await api.session.regenerate();
    assert.ok(again.ok);
    assert.equal((await again.reply).status, 'complete');
    assert.equal((server.messageRequests[1].body as MessagesBody).model, 'claude-haiku-5-5');
  });

  it('row 10: a 413 names what was too big: the request’s size and its largest attachment', async () => {
    await api.attachments.attachBytes('server.log', new TextEncoder().encode('GET /health 200\n'.repeat(12_500)));
    await waitFor(() => api.session.attachments.ready.length === 1, 'the attachment to be ready');
    server.enqueue(NAMED_SCENARIOS['413']);
    const answer = await typeAndSend('Why so many health checks?');
    assertFailed(answer, 'tooLarge', []);
    assert.match(answer.error?.detail ?? '', /The request was 21\d kB: 1 message and 1 attachment\. The largest parts: server\.log \(message 1, 200 kB\)/);
  });

  it('row 11: a conversation over the context window gets the 400 with the tokens against the limit and what was biggest, nothing half-sent', async () => {
    server.enqueue(NAMED_SCENARIOS['prompt-too-long']);
    const long = `Summarize: ${'lorem ipsum '.repeat(20_000)}`;
    const answer = await typeAndSend(long);
    assertFailed(answer, 'tooLarge', ['pickModel']);
    assert.match(answer.error?.detail ?? '', /It came to 215,347 tokens, and "[\w-]+" takes at most 200,000\. The request was 24\d kB: 1 message\. The largest parts?: the text of message 1 \(a question, 24\d kB\)/);
    assert.equal(server.messageRequests.length, 1);
    assertQuestionKept(long);
  });

  it('row 11: a selection larger than the context window is refused before anything is sent', async () => {
    // A model whose window the fake's /v1/models gives as 200,000 tokens (read first, so the check uses it).
    await api.models.list();
    api.session.updateMeta({ model: 'claude-haiku-5-5' });
    const document = await vscode.workspace.openTextDocument({ language: 'plaintext', content: 'const value = "some forty characters";\n'.repeat(20_000) });
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(0, 0, document.lineCount - 1, 0);
    try {
      const outcome = await vscode.commands.executeCommand<RunOutcome>('claudeChat.explain');
      assert.ok(outcome.status === 'refused', JSON.stringify(outcome));
      assert.match(outcome.reason, /was not sent: This request would be about [\d,]+ tokens .* more than the [\d,]+ tokens .* can take/);
      assert.equal(server.messageRequests.length, 0, 'nothing sent');
      assert.equal(api.session.snapshot.messages.length, 0, 'nothing appended');
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });
});
