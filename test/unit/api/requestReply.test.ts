import assert from 'node:assert/strict';
import { requestReply, type ReplyOutcome, type RetryNotice } from '../../../src/api/requestReply';
import type { Attachment } from '../../../src/shared/attachment';
import type { ChatError } from '../../../src/shared/chatError';
import { messageText, type ChatMessage, type Conversation } from '../../../src/shared/conversation';
import { applyConversationEvent } from '../../../src/shared/conversationReducer';
import { FakeAnthropicServer } from '../../fakes/anthropicServer';
import { conversation as makeConversation } from '../../helpers/conversationFixtures';
import { LONG_TEXT, NAMED_SCENARIOS } from '../../fakes/scenarios';
import { signThinking } from '../../fakes/toolProtocol';

const KEY = 'sk-ant-test-key-0123456789';

function userMessage(text: string): ChatMessage {
  return { id: `u-${text}`, parentId: null, role: 'user', blocks: [{ type: 'text', text }], status: 'complete', createdAt: 0 };
}

interface Run {
  outcome: ReplyOutcome;
  message: ChatMessage;
  elapsedMs: number;
  /** Date.now() when requestReply resolved. */
  endedAt: number;
  /** Date.now() when the last text arrived (a scenario that breaks the connection does so after it). */
  lastDeltaAt: number | undefined;
}

