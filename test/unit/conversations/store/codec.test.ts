import assert from 'node:assert/strict';
import { fromStoredBlock, fromStoredConversation, interruptedError, parseToolInput, storedAttachmentHashes, toStoredBlock, toStoredConversation } from '../../../../src/conversations/store/codec';
import { mergeStoredConversations } from '../../../../src/conversations/store/merge';
import { parseConversationFile } from '../../../../src/conversations/store/parseFile';
import { ATTACHMENT_SCHEMA_VERSION, SCHEMA_VERSION, schemaVersionFor, serializeConversation } from '../../../../src/conversations/store/storedFormat';
import type { Attachment } from '../../../../src/shared/attachment';
import type { ChatMessage, Conversation, MessageStatus } from '../../../../src/shared/conversation';

const SCREENSHOT: Attachment = {
  kind: 'image',
  mediaType: 'image/png',
  sha256: 'ab'.repeat(32),
  byteLength: 48_213,
  name: 'docs/diagram.png',
  uri: 'file:///work/docs/diagram.png',
  width: 1568,
  height: 882,
  tokens: 1844,
  tokensCounted: true,
  original: { width: 3136, height: 1764, byteLength: 402_113 },
};
const SPEC: Attachment = { kind: 'pdf', mediaType: 'application/pdf', sha256: 'cd'.repeat(32), byteLength: 90_000, name: 'spec.pdf', pages: 12, tokens: 24_000 };

/** A question carrying two attached files before its text, as the composer sends it. */
function withAttachments(): Conversation {
  const conversation = richConversation();
  conversation.messages[0].blocks.unshift({ type: 'attachment', attachment: SCREENSHOT }, { type: 'attachment', attachment: SPEC });
  return conversation;
}

/**
 * A question answered through a tool round: thinking, words and two calls; the host's turn of their results (one
 * with the file it read, one refused); then the final answer.
 */
function toolLoop(): Conversation {
  const conversation = richConversation();
  conversation.messages = [
    { id: 'q', parentId: null, role: 'user', blocks: [{ type: 'text', text: 'What does a.ts export?' }], status: 'complete', createdAt: 20 },
    {
      id: 'r1',
      parentId: 'q',
      role: 'assistant',
      blocks: [
        { type: 'thinking', thinking: 'Read it first.', signature: 'c2ln' },
        { type: 'text', text: 'Let me look.' },
        { type: 'tool_use', id: 'toolu_01', name: 'read_file', inputJson: '{"path":"src/a.ts","start_line":1}' },
        { type: 'tool_use', id: 'toolu_02', name: 'read_file', inputJson: '{"path":".env"}' },
      ],
      status: 'complete',
      createdAt: 21,
      stopReason: 'tool_use',
      request: { model: 'claude-test', maxTokens: 1024, systemPrompt: '', tools: 'auto' },
    },
    {
      id: 't1',
      parentId: 'r1',
      role: 'user',
      blocks: [
        { type: 'tool_result', toolUseId: 'toolu_01', content: '1\texport const a = 1;\n', isError: false, file: { path: 'src/a.ts', startLine: 1, endLine: 1 } },
        { type: 'tool_result', toolUseId: 'toolu_02', content: 'Denied by the user.', isError: true },
      ],
      status: 'complete',
      createdAt: 22,
    },
    { id: 'r2', parentId: 't1', role: 'assistant', blocks: [{ type: 'text', text: 'It exports `a`.' }], status: 'complete', createdAt: 23, stopReason: 'end_turn' },
  ];
  conversation.selected = { '': 'q', q: 'r1', r1: 't1', t1: 'r2' };
  return conversation;
}

