import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { attachmentParam } from '../../../src/api/requestBuilder';
import { fromApiJson, toApiJson, toMarkdown, type ImportOptions } from '../../../src/conversations/exportFormats';
import { AttachmentStore } from '../../../src/conversations/store/attachmentStore';
import type { Attachment, AttachmentMediaType } from '../../../src/shared/attachment';
import { messageText, type ChatBlock, type ChatMessage } from '../../../src/shared/conversation';
import { visiblePath } from '../../../src/shared/conversationTree';
import { pdfBytes, pngBytes } from '../../helpers/attachmentFixtures';
import { assistantMessage, conversation, userMessage } from '../../helpers/conversationFixtures';

let ids = 0;
/** What each import stored, in order. */
let putCalls: { bytes: Uint8Array; mediaType: AttachmentMediaType }[] = [];
const options: ImportOptions = {
  newId: (prefix: string) => `${prefix}_${++ids}`,
  defaults: { model: 'claude-sonnet-5-5', systemPrompt: 'default prompt' },
  now: 1_000,
  putAttachment: async (bytes, mediaType) => {
    putCalls.push({ bytes, mediaType });
  },
};
const noFiles = () => Promise.reject(new Error('no attachment expected'));
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function sample() {
  const c = conversation(
    userMessage('How do I reverse a list?', null, 'q1'),
    assistantMessage('Use `reversed()` or `list[::-1]`.', 'q1', 'a1'),
    userMessage('And in place?', 'a1', 'q2'),
    assistantMessage('Call `list.reverse()`.', 'q2', 'a2'),
    // an older branch that must not be exported
    assistantMessage('Old answer', 'q2', 'a2old'),
  );
  c.selected.q2 = 'a2';
  c.title = 'Reversing lists';
  c.systemPrompt = 'Be brief.';
  return c;
}

