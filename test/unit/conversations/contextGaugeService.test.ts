import assert from 'node:assert/strict';
import { toolParams } from '../../../src/api/requestBuilder';
import { countRequestTokensAt } from '../../../src/api/tokenCounter';
import {
  AttachmentBlockCache,
  buildCountRequest,
  COUNT_DEBOUNCE_MS,
  COUNT_PAUSE_AFTER_FAILURE_MS,
  ContextGaugeService,
  SEND_CHECK_TIMEOUT_MS,
  type CountableParams,
  type CountRequest,
} from '../../../src/conversations/contextGaugeService';
import type { Attachment } from '../../../src/shared/attachment';
import type { GaugeReading } from '../../../src/shared/contextGauge';
import type { ChatMessage } from '../../../src/shared/conversation';
import { FakeAnthropicServer } from '../../fakes/anthropicServer';
import { pngBytes } from '../../helpers/attachmentFixtures';
import { assistantMessage, conversation, userMessage } from '../../helpers/conversationFixtures';
import { ManualClock, settle } from '../../helpers/manualClock';

interface Params extends CountableParams {
  text: string;
}

/** A count_tokens stand-in the test answers call by call. */
class ScriptedCounter {
  readonly calls: { params: Params; signal: AbortSignal; resolve(tokens: number): void; reject(error: Error): void }[] = [];
  readonly count = (params: Params, signal: AbortSignal): Promise<number> =>
    new Promise<number>((resolve, reject) => {
      signal.addEventListener('abort', () => reject(new Error('aborted')));
      this.calls.push({ params, signal, resolve, reject });
    });
  get last() {
    const call = this.calls.at(-1);
    assert.ok(call, 'a count was asked');
    return call;
  }
}