function richConversation(): Conversation {
  const messages: ChatMessage[] = [
    { id: 'u1', parentId: null, role: 'user', blocks: [{ type: 'text', text: 'Hello, \u00e9\u{1F600}\n"quoted"' }], status: 'complete', createdAt: 10 },
    {
      id: 'a1',
      parentId: 'u1',
      role: 'assistant',
      blocks: [
        { type: 'thinking', thinking: 'let me think', signature: 'sig==' },
        { type: 'redacted_thinking', data: 'opaque' },
        { type: 'text', text: 'Answer' },
        { type: 'tool_use', id: 'toolu_1', name: 'search', inputJson: '{"q":"x","n":[1,2]}' },
        { type: 'unknown', originalType: 'server_tool_use' },
      ],
      status: 'complete',
      createdAt: 11,
      stopReason: 'tool_use',
      usage: { inputTokens: 5, outputTokens: 7, cacheReadInputTokens: 1, cacheCreationInputTokens: 2 },
      model: 'claude-test',
    },
    { id: 'a2', parentId: 'u1', role: 'assistant', blocks: [{ type: 'text', text: 'Stopped half' }], status: 'stopped', createdAt: 12, stopReason: null },
    {
      id: 'a3',
      parentId: 'u1',
      role: 'assistant',
      blocks: [{ type: 'text', text: 'Failed half' }],
      status: 'failed',
      createdAt: 13,
      error: { kind: 'overloaded', title: 'Overloaded.', detail: 'Try later.', status: 529, requestId: 'req_1', actions: ['retry'] },
    },
  ];
  return {
    id: 'conv1',
    title: 'A title',
    titleSource: 'user',
    createdAt: 1,
    updatedAt: 13,
    pinned: true,
    model: 'claude-test',
    systemPrompt: 'Be brief.',
    messages,
    selected: { '': 'u1', u1: 'a2' },
  };
}

