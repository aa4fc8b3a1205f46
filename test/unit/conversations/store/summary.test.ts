import assert from 'node:assert/strict';
import { toStoredConversation } from '../../../../src/conversations/store/codec';
import { summarize } from '../../../../src/conversations/store/summary';
import type { Attachment } from '../../../../src/shared/attachment';
import { emptyConversation, type ChatBlock, type Conversation } from '../../../../src/shared/conversation';

function file(name: string, mediaType: Attachment['mediaType'], hex: string): ChatBlock {
  return { type: 'attachment', attachment: { kind: mediaType === 'application/pdf' ? 'pdf' : 'image', mediaType, sha256: hex.repeat(64), byteLength: 10, name } };
}

function firstTurn(...blocks: ChatBlock[]): Conversation {
  const conversation = emptyConversation('c1', { model: 'm', systemPrompt: '' }, 1);
  conversation.messages.push({ id: 'u', parentId: null, role: 'user', blocks, status: 'complete', createdAt: 1 });
  return conversation;
}

const preview = (conversation: Conversation) => summarize(toStoredConversation(conversation, 1)).preview;

describe('history summary', () => {
  it('previews a turn of files only by the files’ names', () => {
    assert.equal(preview(firstTurn(file('docs/img/diagram.png', 'image/png', 'a'), file('C:\\specs\\spec.pdf', 'application/pdf', 'b'))), '[diagram.png, spec.pdf]');
    assert.equal(preview(firstTurn(file('pasted image.png', 'image/png', 'a'), { type: 'text', text: '  \n' })), '[pasted image.png]', 'blank text is no text');
  });

  it('previews a turn with files and words by its words', () => {
    assert.equal(preview(firstTurn(file('diagram.png', 'image/png', 'a'), { type: 'text', text: 'What is  wrong\nhere?' })), 'What is wrong here?');
    assert.equal(preview(firstTurn({ type: 'text', text: 'Plain' })), 'Plain');
    assert.equal(preview(firstTurn()), '');
  });

  it('counts and previews what people wrote: a turn of tool results is neither a question nor a message', () => {
    const conversation = emptyConversation('c1', { model: 'm', systemPrompt: '' }, 1);
    const result: ChatBlock = { type: 'tool_result', toolUseId: 't', content: 'export const a = 1;', isError: false };
    // A tool-result turn listed first (an import, or a file whose first question was deleted by an older version).
    conversation.messages.push({ id: 't0', parentId: null, role: 'user', blocks: [result], status: 'complete', createdAt: 1 });
    conversation.messages.push({ id: 'q', parentId: 't0', role: 'user', blocks: [{ type: 'text', text: 'Why?' }], status: 'complete', createdAt: 2 });
    conversation.messages.push({ id: 'a', parentId: 'q', role: 'assistant', blocks: [{ type: 'tool_use', id: 't', name: 'read_file', inputJson: '{}' }], status: 'complete', createdAt: 3 });
    conversation.messages.push({ id: 't1', parentId: 'a', role: 'user', blocks: [result], status: 'complete', createdAt: 4 });
    conversation.messages.push({ id: 'b', parentId: 't1', role: 'assistant', blocks: [{ type: 'text', text: 'Because.' }], status: 'complete', createdAt: 5 });
    const summary = summarize(toStoredConversation(conversation, 1));
    assert.equal(summary.preview, 'Why?');
    assert.equal(summary.messageCount, 3);
  });
});
