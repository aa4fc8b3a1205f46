import assert from 'node:assert/strict';
import { messageText, type ChatMessage } from '../../../src/shared/conversation';
import { FakeAnthropicServer } from '../../fakes/anthropicServer';
import { fake } from '../../fakes/vscode';
import { createHarness, onDisk, texts, waitFor, type Harness } from '../../helpers/chatHarness';
import { assistantMessage, conversation as makeConversation, userMessage } from '../../helpers/conversationFixtures';

const SLOW_ANSWER = 'word '.repeat(400);

/** Row 22 of the checklist, and what the session does with an answer it walks away from. */
describe('ChatSession mid-stream', function () {
  this.timeout(20_000);
  const server = new FakeAnthropicServer();
  let harness: Harness;

  before(() => server.start());
  after(() => server.stop());
  beforeEach(async () => {
    server.reset();
    fake.reset();
    harness = await createHarness({ server });
  });
  afterEach(() => harness.close());

  async function sendAndFinish(text: string): Promise<string> {
    server.enqueue({ kind: 'reply', text: `answer to ${text}` });
    const sent = await harness.session.send(text);
    assert.ok(sent.ok);
    await sent.reply;
    await harness.library.flush();
    return harness.session.snapshot.id;
  }

  /** Starts a slow answer and resolves once part of it has arrived. */
  async function startSlowAnswer(text: string): Promise<{ id: string; reply: Promise<ChatMessage> }> {
    server.enqueue({ kind: 'reply', text: SLOW_ANSWER, chunkSize: 5, delayMs: 5 });
    const sent = await harness.session.send(text);
    assert.ok(sent.ok);
    const id = harness.session.snapshot.id;
    await waitFor(() => messageText(harness.session.snapshot.messages.at(-1)!).length > 20, 'the first deltas');
    return { id, reply: sent.reply };
  }

  it('switching to a conversation from history aborts the request; no token lands in it, and the stopped partial stays in its own file', async () => {
    const other = await sendAndFinish('the conversation switched to');
    harness.session.newChat();
    const streaming = await startSlowAnswer('the conversation switched away from');
    const aborted = server.nextClientAbort();

    assert.equal(await harness.library.open(other), true);
    await aborted;
    const answer = await streaming.reply;
    await harness.library.flush();

    assert.equal(answer.status, 'stopped');
    assert.equal(harness.session.busy, false);
    assert.equal(harness.session.snapshot.id, other);
    assert.deepEqual(texts(harness.session.snapshot), ['the conversation switched to', 'answer to the conversation switched to'], 'nothing arrived on screen');
    assert.deepEqual(texts(await onDisk(harness.dir, other)), ['the conversation switched to', 'answer to the conversation switched to'], 'nothing written into it');
    const left = await onDisk(harness.dir, streaming.id);
    assert.equal(left?.messages.length, 2);
    const partial = left!.messages[1];
    assert.equal(partial.status, 'stopped');
    assert.ok(messageText(partial).length > 20 && SLOW_ANSWER.startsWith(messageText(partial)), 'the partial answer, in its own file');
  });

  it('New Chat mid-stream: the request is aborted and the new chat stays empty', async () => {
    const streaming = await startSlowAnswer('abandoned for a new chat');
    const aborted = server.nextClientAbort();
    harness.session.newChat();
    await aborted;
    const answer = await streaming.reply;
    await harness.library.flush();
    assert.equal(answer.status, 'stopped');
    assert.equal(harness.session.snapshot.messages.length, 0);
    assert.equal(await onDisk(harness.dir, harness.session.snapshot.id), undefined, 'no file for the empty chat');
    assert.equal((await onDisk(harness.dir, streaming.id))?.messages[1].status, 'stopped');
  });

  it('Stop keeps the partial answer, marked stopped, on disk', async () => {
    const streaming = await startSlowAnswer('stopped by the user');
    harness.session.stop();
    const answer = await streaming.reply;
    await harness.library.flush();
    assert.equal(answer.status, 'stopped');
    const saved = await onDisk(harness.dir, streaming.id);
    assert.equal(saved?.messages[1].status, 'stopped');
    assert.equal(messageText(saved!.messages[1]), messageText(answer));
  });

  it('deleting the only question while its answer streams aborts it, and the file ends up without them', async () => {
    const streaming = await startSlowAnswer('a question to delete');
    await harness.library.flush();
    assert.equal((await onDisk(harness.dir, streaming.id))?.messages.length, 2, 'on disk while streaming');
    const question = harness.session.snapshot.messages[0];
    const aborted = server.nextClientAbort();

    harness.session.deletePair(question.id);
    await aborted;
    await streaming.reply;
    await harness.library.flush();
    assert.equal(harness.session.busy, false);
    assert.equal(harness.session.snapshot.messages.length, 0);
    assert.deepEqual(texts(await onDisk(harness.dir, streaming.id)), [], 'the deleted pair is not left on disk');
  });

  it('two sends made at once start one answer: the other is refused and appends nothing', async () => {
    server.enqueue({ kind: 'reply', text: 'the one answer' });
    const [first, second] = await Promise.all([harness.session.send('first'), harness.session.send('second')]);
    const started = [first, second].filter((result) => result.ok);
    assert.equal(started.length, 1, 'exactly one send started an answer');
    const refused = [first, second].find((result) => !result.ok);
    assert.ok(refused && !refused.ok && /still streaming/.test(refused.error.title));
    if (started[0].ok) await started[0].reply;
    assert.deepEqual(texts(harness.session.snapshot), [first.ok ? 'first' : 'second', 'the one answer']);
    assert.equal(server.requests.length, 1);
  });

  it('refuses to send after, continue or regenerate an answer another window is still streaming, and sends nothing', async () => {
    const question = userMessage('asked in the other window', null, 'q1');
    const live = { ...assistantMessage('half an ans', 'q1', 'a1', 'streaming'), streamingElsewhere: 'window-2' };
    const shown = makeConversation(question, live);
    shown.id = 'conv-elsewhere';
    harness.session.show(shown);
    const attempts = [
      await harness.session.send('a follow-up'),
      await harness.session.continueAnswer('a1'),
      await harness.session.regenerate('a1'),
    ];
    for (const attempt of attempts) assert.ok(!attempt.ok && /another VS Code window/.test(attempt.error.title), JSON.stringify(attempt));
    assert.equal(harness.session.snapshot.messages.length, 2, 'nothing was appended');
    assert.equal(server.requests.length, 0, 'nothing was sent');
  });
});