describe('ContextGaugeService: an estimate at once, then the API’s count', () => {
  let clock: ManualClock;
  let counter: ScriptedCounter;
  let draft: string;
  let hasAttachments: boolean;
  let service: ContextGaugeService<Params>;
  let readings: (GaugeReading | undefined)[];
  let logged: string[];

  const request = (): CountRequest<Params> => ({
    params: { model: 'claude-sonnet-5-5', messages: draft ? [{ role: 'user', content: draft }] : [], text: draft },
    contextWindow: 200_000,
    reservedOutputTokens: 8_000,
    // Ten tokens a character: large drafts reach the limit without large strings.
    estimate: draft.length * 10,
  });

  beforeEach(() => {
    clock = new ManualClock();
    counter = new ScriptedCounter();
    draft = 'hello';
    hasAttachments = false;
    readings = [];
    logged = [];
    service = new ContextGaugeService<Params>({
      countParams: async () => request(),
      count: counter.count,
      fitContext: () => ({ model: 'claude-sonnet-5-5', hasAttachments }),
      timers: clock,
      log: (message) => logged.push(message),
    });
    service.onDidChange((reading) => readings.push(reading));
  });
  afterEach(() => service.dispose());

  const type = async (text: string) => {
    draft = text;
    service.update();
    await settle();
  };

  it('publishes the estimate at once and the count once typing pauses for the debounce', async () => {
    await type('hello');
    assert.deepEqual(service.latest(), { usedTokens: 50, contextWindow: 200_000, reservedOutputTokens: 8_000, source: 'estimated' });
    await clock.advance(COUNT_DEBOUNCE_MS - 1);
    assert.equal(counter.calls.length, 0, 'not asked while the debounce runs');
    await clock.advance(1);
    assert.equal(counter.calls.length, 1);
    assert.equal(counter.last.params.text, 'hello');
    counter.last.resolve(12);
    await settle();
    assert.deepEqual(service.latest(), { usedTokens: 12, contextWindow: 200_000, reservedOutputTokens: 8_000, source: 'counted' });
    assert.deepEqual(
      readings.map((reading) => reading?.source),
      ['estimated', 'counted'],
    );
  });

  it('restarts the debounce on every change: one count, for the last draft', async () => {
    await type('h');
    await clock.advance(400);
    await type('he');
    await clock.advance(400);
    await type('hel');
    await clock.advance(COUNT_DEBOUNCE_MS);
    assert.equal(counter.calls.length, 1);
    assert.equal(counter.last.params.text, 'hel');
    assert.deepEqual(
      readings.map((reading) => reading?.usedTokens),
      [10, 20, 30],
      'an estimate for each change',
    );
  });

  it('aborts a count still running when the draft changes, and never shows its stale result', async () => {
    await type('first draft');
    await clock.advance(COUNT_DEBOUNCE_MS);
    const stale = counter.last;
    await type('second');
    assert.equal(stale.signal.aborted, true, 'the older count was aborted');
    stale.resolve(999);
    await clock.advance(COUNT_DEBOUNCE_MS);
    counter.last.resolve(7);
    await settle();
    assert.equal(service.latest()?.usedTokens, 7);
    assert.ok(!readings.some((reading) => reading?.usedTokens === 999));
    assert.deepEqual(logged, [], 'an abort is not a failure');
  });

  it('keeps the estimate when counting fails, and waits before asking again', async () => {
    await type('offline');
    await clock.advance(COUNT_DEBOUNCE_MS);
    counter.last.reject(new Error('getaddrinfo ENOTFOUND'));
    await settle();
    assert.deepEqual(service.latest(), { usedTokens: 70, contextWindow: 200_000, reservedOutputTokens: 8_000, source: 'estimated' });
    assert.match(logged.join('\n'), /ENOTFOUND/);
    await type('offline still');
    await clock.advance(COUNT_DEBOUNCE_MS);
    assert.equal(counter.calls.length, 1, 'paused after a failure');
    await clock.advance(COUNT_PAUSE_AFTER_FAILURE_MS);
    await type('back online');
    await clock.advance(COUNT_DEBOUNCE_MS);
    assert.equal(counter.calls.length, 2);
  });

  it('remembers counts by request: showing the same request again is counted at once, with no request', async () => {
    await type('conversation A');
    await clock.advance(COUNT_DEBOUNCE_MS);
    counter.last.resolve(140);
    await settle();
    await type('conversation B');
    await clock.advance(COUNT_DEBOUNCE_MS);
    counter.last.resolve(150);
    await settle();
    await type('conversation A');
    assert.deepEqual(service.latest(), { usedTokens: 140, contextWindow: 200_000, reservedOutputTokens: 8_000, source: 'counted' });
    await clock.advance(COUNT_DEBOUNCE_MS * 3);
    assert.equal(counter.calls.length, 2);
  });

  it('corrects later estimates by how the last count compared, so the number does not jump', async () => {
    await type('abcdefghij');
    await clock.advance(COUNT_DEBOUNCE_MS);
    counter.last.resolve(25);
    await settle();
    await type('abcdefghijkl');
    assert.deepEqual(service.latest(), { usedTokens: 30, contextWindow: 200_000, reservedOutputTokens: 8_000, source: 'estimated' }, '120 estimated × 25/100');
  });

  it('does not ask count_tokens for a request without messages', async () => {
    await type('');
    await clock.advance(COUNT_DEBOUNCE_MS * 2);
    assert.equal(counter.calls.length, 0);
    assert.equal(service.latest()?.source, 'estimated');
  });

  it('shows nothing when there is no request to measure, and survives a builder that throws', async () => {
    const broken = new ContextGaugeService<Params>({
      countParams: async () => {
        throw new Error('store unreadable');
      },
      count: counter.count,
      timers: clock,
      log: (message) => logged.push(message),
    });
    broken.update();
    await clock.advance(COUNT_DEBOUNCE_MS);
    assert.equal(broken.latest(), undefined);
    assert.equal(counter.calls.length, 0);
    assert.match(logged.join('\n'), /store unreadable/);
    broken.dispose();
  });

  describe('refusal', () => {
    it('refuses only a counted reading that cannot fit, saying what to do', async () => {
      assert.equal(service.refusal(), undefined, 'nothing measured yet');
      const over: GaugeReading = { usedTokens: 250_000, contextWindow: 200_000, reservedOutputTokens: 8_000, source: 'counted' };
      assert.equal(service.refusal({ ...over, source: 'estimated' }), undefined, 'an estimate never refuses');
      hasAttachments = true;
      const error = service.refusal(over);
      assert.ok(error);
      assert.equal(error.kind, 'tooLarge');
      assert.match(error.detail, /new chat.*remove attachments.*larger/s);
    });

    it('uses the latest reading by default', async () => {
      await type('x'.repeat(30_000));
      assert.equal(service.refusal(), undefined, 'the estimate is over, but only an estimate');
      await clock.advance(COUNT_DEBOUNCE_MS);
      counter.last.resolve(300_000);
      await settle();
      assert.match(service.refusal()?.title ?? '', /does not fit claude-sonnet-5-5’s context window/);
    });
  });

  describe('checkBeforeSend', () => {
    it('sends at once, without counting, when the estimate is far below the limit', async () => {
      draft = 'short question';
      assert.equal(await service.checkBeforeSend(), undefined);
      assert.equal(counter.calls.length, 0);
    });

    it('counts a request near the limit now and refuses it when the count says it cannot fit', async () => {
      draft = 'x'.repeat(19_000);
      const check = service.checkBeforeSend();
      await settle();
      assert.equal(counter.calls.length, 1, 'counted without waiting for the debounce');
      counter.last.resolve(205_000);
      const error = await check;
      assert.ok(error);
      assert.match(error.detail, /205,000 tokens, more than the 200,000 tokens claude-sonnet-5-5 can read/);
    });

    it('lets a request near the limit go when the count says it fits, and when counting fails', async () => {
      draft = 'x'.repeat(19_000);
      let check = service.checkBeforeSend();
      await settle();
      counter.last.resolve(150_000);
      assert.equal(await check, undefined);

      draft = 'y'.repeat(19_000);
      check = service.checkBeforeSend();
      await settle();
      counter.last.reject(new Error('429'));
      assert.equal(await check, undefined, 'a failed count never blocks a send');
    });

    it('gives a slow count up and lets the request go', async () => {
      draft = 'z'.repeat(19_000);
      const check = service.checkBeforeSend();
      await clock.advance(SEND_CHECK_TIMEOUT_MS - 1);
      assert.equal(counter.last.signal.aborted, false);
      await clock.advance(1);
      assert.equal(counter.last.signal.aborted, true, 'a slow count is given up');
      assert.equal(await check, undefined);
    });

    it('measures the turn it is given instead of the draft: a code command’s prompt', async () => {
      draft = 'short draft';
      const prompt: CountRequest<Params> = { params: { model: 'claude-sonnet-5-5', messages: [{ role: 'user', content: 'code' }], text: 'code' }, contextWindow: 200_000, reservedOutputTokens: 8_000, estimate: 195_000 };
      const check = service.checkBeforeSend(async () => prompt);
      await settle();
      assert.equal(counter.last.params.text, 'code');
      counter.last.resolve(201_000);
      assert.ok(await check);
    });

    it('uses a remembered count of exactly this request', async () => {
      await type('x'.repeat(19_000));
      await clock.advance(COUNT_DEBOUNCE_MS);
      counter.last.resolve(250_000);
      await settle();
      assert.ok(await service.checkBeforeSend());
      assert.equal(counter.calls.length, 1);
    });
  });
});