describe('store codec (Conversation <-> file format)', () => {
  it('round-trips every block type and every finished status to an equal conversation', () => {
    const original = richConversation();
    const stored = toStoredConversation(original, 3);
    const back = fromStoredConversation(JSON.parse(JSON.stringify(stored)));
    assert.deepEqual(back, original);
  });

  it('writes Messages API content blocks', () => {
    const stored = toStoredConversation(richConversation(), 1);
    assert.equal(stored.schemaVersion, 1);
    assert.equal(stored.revision, 1);
    assert.deepEqual(stored.deleted, []);
    assert.deepEqual(stored.messages[1].content, [
      { type: 'thinking', thinking: 'let me think', signature: 'sig==' },
      { type: 'redacted_thinking', data: 'opaque' },
      { type: 'text', text: 'Answer' },
      { type: 'tool_use', id: 'toolu_1', name: 'search', input: { q: 'x', n: [1, 2] } },
      { type: 'server_tool_use' },
    ]);
    assert.ok(!('blocks' in stored.messages[0]));
    assert.ok(!('stopReason' in stored.messages[0]), 'absent optional fields are not written');
  });

  it('normalises tool_use input: formatting goes, unparseable or non-object input becomes {}', () => {
    const conversation = richConversation();
    conversation.messages[1].blocks[3] = { type: 'tool_use', id: 't', name: 'n', inputJson: '{ "a" :  1 }' };
    const back = fromStoredConversation(toStoredConversation(conversation, 1));
    assert.deepEqual(back.messages[1].blocks[3], { type: 'tool_use', id: 't', name: 'n', inputJson: '{"a":1}' });
    assert.deepEqual(parseToolInput('{"a": '), {});
    assert.deepEqual(parseToolInput(''), {});
    assert.deepEqual(parseToolInput('[1]'), {});
    assert.deepEqual(parseToolInput('null'), {});
  });

  it('keeps a streaming message as is on disk and reads it back as failed, partial answer kept', () => {
    const conversation = richConversation();
    conversation.messages.push({ id: 'a4', parentId: 'u1', role: 'assistant', blocks: [{ type: 'text', text: 'Partial ans' }], status: 'streaming', createdAt: 14 });
    const stored = toStoredConversation(conversation, 2);
    assert.equal(stored.messages[4].status, 'streaming');
    const back = fromStoredConversation(stored);
    assert.equal(back.messages[4].status, 'failed');
    assert.deepEqual(back.messages[4].error, interruptedError());
    assert.deepEqual(back.messages[4].blocks, [{ type: 'text', text: 'Partial ans' }]);
    assert.deepEqual(interruptedError(), {
      kind: 'streamError',
      title: 'The answer was interrupted.',
      detail: 'VS Code closed before it finished; the partial answer is kept.',
      actions: ['retry'],
    });
    // Everything else is untouched.
    assert.deepEqual(back.messages.slice(0, 4), conversation.messages.slice(0, 4));
    assert.equal(fromStoredConversation(stored, { streamState: () => 'here' }).messages[4].status, 'streaming');
  });

  it('records who streams a message, and reads it back as in progress elsewhere while that window lives', () => {
    const conversation = richConversation();
    conversation.messages.push({ id: 'a4', parentId: 'u1', role: 'assistant', blocks: [{ type: 'text', text: 'Partial' }], status: 'streaming', createdAt: 14 });
    const stored = toStoredConversation(conversation, 2, { windowId: 'winA' });
    assert.equal(stored.messages[4].streamOwner, 'winA');
    assert.equal(stored.messages[3].streamOwner, undefined, 'only streaming messages name an owner');
    const elsewhere = fromStoredConversation(stored, { streamState: (owner) => (owner === 'winA' ? 'elsewhere' : 'nowhere') }).messages[4];
    assert.deepEqual([elsewhere.status, elsewhere.streamingElsewhere, elsewhere.error], ['streaming', 'winA', undefined]);
    assert.deepEqual(elsewhere.blocks, [{ type: 'text', text: 'Partial' }]);
    // The other window writes the message back naming its owner, not itself.
    assert.equal(toStoredConversation({ ...conversation, messages: [elsewhere] }, 3, { windowId: 'winB' }).messages[0].streamOwner, 'winA');
  });

  it('round-trips the change time of each field', () => {
    const conversation = { ...richConversation(), metaChangedAt: { title: 5, pinned: 7 } };
    const stored = toStoredConversation(conversation, 1);
    assert.deepEqual(stored.metaChangedAt, { title: 5, pinned: 7 });
    assert.deepEqual(fromStoredConversation(stored).metaChangedAt, { title: 5, pinned: 7 });
    assert.equal('metaChangedAt' in toStoredConversation(richConversation(), 1), false, 'absent when never changed');
  });

  it('round-trips each status on its own', () => {
    for (const status of ['complete', 'stopped', 'failed'] as MessageStatus[]) {
      const conversation = richConversation();
      conversation.messages = [{ id: 'x', parentId: null, role: 'assistant', blocks: [], status, createdAt: 1 }];
      assert.deepEqual(fromStoredConversation(toStoredConversation(conversation, 1)).messages, conversation.messages, status);
    }
  });

  it('round-trips attachment blocks, every field of the attachment kept', () => {
    const original = withAttachments();
    const stored = toStoredConversation(original, 2);
    assert.deepEqual(stored.messages[0].content.slice(0, 2), [
      { type: 'attachment', attachment: SCREENSHOT },
      { type: 'attachment', attachment: SPEC },
    ]);
    assert.deepEqual(fromStoredConversation(JSON.parse(serializeConversation(stored))), original);
    assert.deepEqual(storedAttachmentHashes(stored), [SCREENSHOT.sha256, SPEC.sha256]);
  });

  it('writes schema version 2 only for a conversation holding attachment blocks', () => {
    assert.equal(ATTACHMENT_SCHEMA_VERSION, 2);
    assert.equal(toStoredConversation(richConversation(), 1).schemaVersion, 1);
    assert.equal(JSON.parse(serializeConversation(toStoredConversation(richConversation(), 1))).schemaVersion, 1);
    assert.equal(toStoredConversation(withAttachments(), 1).schemaVersion, 2);
    assert.equal(JSON.parse(serializeConversation(toStoredConversation(withAttachments(), 1))).schemaVersion, 2);
  });

  it('writes version 2 when a merge brings attachment blocks into a conversation that had none', () => {
    const ours = toStoredConversation(richConversation(), 3);
    const theirs = toStoredConversation(withAttachments(), 4);
    const merged = mergeStoredConversations(ours, theirs);
    assert.equal(schemaVersionFor(merged), 2);
    assert.equal(JSON.parse(serializeConversation(merged)).schemaVersion, 2, 'the version is decided on what is written');
  });

  it('reads an attachment block that is not well formed as a labelled placeholder', () => {
    for (const attachment of [undefined, 'x', { ...SCREENSHOT, sha256: '../../etc/passwd' }, { ...SCREENSHOT, mediaType: 'image/svg+xml' }, { ...SCREENSHOT, name: '' }, { ...SCREENSHOT, byteLength: -1 }]) {
      assert.deepEqual(fromStoredBlock({ type: 'attachment', attachment } as never), { type: 'unknown', originalType: 'attachment' }, JSON.stringify(attachment));
    }
    // Unknown fields go, and kind follows the media type whatever the file says.
    assert.deepEqual(fromStoredBlock({ type: 'attachment', attachment: { ...SPEC, kind: 'image', extra: 1 } } as never), { type: 'attachment', attachment: SPEC });
  });

  it('round-trips a tool loop (calls, their results with file and error, the final answer) through the file', () => {
    const original = toolLoop();
    const text = serializeConversation(toStoredConversation(original, 7));
    const parsed = parseConversationFile(Buffer.from(text, 'utf8'), 'conv1');
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.detail);
    assert.deepEqual(fromStoredConversation(parsed.stored), original);
  });

  it('stores a tool result as the API block, is_error only when set, file as our own field', () => {
    const stored = toStoredConversation(toolLoop(), 1).messages[2].content;
    assert.deepEqual(stored, [
      { type: 'tool_result', tool_use_id: 'toolu_01', content: '1\texport const a = 1;\n', file: { path: 'src/a.ts', startLine: 1, endLine: 1 } },
      { type: 'tool_result', tool_use_id: 'toolu_02', content: 'Denied by the user.', is_error: true },
    ]);
  });

  it('writes schema version 3 only for a conversation holding a real tool result: not for calls alone, nor for an older version’s placeholder', () => {
    assert.equal(SCHEMA_VERSION, 3);
    assert.equal(toStoredConversation(toolLoop(), 1).schemaVersion, 3);
    assert.equal(JSON.parse(serializeConversation(toStoredConversation(toolLoop(), 1))).schemaVersion, 3);
    const callsOnly = toolLoop();
    callsOnly.messages = callsOnly.messages.slice(0, 2);
    assert.equal(toStoredConversation(callsOnly, 1).schemaVersion, 1);
    const withFiles = withAttachments();
    withFiles.messages.push(...toolLoop().messages);
    assert.equal(toStoredConversation(withFiles, 1).schemaVersion, 3, 'tool results outrank attachments');
    // An older version's bare placeholder is no tool result it would lose: read as a placeholder, written back as is.
    assert.deepEqual(fromStoredBlock({ type: 'tool_result' }), { type: 'unknown', originalType: 'tool_result' });
    assert.deepEqual(fromStoredBlock({ type: 'tool_result', tool_use_id: 7, content: 'x' } as never), { type: 'unknown', originalType: 'tool_result' });
    const conversation = richConversation();
    conversation.messages[0].blocks.push({ type: 'unknown', originalType: 'tool_result' });
    const stored = toStoredConversation(conversation, 1);
    assert.deepEqual(stored.messages[0].content.at(-1), { type: 'tool_result' });
    assert.equal(stored.schemaVersion, 1, 'a placeholder is not a tool result an older version would lose');
    const parsed = parseConversationFile(Buffer.from(serializeConversation(stored), 'utf8'), 'conv1');
    assert.ok(parsed.ok);
    assert.deepEqual(fromStoredConversation(parsed.stored), conversation);
  });

  it('copies a tool result’s file instead of aliasing it', () => {
    const file = { path: 'src/a.ts', startLine: 2 };
    const stored = toStoredBlock({ type: 'tool_result', toolUseId: 't', content: 'x', isError: false, file }) as { file: typeof file };
    file.path = 'changed';
    assert.deepEqual(stored.file, { path: 'src/a.ts', startLine: 2 });
  });

  it('copies an attachment instead of aliasing it', () => {
    const attachment = structuredClone(SCREENSHOT);
    const stored = toStoredBlock({ type: 'attachment', attachment }) as { attachment: Attachment };
    attachment.name = 'changed';
    attachment.original!.width = 1;
    assert.equal(stored.attachment.name, 'docs/diagram.png');
    assert.equal(stored.attachment.original?.width, 3136);
  });

  it('copies instead of aliasing the live conversation', () => {
    const conversation = richConversation();
    const stored = toStoredConversation(conversation, 1);
    conversation.selected.u1 = 'a3';
    (conversation.messages[0].blocks[0] as { text: string }).text = 'changed';
    assert.equal(stored.selected.u1, 'a2');
    assert.equal((stored.messages[0].content[0] as { text: string }).text, 'Hello, \u00e9\u{1F600}\n"quoted"');
  });
});
