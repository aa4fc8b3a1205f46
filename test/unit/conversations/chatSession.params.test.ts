import assert from 'node:assert/strict';
import { ExchangeLog } from '../../../src/api/exchangeLog';
import { ConversationExchanges } from '../../../src/api/exchangeLookup';
import { messageText } from '../../../src/shared/conversation';
import type { ModelLimits } from '../../../src/shared/requestParams';
import { FakeAnthropicServer } from '../../fakes/anthropicServer';
import { fake } from '../../fakes/vscode';
import { createHarness, type Harness } from '../../helpers/chatHarness';

const LIMITS: Record<string, ModelLimits> = {
  'claude-sonnet-5-5': { maxOutputTokens: 128_000, capabilities: { thinking: true, adaptiveThinking: true, effort: ['low', 'medium', 'high', 'xhigh', 'max'] } },
  'claude-text-only-test': { maxOutputTokens: 8192, capabilities: { thinking: false, adaptiveThinking: false, effort: [] } },
};

/** The answer parameters, from the conversation to the body the fake server received, and back in the inspector. */
describe('ChatSession answer parameters', function () {
  this.timeout(20_000);
  const server = new FakeAnthropicServer();
  let harness: Harness;
  let exchanges: ExchangeLog;

  before(() => server.start());
  after(() => server.stop());
  beforeEach(async () => {
    server.reset();
    fake.reset();
    exchanges = new ExchangeLog();
    harness = await createHarness({ server, services: { modelLimits: (model) => LIMITS[model], exchanges } });
  });
  afterEach(() => harness.close());

  function lastBody(): Record<string, unknown> {
    const request = server.messageRequests.at(-1);
    assert.ok(request, 'a request was sent');
    return request.body as Record<string, unknown>;
  }

  it('sends thinking, effort and stop sequences exactly, and nothing the API refuses', async () => {
    harness.session.updateMeta({ params: { thinking: 'budget', thinkingBudgetTokens: 2048, effort: 'high', stopSequences: ['STOP-HERE'] } });
    server.enqueue({ kind: 'reply', text: 'before the stop STOP-HERE and never this' });
    const sent = await harness.session.send('use every parameter');
    assert.ok(sent.ok);
    const answer = await sent.reply;

    const body = lastBody();
    assert.deepEqual(body.thinking, { type: 'enabled', budget_tokens: 2048 });
    assert.deepEqual(body.output_config, { effort: 'high' });
    assert.deepEqual(body.stop_sequences, ['STOP-HERE']);
    assert.equal(body.max_tokens, 8192);
    for (const refused of ['temperature', 'top_p', 'top_k']) assert.equal(refused in body, false, `${refused} is never sent`);

    assert.equal(answer.status, 'complete');
    assert.equal(answer.blocks[0].type, 'thinking', 'the thinking block came first');
    assert.equal(messageText(answer), 'before the stop ');
    assert.equal(answer.stopReason, 'stop_sequence');
    assert.equal(answer.stopSequence, 'STOP-HERE');
    assert.match(answer.responseId ?? '', /^msg_/);
    assert.deepEqual(answer.request, { model: 'claude-sonnet-5-5', maxTokens: 8192, systemPrompt: harness.session.snapshot.systemPrompt, caching: 'off', thinking: { type: 'enabled', budgetTokens: 2048 }, effort: 'high', stopSequences: ['STOP-HERE'] });
  });

  it("bounds max tokens by the model's limit and leaves out what the model cannot take", async () => {
    harness.session.updateMeta({ model: 'claude-text-only-test', params: { maxTokens: 50_000, thinking: 'adaptive', effort: 'max' } });
    const sent = await harness.session.send('a small model');
    assert.ok(sent.ok);
    assert.equal((await sent.reply).status, 'complete');
    const body = lastBody();
    assert.equal(body.max_tokens, 8192);
    assert.equal('thinking' in body, false);
    assert.equal('output_config' in body, false);
  });

  it('a prefill starts the answer: sent as the final assistant turn, shown as the start of the answer, thinking left out', async () => {
    harness.session.updateMeta({ params: { thinking: 'budget' } });
    const sent = await harness.session.send('Give me a JSON object.', { prefill: '{' });
    assert.ok(sent.ok);
    const answer = await sent.reply;
    const body = lastBody() as { messages: { role: string; content: { type: string; text: string }[] }[] };
    assert.deepEqual(body.messages.at(-1), { role: 'assistant', content: [{ type: 'text', text: '{' }] });
    assert.equal('thinking' in body, false, 'the API refuses a prefill with thinking on');
    assert.equal(answer.status, 'complete');
    assert.deepEqual(JSON.parse(messageText(answer)), { answer: 'This JSON comes from the local fake server, continuing your prefill.', ok: true });
    assert.equal(answer.request?.prefill, '{');
  });

  it('Continue leaves thinking out (the partial answer is a prefill) and keeps each request\'s usage for pricing', async () => {
    harness.session.updateMeta({ params: { thinking: 'budget', thinkingBudgetTokens: 2048 } });
    server.enqueue({ kind: 'reply', text: 'This answer was cut off at the', stopReason: 'max_tokens' });
    const first = await harness.session.send('a long answer, please');
    assert.ok(first.ok);
    const cut = await first.reply;
    assert.deepEqual((lastBody().thinking as { type: string }).type, 'enabled');
    server.enqueue({ kind: 'reply', text: ' end.' });
    const continued = await harness.session.continueAnswer(cut.id);
    assert.ok(continued.ok);
    const answer = await continued.reply;
    assert.equal(answer.status, 'complete', answer.error?.detail);
    assert.equal('thinking' in lastBody(), false, 'a final assistant turn without a thinking block is refused with thinking on');
    assert.equal(answer.usageParts?.length, 2);
    assert.equal(answer.usage?.outputTokens, answer.usageParts!.reduce((sum, part) => sum + part.outputTokens, 0));
  });

  it('Regenerate asks again with the same prefill', async () => {
    const first = await harness.session.send('Give me a list.', { prefill: '[' });
    assert.ok(first.ok);
    await first.reply;
    const again = await harness.session.regenerate();
    assert.ok(again.ok);
    const answer = await again.reply;
    assert.deepEqual(JSON.parse(messageText(answer)), ['fake', 'server', 'answer']);
    const body = lastBody() as { messages: { role: string }[] };
    assert.equal(body.messages.at(-1)?.role, 'assistant');
  });

  it('the inspector gets the exact request from this window, and rebuilds the same one after a reload', async () => {
    harness.session.updateMeta({ params: { effort: 'low', stopSequences: ['###'] } });
    const first = await harness.session.send('first question');
    assert.ok(first.ok);
    await first.reply;
    const second = await harness.session.send('second question', { prefill: 'Sure:' });
    assert.ok(second.ok);
    const answer = await second.reply;
    const sentBody = { ...lastBody() };
    delete sentBody.stream;

    const sources = (log: ExchangeLog, session = harness.session) => ({
      conversation: () => session.snapshot,
      log,
      readAttachment: (attachment: Parameters<typeof harness.store.attachments.read>[0]) => harness.store.attachments.read(attachment),
      baseUrl: () => server.url,
      extraHeaderNames: () => [],
    });
    const live = await new ConversationExchanges(sources(exchanges)).exchangeFor(answer.id);
    assert.ok(live);
    assert.equal(live.rebuilt, false);
    assert.deepEqual(JSON.parse(JSON.stringify(live.request)), sentBody);
    assert.equal(live.response?.id, answer.responseId);

    await harness.library.flush();
    const reloaded = await harness.reload();
    harness = reloaded;
    assert.ok(reloaded.session.snapshot.messages.some((message) => message.id === answer.id), 'the conversation came back');
    const rebuilt = await new ConversationExchanges(sources(new ExchangeLog(), reloaded.session)).exchangeFor(answer.id);
    assert.ok(rebuilt, 'rebuilt from the saved conversation');
    assert.equal(rebuilt.rebuilt, true);
    assert.deepEqual(JSON.parse(JSON.stringify(rebuilt.request)), sentBody, 'the same body, byte for byte');
    assert.deepEqual(rebuilt.response?.content, [{ type: 'text', text: messageText(answer), citations: null }]);
    assert.equal(rebuilt.response?.stop_reason, 'end_turn');
  });
});
