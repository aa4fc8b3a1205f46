import assert from 'node:assert/strict';
import { CACHE_LOOKBACK_BLOCKS, MIN_CACHEABLE_TOKENS, PromptCache, cacheableSequence, type CacheUsage, type MeasuredBlock } from '../../fakes/promptCache';

type Control = { type: 'ephemeral'; ttl?: string };
const FIVE_MINUTES = 5 * 60_000;
const ONE_HOUR = 60 * 60_000;

/** A text block of exactly `tokens` tokens by the fake's measure (4 characters a token), distinct by `tag`. */
function text(tokens: number, tag: string, cacheControl?: Control) {
  const body = `${tag}:`.padEnd(tokens * 4, '.');
  return cacheControl ? { type: 'text', text: body, cache_control: cacheControl } : { type: 'text', text: body };
}
const cc = (ttl?: '5m' | '1h'): Control => (ttl ? { type: 'ephemeral', ttl } : { type: 'ephemeral' });

/** The request's blocks measured as the server measures a text block. */
function measured(params: Parameters<typeof cacheableSequence>[0]): MeasuredBlock[] {
  const { blocks, problem } = cacheableSequence(params);
  assert.equal(problem, undefined);
  return blocks.map((block) => ({ ...block, tokens: Math.ceil((block.block as { text: string }).text.length / 4) }));
}

function usage(input: number, written5m: number, written1h: number, read: number): CacheUsage {
  return {
    input_tokens: input,
    cache_creation_input_tokens: written5m + written1h,
    cache_read_input_tokens: read,
    cache_creation: { ephemeral_5m_input_tokens: written5m, ephemeral_1h_input_tokens: written1h },
  };
}

describe('fake server prompt cache: the cacheable sequence', () => {
  it('puts system blocks then message blocks in order, strings as text blocks, without their cache_control', () => {
    const { blocks, problem } = cacheableSequence({
      system: [{ type: 'text', text: 'sys', cache_control: cc('1h') }],
      messages: [{ content: 'hello' }, { content: [{ type: 'text', text: 'a' }] }, { content: [{ type: 'text', text: 'b', cache_control: cc() }] }],
    });
    assert.equal(problem, undefined);
    assert.deepEqual(blocks, [
      { block: { type: 'text', text: 'sys' }, breakpoint: '1h' },
      { block: { type: 'text', text: 'hello' }, breakpoint: undefined },
      { block: { type: 'text', text: 'a' }, breakpoint: undefined },
      { block: { type: 'text', text: 'b' }, breakpoint: '5m' },
    ]);
    assert.deepEqual(cacheableSequence({ system: 'sys', messages: [{ content: 'hi' }] }).blocks, [
      { block: { type: 'text', text: 'sys' }, breakpoint: undefined },
      { block: { type: 'text', text: 'hi' }, breakpoint: undefined },
    ]);
  });

  it('turns a top-level cache_control into a breakpoint on the last block, which keeps its own if it has one', () => {
    const automatic = cacheableSequence({ system: 'sys', messages: [{ content: 'hi' }], cache_control: cc('1h') });
    assert.deepEqual(automatic.blocks.map((block) => block.breakpoint), [undefined, '1h']);
    const both = cacheableSequence({ messages: [{ content: [{ type: 'text', text: 'x', cache_control: cc('5m') }] }], cache_control: cc('5m') });
    assert.deepEqual([both.blocks.map((block) => block.breakpoint), both.problem], [['5m'], undefined]);
  });

  it('refuses more than four breakpoints, the automatic one included', () => {
    const marked = (n: number) => Array.from({ length: n }, (_, i) => ({ content: [{ type: 'text', text: `t${i}`, cache_control: cc() }] }));
    assert.equal(cacheableSequence({ messages: marked(4) }).problem, undefined);
    assert.equal(cacheableSequence({ messages: marked(5) }).problem, 'A maximum of 4 blocks with cache_control may be provided. Found 5.');
    assert.equal(
      cacheableSequence({ messages: [...marked(4), { content: 'last' }], cache_control: cc() }).problem,
      'A maximum of 4 blocks with cache_control may be provided. Found 5.',
    );
  });

  it('refuses an unknown ttl or type, and cache_control on a thinking block, naming where', () => {
    assert.equal(
      cacheableSequence({ messages: [{ content: [{ type: 'text', text: 'x', cache_control: { type: 'ephemeral', ttl: '10m' } }] }] }).problem,
      "messages.0.content.0.cache_control.ttl: Input should be '5m' or '1h'",
    );
    assert.equal(cacheableSequence({ system: [{ type: 'text', text: 's', cache_control: { type: 'persistent' } }], messages: [{ content: 'x' }] }).problem, "system.0.cache_control.type: Input should be 'ephemeral'");
    assert.equal(cacheableSequence({ messages: [{ content: 'x' }], cache_control: { type: 'ephemeral', ttl: 300 } }).problem, "cache_control.ttl: Input should be '5m' or '1h'");
    assert.equal(
      cacheableSequence({ messages: [{ content: 'x' }, { content: [{ type: 'thinking', thinking: 't', signature: 's', cache_control: cc() }] }] }).problem,
      'messages.1.content.0.thinking.cache_control: Extra inputs are not permitted',
    );
  });

  it('refuses a 1h breakpoint after a 5m one, and takes them the other way round', () => {
    const ordered = (first: '5m' | '1h', second: '5m' | '1h') => cacheableSequence({ system: [{ type: 'text', text: 's', cache_control: cc(first) }], messages: [{ content: [{ type: 'text', text: 'x', cache_control: cc(second) }] }] }).problem;
    assert.match(ordered('5m', '1h') ?? '', /ttl='1h' must not come after one with ttl='5m'/);
    assert.equal(ordered('1h', '5m'), undefined);
    // A cache_control without ttl is a 5-minute one; an automatic breakpoint yields to the last block's own.
    assert.equal(cacheableSequence({ messages: [{ content: [{ type: 'text', text: 'x', cache_control: cc() }] }], cache_control: cc('1h') }).problem, undefined);
    assert.match(cacheableSequence({ messages: [{ content: [{ type: 'text', text: 'x', cache_control: cc() }, { type: 'text', text: 'y' }] }], cache_control: cc('1h') }).problem ?? '', /ttl='1h' must not come after/);
  });
});

