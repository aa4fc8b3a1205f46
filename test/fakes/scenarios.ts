/**
 * What the fake server does for one request. Tests queue scenarios; anything unqueued gets the default reply,
 * and a user message containing `[scenario:NAME]` picks a named one (handy in the demo and the browser tests,
 * where typing is the only way in).
 */
export type Scenario =
  | {
      kind: 'reply';
      /** The answer's text, streamed in pieces of `chunkSize` characters. */
      text: string;
      chunkSize?: number;
      /** Pause between deltas, to make a slow stream. */
      delayMs?: number;
      stopReason?: 'end_turn' | 'max_tokens' | 'stop_sequence' | 'refusal';
      /** With stopReason 'refusal': the API's stop_details. */
      refusal?: { category: string | null; explanation: string };
      /** Stream a thinking block first. */
      thinking?: string;
    }
  /** Some text, then an `event: error` (overloaded) instead of the rest. */
  | { kind: 'midStreamError'; textBefore: string; errorType?: string; errorMessage?: string }
  /** Some text, then the socket is destroyed. */
  | { kind: 'connectionDrop'; textBefore: string }
  /** `message_start`, then nothing until the client gives up. */
  | { kind: 'stallAfterStart' }
  /** An HTTP error with the API's error body. */
  | { kind: 'status'; status: number; errorType: string; message: string; retryAfter?: string; shouldRetry?: boolean }
  /** Bytes that are not valid SSE JSON, plus an event type the SDK does not know. */
  | { kind: 'malformed' };

export const LONG_TEXT = Array.from({ length: 200 }, (_, i) => `Line ${i + 1}: the quick brown fox jumps over the lazy dog.`).join('\n');

/** An answer that uses every Markdown construct the renderer must handle (and an image it must not fetch). */
export const MARKDOWN_SAMPLE = [
  '## Reversing a list',
  '',
  'You can reverse a list **in place** or get a *reversed copy*; see the [Python docs](https://docs.python.org/3/tutorial/datastructures.html).',
  '',
  '1. `list.reverse()` changes the list',
  '2. `reversed(list)` returns an iterator',
  '3. `list[::-1]` makes a copy',
  '',
  '```python',
  'numbers = [1, 2, 3]',
  'numbers.reverse()  # in place',
  'print(numbers[::-1])',
  '```',
  '',
  '| Way | In place | Cost |',
  '| --- | --- | --- |',
  '| `reverse()` | yes | O(n) |',
  '| `[::-1]` | no | O(n) |',
  '',
  '> Tip: prefer `reversed()` when you only iterate.',
  '',
  '![diagram](https://example.com/diagram.png)',
  '',
  '```ts',
  'const reversed = [...items].reverse();',
  '```',
].join('\n');

export const NAMED_SCENARIOS: Record<string, Scenario> = {
  markdown: { kind: 'reply', text: MARKDOWN_SAMPLE, chunkSize: 9, delayMs: 5 },
  plain: { kind: 'reply', text: 'Hello! This is a plain reply from the fake server.' },
  long: { kind: 'reply', text: LONG_TEXT, chunkSize: 40 },
  slow: { kind: 'reply', text: Array.from({ length: 400 }, (_, i) => `word${i}`).join(' '), chunkSize: 8, delayMs: 50 },
  thinking: { kind: 'reply', thinking: 'Let me think about this step by step.', text: 'Done thinking: here is the answer.' },
  refusal: { kind: 'reply', text: '', stopReason: 'refusal', refusal: { category: 'cyber', explanation: 'This request asks for working malware, which Claude does not write.' } },
  'max-tokens': { kind: 'reply', text: 'This answer was cut off because it reached the', stopReason: 'max_tokens' },
  'mid-stream-error': { kind: 'midStreamError', textBefore: 'Partial answer before the error. ' },
  drop: { kind: 'connectionDrop', textBefore: 'Partial answer before the connection dropped. ' },
  stall: { kind: 'stallAfterStart' },
  '401': { kind: 'status', status: 401, errorType: 'authentication_error', message: 'invalid x-api-key' },
  '429': { kind: 'status', status: 429, errorType: 'rate_limit_error', message: 'Number of request tokens has exceeded your per-minute rate limit', retryAfter: '1' },
  '429-wait': { kind: 'status', status: 429, errorType: 'rate_limit_error', message: 'Number of request tokens has exceeded your per-minute rate limit', retryAfter: '15' },
  '429-no-retry-after': { kind: 'status', status: 429, errorType: 'rate_limit_error', message: 'You have reached your specified API usage limits' },
  '529': { kind: 'status', status: 529, errorType: 'overloaded_error', message: 'Overloaded' },
  '404': { kind: 'status', status: 404, errorType: 'not_found_error', message: 'model: claude-nope' },
  '400': { kind: 'status', status: 400, errorType: 'invalid_request_error', message: 'system: text content blocks must be non-empty' },
  'prompt-too-long': { kind: 'status', status: 400, errorType: 'invalid_request_error', message: 'prompt is too long: 215347 tokens > 200000 maximum' },
  '403': { kind: 'status', status: 403, errorType: 'permission_error', message: 'Your API key does not have permission to use the specified resource.' },
  '413': { kind: 'status', status: 413, errorType: 'request_too_large', message: 'Request exceeds the maximum allowed number of bytes.' },
  malformed: { kind: 'malformed' },
};

/** The demo's default: says what it is and how to try the other scenarios. */
export function defaultReply(userText: string): Scenario {
  const names = Object.keys(NAMED_SCENARIOS).map((name) => `[scenario:${name}]`).join(', ');
  const quoted = userText.length > 200 ? `${userText.slice(0, 200)}…` : userText;
  return {
    kind: 'reply',
    chunkSize: 6,
    delayMs: 15,
    text: `You said: "${quoted}"\n\nThis answer comes from the local fake Anthropic server, not from Claude. Put one of ${names} in a message to see how the chat handles it.`,
  };
}
