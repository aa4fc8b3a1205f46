import assert from 'node:assert/strict';
import { ExchangeLog } from '../../../src/api/exchangeLog';
import { ConversationExchanges, responseFromMessage } from '../../../src/api/exchangeLookup';
import { toolParams } from '../../../src/api/requestBuilder';
import type { ChatMessage } from '../../../src/shared/conversation';
import type { SentRequest } from '../../../src/shared/sentRequest';
import { conversation } from '../../helpers/conversationFixtures';

const REQUEST: SentRequest = { model: 'claude-sonnet-5-5', maxTokens: 1024, systemPrompt: '', tools: 'auto' };

/** A question, an answer that read a file, the host's turn of its result, and the final answer. */
function toolLoop(request: SentRequest = REQUEST) {
  const messages: ChatMessage[] = [
    { id: 'q', parentId: null, role: 'user', blocks: [{ type: 'text', text: 'What is in a.ts?' }], status: 'complete', createdAt: 1 },
    {
      id: 'a1',
      parentId: 'q',
      role: 'assistant',
      blocks: [{ type: 'tool_use', id: 'toolu_01', name: 'read_file', inputJson: '{"path":"a.ts"}' }],
      status: 'complete',
      createdAt: 2,
      stopReason: 'tool_use',
      responseId: 'msg_1',
      request,
    },
    { id: 'r1', parentId: 'a1', role: 'user', blocks: [{ type: 'tool_result', toolUseId: 'toolu_01', content: 'const a = 1;', isError: false, file: { path: 'a.ts' } }], status: 'complete', createdAt: 3 },
    { id: 'a2', parentId: 'r1', role: 'assistant', blocks: [{ type: 'text', text: 'One constant.' }], status: 'complete', createdAt: 4, stopReason: 'end_turn', responseId: 'msg_2', request },
  ];
  return conversation(...messages);
}

function lookup(shown = toolLoop()) {
  return new ConversationExchanges({ conversation: () => shown, log: new ExchangeLog(), readAttachment: () => Promise.reject(new Error('none')), baseUrl: () => undefined, extraHeaderNames: () => [] });
}

describe('the exchange behind an answer of a tool loop, rebuilt from the saved conversation', () => {
  it('rebuilds the request with the tools it was sent with and the tool round before it', async () => {
    const exchange = await lookup().exchangeFor('a2');
    assert.ok(exchange?.rebuilt);
    const request = exchange.request as { tools?: unknown; tool_choice?: unknown };
    assert.deepEqual(request.tools, toolParams());
    assert.equal(request.tool_choice, undefined);
    assert.deepEqual(exchange.request.messages[2], { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01', content: 'const a = 1;' }] });
    assert.deepEqual(exchange.response?.content, [{ type: 'text', text: 'One constant.', citations: null }]);
  });

  it('rebuilds a request asked with tools off as defined with calls forbidden, and the call’s response with its input', async () => {
    const request = (await lookup(toolLoop({ ...REQUEST, tools: 'none' })).exchangeFor('a2'))?.request as { tools?: unknown; tool_choice?: unknown } | undefined;
    assert.deepEqual([request?.tools, request?.tool_choice], [toolParams(), { type: 'none' }]);
    const calls = toolLoop().messages[1];
    assert.deepEqual(responseFromMessage(calls)?.content, [{ type: 'tool_use', id: 'toolu_01', name: 'read_file', input: { path: 'a.ts' } }]);
    assert.equal(responseFromMessage(calls)?.stop_reason, 'tool_use');
  });
});
