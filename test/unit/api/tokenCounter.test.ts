import assert from 'node:assert/strict';
import type { ContentBlockParam } from '@anthropic-ai/sdk/resources/messages';
import { countBlockTokens } from '../../../src/api/tokenCounter';
import type { ChatError } from '../../../src/shared/chatError';
import { FakeAnthropicServer } from '../../fakes/anthropicServer';
import { pdfBytes, pngBytes } from '../../helpers/attachmentFixtures';

const KEY = 'sk-ant-test-key-0123456789';

describe('countBlockTokens: count_tokens through the real SDK against the fake server', function () {
  this.timeout(20_000);
  const server = new FakeAnthropicServer({ validKeys: [KEY] });
  let baseUrl = '';
  before(async () => {
    baseUrl = await server.start();
  });
  after(() => server.stop());
  beforeEach(() => server.reset());

  const imageBlock = (width: number, height: number): ContentBlockParam => ({
    type: 'image',
    source: { type: 'base64', media_type: 'image/png', data: Buffer.from(pngBytes(width, height)).toString('base64') },
  });
  const count = (model: string, block: ContentBlockParam, apiKey = KEY) => countBlockTokens({ apiKey, endpoint: { kind: 'endpoint', baseUrl }, model, block });
  const countRequests = () => server.requests.filter((request) => request.path === '/v1/messages/count_tokens');

  it('counts a block as the request with it minus the request without it', async () => {
    assert.equal(await count('claude-sonnet-5-5', imageBlock(100, 75)), 10);
    const bodies = countRequests().map((request) => request.body as { model: string; messages: { role: string; content: { type: string; text?: string }[] }[] });
    assert.equal(bodies.length, 2);
    for (const body of bodies) {
      assert.equal(body.model, 'claude-sonnet-5-5');
      assert.equal('max_tokens' in body, false);
    }
    assert.deepEqual(bodies.map((body) => body.messages[0].content.map((block) => block.type)).sort(), [['image', 'text'], ['text']]);
    assert.equal(countRequests()[0].apiKey, KEY);
  });

  it('asks for the baseline once per model and endpoint', async () => {
    const pdf: ContentBlockParam = { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: Buffer.from(await pdfBytes(3)).toString('base64') } };
    assert.equal(await count('claude-opus-5-5', pdf), 4500);
    assert.equal(countRequests().length, 2);
    const text: ContentBlockParam = { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'y'.repeat(400) }, title: 'notes.md' };
    assert.equal(await count('claude-opus-5-5', text), 100);
    assert.equal(countRequests().length, 3, 'the second block needed only its own request');
    assert.equal(await count('claude-haiku-5-5', text), 100);
    assert.equal(countRequests().length, 5, 'another model has its own baseline');
  });

  it('rejects when the API refuses, without retrying, and keeps no failed baseline', async () => {
    await assert.rejects(count('claude-fail-test', imageBlock(10, 10), 'sk-ant-wrong-key-000000000'), (error: Error & { status?: number }) => error.status === 401);
    assert.equal(countRequests().length, 2, 'one attempt each for the block and the baseline');
    server.reset();
    assert.equal(await count('claude-fail-test', imageBlock(30, 25)), 1);
    assert.equal(countRequests().length, 2, 'the baseline was asked again');
  });

  it('rejects a refused endpoint without sending anything', async () => {
    const error: ChatError = { kind: 'invalidRequest', title: 'This base URL is not approved.', detail: 'Approve it first.', actions: [] };
    await assert.rejects(countBlockTokens({ apiKey: KEY, endpoint: { kind: 'refused', error }, model: 'claude-sonnet-5-5', block: imageBlock(2, 2) }), /This base URL is not approved\. Approve it first\./);
    assert.equal(server.requests.length, 0);
  });
});
