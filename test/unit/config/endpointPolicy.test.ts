import assert from 'node:assert/strict';
import { approvalDetail, approvalQuestion, assessEndpoint, isLoopbackHost, replyEndpoint, userEndpointsOnly } from '../../../src/config/endpointPolicy';

describe('assessEndpoint', () => {
  it('lets the default endpoint and the user’s own choice through without a question, plain http included', () => {
    assert.deepEqual(assessEndpoint({ baseUrl: undefined, baseUrlScope: 'default' }), { kind: 'direct', baseUrl: undefined });
    assert.deepEqual(assessEndpoint({ baseUrl: 'https://proxy.example', baseUrlScope: 'user' }), { kind: 'direct', baseUrl: 'https://proxy.example' });
    // The user's own gateway on their network keeps working as before: the threat is a repository choosing.
    assert.deepEqual(assessEndpoint({ baseUrl: 'http://10.0.0.5:4000', baseUrlScope: 'user' }), { kind: 'direct', baseUrl: 'http://10.0.0.5:4000' });
  });

  for (const scope of ['workspace', 'workspaceFolder'] as const) {
    it(`asks about a ${scope} base URL, naming its host`, () => {
      const assessment = assessEndpoint({ baseUrl: 'https://collector.example:8443/v1', baseUrlScope: scope });
      assert.equal(assessment.kind, 'needsApproval');
      if (assessment.kind !== 'needsApproval') return;
      assert.equal(assessment.baseUrl, 'https://collector.example:8443/v1');
      const setIn = scope === 'workspace' ? "this workspace's settings" : "this folder's settings";
      assert.deepEqual(assessment.subject, { id: 'https://collector.example:8443', origin: 'https://collector.example:8443', host: 'collector.example:8443', chosenBy: ['claudeChat.baseUrl'], setIn, headerNames: [] });
      assert.equal(approvalQuestion(assessment.subject), 'Send your API key to collector.example:8443?');
      assert.match(approvalDetail(assessment.subject), /claudeChat\.baseUrl.*https:\/\/collector\.example:8443/);
      assert.doesNotMatch(approvalDetail(assessment.subject), /devcontainer/);
    });
  }

  it('asks about a base URL from a container’s user scope (devcontainer.json may have set it), saying so', () => {
    const assessment = assessEndpoint({ baseUrl: 'https://collector.example', baseUrlScope: 'container' });
    assert.equal(assessment.kind, 'needsApproval');
    if (assessment.kind !== 'needsApproval') return;
    assert.equal(assessment.subject.setIn, "this container's settings");
    assert.match(approvalDetail(assessment.subject), /claudeChat\.baseUrl, set in this container's settings, send .* to https:\/\/collector\.example: .*devcontainer\.json/);
    assert.equal(assessEndpoint({ baseUrl: 'http://10.0.0.5:4000', baseUrlScope: 'container' }).kind, 'refused');
    assert.equal(assessEndpoint({ baseUrl: undefined, baseUrlScope: 'default', extraHeaders: { values: { 'X-Route': 'r' }, scope: 'container' } }).kind, 'needsApproval');
  });

  it('refuses a workspace’s plain http endpoint off this machine without asking', () => {
    for (const baseUrl of ['http://collector.example', 'http://10.0.0.5:4000', 'http://192.168.1.2', 'http://0.0.0.0:8080', 'http://127.0.0.1.nip.io']) {
      const assessment = assessEndpoint({ baseUrl, baseUrlScope: 'workspace' });
      assert.equal(assessment.kind, 'refused', baseUrl);
      if (assessment.kind === 'refused') assert.match(assessment.error.detail, /this workspace's settings is http:.*unencrypted/);
    }
  });

  it('asks (and does not refuse) about a workspace’s plain http endpoint on this machine', () => {
    for (const baseUrl of ['http://localhost:8080', 'http://127.0.0.1:9', 'http://127.1.2.3', 'http://[::1]:4000']) {
      assert.equal(assessEndpoint({ baseUrl, baseUrlScope: 'workspace' }).kind, 'needsApproval', baseUrl);
    }
  });

  it('asks about headers a workspace adds, even to the default endpoint; a changed value is a new question', () => {
    const first = assessEndpoint({ baseUrl: undefined, baseUrlScope: 'default', extraHeaders: { values: { 'X-Route': 'route-token-1' }, scope: 'workspace' } });
    const changed = assessEndpoint({ baseUrl: undefined, baseUrlScope: 'default', extraHeaders: { values: { 'X-Route': 'route-token-2' }, scope: 'workspace' } });
    assert.equal(first.kind, 'needsApproval');
    assert.equal(changed.kind, 'needsApproval');
    if (first.kind !== 'needsApproval' || changed.kind !== 'needsApproval') return;
    assert.equal(first.subject.host, 'api.anthropic.com');
    assert.deepEqual(first.subject.headerNames, ['X-Route']);
    assert.notEqual(first.subject.id, changed.subject.id);
    assert.ok(!JSON.stringify(first.subject).includes('route-token'), 'no header value is kept in the approval (it may be a token)');
    assert.match(approvalDetail(first.subject), /X-Route/);
    assert.equal(assessEndpoint({ baseUrl: undefined, baseUrlScope: 'default', extraHeaders: { values: { 'X-Route': 'route-token-1' }, scope: 'user' } }).kind, 'direct');
  });
});

describe('isLoopbackHost', () => {
  it('knows loopback as the URL parser writes it', () => {
    for (const url of ['http://localhost', 'http://LOCALHOST:1', 'http://127.0.0.1', 'http://127.255.0.9', 'http://0x7f.1', 'http://[::1]', 'http://[0:0:0:0:0:0:0:1]', 'http://[::ffff:127.0.0.1]']) {
      assert.ok(isLoopbackHost(new URL(url).hostname), url);
    }
    for (const url of ['http://localhost.example', 'http://a.localhost', 'http://128.0.0.1', 'http://10.0.0.1', 'http://[::2]', 'http://[::ffff:10.0.0.1]', 'http://0.0.0.0']) {
      assert.ok(!isLoopbackHost(new URL(url).hostname), url);
    }
  });
});

describe('userEndpointsOnly', () => {
  it('passes the user’s endpoint and refuses a workspace’s, with nobody to ask', async () => {
    assert.deepEqual(await userEndpointsOnly.approve({ baseUrl: 'http://127.0.0.1:1', baseUrlScope: 'user' }), { ok: true, baseUrl: 'http://127.0.0.1:1' });
    const refused = await userEndpointsOnly.approve({ baseUrl: 'https://collector.example', baseUrlScope: 'workspace' });
    assert.ok(!refused.ok && refused.error.title.includes('collector.example'));
  });
});

describe('replyEndpoint', () => {
  it('turns a refusal into a refused endpoint that carries no URL, so nothing can fall through to the default host', async () => {
    const refused = await userEndpointsOnly.approve({ baseUrl: 'https://collector.example', baseUrlScope: 'workspace' });
    assert.ok(!refused.ok);
    const reply = replyEndpoint(refused);
    assert.deepEqual(reply, { endpoint: { kind: 'refused', error: refused.error } });
    assert.ok(!('baseUrl' in reply) && !('baseUrl' in reply.endpoint));
    // @ts-expect-error the URL exists only on an endpoint that was matched as allowed
    assert.equal(reply.endpoint.baseUrl, undefined);
    assert.deepEqual(replyEndpoint(userEndpointsOnly.decide({ baseUrl: undefined, baseUrlScope: 'default' })), { endpoint: { kind: 'endpoint', baseUrl: undefined } });
    assert.deepEqual(replyEndpoint(userEndpointsOnly.decide({ baseUrl: 'http://127.0.0.1:1', baseUrlScope: 'user' })), { endpoint: { kind: 'endpoint', baseUrl: 'http://127.0.0.1:1' } });
  });
});

describe('extra headers in the endpoint decision', () => {
  const headers = { 'X-Gateway-Token': 'gateway-token-0123' };

  it('go with the user’s endpoint, through every decision and into the reply endpoint', () => {
    const decision = userEndpointsOnly.decide({ baseUrl: 'https://gateway.example', baseUrlScope: 'user', extraHeaders: { values: headers, scope: 'user' } });
    assert.deepEqual(decision, { ok: true, baseUrl: 'https://gateway.example', extraHeaders: headers });
    assert.deepEqual(replyEndpoint(decision), { endpoint: { kind: 'endpoint', baseUrl: 'https://gateway.example', extraHeaders: headers } });
  });

  it('from a container are asked about first, and a refusal carries none of them', () => {
    const decision = userEndpointsOnly.decide({ baseUrl: undefined, baseUrlScope: 'default', extraHeaders: { values: headers, scope: 'container' } });
    assert.ok(!decision.ok);
    assert.ok(!JSON.stringify(decision).includes('gateway-token'));
  });

  it('of the user follow the key to a workspace’s host only once it is approved, and the question names them', () => {
    const assessment = assessEndpoint({ baseUrl: 'https://collector.example', baseUrlScope: 'workspace', extraHeaders: { values: headers, scope: 'user' } });
    assert.equal(assessment.kind, 'needsApproval');
    if (assessment.kind !== 'needsApproval') return;
    assert.deepEqual(assessment.subject.ownHeaderNames, ['X-Gateway-Token']);
    assert.equal(assessment.subject.id, 'https://collector.example', 'the user’s own headers do not change what is approved');
    assert.match(approvalDetail(assessment.subject), /your API key and your own extra headers \(X-Gateway-Token\) and your conversation would go there/);
    assert.ok(!approvalDetail(assessment.subject).includes('gateway-token'));
    assert.ok(!userEndpointsOnly.decide({ baseUrl: 'https://collector.example', baseUrlScope: 'workspace', extraHeaders: { values: headers, scope: 'user' } }).ok);
  });
});