describe('requestReply: the real SDK against the fake Anthropic server', function () {
  this.timeout(20_000);
  const server = new FakeAnthropicServer({ validKeys: [KEY] });
  let baseUrl = '';

  before(async () => {
    baseUrl = await server.start();
  });
  after(() => server.stop());
  beforeEach(() => server.reset());

  let notices: RetryNotice[] = [];
  beforeEach(() => {
    notices = [];
  });

  async function run(options: { history?: ChatMessage[]; key?: string; idleTimeoutMs?: number; abortAfterFirstDelta?: boolean; readAttachment?: (attachment: Attachment) => Promise<Uint8Array> } = {}): Promise<Run> {
    const conversation: Conversation = makeConversation();
    const message: ChatMessage = { id: 'a', parentId: null, role: 'assistant', blocks: [], status: 'streaming', createdAt: 0 };
    conversation.messages.push(message);
    const controller = new AbortController();
    const started = Date.now();
    let lastDeltaAt: number | undefined;
    const outcome = await requestReply({
      apiKey: options.key ?? KEY,
      endpoint: { kind: 'endpoint', baseUrl },
      settings: { model: 'claude-sonnet-5-5', maxTokens: 1024, systemPrompt: 'System prompt under test.' },
      history: options.history ?? [userMessage('hello')],
      messageId: 'a',
      signal: controller.signal,
      idleTimeoutMs: options.idleTimeoutMs ?? 10_000,
      onRetry: (notice) => notices.push(notice),
      ...(options.readAttachment ? { readAttachment: options.readAttachment } : {}),
      emit: (event) => {
        applyConversationEvent(conversation, event);
        if (event.type === 'block/delta') lastDeltaAt = Date.now();
        if (options.abortAfterFirstDelta && event.type === 'block/delta') controller.abort();
      },
    });
    const endedAt = Date.now();
    applyConversationEvent(conversation, { type: 'message/end', messageId: 'a', ...outcome });
    return { outcome, message, elapsedMs: endedAt - started, endedAt, lastDeltaAt };
  }

  it('a refused endpoint sends nothing: the answer fails with the refusal', async () => {
    const refusal: ChatError = { kind: 'invalidRequest', title: 'Not sent: collector.example is not approved.', detail: 'Approve it first.', actions: ['openSettings'] };
    const outcome = await requestReply({
      apiKey: KEY,
      endpoint: { kind: 'refused', error: refusal },
      settings: { model: 'claude-sonnet-5-5', maxTokens: 1024, systemPrompt: '' },
      history: [userMessage('hello')],
      messageId: 'a',
      signal: new AbortController().signal,
      idleTimeoutMs: 10_000,
      emit: () => undefined,
    });
    assert.deepEqual(outcome, { status: 'failed', error: refusal });
    assert.equal(server.requests.length, 0);
  });

  it('streams a plain reply and sends what the 1.x wire protocol requires', async () => {
    const { outcome, message } = await run();
    assert.equal(outcome.status, 'complete');
    assert.equal(outcome.stopReason, 'end_turn');
    assert.ok(messageText(message).startsWith('You said: "hello"'));
    assert.ok((outcome.usage?.outputTokens ?? 0) > 0);
    const request = server.requests[0];
    assert.equal(request.headers.authorization, `Bearer ${KEY}`);
    assert.equal(request.headers['anthropic-version'], '2026-10-21');
    assert.equal(request.headers['x-stainless-helper-method'], 'stream');
    const body = request.body as Record<string, unknown>;
    assert.equal(body.stream, true);
    assert.equal(body.system, 'System prompt under test.');
    assert.ok(!('temperature' in body));
  });

  it('sends the whole history on every request', async () => {
    const history: ChatMessage[] = [
      userMessage('first'),
      { id: 'a0', parentId: null, role: 'assistant', blocks: [{ type: 'text', text: 'first answer' }], status: 'complete', createdAt: 0 },
      userMessage('second'),
    ];
    await run({ history });
    const body = server.requests[0].body as { messages: { role: string; content: { text: string }[] }[] };
    assert.deepEqual(
      body.messages.map((m) => [m.role, m.content[0].text]),
      [
        ['user', 'first'],
        ['assistant', 'first answer'],
        ['user', 'second'],
      ],
    );
  });

  it('assembles a long reply exactly, in order', async () => {
    server.enqueue(NAMED_SCENARIOS.long);
    const { outcome, message } = await run();
    assert.equal(outcome.status, 'complete');
    assert.equal(messageText(message), LONG_TEXT);
  });

  it('streams a thinking block with its signature before the text', async () => {
    server.enqueue(NAMED_SCENARIOS.thinking);
    const { message } = await run();
    assert.deepEqual(message.blocks[0], { type: 'thinking', thinking: 'Let me think about this step by step.', signature: signThinking('Let me think about this step by step.') });
    assert.equal(messageText(message), 'Done thinking: here is the answer.');
  });

  it('carries a refusal’s category and explanation', async () => {
    server.enqueue(NAMED_SCENARIOS.refusal);
    const { outcome } = await run();
    assert.equal(outcome.stopReason, 'refusal');
    assert.deepEqual(outcome.refusal, { category: 'cyber', explanation: 'This request asks for working malware, which Claude does not write.' });
  });

  it('reports max_tokens as the stop reason', async () => {
    server.enqueue(NAMED_SCENARIOS['max-tokens']);
    const { outcome } = await run();
    assert.equal(outcome.stopReason, 'max_tokens');
  });

  it('keeps the partial answer on a mid-stream error event and does not send a duplicate request', async () => {
    server.enqueue(NAMED_SCENARIOS['mid-stream-error']);
    const { outcome, message } = await run();
    assert.equal(outcome.status, 'failed');
    assert.equal(outcome.error?.kind, 'overloaded');
    assert.deepEqual(outcome.error?.actions, ['retry']);
    assert.equal(messageText(message), 'Partial answer before the error. ');
    assert.equal(server.requests.length, 1);
  });

  it('fails within seconds and keeps the partial answer when the connection drops', async () => {
    server.enqueue(NAMED_SCENARIOS.drop);
    const { outcome, message, elapsedMs } = await run();
    assert.equal(outcome.status, 'failed');
    assert.equal(outcome.error?.kind, 'network');
    assert.equal(messageText(message), 'Partial answer before the connection dropped. ');
    assert.ok(elapsedMs < 5000, `took ${elapsedMs} ms`);
    assert.equal(server.requests.length, 1);
  });

  it('ends a stream that goes silent after message_start with its own watchdog', async () => {
    server.enqueue(NAMED_SCENARIOS.stall);
    const closed = server.nextClientAbort();
    const { outcome, elapsedMs } = await run({ idleTimeoutMs: 300 });
    await closed;
    assert.equal(outcome.status, 'failed');
    assert.equal(outcome.error?.kind, 'stalled');
    assert.ok(elapsedMs < 3000, `took ${elapsedMs} ms`);
    assert.equal(server.requests[0].clientAborted, true, 'the HTTP request is really closed');
  });

  it('rejects a revoked key at once, without retrying, and offers Set API Key', async () => {
    const { outcome } = await run({ key: 'sk-ant-revoked-key-000000000' });
    assert.equal(outcome.status, 'failed');
    assert.equal(outcome.error?.kind, 'auth');
    assert.equal(outcome.error?.status, 401);
    assert.match(outcome.error?.requestId ?? '', /^req_fake_/);
    assert.deepEqual(outcome.error?.actions, ['setApiKey']);
    assert.equal(server.requests.length, 1);
  });

  it('waits out a 429 with a short retry-after and then succeeds', async () => {
    server.enqueue(NAMED_SCENARIOS['429'], NAMED_SCENARIOS.plain);
    const { outcome, elapsedMs } = await run();
    assert.equal(outcome.status, 'complete');
    assert.equal(server.requests.length, 2);
    assert.equal(server.requests[1].headers['x-stainless-retry-count'], '1');
    assert.ok(elapsedMs >= 900, `retry-after: 1 should be honoured, took ${elapsedMs} ms`);
    assert.deepEqual(notices, [{ status: 429, waitSeconds: 1 }], 'the wait is reported so the view can count down');
  });

  it('does not retry a 429 without retry-after (a spend cap) and says so', async () => {
    server.enqueue(NAMED_SCENARIOS['429-no-retry-after'], NAMED_SCENARIOS.plain);
    const { outcome } = await run();
    assert.equal(outcome.status, 'failed');
    assert.equal(outcome.error?.kind, 'rateLimit');
    assert.match(outcome.error?.detail ?? '', /usage limits/);
    assert.equal(server.requests.length, 1);
  });

  it('does not sleep through a long retry-after', async () => {
    server.enqueue({ ...NAMED_SCENARIOS['429'], kind: 'status', status: 429, errorType: 'rate_limit_error', message: 'slow down', retryAfter: '3600' }, NAMED_SCENARIOS.plain);
    const { outcome, elapsedMs } = await run();
    assert.equal(outcome.error?.kind, 'rateLimit');
    assert.equal(server.requests.length, 1);
    assert.ok(elapsedMs < 2000);
    assert.deepEqual(notices, [], 'nothing announced that will not happen');
  });

  it('retries 529 a bounded number of times, then reports overload with Retry', async () => {
    server.enqueue(NAMED_SCENARIOS['529'], NAMED_SCENARIOS['529'], NAMED_SCENARIOS['529']);
    const { outcome } = await run();
    assert.equal(outcome.status, 'failed');
    assert.equal(outcome.error?.kind, 'overloaded');
    assert.equal(outcome.error?.status, 529);
    assert.equal(server.requests.length, 3, 'one request and two retries');
    assert.equal(notices.length, 3);
    assert.ok(notices.every((notice) => notice.status === 529));
  });

  it('offers Pick Model on a 404 for an unknown model, naming the model', async () => {
    server.enqueue(NAMED_SCENARIOS['404']);
    const { outcome } = await run();
    assert.equal(outcome.error?.kind, 'notFound');
    assert.deepEqual(outcome.error?.actions, ['pickModel']);
    assert.match(outcome.error?.title ?? '', /claude-sonnet-5-5/);
  });

  it('retries a 500 twice with bounded back-off, then offers Retry', async () => {
    server.enqueue(NAMED_SCENARIOS['500'], NAMED_SCENARIOS['500'], NAMED_SCENARIOS['500']);
    const { outcome, elapsedMs } = await run();
    assert.equal(outcome.error?.kind, 'server');
    assert.deepEqual(outcome.error?.actions, ['retry']);
    assert.equal(server.requests.length, 3, 'one request and two retries');
    assert.deepEqual(server.requests.map((request) => request.headers['x-stainless-retry-count']), ['0', '1', '2']);
    // The SDK's back-off: about 0.5 s, then 1 s (less up to 25% jitter); never the 60 s headers timeout.
    assert.ok(elapsedMs < 4000, `took ${elapsedMs} ms`);
    assert.deepEqual(notices.map((notice) => notice.status), [500, 500, 500], 'each wait is reported to the view');
  });

  it('a 503 followed by an answer: retried once, answered, and nothing is left to retry', async () => {
    server.enqueue(NAMED_SCENARIOS['503'], NAMED_SCENARIOS.plain);
    const { outcome, message } = await run();
    assert.equal(outcome.status, 'complete');
    assert.equal(messageText(message), (NAMED_SCENARIOS.plain as { text: string }).text);
    assert.equal(server.requests.length, 2);
  });

  it('fails within seconds of a connection reset mid-stream, keeping the partial answer, without a second request', async () => {
    server.enqueue(NAMED_SCENARIOS['reset-mid-stream']);
    const { outcome, message, endedAt, lastDeltaAt } = await run();
    assert.equal(outcome.status, 'failed');
    assert.equal(outcome.error?.kind, 'network');
    assert.deepEqual(outcome.error?.actions, ['retry']);
    // The server resets the connection 20 ms after sending that text, so this bounds the time from the reset too.
    assert.ok(lastDeltaAt !== undefined, 'the partial text arrived before the reset');
    assert.ok(endedAt - lastDeltaAt < 3000, `the failure came ${endedAt - lastDeltaAt} ms after the last text`);
    assert.equal(messageText(message), 'Partial answer before the connection was reset. ');
    assert.equal(message.status, 'failed', 'kept, and marked as not complete');
    assert.equal(server.requests.length, 1);
  });

  it('skips an event type and a delta type it does not know, and completes the answer', async () => {
    server.enqueue(NAMED_SCENARIOS['unknown-events']);
    const { outcome, message } = await run();
    assert.equal(outcome.status, 'complete');
    assert.equal(messageText(message), (NAMED_SCENARIOS['unknown-events'] as { text: string }).text);
  });

  it('a 413 names what was too big: the request\'s size, what it held, and its largest parts', async () => {
    const log = new Uint8Array(200_000).fill(0x61);
    const attached: Attachment = { kind: 'text', mediaType: 'text/plain', name: 'logs/build.log', byteLength: log.byteLength, sha256: 'a'.repeat(64) };
    const history: ChatMessage[] = [{ ...userMessage('why did the build fail?'), blocks: [{ type: 'attachment', attachment: attached }, { type: 'text', text: 'why did the build fail?' }] }];
    server.enqueue(NAMED_SCENARIOS['413']);
    const { outcome } = await run({ history, readAttachment: async () => log });
    assert.equal(outcome.error?.kind, 'tooLarge');
    assert.match(outcome.error?.detail ?? '', /The request was 20\d kB: 1 message and 1 attachment\. The largest parts: logs\/build\.log \(message 1, 200 kB\), the system prompt \(25 B\), the text of message 1 \(a question, 23 B\)\./);
  });

  it('survives malformed SSE and unknown event types without crashing or hanging', async () => {
    server.enqueue(NAMED_SCENARIOS.malformed);
    const { outcome, elapsedMs } = await run();
    assert.equal(outcome.status, 'failed');
    assert.ok(outcome.error);
    assert.ok(elapsedMs < 5000);
  });

  it('stops for real when aborted: the answer so far is kept and the connection is closed', async () => {
    server.enqueue(NAMED_SCENARIOS.slow);
    const aborted = server.nextClientAbort();
    const { outcome, message } = await run({ abortAfterFirstDelta: true });
    await aborted;
    assert.equal(outcome.status, 'stopped');
    assert.equal(outcome.error, undefined);
    assert.ok(messageText(message).length > 0);
    assert.ok(messageText(message).length < 100, 'nothing arrives after Stop');
    assert.equal(server.requests[0].clientAborted, true);
  });

  it('ignores ANTHROPIC_BASE_URL and ANTHROPIC_API_KEY from the environment', async () => {
    const saved = { url: process.env.ANTHROPIC_BASE_URL, key: process.env.ANTHROPIC_API_KEY };
    process.env.ANTHROPIC_BASE_URL = 'http://127.0.0.1:9';
    process.env.ANTHROPIC_API_KEY = 'sk-ant-from-environment-0000000';
    try {
      const { outcome } = await run();
      assert.equal(outcome.status, 'complete');
      assert.equal(server.requests[0].apiKey, KEY);
    } finally {
      if (saved.url === undefined) delete process.env.ANTHROPIC_BASE_URL;
      else process.env.ANTHROPIC_BASE_URL = saved.url;
      if (saved.key === undefined) delete process.env.ANTHROPIC_API_KEY;
      else process.env.ANTHROPIC_API_KEY = saved.key;
    }
  });
});
