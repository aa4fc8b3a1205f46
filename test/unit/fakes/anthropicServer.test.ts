import assert from 'node:assert/strict';
import { FakeAnthropicServer } from '../../fakes/anthropicServer';

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