describe('export and import', () => {
  it('exports the branch on screen as readable Markdown', () => {
    const markdown = toMarkdown(sample(), new Date('2026-11-22T00:00:00Z'));
    assert.match(markdown, /^# Reversing lists\n/);
    assert.match(markdown, /> System prompt: Be brief\./);
    assert.match(markdown, /## You\n\nHow do I reverse a list\?\n\n## Claude\n\nUse `reversed\(\)` or `list\[::-1\]`\./);
    assert.ok(markdown.includes('Call `list.reverse()`.'));
    assert.ok(!markdown.includes('Old answer'), 'other branches are not exported');
  });

  it('exports JSON in the Messages API request shape', async () => {
    const json = await toApiJson(sample(), 4096, noFiles);
    assert.deepEqual(Object.keys(json), ['model', 'max_tokens', 'system', 'messages']);
    assert.equal(json.system, 'Be brief.');
    assert.deepEqual(json.messages.map((m) => m.role), ['user', 'assistant', 'user', 'assistant']);
  });

  it('exports a code command’s conversation as the request its last answer was asked with (its system prompt and model)', async () => {
    const question = { ...userMessage('Explain:\n```ts\nlet a = 1;\n```'), invocation: { command: 'Explain', target: 'a.ts:1', systemPrompt: 'Explain code.', model: 'claude-haiku-5-5' } };
    const exported = conversation(question, assistantMessage('It sets a.', question.id));
    exported.systemPrompt = 'Base.';
    const json = await toApiJson(exported, 4096, noFiles);
    assert.equal(json.system, 'Base.\n\nExplain code.');
    assert.equal(json.model, 'claude-haiku-5-5');
  });

  it('imports its own JSON export back (round trip of the visible branch)', async () => {
    const original = sample();
    const result = await fromApiJson(JSON.stringify(await toApiJson(original, 4096, noFiles)), options);
    assert.ok(result.ok);
    const imported = result.conversation;
    assert.deepEqual(visiblePath(imported).map(messageText), visiblePath(original).map(messageText));
    assert.equal(imported.systemPrompt, 'Be brief.');
    assert.equal(imported.model, 'claude-sonnet-5-5');
    assert.equal(imported.title, 'How do I reverse a list?');
    assert.notEqual(imported.id, original.id, 'an import is a new conversation');
  });

  it('imports string content, system blocks, and a BOM-prefixed file', async () => {
    const text = '\uFEFF' + JSON.stringify({ system: [{ type: 'text', text: 'one' }, { type: 'text', text: 'two' }], messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: [{ type: 'text', text: 'hello' }, { type: 'image', source: {} }] }] });
    const result = await fromApiJson(text, options);
    assert.ok(result.ok);
    assert.equal(result.conversation.systemPrompt, 'one\n\ntwo');
    assert.deepEqual(result.conversation.messages[1].blocks, [{ type: 'text', text: 'hello' }, { type: 'unknown', originalType: 'image' }]);
    assert.equal(result.conversation.model, 'claude-sonnet-5-5', 'the default model when the file names none');
  });

  const invalid: [string, string, RegExp][] = [
    ['not JSON', '{"messages": [', /not valid JSON/],
    ['an array', '[]', /JSON object/],
    ['no messages', '{"model":"m"}', /"messages"/],
    ['a bad role', '{"messages":[{"role":"system","content":"x"}]}', /messages\[0\]\.role/],
    ['empty content', '{"messages":[{"role":"user","content":""}]}', /messages\[0\]\.content/],
    ['a block without type', '{"messages":[{"role":"user","content":[{"text":"x"}]}]}', /no type/],
    ['a bad system', '{"system":42,"messages":[{"role":"user","content":"x"}]}', /"system"/],
  ];
  for (const [name, text, reason] of invalid) {
    it(`refuses ${name} with a reason`, async () => {
      const result = await fromApiJson(text, options);
      assert.equal(result.ok, false);
      assert.match(!result.ok ? result.reason : '', reason);
    });
  }

  describe('attached files', () => {
    let root: string;
    let store: AttachmentStore;
    let png: Uint8Array;
    let pdf: Uint8Array;
    const notes = new TextEncoder().encode('# Notes\r\nUnicode: \u00e9\u{1F600}\n');

    beforeEach(async () => {
      root = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-export-'));
      store = new AttachmentStore(path.join(root, 'attachments'));
      png = pngBytes(64, 48);
      pdf = await pdfBytes(3);
      putCalls = [];
    });
    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

    async function attach(bytes: Uint8Array, mediaType: AttachmentMediaType, name: string, extra: Partial<Attachment>): Promise<Attachment> {
      const kind = mediaType === 'application/pdf' ? 'pdf' : mediaType === 'text/plain' ? 'text' : 'image';
      return { kind, mediaType, ...(await store.put(bytes, mediaType)), name, ...extra };
    }

    /** A question with a screenshot, a PDF and a text file, and its answer. */
    async function withFiles() {
      const files = [await attach(png, 'image/png', 'shots/screen.png', { width: 64, height: 48, tokens: 4 }), await attach(pdf, 'application/pdf', 'spec.pdf', { pages: 3 }), await attach(notes, 'text/plain', 'docs/notes.md', {})];
      const question: ChatMessage = { ...userMessage('What do these say?', null, 'q'), blocks: [...files.map((attachment): ChatBlock => ({ type: 'attachment', attachment })), { type: 'text', text: 'What do these say?' }] };
      return { files, exported: conversation(question, assistantMessage('They agree.', 'q', 'a')) };
    }

    it('show in Markdown as a line naming each file', async () => {
      const markdown = toMarkdown((await withFiles()).exported, new Date('2026-11-22T00:00:00Z'));
      assert.match(markdown, /## You\n\n\[Attached: shots\/screen\.png \(64×48\)\]\n\n\[Attached: spec\.pdf \(3 pages\)\]\n\n\[Attached: docs\/notes\.md\]\n\nWhat do these say\?/);
    });

    it('are inlined in the JSON export exactly as a request sends them', async () => {
      const { files, exported } = await withFiles();
      const json = await toApiJson(exported, 4096, (attachment) => store.read(attachment));
      const content = json.messages[0].content as unknown[];
      assert.deepEqual(content.slice(0, 3), [attachmentParam(files[0], png), attachmentParam(files[1], pdf), attachmentParam(files[2], notes)]);
      assert.deepEqual(content[0], { type: 'image', source: { type: 'base64', media_type: 'image/png', data: Buffer.from(png).toString('base64') } });
      assert.deepEqual(content[3], { type: 'text', text: 'What do these say?' });
    });

    it('make the JSON export fail, naming the file, when one is missing from the store', async () => {
      const { files, exported } = await withFiles();
      fs.rmSync(store.fileOf(files[1]));
      await assert.rejects(
        toApiJson(exported, 4096, (attachment) => store.read(attachment)),
        /The attached PDF \(sha256 [0-9a-f]{12}…\) is missing/,
      );
    });

    it('come back from an export as stored attachments with the same bytes', async () => {
      const { files, exported } = await withFiles();
      const text = JSON.stringify(await toApiJson(exported, 4096, (attachment) => store.read(attachment)));
      const target = new AttachmentStore(path.join(root, 'imported'));
      const result = await fromApiJson(text, { ...options, putAttachment: (bytes, mediaType) => target.put(bytes, mediaType) });
      assert.ok(result.ok);
      const imported = result.conversation.messages[0].blocks.slice(0, 3).map((block) => (block.type === 'attachment' ? block.attachment : assert.fail(block.type)));
      assert.deepEqual(
        imported.map((attachment) => attachment.sha256),
        files.map((attachment) => attachment.sha256),
      );
      for (const [index, bytes] of [png, pdf, notes].entries()) {
        assert.equal(sha256(await target.read(imported[index])), sha256(bytes));
        assert.equal(imported[index].byteLength, bytes.byteLength);
      }
      assert.deepEqual(imported[0], { kind: 'image', mediaType: 'image/png', sha256: files[0].sha256, byteLength: png.byteLength, name: 'image-1.png', width: 64, height: 48, tokens: 5 });
      assert.deepEqual(imported[1], { kind: 'pdf', mediaType: 'application/pdf', sha256: files[1].sha256, byteLength: pdf.byteLength, name: 'spec.pdf', pages: 3, tokens: 6000 });
      assert.deepEqual(imported[2], { kind: 'text', mediaType: 'text/plain', sha256: files[2].sha256, byteLength: notes.byteLength, name: 'docs/notes.md', tokens: Math.ceil(notes.byteLength / 4) });
      assert.deepEqual(result.conversation.messages[0].blocks[3], { type: 'text', text: 'What do these say?' });
    });

    it('import an image as the type its bytes are, whatever media_type it claims, and keep its pixels', async () => {
      const big = pngBytes(3000, 20);
      const result = await fromApiJson(JSON.stringify({ messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: Buffer.from(big).toString('base64') } }] }] }), options);
      assert.ok(result.ok);
      const block = result.conversation.messages[0].blocks[0];
      assert.ok(block.type === 'attachment');
      assert.deepEqual([block.attachment.mediaType, block.attachment.width, block.attachment.height, block.attachment.byteLength], ['image/png', 3000, 20, big.byteLength]);
      assert.deepEqual(putCalls, [{ bytes: Buffer.from(big), mediaType: 'image/png' }]);
      assert.equal(result.conversation.title, 'image-1.png', 'a question of files only is titled by their names');
    });

    it('import a file carried twice as one stored file, and other document sources as placeholders', async () => {
      const data = Buffer.from(pdf).toString('base64');
      const pdfBlock = { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data } };
      const content = [pdfBlock, pdfBlock, { type: 'document', source: { type: 'url', url: 'https://example.invalid/a.pdf' } }, { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: Buffer.from('not a pdf').toString('base64') } }, { type: 'text', text: 'x' }];
      const result = await fromApiJson(JSON.stringify({ messages: [{ role: 'user', content }] }), options);
      assert.ok(result.ok);
      const blocks = result.conversation.messages[0].blocks;
      assert.deepEqual(
        blocks.map((block) => (block.type === 'attachment' ? block.attachment.name : block.type === 'unknown' ? `unknown ${block.originalType}` : block.type)),
        ['document-1.pdf', 'document-2.pdf', 'unknown document', 'unknown document', 'text'],
      );
      assert.equal(putCalls.length, 1, 'stored once');
    });

    it('are not stored when the import is refused', async () => {
      const image = { type: 'image', source: { type: 'base64', media_type: 'image/png', data: Buffer.from(png).toString('base64') } };
      const result = await fromApiJson(JSON.stringify({ messages: [{ role: 'user', content: [image] }, { role: 'system', content: 'x' }] }), options);
      assert.equal(result.ok, false);
      assert.deepEqual(putCalls, []);
    });
  });
});
