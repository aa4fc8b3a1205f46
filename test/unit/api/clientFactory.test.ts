import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import { context, propagation, trace, type Context, type TextMapPropagator, type Tracer, type TracerProvider } from '@opentelemetry/api';
import { createAnthropicClient } from '../../../src/api/clientFactory';
import { ANTHROPIC_VERSION, environmentHeaderNames, outgoingHeaders, pinnedFetch } from '../../../src/api/pinnedFetch';
import { checkApiKey } from '../../../src/api/keyCheck';
import { ModelCapabilities } from '../../../src/api/modelCapabilities';
import { requestReply } from '../../../src/api/requestReply';
import { requestTitle } from '../../../src/api/titleRequest';
import { countBlockTokens } from '../../../src/api/tokenCounter';
import { FakeAnthropicServer } from '../../fakes/anthropicServer';

const KEY = 'sk-ant-client-factory-test-0123456789';

/** Sets environment variables for one test and puts the old values back afterwards. */
function withEnvironment(values: Record<string, string>): () => void {
  const saved = Object.fromEntries(Object.keys(values).map((name) => [name, process.env[name]]));
  Object.assign(process.env, values);
  return () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

/** Everything written through console.* while `run` runs (the SDK's default logger is console). */
async function captureConsole<T>(run: () => Promise<T>): Promise<{ result: T; lines: string[] }> {
  const lines: string[] = [];
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const originals = methods.map((method) => console[method]);
  for (const method of methods) console[method] = (...args: unknown[]) => void lines.push(`${method}: ${args.map(String).join(' ')}`);
  try {
    return { result: await run(), lines };
  } finally {
    methods.forEach((method, i) => (console[method] = originals[i]));
  }
}

describe('createAnthropicClient: nothing comes from the environment or a process-wide provider', function () {
  this.timeout(20_000);
  const chosen = new FakeAnthropicServer({ validKeys: [KEY] });
  const elsewhere = new FakeAnthropicServer();
  let chosenUrl = '';
  let restoreEnvironment: () => void = () => undefined;

  before(async () => {
    chosenUrl = await chosen.start();
    await elsewhere.start();
  });
  after(async () => {
    await chosen.stop();
    await elsewhere.stop();
  });
  beforeEach(() => {
    chosen.reset();
    elsewhere.reset();
  });
  afterEach(() => {
    restoreEnvironment();
    restoreEnvironment = () => undefined;
    trace.disable();
    propagation.disable();
  });

  function askTitle() {
    return requestTitle({ apiKey: KEY, baseUrl: chosenUrl, model: 'claude-haiku-5-5', question: 'What is a monad?', answer: 'A pattern.' });
  }

  it('ignores ANTHROPIC_CUSTOM_HEADERS: no added header, the key and protocol headers are ours', async () => {
    restoreEnvironment = withEnvironment({
      ANTHROPIC_CUSTOM_HEADERS: 'Authorization: Bearer evil-token\nX-Evil: 1\nanthropic-version: 1999-01-01\nX-Stainless-Retry-Count: 99\nUser-Agent: evil-agent\nx-claude-chat-client: evil',
    });
    await askTitle();
    assert.equal(chosen.requests.length, 1);
    const headers = chosen.requests[0].headers;
    assert.equal(headers.authorization, `Bearer ${KEY}`);
    assert.equal(chosen.requests[0].apiKey, KEY);
    assert.equal(headers['x-evil'], undefined);
    assert.equal(headers['anthropic-version'], ANTHROPIC_VERSION);
    assert.notEqual(headers['x-stainless-retry-count'], '99');
    assert.notEqual(headers['user-agent'], 'evil-agent');
    assert.equal(headers['x-claude-chat-client'], 'vscode');
    assert.ok(!JSON.stringify(headers).includes('evil'), JSON.stringify(headers));
  });

  it('ignores ANTHROPIC_BASE_URL and ANTHROPIC_API_KEY: the request goes to the chosen endpoint with the given key', async () => {
    restoreEnvironment = withEnvironment({ ANTHROPIC_BASE_URL: elsewhere.url, ANTHROPIC_API_KEY: 'sk-ant-from-the-environment', ANTHROPIC_AUTH_TOKEN: 'token-from-the-environment' });
    await askTitle();
    assert.equal(elsewhere.requests.length, 0);
    assert.equal(chosen.requests.length, 1);
    assert.equal(chosen.requests[0].apiKey, KEY);
  });

  it('ignores ANTHROPIC_LOG=debug: nothing reaches the console, neither the prompt nor the headers', async () => {
    restoreEnvironment = withEnvironment({ ANTHROPIC_LOG: 'debug' });
    const { lines } = await captureConsole(askTitle);
    assert.deepEqual(lines, []);
    assert.equal(chosen.requests.length, 1);
  });

  it('ignores a global OpenTelemetry tracer provider and propagator (another extension could have set them)', async () => {
    const tracersAsked: string[] = [];
    const injected: string[] = [];
    const provider: TracerProvider = {
      getTracer(name: string): Tracer {
        tracersAsked.push(name);
        return trace.getTracerProvider().getTracer(name);
      },
    };
    const propagator: TextMapPropagator = {
      inject(_context: Context, carrier: unknown) {
        injected.push('inject');
        (carrier as Record<string, string>)['x-traced-by-someone-else'] = '1';
      },
      extract: (ctx: Context) => ctx,
      fields: () => ['x-traced-by-someone-else'],
    };
    assert.ok(trace.setGlobalTracerProvider(provider), 'the global provider was registered');
    assert.ok(propagation.setGlobalPropagator(propagator), 'the global propagator was registered');
    restoreEnvironment = withEnvironment({ ANTHROPIC_OPEN_TELEMETRY: 'true', ANTHROPIC_OPEN_TELEMETRY_TRACES_CONTENT_MODE: 'content' });
    await context.with(context.active(), askTitle);
    assert.deepEqual(tracersAsked, []);
    assert.deepEqual(injected, []);
    assert.equal(chosen.requests[0].headers['x-traced-by-someone-else'], undefined);
  });

  it('does not follow a redirect to another host (it would resend the conversation there)', async () => {
    const redirecting = http.createServer((_req, res) => res.writeHead(307, { location: `${elsewhere.url}/v1/messages` }).end());
    await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
    try {
      const client = createAnthropicClient({ apiKey: KEY, baseUrl: `http://127.0.0.1:${(redirecting.address() as AddressInfo).port}`, headersTimeoutMs: 5_000 });
      await assert.rejects(client.messages.create({ model: 'm', max_tokens: 1, messages: [{ role: 'user', content: 'hi' }] }), /307/);
      assert.equal(elsewhere.requests.length, 0);
    } finally {
      await new Promise((resolve) => redirecting.close(resolve));
    }
  });

  it('sends nothing to an origin other than the chosen one', async () => {
    const send = pinnedFetch({ apiKey: KEY, origin: new URL(chosenUrl).origin, environment: {} });
    await assert.rejects(send(`${elsewhere.url}/v1/messages`, { method: 'POST', body: '{}' }), /Refused/);
    assert.equal(elsewhere.requests.length, 0);
  });

  it('pins the API version the SDK itself sends (a newer SDK must update ANTHROPIC_VERSION)', async () => {
    let sdkVersion: string | null = null;
    const probe = new Anthropic({
      apiKey: 'probe',
      baseURL: 'http://127.0.0.1:9',
      logLevel: 'off',
      openTelemetry: false,
      webhookKey: null,
      maxRetries: 0,
      fetch: async (_url, init) => {
        sdkVersion = new Headers(init?.headers).get('anthropic-version');
        return new Response('{}', { status: 500 });
      },
    });
    await assert.rejects(probe.messages.create({ model: 'm', max_tokens: 1, messages: [{ role: 'user', content: 'hi' }] }));
    assert.equal(sdkVersion, ANTHROPIC_VERSION);
  });
});

describe('outgoingHeaders', () => {
  it('keeps the body type and the SDK bookkeeping the environment did not name, and nothing else', () => {
    const names = environmentHeaderNames('X-Stainless-OS: evil\nbad line\nX-Extra : 1');
    assert.deepEqual([...names].sort(), ['x-extra', 'x-stainless-os']);
    const headers = outgoingHeaders(
      { 'content-type': 'application/json', 'x-stainless-os': 'evil', 'x-stainless-retry-count': '1', 'x-extra': '1', authorization: 'Bearer other', cookie: 'a=b' },
      'sk-ant-key',
      names,
    );
    assert.deepEqual(Object.fromEntries(headers), {
      accept: 'application/json',
      'anthropic-version': ANTHROPIC_VERSION,
      authorization: 'Bearer sk-ant-key',
      'content-type': 'application/json',
      'user-agent': 'claude-chat-vscode',
      'x-claude-chat-client': 'vscode',
      'x-stainless-retry-count': '1',
    });
  });
});

describe('claudeChat.extraHeaders on the wire', function () {
  this.timeout(20_000);
  const server = new FakeAnthropicServer({ validKeys: [KEY] });
  const EXTRA = { 'X-Gateway-Token': 'gateway-token-0123456789', 'X-Team': 'data' };
  let url = '';
  let restoreEnvironment: () => void = () => undefined;

  before(async () => {
    url = await server.start();
  });
  after(() => server.stop());
  beforeEach(() => server.reset());
  afterEach(() => {
    restoreEnvironment();
    restoreEnvironment = () => undefined;
  });

  it('go with every request: an answer, count_tokens, a model’s capabilities, a title and the key check', async () => {
    const endpoint = { kind: 'endpoint', baseUrl: url, extraHeaders: EXTRA } as const;
    const reply = await requestReply({
      apiKey: KEY,
      endpoint,
      settings: { model: 'claude-sonnet-5-5', maxTokens: 1024, systemPrompt: '' },
      history: [{ id: 'u', parentId: null, role: 'user', blocks: [{ type: 'text', text: 'hi [scenario:plain]' }], status: 'complete', createdAt: 0 }],
      messageId: 'a',
      signal: new AbortController().signal,
      idleTimeoutMs: 10_000,
      emit: () => undefined,
    });
    assert.equal(reply.status, 'complete');
    await countBlockTokens({ apiKey: KEY, endpoint, model: 'claude-sonnet-5-5', block: { type: 'text', text: 'counted' } });
    await new ModelCapabilities().accepts({ apiKey: KEY, endpoint, model: 'claude-sonnet-5-5' });
    await requestTitle({ apiKey: KEY, baseUrl: url, extraHeaders: EXTRA, model: 'claude-haiku-5-5', question: 'q', answer: 'a' });
    assert.deepEqual(await checkApiKey({ apiKey: KEY, baseUrl: url, extraHeaders: EXTRA }), { ok: true });
    const paths = server.requests.map((request) => `${request.method} ${request.path}`);
    for (const expected of ['POST /v1/messages', 'POST /v1/messages/count_tokens', 'GET /v1/models/claude-sonnet-5-5', 'GET /v1/models']) assert.ok(paths.includes(expected), `${expected} in ${paths.join(', ')}`);
    for (const request of server.requests) {
      assert.equal(request.headers['x-gateway-token'], EXTRA['X-Gateway-Token'], `${request.method} ${request.path}`);
      assert.equal(request.headers['x-team'], 'data');
      assert.equal(request.apiKey, KEY);
    }
  });

  it('cannot replace the key or a protocol header, even handed to the transport directly', async () => {
    const client = createAnthropicClient({
      apiKey: KEY,
      baseUrl: url,
      headersTimeoutMs: 5_000,
      extraHeaders: { Authorization: 'Bearer evil', 'X-Api-Key': 'evil', 'anthropic-version': '1999-01-01', Host: 'evil.example', 'x-split': 'a\r\nx-evil: 1', 'X-Team': 'data' },
    });
    await client.models.list({ limit: 1 });
    const { headers, apiKey } = server.requests[0];
    assert.equal(apiKey, KEY);
    assert.equal(headers.authorization, `Bearer ${KEY}`);
    assert.equal(headers['x-api-key'], undefined);
    assert.equal(headers['anthropic-version'], ANTHROPIC_VERSION);
    assert.equal(headers.host, new URL(url).host);
    assert.equal(headers['x-split'], undefined);
    assert.equal(headers['x-team'], 'data');
    assert.ok(!JSON.stringify(headers).includes('evil'), JSON.stringify(headers));
  });

  it('are the user’s: ANTHROPIC_CUSTOM_HEADERS can neither add one nor change one', async () => {
    restoreEnvironment = withEnvironment({ ANTHROPIC_CUSTOM_HEADERS: 'X-Team: evil\nX-Other: evil' });
    await requestTitle({ apiKey: KEY, baseUrl: url, extraHeaders: { 'X-Team': 'data' }, model: 'claude-haiku-5-5', question: 'q', answer: 'a' });
    const { headers } = server.requests[0];
    assert.equal(headers['x-team'], 'data');
    assert.equal(headers['x-other'], undefined);
  });

  it('outgoingHeaders puts them first, so ours win over any that slipped through', () => {
    const headers = outgoingHeaders({ 'content-type': 'application/json' }, 'sk-ant-key', new Set(), { 'User-Agent': 'evil', 'X-Team': ' data ' });
    assert.equal(headers.get('user-agent'), 'claude-chat-vscode');
    assert.equal(headers.get('x-team'), 'data');
  });
});