describe('fake server prompt cache: reads and writes', () => {
  let time = 0;
  let cache = new PromptCache({ now: () => time });
  beforeEach(() => {
    time = 0;
    cache = new PromptCache({ now: () => time });
  });

  const system = [text(1000, 'system', cc())];
  const u1 = { content: [text(100, 'u1', cc())] };
  const a1 = { content: [text(50, 'a1')] };
  const u2 = { content: [text(30, 'u2', cc())] };
  const a2 = { content: [text(40, 'a2')] };
  const u3 = { content: [text(20, 'u3', cc())] };

  it('writes the prefix on a first request and reads it on the same request again', () => {
    const request = measured({ system, messages: [u1] });
    assert.deepEqual(cache.use('m', request), usage(0, 1100, 0, 0));
    assert.deepEqual(cache.use('m', request), usage(0, 0, 0, 1100));
    assert.deepEqual(cache.use('other-model', request), usage(0, 1100, 0, 0), 'entries belong to one model');
  });

  it('reads the previous turn through the breakpoint on the previous user message and writes the new turn', () => {
    cache.use('m', measured({ system, messages: [u1] }));
    // As the host marks them: the system prompt and the last block of the last two user messages.
    assert.deepEqual(cache.use('m', measured({ system, messages: [u1, a1, u2] })), usage(0, 80, 0, 1100));
    const plainU1 = { content: [text(100, 'u1')] };
    assert.deepEqual(cache.use('m', measured({ system, messages: [plainU1, a1, u2, a2, u3] })), usage(0, 60, 0, 1180));
  });

  it('keeps text after the last breakpoint out of the cache, and a changed prefix misses', () => {
    assert.deepEqual(cache.use('m', measured({ system, messages: [u1, a1, { content: [text(7, 'prefill')] }] })), usage(57, 1100, 0, 0));
    const editedSystem = [text(1000, 'edited', cc())];
    assert.deepEqual(cache.use('m', measured({ system: editedSystem, messages: [u1] })), usage(0, 1100, 0, 0));
  });

  it('splits the writes by the TTL of the breakpoint that wrote each part', () => {
    const request = measured({ system: [text(1100, 'system', cc('1h'))], messages: [{ content: [text(100, 'u1', cc('5m'))] }, a1, u2] });
    assert.deepEqual(cache.use('m', request), usage(0, 180, 1100, 0));
    // A breakpoint under the minimum writes nothing: the next one writes its part too, at its own TTL.
    const shortFirst = measured({ system: [text(10, 'short', cc('1h'))], messages: [{ content: [text(1500, 'long', cc('1h'))] }, { content: [text(5, 'tail', cc('5m'))] }] });
    assert.deepEqual(cache.use('m', shortFirst), usage(0, 5, 1510, 0));
  });

  it('expires a 5-minute entry after 5 minutes and a 1-hour one after an hour', () => {
    const fiveMinutes = measured({ system: [text(1100, 'five')], messages: [{ content: [text(1, 'q', cc('5m'))] }] });
    const oneHour = measured({ system: [text(1100, 'hour')], messages: [{ content: [text(1, 'q', cc('1h'))] }] });
    cache.use('m', fiveMinutes);
    cache.use('m', oneHour);
    time = FIVE_MINUTES - 1;
    assert.equal(cache.use('m', fiveMinutes).cache_read_input_tokens, 1101, 'still there just before 5 minutes');
    time = 2 * FIVE_MINUTES;
    assert.equal(cache.use('m', fiveMinutes).cache_read_input_tokens, 0, 'gone 5 minutes after its last read');
    assert.equal(cache.use('m', oneHour).cache_read_input_tokens, 1101);
    time = 2 * FIVE_MINUTES + ONE_HOUR;
    assert.deepEqual(cache.use('m', oneHour), usage(0, 0, 1101, 0), 'gone an hour after its last read');
  });

  it('refreshes an entry on every read', () => {
    const request = measured({ system, messages: [u1] });
    cache.use('m', request);
    for (let minute = 4; minute <= 40; minute += 4) {
      time = minute * 60_000;
      assert.equal(cache.use('m', request).cache_read_input_tokens, 1100, `read at minute ${minute}`);
    }
  });

  it('caches nothing under the minimum and fails nothing, with the minimum configurable', () => {
    assert.equal(MIN_CACHEABLE_TOKENS, 1024);
    const short = measured({ system: [text(1000, 'system', cc())], messages: [{ content: [text(23, 'q', cc())] }] });
    assert.deepEqual(cache.use('m', short), usage(1023, 0, 0, 0));
    assert.deepEqual(cache.use('m', short), usage(1023, 0, 0, 0));
    const lenient = new PromptCache({ now: () => time, minTokens: 500 });
    assert.deepEqual(lenient.use('m', short), usage(0, 1023, 0, 0));
  });

  it('finds an earlier entry up to 20 blocks before a breakpoint, as automatic caching needs', () => {
    const turns = (n: number) => Array.from({ length: n }, (_, i) => ({ content: [text(2, `turn${i}`)] }));
    const first = { system: 'x'.repeat(4096), messages: turns(1), cache_control: cc() };
    cache.use('m', measured(first));
    const within = { ...first, messages: turns(1 + CACHE_LOOKBACK_BLOCKS) };
    assert.deepEqual(cache.use('m', measured(within)), usage(0, 40, 0, 1026));
    const beyond = { ...first, system: 'y'.repeat(4096) };
    cache.use('m', measured(beyond));
    assert.deepEqual(cache.use('m', measured({ ...beyond, messages: turns(2 + CACHE_LOOKBACK_BLOCKS) })), usage(0, 1024 + 2 * (2 + CACHE_LOOKBACK_BLOCKS), 0, 0));
  });

  it('reads nothing and writes nothing for a request without breakpoints, and forgets everything on clear', () => {
    const request = measured({ system, messages: [u1] });
    cache.use('m', request);
    assert.deepEqual(cache.use('m', measured({ system: 'plain', messages: [{ content: 'title please' }] })), usage(2 + 3, 0, 0, 0));
    cache.clear();
    assert.deepEqual(cache.use('m', request), usage(0, 1100, 0, 0));
  });

  it('keeps input + writes + reads equal to the whole input', () => {
    const requests = [measured({ system, messages: [u1] }), measured({ system, messages: [u1, a1, u2] }), measured({ system, messages: [u1, a1, u2, a2, { content: [text(9, 'q')] }] })];
    for (const request of requests) {
      const got = cache.use('m', request);
      const whole = request.reduce((sum, block) => sum + block.tokens, 0);
      assert.equal(got.input_tokens + got.cache_creation_input_tokens + got.cache_read_input_tokens, whole);
      assert.equal(got.cache_creation.ephemeral_5m_input_tokens + got.cache_creation.ephemeral_1h_input_tokens, got.cache_creation_input_tokens);
    }
  });
});
