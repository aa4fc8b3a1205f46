import Anthropic from '@anthropic-ai/sdk';
import assert from 'node:assert/strict';
import type { RequestFacts } from '../../../src/api/requestFacts';
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

  async function failure(scenario: Scenario | undefined, apiKey = KEY, requestFacts?: RequestFacts): Promise<ChatError> {
    if (scenario) server.enqueue(scenario);
    const client = new Anthropic({ apiKey, baseURL, maxRetries: 0, logLevel: 'off' });
    const outcome = await streamReply({
      client,
      params: { model: MODEL, max_tokens: 1024, messages: [{ role: 'user', content: 'hello' }] },
      messageId: 'a',
      signal: new AbortController().signal,
      idleTimeoutMs: 5_000,
      emit: () => undefined,
      ...(requestFacts ? { describeRequest: () => requestFacts } : {}),
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
    assert.deepEqual(error.actions, ['pickModel'], 'a model with a larger window is one click away');
  });

  /** A conversation with two big files and a long answer: what the host knows of the request it sent. */
  const FACTS: RequestFacts = {
    messageCount: 5,
    bodyBytes: 41_500_000,
    attachmentCount: 3,
    largestAttachments: [
      { name: 'scan.pdf', bytes: 30_200_000, message: 3 },
      { name: 'screenshot.png', bytes: 9_800_000, message: 1 },
      { name: 'notes.txt', bytes: 4_000, message: 5 },
    ],
    largestMessages: [
      { message: 2, role: 'assistant', bytes: 1_200_000 },
      { message: 5, role: 'user', bytes: 900 },
    ],
    systemPromptBytes: 2_000,
  };

  it('413 with the request\'s facts: how big it was, what it held, and its three largest parts by name', async () => {
    const error = await failure(NAMED_SCENARIOS['413'], KEY, FACTS);
    assert.equal(error.kind, 'tooLarge');
    assert.match(
      error.detail,
      /^Request exceeds the maximum allowed number of bytes\. The request was 42 MB: 5 messages and 3 attachments\. The largest parts: scan\.pdf \(message 3, 30 MB\), screenshot\.png \(message 1, 9\.8 MB\), the text of message 2 \(an answer, 1\.2 MB\)\. /,
    );
    assert.match(error.detail, /start a new chat, or delete large messages or attachments from this one\.$/);
  });

  it('"prompt is too long" with the request\'s facts: the tokens against the limit, then what was biggest', async () => {
    const facts: RequestFacts = { ...FACTS, bodyBytes: 900_000, attachmentCount: 0, largestAttachments: [], largestMessages: [{ message: 4, role: 'user', bytes: 850_000 }] };
    const error = await failure(NAMED_SCENARIOS['prompt-too-long'], KEY, facts);
    assert.match(
      error.detail,
      /takes at most 200,000\. The request was 900 kB: 5 messages\. The largest parts: the text of message 4 \(a question, 850 kB\), the system prompt \(2 kB\)\. Start a new chat/,
    );
    assert.deepEqual(error.actions, ['pickModel']);
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
    assert.match(error.detail, /^Your API key does not have permission to use the specified resource\. Check the key's workspace, model access and permissions in the Anthropic Console, set another key, or pick another model\./);
    assert.deepEqual(error.actions, ['setApiKey', 'pickModel'], 'the resource is often the model: both are offered, the key first');
  });

  it('403 about a model: names it, and offers Pick Model first, then another key', async () => {
    const error = await failure(NAMED_SCENARIOS['403-model']);
    assert.equal(error.kind, 'permission');
    assert.equal(error.title, `Your API key may not use "${MODEL}" (403).`);
    assert.match(error.detail, /^Your organization does not have access to model claude-opus-5-5\. Contact your administrator\. Pick another model for this conversation, or set a key/);
    assert.deepEqual(error.actions, ['pickModel', 'setApiKey']);
  });

  it('413: the API message, and how to make the request smaller', async () => {
    const error = await failure(NAMED_SCENARIOS['413']);
    assert.equal(error.kind, 'tooLarge');
    assert.equal(error.status, 413);
    assert.match(error.title, /too large to send \(413\)/);
    assert.match(error.detail, /^Request exceeds the maximum allowed number of bytes\. Everything in this conversation .*start a new chat, or delete large messages or attachments/);
  });

  it('404 unknown model: the API message, and Pick Model', async () => {
    const error = await failure(NAMED_SCENARIOS['404']);
    assert.equal(error.kind, 'notFound');
    assert.equal(error.title, `The API does not know the model "${MODEL}".`);
    assert.match(error.detail, /^model: claude-nope\. Pick another model for this conversation/);
    assert.deepEqual(error.actions, ['pickModel']);
  });

  it('404 that is not about a model (a base URL with a path): points at claudeChat.baseUrl instead', async () => {
    const error = await failure({ kind: 'status', status: 404, errorType: 'not_found_error', message: 'Not found: POST /v1/v1/messages' });
    assert.equal(error.kind, 'notFound');
    assert.match(error.detail, /^Not found: POST \/v1\/v1\/messages\. Check the claudeChat\.baseUrl setting/);
    assert.deepEqual(error.actions, ['openSettings']);
  });

  it('400 about the model id: Pick Model (not the generic settings advice)', async () => {
    const error = await failure(NAMED_SCENARIOS['400-model']);
    assert.equal(error.kind, 'invalidRequest');
    assert.equal(error.title, `The API does not accept the model "${MODEL}" (400).`);
    assert.match(error.detail, /^model: Invalid model name "claude-nope"\. Pick another model/);
    assert.deepEqual(error.actions, ['pickModel']);
  });

  it('500 and 503: an internal error, said with its status, and Retry', async () => {
    for (const name of ['500', '503']) {
      const error = await failure(NAMED_SCENARIOS[name]);
      assert.equal(error.kind, 'server', name);
      assert.equal(error.title, `The API had an internal error (${name}).`);
      assert.deepEqual(error.actions, ['retry']);
    }
  });

  it('a data line that is not JSON: the answer could not be read (not a broken connection), and Retry', async () => {
    const error = await failure(NAMED_SCENARIOS.malformed);
    assert.equal(error.kind, 'streamError');
    assert.match(error.detail, /^The API sent data that is not valid \(.*JSON.*\)\. What arrived is kept; Retry asks again\.$/);
    assert.deepEqual(error.actions, ['retry']);
  });

  it('none of them was retried (each would fail the same way again)', async () => {
    for (const name of ['400', 'prompt-too-long', '403', '403-model', '404', '400-model', '413']) {
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
