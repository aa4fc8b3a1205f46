import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import Anthropic from '@anthropic-ai/sdk';
import type { MessageCreateParamsNonStreaming } from '@anthropic-ai/sdk/resources/messages';
import { ANTHROPIC_VERSION } from '../../../src/api/pinnedFetch';
import { DEFAULT_BASE_URL } from '../../../src/shared/endpoint';
import { MAX_NON_STREAMING_TOKENS, SNIPPET_ANTHROPIC_VERSION, curlSnippet, pythonSnippet, shellQuote, typeScriptSnippet, type SnippetSource } from '../../../src/shared/requestSnippets';
import { FakeAnthropicServer } from '../../fakes/anthropicServer';
import { pngBytes } from '../../helpers/attachmentFixtures';
import { cleanEnvironment, run, runPythonAgainstStub, runTypeScript, snippetFolder, streamedAnswer, typeErrors } from '../../helpers/snippetRunner';

const KEY = 'sk-ant-snippet-test-key-0123456789';

/** Text that breaks naive quoting in every language the snippets are written in. */
const TRICKY =
  `It's a "test": a backslash \\ and a literal \\n, $HOME, \`uname\`, $(id), 🦀 ünïcödé, \u2028 and \0.\n` +
  `EOF\nCLAUDE_CHAT_REQUEST\n'''\n"""\n'\\''\n}\nend`;

const PNG = Buffer.from(pngBytes(4, 3)).toString('base64');

function trickyRequest(maxTokens = 1024): MessageCreateParamsNonStreaming {
  return {
    model: 'claude-sonnet-5-5',
    max_tokens: maxTokens,
    system: [{ type: 'text', text: 'Answer briefly; quote "this" and \'that\'.', cache_control: { type: 'ephemeral', ttl: '5m' } }],
    stop_sequences: ['\n\nHuman:'],
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'Earlier question' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Earlier answer with null, true and false in it' }] },
      {
        role: 'user',
        content: [
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
          { type: 'text', text: TRICKY },
        ],
      },
    ],
  };
}

