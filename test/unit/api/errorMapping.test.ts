import Anthropic from '@anthropic-ai/sdk';
import assert from 'node:assert/strict';
import { streamReply } from '../../../src/api/streamReply';
import type { ChatError } from '../../../src/shared/chatError';
import { FakeAnthropicServer } from '../../fakes/anthropicServer';
import { NAMED_SCENARIOS, type Scenario } from '../../fakes/scenarios';

const KEY = 'sk-ant-api03-error-mapping-key-0123456789';
const MODEL = 'claude-sonnet-5-5';

/** The real SDK, as the extension builds it, against the fake server: the API's error bodies go through toChatError. */
describe('toChatError: what the user reads when the API refuses', function () {
  this.timeout(10_000);
  const server = new FakeAnthropicServer();
  let baseURL = '';

  before(async () => {
    baseURL = await server.start();
  });
  after(() => server.stop());
  beforeEach(() => server.reset());

  async function failure(scenario: Scenario | undefined, apiKey = KEY): Promise<ChatError> {
    if (scenario) server.enqueue(scenario);
    const client = new Anthropic({ apiKey, baseURL, maxRetries: 0, logLevel: 'off' });
    const outcome = await streamReply({
      client,
      params: { model: MODEL, max_tokens: 1024, messages: [{ role: 'user', content: 'hello' }] },
      messageId: 'a',
      signal: new AbortController().signal,
      idleTimeoutMs: 5_000,
      emit: () => undefined,
    });
    assert.equal(outcome.status, 'failed');
    assert.ok(outcome.error);
    return outcome.error;
  }

  it('400: the API message, the request id, and which settings to check', async () => {
    const error = await failure(NAMED_SCENARIOS['400']);
    assert.equal(error.kind, 'invalidRequest');
    assert.equal(error.status, 400);
    assert.match(error.requestId ?? '', /^req_fake_/);
    assert.match(error.title, /refused the request \(400\)/);
    assert.match(error.detail, /^system: text content blocks must be non-empty\. Check the model, max tokens and system prompt settings/);
    assert.deepEqual(error.actions, ['openSettings']);
  });

  it('400 "prompt is too long": says what was too long, by how much, and what to do', async () => {
    const error = await failure(NAMED_SCENARIOS['prompt-too-long']);
    assert.equal(error.kind, 'tooLarge');
    assert.equal(error.status, 400);
    assert.equal(error.title, 'This conversation is too long for the model.');
    assert.match(error.detail, /^prompt is too long: 215347 tokens > 200000 maximum\./, "the API's own message first");
    assert.match(error.detail, /sends the whole conversation before it \(earlier messages, attachments and the system prompt\)/);
    assert.match(error.detail, /It came to 215,347 tokens, and "claude-sonnet-5-5" takes at most 200,000\./);
    assert.match(error.detail, /Start a new chat, delete large messages or attachments from this one, or pick a model with a larger context window\./);
    assert.deepEqual(error.actions, ['openSettings'], 'the model setting is one click away');
  });

  it('400 on max_tokens: lower the setting', async () => {
    const error = await failure({ kind: 'status', status: 400, errorType: 'invalid_request_error', message: `max_tokens: 200000 > 128000, which is the maximum allowed number of output tokens for ${MODEL}` });
    assert.match(error.title, /max tokens setting/);
    assert.match(error.detail, /^max_tokens: 200000 > 128000.*Lower claudeChat\.maxTokens/);
  });

  it('403: the API message, and what to check about the key', async () => {
    const error = await failure(NAMED_SCENARIOS['403']);
    assert.equal(error.kind, 'permission');
    assert.equal(error.status, 403);
    assert.match(error.title, /not allowed to do this \(403\)/);
    assert.match(error.detail, /^Your API key does not have permission to use the specified resource\. Check the key's workspace, model access and permissions in the Anthropic Console, or set another key\./);
    assert.deepEqual(error.actions, ['setApiKey']);
  });

  it('413: the API message, and how to make the request smaller', async () => {
    const error = await failure(NAMED_SCENARIOS['413']);
    assert.equal(error.kind, 'tooLarge');
    assert.equal(error.status, 413);
    assert.match(error.title, /too large to send \(413\)/);
    assert.match(error.detail, /^Request exceeds the maximum allowed number of bytes\. .*start a new chat, or delete large messages or attachments/);
  });

  it('404: the API message, and pick another model', async () => {
    const error = await failure(NAMED_SCENARIOS['404']);
    assert.equal(error.kind, 'notFound');
    assert.match(error.detail, /^model: claude-nope\. Pick another model/);
  });

  it('none of them was retried (each would fail the same way again)', async () => {
    for (const name of ['400', 'prompt-too-long', '403', '413']) {
      server.reset();
      await failure(NAMED_SCENARIOS[name]);
      assert.equal(server.requests.length, 1, name);
    }
  });

  describe('secrets in error text', () => {
    it('a key with a NUL: nothing is sent, and the error the SDK throws (which quotes the key) is not passed on', async () => {
      const broken = 'sk-ant-api03-SECRETKEY0123456789\u0000x';
      const error = await failure(undefined, broken);
      assert.equal(server.requests.length, 0, 'undici refused the header before any request');
      assert.equal(error.kind, 'auth');
      assert.deepEqual(error.actions, ['setApiKey']);
      assert.ok(!JSON.stringify(error).includes('SECRETKEY'), JSON.stringify(error));
    });

    it('an API or proxy message that echoes the key is scrubbed', async () => {
      const error = await failure({ kind: 'status', status: 400, errorType: 'invalid_request_error', message: `bad header "Authorization: Bearer ${KEY}" (key ${KEY})` });
      assert.ok(!JSON.stringify(error).includes(KEY.slice(7)), JSON.stringify(error));
      assert.match(error.detail, /Bearer \[redacted\]/);
    });
  });
});
