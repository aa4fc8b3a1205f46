import assert from 'node:assert/strict';
import { toStoredConversation } from '../../../../src/conversations/store/codec';
import { isJsonPrefix } from '../../../../src/conversations/store/jsonPrefix';
import { parseConversationFile } from '../../../../src/conversations/store/parseFile';
import { serializeConversation } from '../../../../src/conversations/store/storedFormat';
import { emptyConversation } from '../../../../src/shared/conversation';

function validText(id = 'c1'): string {
  const conversation = emptyConversation(id, { model: 'm', systemPrompt: '' }, 5);
  conversation.messages.push({ id: 'u1', parentId: null, role: 'user', blocks: [{ type: 'text', text: 'hi "there" \\ \u00e9' }], status: 'complete', createdAt: 5 });
  conversation.messages.push({ id: 'a1', parentId: 'u1', role: 'assistant', blocks: [{ type: 'tool_use', id: 't', name: 'n', inputJson: '{"x":-1.5e3,"y":[true,false,null]}' }], status: 'complete', createdAt: 6 });
  return JSON.stringify(toStoredConversation(conversation, 4), null, 1);
}

/** A question, an answer calling a tool, the turn of its result and the final answer. */
function toolText(): string {
  const conversation = emptyConversation('c1', { model: 'm', systemPrompt: '' }, 5);
  conversation.messages.push({ id: 'u1', parentId: null, role: 'user', blocks: [{ type: 'text', text: 'What is in a.ts?' }], status: 'complete', createdAt: 5 });
  conversation.messages.push({ id: 'a1', parentId: 'u1', role: 'assistant', blocks: [{ type: 'tool_use', id: 't', name: 'read_file', inputJson: '{"path":"src/a.ts"}' }], status: 'complete', createdAt: 6, stopReason: 'tool_use' });
  conversation.messages.push({ id: 'r1', parentId: 'a1', role: 'user', blocks: [{ type: 'tool_result', toolUseId: 't', content: 'export const a = 1;', isError: false, file: { path: 'src/a.ts', startLine: 1, endLine: 3 } }], status: 'complete', createdAt: 7 });
  conversation.messages.push({ id: 'a2', parentId: 'r1', role: 'assistant', blocks: [{ type: 'text', text: 'One constant.' }], status: 'complete', createdAt: 8 });
  return serializeConversation(toStoredConversation(conversation, 2));
}

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('reading a conversation file', () => {
  it('accepts a file the store wrote', () => {
    const result = parseConversationFile(bytes(validText()), 'c1');
    assert.ok(result.ok);
    assert.equal(result.stored.revision, 4);
  });

  it('names a byte-order mark as such', () => {
    const result = parseConversationFile(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes(validText())]), 'c1');
    assert.deepEqual(result.ok ? undefined : result.reason, 'bom');
  });

  it('calls every cut-off prefix of a valid file truncated, and an empty file too', () => {
    const text = validText();
    for (let cut = 0; cut < text.length - 1; cut++) {
      const result = parseConversationFile(bytes(text.slice(0, cut)), 'c1');
      assert.equal(result.ok ? 'ok' : result.reason, 'truncated', `cut at ${cut}: ${JSON.stringify(text.slice(Math.max(0, cut - 10), cut))}`);
    }
  });

  it('calls wrong bytes corrupt, not truncated', () => {
    const text = validText();
    for (const bad of [text.replace('"title"', '"title" x'), `${text}}`, text.replace(/:/, ';'), '\0\0\0\0', text.slice(0, 50) + '\0'.repeat(20)]) {
      const result = parseConversationFile(bytes(bad), 'c1');
      assert.equal(result.ok ? 'ok' : result.reason, 'corrupt', bad.slice(0, 60));
    }
  });

  it('recognises a future schema before checking the shape', () => {
    const result = parseConversationFile(bytes(JSON.stringify({ schemaVersion: 4, somethingNew: true })), 'c1');
    assert.equal(result.ok ? 'ok' : result.reason, 'futureSchema');
    assert.match(result.ok ? '' : result.detail, /Schema version 4; this version of Claude Chat reads up to 3\./);
  });

  it('reads versions 1 to 3 (2 adds attachment blocks, 3 tool results), and no version below 1', () => {
    const value = JSON.parse(validText()) as { schemaVersion: number; messages: { content: unknown[] }[] };
    value.messages[0].content.unshift({ type: 'attachment', attachment: { kind: 'text', mediaType: 'text/plain', sha256: 'e'.repeat(64), byteLength: 5, name: 'a.txt' } });
    for (const version of [1, 2, 3]) {
      const result = parseConversationFile(bytes(JSON.stringify({ ...value, schemaVersion: version })), 'c1');
      assert.ok(result.ok, `version ${version}`);
      assert.equal(result.stored.messages[0].content.length, 2);
    }
    for (const version of [0, 1.5, '2']) assert.equal(parseConversationFile(bytes(JSON.stringify({ ...value, schemaVersion: version })), 'c1').ok, false, String(version));
  });

  it('rejects wrong shapes as invalid, with a detail that says what is wrong', () => {
    const base = JSON.parse(validText()) as Record<string, unknown>;
    const cases: [string, unknown][] = [
      ['array at the top', []],
      ['no schemaVersion', { ...base, schemaVersion: undefined }],
      ['negative revision', { ...base, revision: -1 }],
      ['other id', { ...base, id: 'c2' }],
      ['bad titleSource', { ...base, titleSource: 'magic' }],
      ['messages not a list', { ...base, messages: {} }],
      ['bad role', { ...base, messages: [{ ...(base.messages as object[])[0], role: 'system' }] }],
      ['text block without text', { ...base, messages: [{ ...(base.messages as object[])[0], content: [{ type: 'text' }] }] }],
      ['duplicate message ids', { ...base, messages: [(base.messages as object[])[0], (base.messages as object[])[0]] }],
      ['deleted not strings', { ...base, deleted: [1] }],
    ];
    for (const [label, value] of cases) {
      const result = parseConversationFile(bytes(JSON.stringify(value)), 'c1');
      assert.equal(result.ok ? 'ok' : result.reason, 'invalid', label);
      assert.ok(!result.ok && result.detail.length > 0);
    }
  });

  it('rejects a file whose messages are their own ancestors as invalid: a two-message cycle, a self-parent', () => {
    const base = JSON.parse(validText()) as { messages: { id: string; parentId: string | null }[] };
    const twoCycle = structuredClone(base);
    twoCycle.messages[0].parentId = 'a1'; // u1 -> a1 -> u1
    const selfLoop = structuredClone(base);
    selfLoop.messages[1].parentId = 'a1'; // a1 -> a1, u1 still a first message
    for (const [label, value, named] of [
      ['two-cycle', twoCycle, 'u1, a1'],
      ['self-parent', selfLoop, 'a1'],
    ] as const) {
      const result = parseConversationFile(bytes(JSON.stringify(value)), 'c1');
      assert.equal(result.ok ? 'ok' : result.reason, 'invalid', label);
      assert.match(result.ok ? '' : result.detail, new RegExp(`Messages ${named} are their own ancestors`), label);
    }
    // A parent that is missing from the file is no cycle: the message is shown as a first message.
    const dangling = structuredClone(base);
    dangling.messages[1].parentId = 'gone';
    assert.ok(parseConversationFile(bytes(JSON.stringify(dangling)), 'c1').ok);
  });

  it('rejects malformed owner and change-time fields', () => {
    const base = JSON.parse(validText()) as Record<string, unknown> & { messages: Record<string, unknown>[] };
    const badOwner = structuredClone(base);
    badOwner.messages[1].streamOwner = 42;
    const badTimes = { ...base, metaChangedAt: { title: 'yesterday' } };
    for (const value of [badOwner, badTimes]) assert.equal(parseConversationFile(bytes(JSON.stringify(value)), 'c1').ok, false);
    assert.ok(parseConversationFile(bytes(JSON.stringify({ ...base, metaChangedAt: { title: 5 } })), 'c1').ok);
  });

  it('reads a file with a tool round: the calls, then a turn of their results', () => {
    const result = parseConversationFile(bytes(toolText()), 'c1');
    assert.ok(result.ok, result.ok ? '' : result.detail);
    assert.equal(result.stored.schemaVersion, 3);
    assert.deepEqual(result.stored.messages[2].content[0], { type: 'tool_result', tool_use_id: 't', content: 'export const a = 1;', file: { path: 'src/a.ts', startLine: 1, endLine: 3 } });
  });

  it('rejects a malformed tool result as invalid, like any other malformed block (the file is moved aside, not lost)', () => {
    const good = { type: 'tool_result', tool_use_id: 't', content: 'x', is_error: true, file: { path: 'a.ts', startLine: 1 } };
    const cases: [string, Record<string, unknown>][] = [
      ['no tool_use_id', { ...good, tool_use_id: undefined }],
      ['empty tool_use_id', { ...good, tool_use_id: '' }],
      ['tool_use_id too long', { ...good, tool_use_id: 'x'.repeat(101) }],
      ['content not a string', { ...good, content: [{ type: 'text', text: 'x' }] }],
      ['content too long', { ...good, content: 'x'.repeat(1_000_001) }],
      ['is_error not a boolean', { ...good, is_error: 'yes' }],
      ['file not an object', { ...good, file: 'a.ts' }],
      ['file path empty', { ...good, file: { path: '' } }],
      ['file path too long', { ...good, file: { path: 'a'.repeat(1025) } }],
      ['line zero', { ...good, file: { path: 'a.ts', startLine: 0 } }],
      ['line not an integer', { ...good, file: { path: 'a.ts', endLine: 1.5 } }],
    ];
    for (const [label, block] of cases) {
      const value = JSON.parse(toolText()) as { messages: { content: unknown[] }[] };
      value.messages[2].content[0] = block;
      const result = parseConversationFile(bytes(JSON.stringify(value)), 'c1');
      assert.equal(result.ok ? 'ok' : result.reason, 'invalid', label);
      assert.match(result.ok ? '' : result.detail, /Message 2: block 0: tool_result block/, label);
    }
    const edges = JSON.parse(toolText()) as { messages: { content: unknown[] }[] };
    edges.messages[2].content[0] = { ...good, tool_use_id: 'x'.repeat(100), content: '', is_error: false, file: { path: 'a'.repeat(1024), endLine: 9 } };
    assert.ok(parseConversationFile(bytes(JSON.stringify(edges)), 'c1').ok, 'the bounds themselves are allowed');
    edges.messages[2].content[0] = { type: 'tool_result' };
    assert.ok(parseConversationFile(bytes(JSON.stringify(edges)), 'c1').ok, 'a bare tool_result is an older version’s placeholder, kept');
  });

  it('keeps block types it does not know', () => {
    const value = JSON.parse(validText()) as { messages: { content: unknown[] }[] };
    value.messages[1].content.push({ type: 'web_search_result', anything: 1 });
    assert.ok(parseConversationFile(bytes(JSON.stringify(value)), 'c1').ok);
  });
});

describe('isJsonPrefix', () => {
  it('tells cut-off JSON from wrong JSON', () => {
    for (const prefix of ['', '{', '{"a', '{"a":', '{"a":1', '{"a":1.', '{"a":1e', '{"a":-', '[tr', '["\\u00', '["\\', '{"a":[1,{"b":null}', ' [ ']) {
      assert.equal(isJsonPrefix(prefix), true, prefix);
    }
    for (const wrong of ['}', '{a', '{"a"1', '[1,]', '[1 2', '{"a":1}x', 'nul1', '[01', '["\\x"]', '[.5', '{"a":1}}']) {
      assert.equal(isJsonPrefix(wrong), false, wrong);
    }
  });
});
