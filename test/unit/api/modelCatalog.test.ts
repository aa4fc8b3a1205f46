import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { createAnthropicClient } from '../../../src/api/clientFactory';
import { ModelCatalog, type ModelList } from '../../../src/api/modelCatalog';
import { BUILT_IN_MODELS, findModel, modelStatus } from '../../../src/shared/modelInfo';
import { FakeAnthropicServer } from '../../fakes/anthropicServer';
import { FAKE_MODELS } from '../../fakes/scenarios';
import { waitFor } from '../../helpers/waitFor';

const KEY = 'sk-ant-test-key-0123456789';
const MINUTE = 60_000;

describe('ModelCatalog: GET /v1/models through the real SDK against the fake server', function () {
  this.timeout(20_000);
  const server = new FakeAnthropicServer({ validKeys: [KEY] });
  let url = '';
  let time = 0;
  let client: Anthropic | undefined;
  let catalog: ModelCatalog;
  const changes: ModelList[] = [];

  before(async () => {
    url = await server.start();
  });
  after(() => server.stop());
  beforeEach(() => {
    server.reset();
    server.modelsEndpoint = 'served';
    time = 1_000_000;
    changes.length = 0;
    client = createAnthropicClient({ apiKey: KEY, baseUrl: url, headersTimeoutMs: 5_000 });
    catalog = new ModelCatalog(async () => client, { now: () => time, pageSize: 2 });
    catalog.onDidChange((list) => changes.push(list));
  });

  const listRequests = () => server.requests.filter((request) => request.path === '/v1/models');

  it('reads every page, newest first, with limits, capabilities and lifecycle, retired models included', async () => {
    const list = await catalog.list();
    assert.equal(list.source, 'api');
    assert.equal(list.problem, undefined);
    assert.equal(list.baseUrl, url);
    assert.equal(list.fetchedAt, time);
    assert.deepEqual(list.models.map((model) => model.id), FAKE_MODELS.map((model) => model.id));
    assert.equal(listRequests().length, Math.ceil(FAKE_MODELS.length / 2), 'pages of two');
    assert.equal(listRequests()[0].apiKey, KEY);

    const opus = findModel(list.models, 'claude-opus-5-5')!;
    assert.deepEqual(opus, {
      id: 'claude-opus-5-5',
      displayName: 'Claude Opus 5.5',
      contextWindow: 1_000_000,
      maxOutputTokens: 128_000,
      capabilities: { image: true, pdf: true, thinking: true, adaptiveThinking: true, effort: ['low', 'medium', 'high', 'xhigh', 'max'] },
      lifecycle: 'active',
    });
    assert.deepEqual(findModel(list.models, 'claude-haiku-5-5')!.capabilities.effort, ['low', 'medium', 'high']);
    assert.deepEqual(findModel(list.models, 'claude-text-only-test')!.capabilities, { image: false, pdf: false, thinking: false, adaptiveThinking: false, effort: ['low', 'medium', 'high'] });
    assert.deepEqual(changes, [list]);
    assert.equal(catalog.cached(), list);
  });

  it('marks deprecated and retired models with their dates', async () => {
    const list = await catalog.list();
    const deprecated = findModel(list.models, 'claude-sonnet-4-5')!;
    assert.deepEqual([deprecated.lifecycle, deprecated.deprecatedAt, deprecated.retiresAt], ['deprecated', '2026-05-14T00:00:00Z', '2026-11-30T00:00:00Z']);
    assert.deepEqual([deprecated.capabilities.thinking, deprecated.capabilities.adaptiveThinking, deprecated.capabilities.effort], [true, false, []]);
    const retired = findModel(list.models, 'claude-opus-4-1')!;
    assert.deepEqual([retired.lifecycle, retired.retiresAt], ['retired', '2026-08-05T00:00:00Z']);
    assert.deepEqual(
      ['claude-opus-5-5', 'claude-sonnet-4-5', 'claude-opus-4-1', 'claude-opus-4-0'].map((id) => modelStatus(list, id)),
      ['listed', 'deprecated', 'retired', 'missing'],
    );
  });

  it('takes capabilities a gateway leaves out as assumed, and says so', async () => {
    const list = await catalog.list();
    const bare = findModel(list.models, 'claude-no-capabilities-test')!;
    assert.equal(bare.assumedCapabilities, true);
    assert.deepEqual(bare.capabilities, { image: true, pdf: true, thinking: true, adaptiveThinking: false, effort: [] });
    assert.equal(findModel(list.models, 'claude-opus-5-5')!.assumedCapabilities, undefined);
  });

  it('answers from its cache for an hour, and callers asking together share one read', async () => {
    const [first, second] = await Promise.all([catalog.list(), catalog.list()]);
    assert.equal(first, second);
    const pages = listRequests().length;
    time += 59 * MINUTE;
    assert.equal(await catalog.list(), first, 'cache hit');
    assert.equal(listRequests().length, pages, 'no second request');
    time += 2 * MINUTE;
    const later = await catalog.list();
    assert.notEqual(later, first);
    assert.equal(listRequests().length, 2 * pages, 'read again after an hour');
    assert.equal(changes.length, 2);
  });

  it('reads again on refresh, and a refresh asked during a read shares it', async () => {
    const first = await catalog.list();
    const pages = listRequests().length;
    const [refreshed, together] = await Promise.all([catalog.list({ refresh: true }), catalog.list({ refresh: true })]);
    assert.notEqual(refreshed, first);
    assert.equal(refreshed, together);
    assert.equal(listRequests().length, 2 * pages);
  });

  it('falls back to the built-in list when the endpoint has no /v1/models, says so, and asks again after a few minutes', async () => {
    server.modelsEndpoint = 'absent';
    const list = await catalog.list();
    assert.equal(list.source, 'builtIn');
    assert.deepEqual(list.models, BUILT_IN_MODELS);
    assert.equal(list.problem, 'The endpoint has no /v1/models (404); showing the built-in list.');
    assert.equal(modelStatus(list, 'claude-anything'), 'listed', 'a built-in list calls nothing missing');
    assert.equal(listRequests().length, 1, 'one attempt, no retries');

    server.modelsEndpoint = 'served';
    time += 2 * MINUTE;
    assert.equal(await catalog.list(), list, 'a failure is remembered for a while');
    time += 2 * MINUTE;
    assert.equal((await catalog.list()).source, 'api');
  });

  it('falls back when the endpoint cannot be reached, naming it', async () => {
    const closed = new FakeAnthropicServer();
    const closedUrl = await closed.start();
    await closed.stop();
    client = createAnthropicClient({ apiKey: KEY, baseUrl: closedUrl, headersTimeoutMs: 5_000 });
    const list = await catalog.list();
    assert.equal(list.source, 'builtIn');
    assert.match(list.problem ?? '', new RegExp(`^${new URL(closedUrl).host.replace(/\./g, '\\.')} could not be reached \\(.+\\); showing the built-in list\\.$`));
    assert.equal(list.baseUrl, undefined);
  });

  it('keeps a list read earlier when a refresh fails, saying it is older', async () => {
    const first = await catalog.list();
    server.modelsEndpoint = 'absent';
    const after = await catalog.list({ refresh: true });
    assert.equal(after.source, 'api');
    assert.deepEqual(after.models, first.models);
    assert.equal(after.problem, 'The endpoint has no /v1/models (404); showing the list read earlier.');
  });

  it('says a refused key is why, without asking again on every call', async () => {
    client = createAnthropicClient({ apiKey: 'sk-ant-wrong-key-000000000', baseUrl: url, headersTimeoutMs: 5_000 });
    const list = await catalog.list();
    assert.deepEqual([list.source, list.problem], ['builtIn', 'The API key was refused when listing models (401); showing the built-in list.']);
    await catalog.list();
    assert.equal(listRequests().length, 1);
  });

  it('without a key, shows the built-in list and asks nothing; with one, reads', async () => {
    client = undefined;
    const list = await catalog.list();
    assert.deepEqual([list.source, list.problem], ['builtIn', 'No API key is set; showing the built-in list.']);
    assert.equal(server.requests.length, 0);
    client = createAnthropicClient({ apiKey: KEY, baseUrl: url, headersTimeoutMs: 5_000 });
    assert.equal((await catalog.list()).source, 'api');
  });

  it('says why when the client provider cannot make a client', async () => {
    const refused = new ModelCatalog(async () => {
      throw new Error('The endpoint in the workspace settings is not approved.');
    });
    const list = await refused.list();
    assert.deepEqual([list.source, list.problem], ['builtIn', 'The endpoint in the workspace settings is not approved; showing the built-in list.']);
  });

  it('does not serve another key’s or endpoint’s list from its cache, and forgets on invalidate()', async () => {
    await catalog.list();
    const pages = listRequests().length;
    client = createAnthropicClient({ apiKey: KEY, baseUrl: `${url}/`, headersTimeoutMs: 5_000 });
    await catalog.list();
    assert.equal(listRequests().length, 2 * pages, 'another base URL is another list');
    catalog.invalidate();
    assert.equal(catalog.cached(), undefined);
    await catalog.list();
    assert.equal(listRequests().length, 3 * pages);
  });

  it('a read overtaken by invalidate() does not replace the newer list', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let asked = false;
    // The first read waits at the gate until the newer one has settled.
    client = new Anthropic({ apiKey: KEY, baseURL: url, maxRetries: 0, fetch: async (input, init) => ((asked = true), await gate, fetch(input, init)) });
    const stale = catalog.list();
    await waitFor(() => asked, 'the first read to start');
    catalog.invalidate();
    client = createAnthropicClient({ apiKey: 'sk-ant-wrong-key-000000000', baseUrl: url, headersTimeoutMs: 5_000 });
    const fresh = await catalog.list();
    release();
    assert.equal((await stale).source, 'api', 'its caller still gets what it read');
    assert.equal(catalog.cached(), fresh);
    assert.equal(fresh.source, 'builtIn');
    assert.deepEqual(changes, [fresh]);
  });
});
