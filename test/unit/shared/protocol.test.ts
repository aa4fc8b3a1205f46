import assert from 'node:assert/strict';
import { MAX_WEBVIEW_TEXT_LENGTH, parseWebviewMessage } from '../../../src/shared/protocol';

describe('parseWebviewMessage (the guard on everything the webview posts)', () => {
  it('accepts every well-formed message', () => {
    const valid = [
      { type: 'webview/ready' },
      { type: 'chat/send', requestId: 'r1', text: 'hello' },
      { type: 'chat/stop' },
      { type: 'chat/retry' },
      { type: 'chat/new' },
      { type: 'draft/changed', text: '' },
      { type: 'action/run', action: 'setApiKey' },
      { type: 'action/run', action: 'openSettings' },
      { type: 'action/run', action: 'exportConversation' },
      { type: 'history/request', query: 'python' },
      { type: 'history/close' },
      { type: 'conversation/open', id: 'conv_1' },
      { type: 'conversation/rename', id: 'conv_1', title: 'New title' },
      { type: 'conversation/delete', id: 'conv_1' },
      { type: 'conversation/restore', id: 'conv_1' },
      { type: 'conversation/pin', id: 'conv_1', pinned: true },
      { type: 'message/edit', messageId: 'm1', text: 'edited' },
      { type: 'message/regenerate', messageId: 'm1' },
      { type: 'message/continue', messageId: 'm1' },
      { type: 'message/deletePair', messageId: 'm1' },
      { type: 'message/inspect', messageId: 'm1', view: 'request' },
      { type: 'message/inspect', messageId: 'm1', view: 'response' },
      { type: 'message/inspect', messageId: 'm1', view: 'curl' },
      { type: 'message/inspect', messageId: 'm1', view: 'typescript' },
      { type: 'message/inspect', messageId: 'm1', view: 'python' },
      { type: 'branch/select', parentId: null, childId: 'm1' },
      { type: 'branch/select', parentId: 'm0', childId: 'm1' },
      { type: 'link/open', href: 'https://example.com' },
      { type: 'code/action', action: 'apply', code: 'x = 1', language: 'python' },
    ];
    for (const message of valid) {
      const result = parseWebviewMessage(message);
      assert.ok(result.ok, `${JSON.stringify(message)} should be accepted`);
      assert.deepEqual(result.message, message);
    }
  });

  it('copies only known fields, so extra properties never reach the host', () => {
    const result = parseWebviewMessage({ type: 'chat/send', requestId: 'r', text: 'hi', apiKey: 'x', __proto__: { polluted: true } });
    assert.ok(result.ok);
    assert.deepEqual(Object.keys(result.message).sort(), ['requestId', 'text', 'type']);
  });

  const rejected: [string, unknown][] = [
    ['null', null],
    ['a string', 'chat/send'],
    ['an array', [{ type: 'chat/stop' }]],
    ['no type', { text: 'hi' }],
    ['an unknown type', { type: 'key/get' }],
    ['a send without text', { type: 'chat/send', requestId: 'r' }],
    ['a send with a number for text', { type: 'chat/send', requestId: 'r', text: 42 }],
    ['a send without requestId', { type: 'chat/send', text: 'hi' }],
    ['a send with a huge requestId', { type: 'chat/send', requestId: 'r'.repeat(1000), text: 'hi' }],
    ['an oversized send', { type: 'chat/send', requestId: 'r', text: 'x'.repeat(MAX_WEBVIEW_TEXT_LENGTH + 1) }],
    ['an oversized draft', { type: 'draft/changed', text: 'x'.repeat(MAX_WEBVIEW_TEXT_LENGTH + 1) }],
    ['an action that is not offered', { type: 'action/run', action: 'workbench.action.terminal.new' }],
    ['a rename to an empty title', { type: 'conversation/rename', id: 'c', title: '  ' }],
    ['a pin without a boolean', { type: 'conversation/pin', id: 'c', pinned: 'yes' }],
    ['an open without id', { type: 'conversation/open' }],
    ['an oversized id', { type: 'conversation/open', id: 'x'.repeat(1000) }],
    ['an edit without text', { type: 'message/edit', messageId: 'm' }],
    ['a branch select with a numeric parent', { type: 'branch/select', parentId: 3, childId: 'm' }],
    ['a history query that is not text', { type: 'history/request', query: null }],
    ['a code action that is not offered', { type: 'code/action', action: 'run', code: 'rm -rf /', language: 'sh' }],
    ['a code action without code', { type: 'code/action', action: 'copy', language: 'sh' }],
    ['an empty link', { type: 'link/open', href: '' }],
    ['an inspect view that is not offered', { type: 'message/inspect', messageId: 'm', view: 'apiKey' }],
    ['an inspect without a message id', { type: 'message/inspect', view: 'request' }],
  ];
  for (const [name, message] of rejected) {
    it(`rejects ${name} with a reason`, () => {
      const result = parseWebviewMessage(message);
      assert.equal(result.ok, false);
      assert.ok(!result.ok && result.reason.length > 0);
    });
  }
});
