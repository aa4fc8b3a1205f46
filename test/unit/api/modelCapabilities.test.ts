import assert from 'node:assert/strict';
import { createAnthropicClient } from '../../../src/api/clientFactory';
import { ModelCatalog } from '../../../src/api/modelCatalog';
import { ModelCapabilities } from '../../../src/api/modelCapabilities';
import type { ReplyEndpoint } from '../../../src/shared/endpoint';
import { FakeAnthropicServer } from '../../fakes/anthropicServer';

const KEY = 'sk-ant-test-key-0123456789';
const MINUTE = 60_000;

describe('ModelCapabilities: /v1/models/{id} through the real SDK against the fake server', function () {
  this.timeout(20_000);
  const server = new FakeAnthropicServer({ validKeys: [KEY] });
  let endpoint: ReplyEndpoint;
  let time = 0;
  let capabilities: ModelCapabilities;

  before(async () => {
    endpoint = { kind: 'endpoint', baseUrl: await server.start() };
  });
  after(() => server.stop());
  beforeEach(() => {
    server.reset();
    time = 1_000_000;
    capabilities = new ModelCapabilities({ now: () => time });
  });

  const accepts = (model: string, apiKey = KEY) => capabilities.accepts({ apiKey, endpoint, model });
  const asked = () => server.requests.filter((request) => request.method === 'GET').map((request) => request.path);

  it('reads image and PDF support from the model’s capabilities', async () => {
    assert.deepEqual(await accepts('claude-sonnet-5-5'), { image: true, pdf: true, known: true });
    assert.deepEqual(await accepts('claude-text-only-test'), { image: false, pdf: false, known: true });
    assert.deepEqual(asked(), ['/v1/models/claude-sonnet-5-5', '/v1/models/claude-text-only-test']);
    assert.equal(server.requests[0].apiKey, KEY);
  });

  it('assumes both, unknown, when the capabilities are null, the model is not listed, or the key is refused', async () => {
    const assumed = { image: true, pdf: true, known: false };
    assert.deepEqual(await accepts('claude-no-capabilities-test'), assumed);
    assert.deepEqual(await accepts('claude-not-listed'), assumed);
    assert.deepEqual(await accepts('claude-sonnet-5-5', 'sk-ant-wrong-key-000000000'), assumed);
    assert.equal(server.requests.length, 3, 'one attempt each, no retries');
  });

  it('assumes both when nothing answers, and when the endpoint is refused (asking nothing)', async () => {
    const closed = new FakeAnthropicServer();
    const url = await closed.start();
    await closed.stop();
    assert.deepEqual(await capabilities.accepts({ apiKey: KEY, endpoint: { kind: 'endpoint', baseUrl: url }, model: 'claude-sonnet-5-5' }), { image: true, pdf: true, known: false });
    const refused: ReplyEndpoint = { kind: 'refused', error: { kind: 'invalidRequest', title: 'Not approved.', detail: '', actions: [] } };
    assert.deepEqual(await capabilities.accepts({ apiKey: KEY, endpoint: refused, model: 'claude-sonnet-5-5' }), { image: true, pdf: true, known: false });
    assert.equal(server.requests.length, 0);
  });

  it('remembers an answer for an hour, sharing one request between questions asked together', async () => {
    const together = await Promise.all([accepts('claude-text-only-test'), accepts('claude-text-only-test')]);
    assert.deepEqual(together[0], together[1]);
    assert.equal(asked().length, 1);
    time += 59 * MINUTE;
    await accepts('claude-text-only-test');
    assert.equal(asked().length, 1, 'still remembered');
    time += 2 * MINUTE;
    assert.deepEqual(await accepts('claude-text-only-test'), { image: false, pdf: false, known: true });
    assert.equal(asked().length, 2, 'asked again after an hour');
  });

  it('remembers a failure for a few minutes only', async () => {
    await accepts('claude-not-listed');
    time += 2 * MINUTE;
    await accepts('claude-not-listed');
    assert.equal(asked().length, 1);
    time += 2 * MINUTE;
    await accepts('claude-not-listed');
    assert.equal(asked().length, 2);
  });

  it('answers from the catalog’s list of this endpoint without asking (dated snapshots and assumed capabilities too), and asks otherwise', async () => {
    const catalog = new ModelCatalog(async () => createAnthropicClient({ apiKey: KEY, baseUrl: server.url, headersTimeoutMs: 5_000 }));
    await catalog.list();
    server.reset();
    capabilities = new ModelCapabilities({ now: () => time, catalog });
    assert.deepEqual(await accepts('claude-text-only-test'), { image: false, pdf: false, known: true });
    assert.deepEqual(await accepts('claude-sonnet-5-5-20261104'), { image: true, pdf: true, known: true });
    assert.deepEqual(await accepts('claude-no-capabilities-test'), { image: true, pdf: true, known: false });
    assert.deepEqual(asked(), [], 'the picker’s read answered');
    await accepts('claude-not-listed');
    assert.deepEqual(asked(), ['/v1/models/claude-not-listed'], 'a model the list lacks is asked about');

    // Another endpoint's list, or the built-in one, does not answer for this endpoint.
    const list = catalog.cached()!;
    server.reset();
    capabilities = new ModelCapabilities({ now: () => time, catalog: { cached: () => ({ ...list, baseUrl: 'https://gateway.example' }) } });
    await accepts('claude-text-only-test');
    capabilities = new ModelCapabilities({ now: () => time, catalog: { cached: () => ({ ...list, source: 'builtIn', baseUrl: undefined }) } });
    await accepts('claude-text-only-test');
    assert.deepEqual(asked(), ['/v1/models/claude-text-only-test', '/v1/models/claude-text-only-test']);
  });

  it('keeps answers per model, and forgets them all on invalidate()', async () => {
    await accepts('claude-sonnet-5-5');
    await accepts('claude-haiku-5-5');
    assert.equal(asked().length, 2);
    capabilities.invalidate();
    await accepts('claude-sonnet-5-5');
    assert.equal(asked().length, 3);
  });
});