describe('requestSnippets: copied code reproduces the request', function () {
  this.timeout(120_000);
  const server = new FakeAnthropicServer({ validKeys: [KEY] });
  let baseUrl = '';
  let folder = '';
  let sdk: Anthropic;
  const source = (request: MessageCreateParamsNonStreaming, extra: Partial<SnippetSource> = {}): SnippetSource => ({ request, baseUrl, rebuilt: false, extraHeaderNames: [], ...extra });
  const lastBody = () => server.messageRequests.at(-1)?.body;

  before(async () => {
    baseUrl = await server.start();
    folder = await snippetFolder();
    sdk = new Anthropic({ apiKey: KEY, baseURL: baseUrl, maxRetries: 0 });
  });
  after(async () => {
    await server.stop();
    await fs.rm(folder, { recursive: true, force: true });
  });
  beforeEach(() => server.reset());

  describe('curl', () => {
    it('run by bash with ANTHROPIC_API_KEY set, streams the same answer the SDK gets, from the same body', async () => {
      const request = trickyRequest();
      const snippet = curlSnippet(source(request));
      assert.ok(!snippet.includes(KEY));
      const ran = await run('bash', ['-c', snippet], { env: cleanEnvironment({ ANTHROPIC_API_KEY: KEY }) });
      assert.equal(ran.code, 0, ran.stderr);
      const sent = server.messageRequests[0];
      assert.deepEqual(sent.body, { ...request, stream: true }, 'the body arrived byte for byte: the image whole, every quote intact');
      assert.equal(sent.apiKey, KEY);
      assert.equal(sent.headers['anthropic-version'], SNIPPET_ANTHROPIC_VERSION);
      assert.equal(sent.scenario, 'attachments');

      const expected = await sdk.messages.stream(request).finalMessage();
      const byCurl = streamedAnswer(ran.stdout);
      const text = expected.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
      assert.equal(byCurl.text, text);
      assert.ok(byCurl.text.includes(TRICKY.slice(0, 40)), 'the answer quotes the question');
      assert.equal(byCurl.stopReason, expected.stop_reason);
    });

    it('sends nothing without ANTHROPIC_API_KEY, and says why', async () => {
      const ran = await run('bash', ['-c', curlSnippet(source(trickyRequest()))], { env: cleanEnvironment({}) });
      assert.notEqual(ran.code, 0);
      assert.match(ran.stderr, /Set ANTHROPIC_API_KEY/);
      assert.equal(server.messageRequests.length, 0);
    });

    it('sends the API version the extension and the SDK send', () => {
      assert.equal(SNIPPET_ANTHROPIC_VERSION, ANTHROPIC_VERSION);
    });

    it('quotes a URL so that the shell takes every character literally', async () => {
      for (const text of [`it's`, `a'b'c`, '$(id) `x` "y" \\z', "'", '']) {
        const ran = await run('bash', ['-c', `printf %s ${shellQuote(text)}`]);
        assert.equal(ran.stdout, text);
      }
    });
  });

  describe('TypeScript (SDK)', () => {
    it('type-checks against the SDK’s types and, run with Node, prints the Message the SDK gets for the same request', async () => {
      const request = trickyRequest();
      const snippet = typeScriptSnippet(source(request));
      assert.ok(!snippet.includes(KEY));
      assert.match(snippet, /client\.messages\.create\(/);
      assert.deepEqual(await typeErrors(folder, 'create.ts', snippet), []);

      const ran = await runTypeScript(folder, 'create.ts', snippet, cleanEnvironment({ ANTHROPIC_API_KEY: KEY }));
      assert.equal(ran.code, 0, ran.stderr);
      assert.deepEqual(lastBody(), request, 'the snippet sent the same body');
      const printed = JSON.parse(ran.stdout) as Anthropic.Message;
      const expected = await sdk.messages.create(request);
      assert.deepEqual(printed.content, expected.content);
      assert.equal(printed.stop_reason, expected.stop_reason);
      assert.equal(printed.model, expected.model);
    });

    it('streams to the final message when max_tokens is over what the SDK sends without streaming', async () => {
      const request = trickyRequest(64_000);
      const snippet = typeScriptSnippet(source(request));
      assert.match(snippet, /client\.messages\.stream\([\s\S]*\)\.finalMessage\(\)/);
      assert.deepEqual(await typeErrors(folder, 'stream.ts', snippet), []);
      const ran = await runTypeScript(folder, 'stream.ts', snippet, cleanEnvironment({ ANTHROPIC_API_KEY: KEY }));
      assert.equal(ran.code, 0, ran.stderr);
      assert.deepEqual(lastBody(), { ...request, stream: true });
      const printed = JSON.parse(ran.stdout) as Anthropic.Message;
      const expected = await sdk.messages.stream(request).finalMessage();
      assert.deepEqual(printed.content, expected.content);
    });

    it('switches to streaming exactly where the SDK starts refusing a non-streaming request', async () => {
      await sdk.messages.create({ ...trickyRequest(MAX_NON_STREAMING_TOKENS) });
      assert.throws(() => void sdk.messages.create({ ...trickyRequest(MAX_NON_STREAMING_TOKENS + 1) }), /Streaming is required/);
      assert.match(typeScriptSnippet(source(trickyRequest(MAX_NON_STREAMING_TOKENS))), /messages\.create\(/);
      assert.match(typeScriptSnippet(source(trickyRequest(MAX_NON_STREAMING_TOKENS + 1))), /messages\.stream\(/);
    });

    it('sends the key in ANTHROPIC_API_KEY: a wrong one there is refused with a 401', async () => {
      const ran = await runTypeScript(folder, 'nokey.ts', typeScriptSnippet(source(trickyRequest())), cleanEnvironment({ ANTHROPIC_API_KEY: 'sk-ant-wrong' }));
      assert.notEqual(ran.code, 0);
      assert.match(ran.stderr, /401|invalid x-api-key/);
    });
  });

  describe('Python (SDK)', () => {
    it('parses, and hands the SDK every parameter exactly: quotes, backslashes, unicode, null/true/false', async () => {
      const request = trickyRequest();
      const snippet = pythonSnippet(source(request));
      assert.ok(!snippet.includes(KEY));
      const parsed = await run('python3', ['-c', 'import ast,sys; ast.parse(sys.stdin.read())'], { input: snippet });
      assert.equal(parsed.code, 0, parsed.stderr);
      const ran = await runPythonAgainstStub(folder, snippet, cleanEnvironment({ ANTHROPIC_API_KEY: KEY }));
      assert.equal(ran.code, 0, ran.stderr);
      const called = JSON.parse(ran.stdout) as { client: Record<string, unknown>; method: string; params: unknown };
      assert.deepEqual(called, { client: { api_key: KEY, base_url: baseUrl }, method: 'create', params: request });
    });

    it('writes booleans and null as Python’s and streams when max_tokens is large', async () => {
      const request = { ...trickyRequest(64_000), metadata: { user_id: null }, extra: [true, false, null, 1.5] } as unknown as MessageCreateParamsNonStreaming;
      const snippet = pythonSnippet(source(request));
      assert.match(snippet, /extra=\[\n\s+True,\n\s+False,\n\s+None,\n\s+1\.5,\n\s+\],/);
      assert.match(snippet, /metadata={\n\s+"user_id": None,\n\s+},/);
      const ran = await runPythonAgainstStub(folder, snippet, cleanEnvironment({ ANTHROPIC_API_KEY: KEY }));
      assert.equal(ran.code, 0, ran.stderr);
      const called = JSON.parse(ran.stdout) as { method: string; params: unknown };
      assert.equal(called.method, 'stream');
      assert.deepEqual(called.params, request);
    });

    it('fails with a KeyError naming ANTHROPIC_API_KEY when it is not set', async () => {
      const ran = await runPythonAgainstStub(folder, pythonSnippet(source(trickyRequest())), cleanEnvironment({}));
      assert.notEqual(ran.code, 0);
      assert.match(ran.stderr, /KeyError: 'ANTHROPIC_API_KEY'/);
    });
  });

  describe('endpoint, gateway headers and rebuilt requests', () => {
    it('names no base URL for the default endpoint, and posts curl to it', () => {
      const request = trickyRequest();
      const at = source(request, { baseUrl: `${DEFAULT_BASE_URL}/` });
      assert.doesNotMatch(typeScriptSnippet(at), /baseURL/);
      assert.doesNotMatch(pythonSnippet(at), /base_url/);
      assert.match(curlSnippet(at), /^curl --no-buffer 'https:\/\/api\.anthropic\.com\/v1\/messages' \\$/m);
    });

    it('names the configured gateway headers for the user to fill in, never their values, and drops a name that is not one', async () => {
      const at = source(trickyRequest(), { extraHeaderNames: ['X-Gateway-Token', 'cf-access-client-id', 'X-Evil\nrm -rf ~'] });
      for (const snippet of [curlSnippet(at), typeScriptSnippet(at), pythonSnippet(at)]) {
        assert.match(snippet, /X-Gateway-Token, cf-access-client-id|"X-Gateway-Token": "…", "cf-access-client-id": "…"/);
        assert.doesNotMatch(snippet, /rm -rf|X-Evil/);
      }
      assert.deepEqual(await typeErrors(folder, 'headers.ts', typeScriptSnippet(at)), [], 'the header note is a comment');
      const parsed = await run('python3', ['-c', 'import ast,sys; ast.parse(sys.stdin.read())'], { input: pythonSnippet(at) });
      assert.equal(parsed.code, 0, parsed.stderr);
    });

    it('says when the request was rebuilt from the saved conversation', () => {
      const at = source(trickyRequest(), { rebuilt: true });
      for (const snippet of [curlSnippet(at), typeScriptSnippet(at), pythonSnippet(at)]) assert.match(snippet, /Rebuilt from the saved conversation/);
      assert.doesNotMatch(curlSnippet(source(trickyRequest())), /Rebuilt/);
    });
  });
});
