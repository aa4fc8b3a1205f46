import assert from 'node:assert/strict';
import { checkApiKey } from '../../../src/api/keyCheck';
import { FakeAnthropicServer } from '../../fakes/anthropicServer';

const GOOD = 'sk-ant-api03-key-check-good-0123456789';
const REVOKED = 'sk-ant-api03-key-check-revoked-0123456789';
const LIMITED = 'sk-ant-api03-key-check-limited-0123456789';

describe('checkApiKey: one free request through the real SDK', function () {
  this.timeout(20_000);
  const server = new FakeAnthropicServer({ validKeys: [GOOD, LIMITED], forbiddenKeys: [LIMITED] });
  let url = '';

  before(async () => {
    url = await server.start();
  });
  after(() => server.stop());
  beforeEach(() => {
    server.reset();
    server.modelsEndpoint = 'served';
  });

  it('says a working key works, after exactly one GET /v1/models with our headers', async () => {
    assert.deepEqual(await checkApiKey({ apiKey: GOOD, baseUrl: url }), { ok: true });
    assert.equal(server.requests.length, 1);
    const [request] = server.requests;
    assert.equal(request.method, 'GET');
    assert.equal(request.path, '/v1/models');
    assert.equal(request.apiKey, GOOD);
    assert.equal(request.headers['x-claude-chat-client'], 'vscode');
  });

  it('calls a 401 invalid, once (no retry), and never quotes the key', async () => {
    const result = await checkApiKey({ apiKey: REVOKED, baseUrl: url });
    assert.equal(result.ok, false);
    assert.ok(!result.ok);
    assert.equal(result.reason, 'invalid');
    assert.match(result.message, /rejected \(401\)/);
    assert.ok(!result.message.includes(REVOKED));
    assert.equal(server.requests.length, 1);
  });

  it('calls a 403 forbidden: the key is known but lacks permission', async () => {
    const result = await checkApiKey({ apiKey: LIMITED, baseUrl: url });
    assert.ok(!result.ok);
    assert.equal(result.reason, 'forbidden');
    assert.match(result.message, /lacks permission \(403\)/);
    assert.equal(server.requests.length, 1);
  });

  it('calls no answer unreachable, judging nothing about the key', async () => {
    const closed = new FakeAnthropicServer();
    const closedUrl = await closed.start();
    await closed.stop();
    const result = await checkApiKey({ apiKey: GOOD, baseUrl: closedUrl });
    assert.ok(!result.ok);
    assert.equal(result.reason, 'unreachable');
    assert.match(result.message, /could not be reached/);
    assert.ok(!result.message.includes(GOOD));
  });

  it('calls a gateway without /v1/models other, with its status, after one request', async () => {
    server.modelsEndpoint = 'absent';
    const result = await checkApiKey({ apiKey: GOOD, baseUrl: url });
    assert.ok(!result.ok);
    assert.equal(result.reason, 'other');
    assert.match(result.message, /answered 404/);
    assert.equal(server.requests.length, 1);
  });

  it('sends the extra headers with the check, and keeps their values out of the message', async () => {
    const token = 'gateway-secret-token-0123456789';
    const result = await checkApiKey({ apiKey: REVOKED, baseUrl: url, extraHeaders: { 'X-Gateway-Token': token } });
    assert.equal(server.requests[0].headers['x-gateway-token'], token);
    assert.ok(!result.ok);
    assert.ok(!result.message.includes(token));
  });
});
