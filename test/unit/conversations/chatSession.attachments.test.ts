import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import type { Attachment } from '../../../src/shared/attachment';
import type { ChatBlock } from '../../../src/shared/conversation';
import { FakeAnthropicServer } from '../../fakes/anthropicServer';
import { fake } from '../../fakes/vscode';
import { pngBytes } from '../../helpers/attachmentFixtures';
import { createHarness, type Harness } from '../../helpers/chatHarness';
import type { SentBody as Body } from '../../helpers/sentBlocks';


/** The composer's attachments through a send: what is appended, what is sent, and what a refusal keeps. */
describe('ChatSession with attachments (and what a continued answer cost)', function () {
  this.timeout(20_000);
  const server = new FakeAnthropicServer();
  let harness: Harness;
  const png = Buffer.from(pngBytes(40, 30));
  const notes = Buffer.from('line one\nline two\n');

  before(() => server.start());
  after(() => server.stop());
  beforeEach(async () => {
    server.reset();
    fake.reset();
    harness = await createHarness({ server });
  });
  afterEach(() => harness.close());

  async function attach(bytes: Buffer, described: Omit<Attachment, 'sha256' | 'byteLength'>): Promise<Attachment> {
    const stored = await harness.store.attachments.put(bytes, described.mediaType);
    const attachment: Attachment = { ...described, ...stored };
    const id = harness.session.attachments.begin(attachment.name)!;
    harness.session.attachments.complete(id, attachment);
    return attachment;
  }

  const image = () => attach(png, { kind: 'image', mediaType: 'image/png', name: 'shot.png', width: 40, height: 30 });
  const text = () => attach(notes, { kind: 'text', mediaType: 'text/plain', name: 'docs/notes.md' });

  it('sends the files before the words, as image and text-document blocks, and empties the composer', async () => {
    await image();
    await text();
    const sent = await harness.session.send('What is in these?');
    assert.ok(sent.ok);
    await sent.reply;
    const body = server.requests.find((request) => request.path === '/v1/messages')!.body as Body;
    assert.deepEqual(body.messages[0].content, [
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: png.toString('base64') } },
      { type: 'document', source: { type: 'text', media_type: 'text/plain', data: notes.toString('utf8') }, title: 'docs/notes.md' },
      { type: 'text', text: 'What is in these?' },
    ]);
    assert.equal(harness.session.attachments.all.length, 0);
    const question = harness.session.snapshot.messages[0];
    assert.deepEqual(
      question.blocks.map((block: ChatBlock) => block.type),
      ['attachment', 'attachment', 'text'],
    );
  });

  it('sends an attachment with no words at all, and titles the chat by the file', async () => {
    await image();
    const sent = await harness.session.send('   ');
    assert.ok(sent.ok);
    await sent.reply;
    const body = server.requests.find((request) => request.path === '/v1/messages')!.body as Body;
    assert.deepEqual(
      body.messages[0].content.map((block) => block.type),
      ['image'],
    );
    assert.match(harness.session.snapshot.title, /shot\.png/);
  });

  it('refuses while a chip is still preparing, keeping the draft and every chip', async () => {
    await image();
    harness.session.attachments.begin('big.jpg');
    harness.session.draft = 'my question';
    const sent = await harness.session.send('my question');
    assert.equal(sent.ok, false);
    assert.equal(harness.session.attachments.all.length, 2);
    assert.equal(harness.session.draft, 'my question');
    assert.equal(harness.session.snapshot.messages.length, 0);
    assert.equal(server.requests.length, 0);
  });

  it('an edited question keeps its files', async () => {
    await image();
    const first = await harness.session.send('first wording');
    assert.ok(first.ok);
    await first.reply;
    const question = harness.session.snapshot.messages[0];
    const edited = await harness.session.editAndResend(question.id, 'second wording');
    assert.ok(edited.ok);
    await edited.reply;
    const bodies = server.requests.filter((request) => request.path === '/v1/messages').map((request) => request.body as Body);
    assert.deepEqual(
      bodies[1].messages[0].content.map((block) => [block.type, block.text]),
      [
        ['image', undefined],
        ['text', 'second wording'],
      ],
    );
  });

  it('refuses locally, before anything is appended, a turn that would make the request bigger than 32 MB, naming the biggest file', async () => {
    const huge: Attachment = { kind: 'pdf', mediaType: 'application/pdf', name: 'scans/huge.pdf', sha256: 'a'.repeat(64), byteLength: 25_000_000, pages: 10 };
    const id = harness.session.attachments.begin(huge.name)!;
    harness.session.attachments.complete(id, huge);
    const sent = await harness.session.send('summarise');
    assert.equal(sent.ok, false);
    assert.ok(!sent.ok && sent.error.kind === 'tooLarge');
    assert.ok(!sent.ok && sent.error.detail.includes('scans/huge.pdf'), !sent.ok ? sent.error.detail : '');
    assert.equal(harness.session.snapshot.messages.length, 0);
    assert.equal(harness.session.attachments.all.length, 1, 'the chip stays');
    assert.equal(server.requests.length, 0);
  });

  it('a stored file that went missing fails the answer with a clear error and sends nothing', async () => {
    const attachment = await image();
    await fs.rm(harness.store.attachments.fileOf(attachment));
    const sent = await harness.session.send('look');
    assert.ok(sent.ok);
    const answer = await sent.reply;
    assert.equal(answer.status, 'failed');
    assert.match(answer.error?.title ?? '', /attached file could not be read/);
    assert.equal(server.requests.length, 0);
  });

  // What an answer cost, when Continue made it two requests.
  it('adds the continuation’s usage to the first request’s, field by field', async () => {
    server.enqueue({ kind: 'reply', text: 'The first part of the answer, cut off at the', stopReason: 'max_tokens' });
    const first = await harness.session.send('Tell me a long story');
    assert.ok(first.ok);
    const cut = await first.reply;
    const firstUsage = { ...cut.usage! };
    server.enqueue({ kind: 'reply', text: ' limit, and then the rest of it.' });
    const more = await harness.session.continueAnswer(cut.id);
    assert.ok(more.ok);
    const whole = await more.reply;
    // A streamed answer from the fake counts one output token per 12-character chunk it sends.
    const secondOutput = Math.ceil(' limit, and then the rest of it.'.length / 12);
    assert.equal(whole.usage?.outputTokens, firstUsage.outputTokens + secondOutput);
    assert.ok(whole.usage!.inputTokens > firstUsage.inputTokens * 2 - 1, 'both requests’ input is counted');
  });
});
