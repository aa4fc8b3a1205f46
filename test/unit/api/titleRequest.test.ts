import assert from 'node:assert/strict';
import { requestTitle } from '../../../src/api/titleRequest';
import { cleanTitle } from '../../../src/conversations/titles';
import { FakeAnthropicServer } from '../../fakes/anthropicServer';

describe('requestTitle: a non-streaming request through the real SDK', () => {
  const server = new FakeAnthropicServer();
  let baseUrl = '';
  before(async () => {
    baseUrl = await server.start();
  });
  after(() => server.stop());
  beforeEach(() => server.reset());

  it('asks the title model without streaming and returns its text', async () => {
    const raw = await requestTitle({ apiKey: 'sk-ant-title-test-00000000000', baseUrl, model: 'claude-haiku-5-5', question: 'How do I reverse a list in Python?', answer: 'Use reversed().' });
    assert.equal(cleanTitle(raw), 'How do I reverse a');
    const body = server.requests[0].body as { model: string; stream?: boolean; max_tokens: number; system: string };
    assert.equal(body.model, 'claude-haiku-5-5');
    assert.notEqual(body.stream, true);
    assert.ok(body.max_tokens <= 64);
    assert.match(body.system, /title/i);
  });

  it('takes no scenario from the quoted answer, only from the question', async () => {
    const raw = await requestTitle({ apiKey: 'sk-ant-title-test-00000000000', baseUrl, model: 'claude-haiku-5-5', question: 'Plain question here', answer: 'Try [scenario:401] next' });
    assert.equal(cleanTitle(raw), 'Plain question here');
  });

  it('throws the API error so the caller can keep the fallback title', async () => {
    await assert.rejects(requestTitle({ apiKey: 'sk-ant-title-test-00000000000', baseUrl, model: 'nope', question: 'q [scenario:404]', answer: 'a' }), /404|not_found/);
  });
});
