import assert from 'node:assert/strict';
import { createAnthropicClient } from '../../../src/api/clientFactory';
import { FakeAnthropicServer } from '../../fakes/anthropicServer';
import { FAKE_MODELS } from '../../fakes/scenarios';
import { encryptedPdfBytes, jpegBytes, pdfBytes, pngBytes } from '../../helpers/attachmentFixtures';

/** The fake must be as strict as the real API, or tests would pass against requests the API refuses. */
describe('fake Anthropic server fidelity', () => {
  const server = new FakeAnthropicServer();
  let url = '';
  before(async () => {
    url = await server.start();
  });
  after(() => server.stop());

  async function post(body: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(`${url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2026-10-21', 'x-api-key': 'sk-ant-any-key-00000000000', ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, requestId: response.headers.get('request-id'), body: await response.text() };
  }

  const base = { model: 'm', max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'hi' }] };

  it('refuses temperature like API version 2026-10-21 does', async () => {
    const response = await post({ ...base, temperature: 0.5 });
    assert.equal(response.status, 400);
    assert.match(response.body, /temperature: Extra inputs are not permitted/);
    assert.match(response.requestId ?? '', /^req_fake_/);
  });

  it('refuses empty text blocks and a conversation that starts with the assistant', async () => {
    assert.equal((await post({ ...base, messages: [{ role: 'user', content: [{ type: 'text', text: '' }] }] })).status, 400);
    assert.equal((await post({ ...base, messages: [{ role: 'assistant', content: 'x' }] })).status, 400);
  });

  it('answers with an error body shaped like the API’s', async () => {
    const response = await post(base, { 'x-api-key': '' });
    assert.equal(response.status, 401);
    const body = JSON.parse(response.body);
    assert.equal(body.type, 'error');
    assert.equal(body.error.type, 'authentication_error');
    assert.equal(body.request_id, response.requestId);
  });

  it('streams SSE with event lines, a ping and usage', async () => {
    const response = await post({ ...base, messages: [{ role: 'user', content: '[scenario:plain]' }] });
    assert.equal(response.status, 200);
    const events = response.body.split('\n\n').filter(Boolean).map((chunk) => chunk.split('\n')[0]);
    assert.deepEqual(events.slice(0, 3), ['event: message_start', 'event: ping', 'event: content_block_start']);
    assert.deepEqual(events.slice(-3), ['event: content_block_stop', 'event: message_delta', 'event: message_stop']);
    assert.match(response.body, /"usage":\{"input_tokens":\d+/);
  });
});

describe('fake Anthropic server: count_tokens, models and attachment checks', function () {
  this.timeout(20_000);
  const server = new FakeAnthropicServer();
  let url = '';
  before(async () => {
    url = await server.start();
  });
  after(() => server.stop());
  beforeEach(() => server.reset());

  const headers = { 'content-type': 'application/json', 'anthropic-version': '2026-10-21', authorization: 'Bearer sk-ant-any-key-00000000000' };

  async function call(path: string, body?: unknown, extra: Record<string, string> = {}) {
    const response = await fetch(`${url}${path}`, { method: body === undefined ? 'GET' : 'POST', headers: { ...headers, ...extra }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: JSON.parse(await response.text()) };
  }

  const image = (bytes: Uint8Array, mediaType = 'image/png') => ({ type: 'image', source: { type: 'base64', media_type: mediaType, data: Buffer.from(bytes).toString('base64') } });
  const pdf = (bytes: Uint8Array) => ({ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: Buffer.from(bytes).toString('base64') } });
  const message = (...content: unknown[]) => ({ role: 'user', content });
  const padded = (bytes: Uint8Array, size: number) => {
    const out = new Uint8Array(size);
    out.set(bytes);
    return out;
  };

  it('counts tokens by its documented formula and records the request', async () => {
    const content = [
      { type: 'text', text: 'abcdefgh' }, // 2
      image(pngBytes(100, 75)), // 7500 / 750 = 10
      pdf(await pdfBytes(3)), // 3 × 1500
      { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'x'.repeat(41) }, title: 'a.txt' }, // 11
    ];
    const counted = await call('/v1/messages/count_tokens', { model: 'claude-sonnet-5-5', system: 'abcd', messages: [message(...content)] });
    assert.equal(counted.status, 200);
    assert.deepEqual(counted.body, { input_tokens: 1 + 2 + 10 + 4500 + 11 });
    assert.deepEqual(
      server.requests.map((request) => [request.method, request.path, request.scenario]),
      [['POST', '/v1/messages/count_tokens', 'count_tokens']],
    );
  });

  it('refuses what count_tokens does not take, like the API', async () => {
    const counted = await call('/v1/messages/count_tokens', { model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(counted.status, 400);
    assert.match(counted.body.error.message, /max_tokens: Extra inputs are not permitted/);
  });

  it('pages /v1/models with limit, after_id and before_id, and the SDK walks every page', async () => {
    const ids = FAKE_MODELS.filter((model) => model.lifecycle !== 'retired').map((model) => model.id);
    const first = await call('/v1/models?limit=2');
    assert.deepEqual(
      [first.body.data.map((model: { id: string }) => model.id), first.body.has_more, first.body.first_id, first.body.last_id],
      [ids.slice(0, 2), true, ids[0], ids[1]],
    );
    const last = await call(`/v1/models?limit=10&after_id=${ids[1]}`);
    assert.deepEqual([last.body.data.map((model: { id: string }) => model.id), last.body.has_more], [ids.slice(2), false]);
    const back = await call(`/v1/models?limit=1&before_id=${ids[2]}`);
    assert.deepEqual([back.body.data.map((model: { id: string }) => model.id), back.body.has_more], [[ids[1]], true]);
    assert.equal((await call('/v1/models?limit=0')).status, 400);

    const client = createAnthropicClient({ apiKey: 'sk-ant-any-key-00000000000', baseUrl: url, headersTimeoutMs: 5_000 });
    const listed: string[] = [];
    for await (const model of client.models.list({ limit: 2 })) listed.push(model.id);
    assert.deepEqual(listed, ids);
    assert.equal(server.requests.filter((request) => request.path === '/v1/models').length, 4 + Math.ceil(ids.length / 2));
  });

  it('lists retired models only when lifecycle[] asks for them, and answers 404 when the endpoint is absent', async () => {
    const retired = FAKE_MODELS.filter((model) => model.lifecycle === 'retired').map((model) => model.id);
    assert.ok(retired.length > 0 && FAKE_MODELS.some((model) => model.lifecycle === 'deprecated'));
    const listedIds = async (query: string) => (await call(`/v1/models?limit=1000${query}`)).body.data.map((model: { id: string }) => model.id);
    assert.deepEqual((await listedIds('')).filter((id: string) => retired.includes(id)), []);
    assert.deepEqual(await listedIds('&lifecycle[]=retired'), retired);
    assert.deepEqual(await listedIds('&lifecycle[]=active&lifecycle[]=deprecated&lifecycle[]=retired'), FAKE_MODELS.map((model) => model.id));
    assert.equal((await call('/v1/models?lifecycle[]=gone')).status, 400);

    server.modelsEndpoint = 'absent';
    try {
      assert.deepEqual([(await call('/v1/models')).status, (await call('/v1/models/claude-sonnet-5-5')).status], [404, 404]);
      assert.equal((await call('/v1/messages/count_tokens', { model: 'm', messages: [message({ type: 'text', text: 'hi' })] })).status, 200, 'only the models endpoints are absent');
    } finally {
      server.modelsEndpoint = 'served';
    }
  });

  it('serves one model by id with its capabilities, and 404s an unknown one', async () => {
    const found = await call('/v1/models/claude-text-only-test');
    assert.equal(found.status, 200);
    assert.deepEqual([found.body.type, found.body.capabilities.image_input, found.body.capabilities.pdf_input], ['model', { supported: false }, { supported: false }]);
    const sonnet = await call('/v1/models/claude-sonnet-5-5');
    assert.deepEqual([sonnet.body.display_name, sonnet.body.capabilities.image_input.supported, sonnet.body.capabilities.pdf_input.supported], ['Claude Sonnet 5.5', true, true]);
    const missing = await call('/v1/models/claude-nope');
    assert.deepEqual([missing.status, missing.body.type, missing.body.error.type], [404, 'error', 'not_found_error']);
    assert.equal((await call('/v1/models/claude-sonnet-5-5', undefined, { authorization: '' })).status, 401);
  });

  it('refuses images and PDFs the API would refuse', async () => {
    const send = (...content: unknown[]) => call('/v1/messages', { model: 'm', max_tokens: 10, messages: [message(...content, { type: 'text', text: 'hi' })] });
    const huge = pngBytes(1, 1);
    new DataView(huge.buffer, huge.byteOffset).setUint32(16, 8001);
    const cases: [unknown[], RegExp][] = [
      [[image(jpegBytes(8, 8), 'image/png')], /^messages\.0\.content\.0\.image\.source\.base64\.data: The image was specified using the image\/png media type, but the image appears to be a image\/jpeg image/],
      [[image(new TextEncoder().encode('not an image'))], /does not appear to be a valid image/],
      [[image(padded(pngBytes(1, 1), 3_932_161))], /^messages\.0\.content\.0\.image\.source\.base64: image exceeds 5 MB maximum: 5242884 bytes > 5242880 bytes$/],
      [[image(huge)], /exceed max allowed size: 8000 pixels/],
      [Array.from({ length: 21 }, () => image(pngBytes(2001, 1))), /max allowed size for many-image requests: 2000 pixels/],
      [[pdf(await encryptedPdfBytes())], /^messages\.0\.content\.0\.document\.source\.base64\.data: The PDF specified is encrypted/],
      [[pdf(await pdfBytes(101))], /A maximum of 100 PDF pages may be provided/],
      [[pdf(new TextEncoder().encode('%PDF-1.7 nothing'))], /The PDF specified was not valid/],
    ];
    for (const [content, expected] of cases) {
      const answer = await send(...content);
      assert.equal(answer.status, 400, String(expected));
      assert.match(answer.body.error.message, expected);
    }
    assert.equal((await send(...Array.from({ length: 20 }, () => image(pngBytes(2001, 1))))).status, 200, 'twenty images may be larger');
  });

  it('answers 413 to a request over 32 MB', async () => {
    const answer = await call('/v1/messages', { model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'x'.repeat(32_000_001) }] });
    assert.deepEqual([answer.status, answer.body.error.type], [413, 'request_too_large']);
  });
});

describe('fake Anthropic server: prompt caching', () => {
  let time = 0;
  const server = new FakeAnthropicServer({ now: () => time });
  let url = '';
  before(async () => {
    url = await server.start();
  });
  after(() => server.stop());
  beforeEach(() => {
    server.reset();
    time = 0;
  });

  const headers = { 'content-type': 'application/json', 'anthropic-version': '2026-10-21', 'x-api-key': 'sk-ant-any-key-00000000000' };
  type Ttl = '5m' | '1h';
  type Body = { system?: unknown; messages: { role: string; content: unknown }[]; cache_control?: unknown };

  async function call(path: string, body: unknown) {
    const response = await fetch(`${url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    return { status: response.status, requestId: response.headers.get('request-id'), text: await response.text() };
  }

  /** The usage a streamed answer starts with (its message_start event), or a non-streamed answer's usage. */
  async function usageOf(body: Body, stream = true) {
    const response = await call('/v1/messages', { model: 'claude-sonnet-5-5', max_tokens: 100, stream, ...body });
    assert.equal(response.status, 200, response.text);
    if (!stream) return JSON.parse(response.text).usage;
    const start = response.text.split('\n\n').find((event) => event.startsWith('event: message_start\n'));
    return JSON.parse(start?.split('\ndata: ')[1] ?? 'null').message.usage;
  }

  async function countTokens(body: Body): Promise<number> {
    const response = await call('/v1/messages/count_tokens', { model: 'claude-sonnet-5-5', ...body });
    assert.equal(response.status, 200, response.text);
    return JSON.parse(response.text).input_tokens;
  }

  const usage = (input: number, written5m: number, written1h: number, read: number, outputTokens = 1) => ({
    input_tokens: input,
    cache_creation_input_tokens: written5m + written1h,
    cache_read_input_tokens: read,
    cache_creation: { ephemeral_5m_input_tokens: written5m, ephemeral_1h_input_tokens: written1h },
    output_tokens: outputTokens,
  });

  const control = (ttl: Ttl) => ({ type: 'ephemeral', ttl });
  /** A 1100-token system prompt (4 characters a token), marked as the host marks it. */
  const system = (ttl: Ttl = '5m', fill = 'S') => [{ type: 'text', text: fill.repeat(4400), cache_control: control(ttl) }];
  const user = (text: string, ttl?: Ttl) => ({ role: 'user', content: [{ type: 'text', text, ...(ttl ? { cache_control: control(ttl) } : {}) }] });
  const assistant = (text: string) => ({ role: 'assistant', content: [{ type: 'text', text }] });
  // The questions are 24 characters (6 tokens), the answer 16 (4 tokens).
  const q1 = 'one [scenario:plain]'.padEnd(24, '.');
  const a1 = 'first answer....';
  const q2 = 'two [scenario:plain]'.padEnd(24, '.');

  it('writes the prefix on a first request and reads it on the same request again, streamed or not', async () => {
    const body = { system: system(), messages: [user(q1, '5m')] };
    const total = await countTokens(body);
    assert.equal(total, 1100 + 6);
    assert.deepEqual(await usageOf(body), usage(0, total, 0, 0));
    assert.deepEqual(await usageOf(body), usage(0, 0, 0, total));
    const plain = Math.ceil('Hello! This is a plain reply from the fake server.'.length / 4);
    assert.deepEqual(await usageOf(body, false), usage(0, 0, 0, total, plain));
  });

  it('reads a conversation’s previous prefix through the breakpoint on the previous user turn, and the SDK gets the split', async () => {
    assert.deepEqual(await usageOf({ system: system(), messages: [user(q1, '5m')] }), usage(0, 1106, 0, 0));
    // The host's marks: the system prompt and the last block of the last two user turns.
    const next = { system: system(), messages: [user(q1, '5m'), assistant(a1), user(q2, '5m')] };
    const client = createAnthropicClient({ apiKey: 'sk-ant-any-key-00000000000', baseUrl: url, headersTimeoutMs: 5_000 });
    const message = await client.messages.stream({ model: 'claude-sonnet-5-5', max_tokens: 100, ...next } as Parameters<typeof client.messages.stream>[0]).finalMessage();
    assert.deepEqual(
      [message.usage.input_tokens, message.usage.cache_read_input_tokens, message.usage.cache_creation_input_tokens, message.usage.cache_creation],
      [0, 1106, 4 + 6, { ephemeral_5m_input_tokens: 10, ephemeral_1h_input_tokens: 0 }],
    );
    assert.equal((await countTokens(next)) - 1106, 10);
  });

  it('splits cache writes by the TTL of the breakpoint that wrote them', async () => {
    const body = { system: system('1h'), messages: [user(q1, '5m'), assistant(a1), user(q2, '5m')] };
    assert.deepEqual(await usageOf(body), usage(0, 16, 1100, 0));
  });

  it('expires 5-minute entries after 5 minutes and 1-hour ones after an hour, each read refreshing them', async () => {
    const short = { system: system('5m'), messages: [user(q1)] };
    const long = { system: system('1h', 'L'), messages: [user(q1)] };
    await usageOf(short);
    await usageOf(long);
    time = 4 * 60_000;
    assert.deepEqual(await usageOf(short), usage(6, 0, 0, 1100));
    time = 8 * 60_000;
    assert.deepEqual(await usageOf(short), usage(6, 0, 0, 1100), 'the read at minute 4 kept it');
    time = 14 * 60_000;
    assert.deepEqual(await usageOf(short), usage(6, 1100, 0, 0), 'gone 5 minutes after its last read');
    assert.deepEqual(await usageOf(long), usage(6, 0, 0, 1100));
    time = 14 * 60_000 + 60 * 60_000;
    assert.deepEqual(await usageOf(long), usage(6, 0, 1100, 0));
  });

  it('caches nothing under 1024 tokens, without failing', async () => {
    const body = { system: [{ type: 'text', text: 'S'.repeat(4000), cache_control: control('5m') }], messages: [user(q1, '5m')] };
    assert.deepEqual(await usageOf(body), usage(1006, 0, 0, 0));
    assert.deepEqual(await usageOf(body), usage(1006, 0, 0, 0));
  });

  it('caches with a top-level cache_control, reading the last turn through the lookback', async () => {
    const first = { system: 'S'.repeat(4400), messages: [user(q1)], cache_control: { type: 'ephemeral' } };
    assert.deepEqual(await usageOf(first), usage(0, 1106, 0, 0));
    assert.deepEqual(await usageOf({ ...first, messages: [user(q1), assistant(a1), user(q2)] }), usage(0, 10, 0, 1106));
  });

  it('refuses more than four breakpoints, an unknown ttl and a 1h breakpoint after a 5m one with a 400', async () => {
    const marked = Array.from({ length: 4 }, (_, i) => [user(`question ${i}`, '5m'), assistant('answer')]).flat();
    const cases: [Body, string][] = [
      [{ system: system(), messages: [...marked, user(q1)] }, 'A maximum of 4 blocks with cache_control may be provided. Found 5.'],
      [{ messages: [{ role: 'user', content: [{ type: 'text', text: q1, cache_control: { type: 'ephemeral', ttl: '24h' } }] }] }, "messages.0.content.0.cache_control.ttl: Input should be '5m' or '1h'"],
      [{ system: system('5m'), messages: [user(q1, '1h')] }, "A cache_control with ttl='1h' must not come after one with ttl='5m'. Blocks are processed in the order: tools, system, messages."],
    ];
    for (const [body, message] of cases) {
      const response = await call('/v1/messages', { model: 'claude-sonnet-5-5', max_tokens: 100, stream: true, ...body });
      assert.equal(response.status, 400);
      assert.deepEqual(JSON.parse(response.text), { type: 'error', error: { type: 'invalid_request_error', message }, request_id: response.requestId });
    }
    assert.deepEqual(server.requests.map((request) => request.scenario), ['invalid', 'invalid', 'invalid']);
  });

  it('count_tokens ignores cache_control and never caches', async () => {
    const marked = { system: [{ type: 'text', text: 'S'.repeat(4400), cache_control: { type: 'ephemeral', ttl: '24h' } }], messages: [user(q1, '5m')] };
    const unmarked = { system: 'S'.repeat(4400), messages: [user(q1)] };
    assert.equal(await countTokens(marked), await countTokens(unmarked));
    await countTokens({ system: system(), messages: [user(q1, '5m')] });
    assert.deepEqual(await usageOf({ system: system(), messages: [user(q1, '5m')] }), usage(0, 1106, 0, 0));
  });

  it('neither reads nor writes for a request without breakpoints (a title) or one refused with a status, and forgets on reset', async () => {
    const title = { system: 'S'.repeat(4400), messages: [user('Question:\nWhat is two plus two?\n\nAnswer:\nFour.')] };
    const whole = await countTokens(title);
    assert.deepEqual(await usageOf(title, false), usage(whole, 0, 0, 0, Math.ceil('"What is two plus two"'.length / 4)));
    const refused = await call('/v1/messages', { model: 'claude-sonnet-5-5', max_tokens: 100, stream: true, system: system(), messages: [user('[scenario:429]', '5m')] });
    assert.equal(refused.status, 429);
    const body = { system: system(), messages: [user(q1, '5m')] };
    assert.deepEqual(await usageOf(body), usage(0, 1106, 0, 0), 'the refused request wrote nothing');
    assert.deepEqual(await usageOf(body), usage(0, 0, 0, 1106));
    server.reset();
    assert.deepEqual(await usageOf(body), usage(0, 1106, 0, 0));
  });
});