describe('buildCountRequest with the real SDK against the fake server’s count_tokens', function () {
  this.timeout(20_000);
  const KEY = 'sk-ant-context-gauge-0123456789';
  const server = new FakeAnthropicServer({ validKeys: [KEY] });
  let baseUrl = '';
  before(async () => {
    baseUrl = await server.start();
  });
  after(() => server.stop());

  it('counts what sending the draft would send: system prompt, every turn, the attachments and the draft', async () => {
    const question = userMessage('q'.repeat(400), null, 'u1');
    const answer = assistantMessage('a'.repeat(800), 'u1', 'a1');
    const shown = { ...conversation(question, answer), systemPrompt: 's'.repeat(40) };
    const png = pngBytes(150, 100);
    const image: Attachment = { kind: 'image', mediaType: 'image/png', sha256: 'b'.repeat(64), byteLength: png.byteLength, name: 'shot.png', width: 150, height: 100, tokens: 20 };
    let reads = 0;
    const turn = { conversation: shown, draft: 'd'.repeat(120), attachments: [image], maxTokens: 4096, contextWindow: 200_000, readAttachment: async () => (reads++, png) };
    const blocks = new AttachmentBlockCache();
    const request = await buildCountRequest(turn, blocks);
    // Characters ÷ 3 for text, the attachment's own estimate.
    assert.equal(request.estimate, 14 + 134 + 267 + 40 + 20);
    assert.equal(request.reservedOutputTokens, 4096);

    const clock = new ManualClock();
    const service = new ContextGaugeService({
      countParams: async () => request,
      count: (params, signal) => countRequestTokensAt({ apiKey: KEY, endpoint: { kind: 'endpoint', baseUrl }, params, signal }),
      timers: clock,
    });
    const counted = new Promise<GaugeReading | undefined>((resolve) => service.onDidChange((reading) => reading?.source === 'counted' && resolve(reading)));
    service.update();
    await settle();
    await clock.advance(COUNT_DEBOUNCE_MS);
    // The fake's formula: characters ÷ 4 for each text, width × height ÷ 750 for the image.
    assert.equal((await counted)?.usedTokens, 10 + 100 + 200 + 30 + 20);
    const sent = server.requests.find((recorded) => recorded.path === '/v1/messages/count_tokens');
    assert.ok(sent);
    assert.equal(sent.apiKey, KEY);
    const body = sent.body as Record<string, unknown>;
    assert.deepEqual(Object.keys(body).sort(), ['messages', 'model', 'system'], 'no max_tokens, stream or cache_control: count_tokens refuses the first two');
    service.dispose();

    await buildCountRequest(turn, blocks);
    assert.equal(reads, 1, 'the attachment was read and encoded once');
  });

  it('counts a conversation with an empty draft as it will be sent: its last answer stays', async () => {
    const shown = conversation(userMessage('q'.repeat(40), null, 'u2'), assistantMessage('a'.repeat(400), 'u2', 'a2'));
    const request = await buildCountRequest({ conversation: shown, draft: '  ', attachments: [], maxTokens: 1024, contextWindow: 200_000, readAttachment: async () => new Uint8Array() }, new AttachmentBlockCache());
    const tokens = await countRequestTokensAt({ apiKey: KEY, endpoint: { kind: 'endpoint', baseUrl }, params: request.params });
    assert.equal(tokens, 10 + 100 + 1, 'the turn, the answer and a one-character stand-in for the next question');
  });

  it('counts a conversation with a tool round: its calls and results estimated, the tools defined as the real request defines them', async () => {
    const call: ChatMessage = { ...assistantMessage('', 'u3', 'a3'), blocks: [{ type: 'tool_use', id: 'toolu_01gauge', name: 'read_file', inputJson: '{"path":"src/a.ts"}' }], stopReason: 'tool_use' };
    const results: ChatMessage = { ...userMessage('', 'a3', 'r3'), blocks: [{ type: 'tool_result', toolUseId: 'toolu_01gauge', content: 'c'.repeat(300), isError: false }] };
    const shown = conversation(userMessage('q'.repeat(30), null, 'u3'), call, results, assistantMessage('a'.repeat(60), 'r3', 'a4'));
    const turn = { conversation: shown, draft: 'd'.repeat(30), attachments: [], maxTokens: 1024, contextWindow: 200_000, readAttachment: async () => new Uint8Array() };
    const request = await buildCountRequest(turn, new AttachmentBlockCache());
    // Tools off here (no toolUse given): defined with calls forbidden, which the API requires beside tool blocks.
    assert.deepEqual([request.params.tools, request.params.tool_choice], [toolParams(), { type: 'none' }]);
    const toolsEstimate = Math.ceil(JSON.stringify(toolParams()).length / 3);
    assert.equal(request.estimate, 10 + (3 + 7) + 100 + 20 + 10 + toolsEstimate, 'question, call (name and input), result, answer, draft, tool definitions');
    const tokens = await countRequestTokensAt({ apiKey: KEY, endpoint: { kind: 'endpoint', baseUrl }, params: request.params });
    assert.ok(tokens > 0, 'count_tokens takes it');

    const offered = await buildCountRequest({ ...turn, toolUse: 'auto' }, new AttachmentBlockCache());
    assert.deepEqual([offered.params.tools, offered.params.tool_choice], [toolParams(), undefined], 'tools on: offered, as the real request offers them');
  });
});
