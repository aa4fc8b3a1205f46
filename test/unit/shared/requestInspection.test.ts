import assert from 'node:assert/strict';
import { decodedLength, inspectableRequest, inspectableResponse, toPrettyJson, type RequestBody, type ResponseMessage } from '../../../src/shared/requestInspection';

/** 1,234,568 characters of base64: 925,926 bytes decoded, which reads as 926 kB. */
const BIG = 'A'.repeat(1_234_568);

function request(): RequestBody & Record<string, unknown> {
  return {
    model: 'claude-sonnet-5-5',
    max_tokens: 4096,
    system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral', ttl: '5m' } }],
    messages: [
      {
        role: 'user',
        content: [
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: BIG } },
          { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0xLjQK' }, title: 'spec.pdf' },
          { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'plain text stays' }, title: 'notes.txt' },
          { type: 'text', text: 'What is in these?' },
        ],
      },
      { role: 'assistant', content: [{ type: 'redacted_thinking', data: 'opaque-but-not-a-source' }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/4AAQ' } }] }] },
    ],
  };
}

describe('requestInspection: the request and response as the inspector shows them', () => {
  it('shows the body as sent with stream: true, every base64 source elided with its media type and decoded size', () => {
    const params = request();
    const shown = inspectableRequest(params);
    const messages = shown.messages as { content: { source?: { data: string }; data?: string }[] }[];
    assert.equal(messages[0].content[0].source?.data, '<base64 image/png, 926 kB elided>');
    assert.equal(messages[0].content[1].source?.data, '<base64 application/pdf, 9 B elided>');
    assert.equal(messages[0].content[2].source?.data, 'plain text stays', 'a text document is not base64');
    assert.equal(messages[1].content[0].data, 'opaque-but-not-a-source');
    const nested = (messages[2].content[0] as unknown as { content: { source: { data: string } }[] }).content[0];
    assert.equal(nested.source.data, '<base64 image/jpeg, 6 B elided>', 'a tool result’s image is elided too');
    assert.equal(shown.stream, true);
    assert.deepEqual(Object.keys(shown), ['model', 'max_tokens', 'system', 'messages', 'stream'], 'stream comes last, as messages.stream() adds it');
    assert.deepEqual(shown.system, params.system);
  });

  it('leaves the request it was given whole, so the snippets still reproduce it', () => {
    const params = request();
    inspectableRequest(params);
    const source = (params.messages[0] as { content: { source: { data: string } }[] }).content[0].source;
    assert.equal(source.data, BIG);
    assert.equal(params.stream, undefined);
  });

  it('never holds a request’s megabytes as text: the elided JSON of a 30 MB image is a few hundred bytes', () => {
    const huge = { ...request(), messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/webp', data: 'Q'.repeat(40_000_000) } }] }] };
    const text = toPrettyJson(inspectableRequest(huge));
    assert.ok(text.length < 600, `${text.length} characters`);
    assert.match(text, /<base64 image\/webp, 30 MB elided>/);
  });

  it('counts decoded bytes from base64 padding', () => {
    assert.equal(decodedLength(''), 0);
    assert.equal(decodedLength('YQ=='), 1);
    assert.equal(decodedLength('YWI='), 2);
    assert.equal(decodedLength('YWJj'), 3);
  });

  it('shows the response with the API’s fields first, in the API’s order, and extra fields kept', () => {
    const message: ResponseMessage & Record<string, unknown> = {
      usage: { input_tokens: 10, output_tokens: 5, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 },
      content: [
        { type: 'thinking', thinking: 'Hmm', signature: 'sig' },
        { type: 'text', text: 'Hello "world"' },
      ],
      stop_sequence: null,
      stop_reason: 'end_turn',
      model: 'claude-sonnet-5-5',
      role: 'assistant',
      type: 'message',
      id: 'msg_01',
      stop_details: null,
    };
    const shown = inspectableResponse(message);
    assert.deepEqual(Object.keys(shown), ['id', 'type', 'role', 'model', 'content', 'stop_reason', 'stop_sequence', 'stop_details', 'usage']);
    assert.deepEqual(shown.content, message.content);
    assert.deepEqual(JSON.parse(toPrettyJson(shown)), shown);
  });

  it('writes two-space JSON with a final newline', () => {
    assert.equal(toPrettyJson({ a: [1, { b: null }] }), '{\n  "a": [\n    1,\n    {\n      "b": null\n    }\n  ]\n}\n');
  });
});
