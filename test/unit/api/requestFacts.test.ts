import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { buildMessageParams, loadAttachmentBlocks } from '../../../src/api/requestBuilder';
import { requestFactsOf } from '../../../src/api/requestFacts';
import type { Attachment } from '../../../src/shared/attachment';
import type { ChatMessage } from '../../../src/shared/conversation';
import { assistantMessage, userMessage } from '../../helpers/conversationFixtures';

function attachment(name: string, kind: Attachment['kind'], bytes: Uint8Array): Attachment {
  const mediaType = kind === 'pdf' ? 'application/pdf' : kind === 'text' ? 'text/plain' : 'image/png';
  return { kind, mediaType, name, byteLength: bytes.byteLength, sha256: crypto.createHash('sha256').update(bytes).digest('hex') };
}

function withAttachments(message: ChatMessage, ...attached: Attachment[]): ChatMessage {
  return { ...message, blocks: [...attached.map((item) => ({ type: 'attachment' as const, attachment: item })), ...message.blocks] };
}

describe('requestFactsOf: what a request was made of, for an error about its size', () => {
  const files = new Map<string, Uint8Array>();
  const made = (name: string, kind: Attachment['kind'], size: number) => {
    const bytes = new Uint8Array(size).fill(name.length);
    const item = attachment(name, kind, bytes);
    files.set(item.sha256, bytes);
    return item;
  };
  const photo = made('photo.png', 'image', 300_000);
  const scan = made('docs/scan.pdf', 'pdf', 90_000);
  const log = made('build.log', 'text', 150_000);

  async function facts(history: ChatMessage[], systemPrompt = '') {
    const blocks = await loadAttachmentBlocks(history, async (item) => files.get(item.sha256)!);
    const params = buildMessageParams(history, { model: 'claude-sonnet-5-5', maxTokens: 1024, systemPrompt, caching: '5m' }, { attachmentBlocks: blocks });
    return { facts: requestFactsOf(history, params, blocks), params };
  }

  it('counts messages and attachments, measures the body as sent, and numbers messages as the conversation shows them', async () => {
    const history = [withAttachments(userMessage('look at these'), photo, scan), assistantMessage('x'.repeat(5_000)), withAttachments(userMessage('and this log'), log)];
    const { facts: result, params } = await facts(history, 'Be brief.');
    assert.equal(result.messageCount, 3);
    assert.equal(result.bodyBytes, Buffer.byteLength(JSON.stringify(params)));
    assert.equal(result.attachmentCount, 3);
    assert.equal(result.systemPromptBytes, 'Be brief.'.length);
    assert.deepEqual(result.largestAttachments, [
      { name: 'photo.png', bytes: 400_000, message: 1 },
      { name: 'build.log', bytes: 150_000, message: 3 },
      { name: 'docs/scan.pdf', bytes: 120_000, message: 1 },
    ]);
    assert.deepEqual(result.largestMessages, [
      { message: 2, role: 'assistant', bytes: 5_000 },
      { message: 1, role: 'user', bytes: 'look at these'.length },
      { message: 3, role: 'user', bytes: 'and this log'.length },
    ]);
  });

  it('names at most three of each, biggest first, and counts a file attached twice twice (it is sent twice)', async () => {
    const history = [withAttachments(userMessage('one'), log), assistantMessage('ok'), withAttachments(userMessage('two'), log), assistantMessage('ok'), withAttachments(userMessage('three'), photo, scan)];
    const { facts: result } = await facts(history);
    assert.equal(result.attachmentCount, 4);
    assert.deepEqual(
      result.largestAttachments.map((item) => `${item.name}@${item.message}`),
      ['photo.png@5', 'build.log@1', 'build.log@3'],
    );
    assert.equal(result.largestMessages.length, 3);
    assert.equal(result.systemPromptBytes, 0);
  });

  it('counts an answer\'s thinking as its text, and an inline pasted image as an attachment', async () => {
    const answer: ChatMessage = { ...assistantMessage('short'), blocks: [{ type: 'thinking', thinking: 't'.repeat(700), signature: 'sig' }, { type: 'text', text: 'short' }] };
    const pasted: ChatMessage = { ...userMessage('what is this?'), blocks: [{ type: 'image', mediaType: 'image/png', data: 'A'.repeat(800) }, { type: 'text', text: 'what is this?' }] };
    const { facts: result } = await facts([userMessage('hi'), answer, pasted]);
    assert.deepEqual(result.largestMessages[0], { message: 2, role: 'assistant', bytes: 705 });
    assert.deepEqual(result.largestAttachments, [{ name: 'a pasted image', bytes: 800, message: 3 }]);
  });
});
