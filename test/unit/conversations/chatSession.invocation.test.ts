import assert from 'node:assert/strict';
import { fromStoredMessage, toStoredMessage } from '../../../src/conversations/store/codec';
import type { StoredMessage } from '../../../src/conversations/store/storedFormat';
import { messageText, type Invocation } from '../../../src/shared/conversation';
import { turnSettings } from '../../../src/shared/turnSettings';
import { FakeAnthropicServer } from '../../fakes/anthropicServer';
import { fake } from '../../fakes/vscode';
import { createHarness, type Harness } from '../../helpers/chatHarness';
import { conversation as makeConversation, userMessage } from '../../helpers/conversationFixtures';

interface Body {
  model: string;
  system?: string;
  messages: { role: string; content: { text?: string }[] }[];
}

/** A code command's turn: the prompt is sent, the invocation is what the transcript shows. */
describe('ChatSession.sendInvocation', function () {
  this.timeout(20_000);
  const server = new FakeAnthropicServer();
  let harness: Harness;
  const invocation: Invocation = { command: 'Explain', target: 'src/a.ts:1–3', systemPrompt: 'Explain code to a developer.' };

  before(() => server.start());
  after(() => server.stop());
  beforeEach(async () => {
    server.reset();
    fake.reset();
    harness = await createHarness({ server });
  });
  afterEach(() => harness.close());

  it('sends the full prompt with the command system prompt after the conversation’s, and keeps the invocation', async () => {
    harness.session.updateMeta({ systemPrompt: 'Base prompt.' });
    const sent = await harness.session.sendInvocation('Explain this:\n```ts\nlet a = 1;\n```', invocation);
    assert.ok(sent.ok);
    await sent.reply;
    const body = server.requests[0].body as Body;
    assert.equal(body.system, 'Base prompt.\n\nExplain code to a developer.');
    assert.equal(body.messages[0].content[0].text, 'Explain this:\n```ts\nlet a = 1;\n```');
    const user = harness.session.snapshot.messages[0];
    assert.deepEqual(user.invocation, invocation);
    assert.equal(harness.session.snapshot.title, 'Explain src/a.ts:1–3', 'the fallback title reads as what was done, not as the pasted code');
  });

  it('a follow-up question goes back to the conversation’s own system prompt, and a command’s model applies to its answer only', async () => {
    harness.session.updateMeta({ systemPrompt: 'Base prompt.', model: 'claude-sonnet-5-5' });
    server.enqueue({ kind: 'reply', text: 'first' }, { kind: 'reply', text: 'second' });
    const first = await harness.session.sendInvocation('Prompt', { ...invocation, model: 'claude-haiku-5-5' });
    assert.ok(first.ok);
    const answer = await first.reply;
    assert.equal(answer.model, 'claude-haiku-5-5');
    const second = await harness.session.send('And why?');
    assert.ok(second.ok);
    await second.reply;
    const [command, followUp] = server.requests.map((request) => request.body as Body);
    assert.equal(command.model, 'claude-haiku-5-5');
    assert.equal(followUp.model, 'claude-sonnet-5-5');
    assert.equal(followUp.system, 'Base prompt.');
  });

  it('regenerating a command’s answer sends the command’s system prompt again', async () => {
    server.enqueue({ kind: 'reply', text: 'first' }, { kind: 'reply', text: 'second' });
    const sent = await harness.session.sendInvocation('Prompt', invocation);
    assert.ok(sent.ok);
    await sent.reply;
    const again = await harness.session.regenerate();
    assert.ok(again.ok);
    await again.reply;
    assert.ok((server.requests[1].body as Body).system?.endsWith('Explain code to a developer.'));
  });

  it('refuses an empty prompt and sends nothing', async () => {
    const sent = await harness.session.sendInvocation('  ', invocation);
    assert.equal(sent.ok, false);
    assert.equal(server.requests.length, 0);
    assert.equal(harness.session.snapshot.messages.length, 0);
  });

  it('appendToDraft adds a paragraph to the draft and tells the views', () => {
    const seen: string[] = [];
    harness.session.onDidAppendToDraft((text) => seen.push(text));
    harness.session.draft = 'Look at';
    harness.session.appendToDraft('`a.ts:1`');
    assert.equal(harness.session.draft, 'Look at\n\n`a.ts:1`');
    assert.deepEqual(seen, ['`a.ts:1`']);
  });
});

describe('turnSettings', () => {
  it('uses the conversation’s model and prompt for a plain turn, and joins a command’s prompt after it', () => {
    const conversation = makeConversation(userMessage('hello'));
    conversation.systemPrompt = 'Base.';
    assert.deepEqual(turnSettings(conversation, conversation.messages), { model: conversation.model, systemPrompt: 'Base.' });
    const command = { ...userMessage('prompt'), invocation: { command: 'Fix', target: 'a.ts:1', systemPrompt: 'Fix it.' } };
    assert.equal(turnSettings(conversation, [command]).systemPrompt, 'Base.\n\nFix it.');
    conversation.systemPrompt = '';
    assert.equal(turnSettings(conversation, [command]).systemPrompt, 'Fix it.', 'no leading blank lines when the conversation has none');
  });
});

describe('the invocation in conversation files', () => {
  it('round-trips, and a malformed one from disk is dropped instead of reaching the view', () => {
    const message = { ...userMessage('prompt'), invocation: { command: 'Explain', target: 'a.ts:1–2', question: 'why?' } };
    assert.deepEqual(fromStoredMessage(toStoredMessage(message)).invocation, message.invocation);
    const stored = { ...toStoredMessage(userMessage('x')), invocation: { command: 42, target: '<img>' } } as unknown as StoredMessage;
    assert.equal(fromStoredMessage(stored).invocation, undefined);
    const extra = { ...toStoredMessage(userMessage('x')), invocation: { command: 'Explain', target: 't', evil: 'x', model: 'm'.repeat(500) } } as unknown as StoredMessage;
    assert.deepEqual(fromStoredMessage(extra).invocation, { command: 'Explain', target: 't' });
    assert.equal(messageText(fromStoredMessage(extra)), 'x');
  });
});
