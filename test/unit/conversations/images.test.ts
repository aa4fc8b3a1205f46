import assert from 'node:assert/strict';
import { toApiMessages } from '../../../src/api/requestBuilder';
import { fromApiJson } from '../../../src/conversations/exportFormats';
import { fromStoredBlock, toStoredBlock } from '../../../src/conversations/store/codec';
import type { ChatMessage } from '../../../src/shared/conversation';

/** A 1×1 PNG. */
export const TINY_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';

const options = { newId: (prefix: string) => `${prefix}_${Math.random().toString(36).slice(2)}`, defaults: { model: 'm', systemPrompt: '' }, now: 0, putAttachment: async () => undefined };

function importOne(content: unknown[]) {
  return fromApiJson(JSON.stringify({ messages: [{ role: 'user', content }] }), options);
}

describe('attached images', () => {
  it('are sent to the API as base64 image blocks', () => {
    const message: ChatMessage = {
      id: 'u',
      parentId: null,
      role: 'user',
      status: 'complete',
      createdAt: 0,
      blocks: [
        { type: 'image', mediaType: 'image/png', data: TINY_PNG },
        { type: 'text', text: 'What is in this picture?' },
      ],
    };
    assert.deepEqual(toApiMessages([message])[0].content, [
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: TINY_PNG } },
      { type: 'text', text: 'What is in this picture?' },
    ]);
  });

  it('survive the store round trip in the Messages API shape', () => {
    const stored = toStoredBlock({ type: 'image', mediaType: 'image/webp', data: TINY_PNG });
    assert.deepEqual(stored, { type: 'image', source: { type: 'base64', media_type: 'image/webp', data: TINY_PNG } });
    assert.deepEqual(fromStoredBlock(stored), { type: 'image', mediaType: 'image/webp', data: TINY_PNG });
  });

  it('import from inline base64 as stored attachments', async () => {
    const result = await importOne([{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: TINY_PNG } }, { type: 'text', text: 'hi' }]);
    assert.ok(result.ok);
    const block = result.conversation.messages[0].blocks[0];
    assert.ok(block.type === 'attachment');
    assert.deepEqual([block.attachment.mediaType, block.attachment.width, block.attachment.height], ['image/png', 1, 1]);
  });

  const refused: [string, unknown][] = [
    ['a URL source (it would be fetched)', { type: 'image', source: { type: 'url', url: 'https://exfil.invalid/pixel.png' } }],
    ['SVG (it can carry script)', { type: 'image', source: { type: 'base64', media_type: 'image/svg+xml', data: 'PHN2Zz48L3N2Zz4=' } }],
    ['data that is not base64 (it could break out of a data URL)', { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'abc");background:url(https://exfil.invalid' } }],
  ];
  for (const [name, block] of refused) {
    it(`become a placeholder, not an image, for ${name}`, async () => {
      const result = await importOne([block, { type: 'text', text: 'x' }]);
      assert.ok(result.ok);
      assert.deepEqual(result.conversation.messages[0].blocks[0], { type: 'unknown', originalType: 'image' });
      assert.deepEqual(fromStoredBlock(block as never), { type: 'unknown', originalType: 'image' });
    });
  }
});
