import assert from 'node:assert/strict';
import type { ChatMessage, Usage } from '../../../src/shared/conversation';
import { COST_UNITS_PER_USD, conversationCost, formatCostUnits, formatUsd, messageCost, turnCost, type TurnCost } from '../../../src/shared/cost';
import { parsePriceOverrides } from '../../../src/shared/pricing';
import { cacheHitRate, sumUsage } from '../../../src/shared/usage';

function usage(counts: Partial<Usage>): Usage {
  return { inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0, cacheCreationInputTokens: 0, ...counts };
}

/** Dollars as exact cost units, from a decimal string (so the expectation is not itself a float). */
function dollars(text: string): bigint {
  const [whole, fraction = ''] = text.split('.');
  return BigInt(whole) * COST_UNITS_PER_USD + BigInt(fraction.padEnd(14, '0'));
}

function known(cost: TurnCost): Extract<TurnCost, { known: true }> {
  if (!cost.known) assert.fail(`expected a known cost, got ${JSON.stringify(cost)}`);
  return cost;
}

/** Sonnet 4.5: $3 input, $3.75 5-min writes, $6 1-h writes, $0.30 reads, $15 output per million tokens. */
const BOTH_TTLS = usage({ inputTokens: 1000, cacheCreationInputTokens: 6000, cacheCreation5mInputTokens: 2000, cacheCreation1hInputTokens: 4000, cacheReadInputTokens: 10_000, outputTokens: 500 });

describe('turnCost', () => {
  it('prices each kind of token at its own rate, 1-hour writes at 2× input and 5-minute ones at 1.25×', () => {
    // 1,000 × $3 + 2,000 × $3.75 + 4,000 × $6 + 10,000 × $0.30 + 500 × $15, per million:
    // $0.003 + $0.0075 + $0.024 + $0.003 + $0.0075 = $0.045
    const cost = known(turnCost(BOTH_TTLS, 'claude-sonnet-4-5'));
    assert.deepEqual(cost.parts, { input: 0.003, cacheWrite5m: 0.0075, cacheWrite1h: 0.024, cacheRead: 0.003, output: 0.0075 });
    assert.equal(cost.units, dollars('0.045'));
    assert.equal(cost.usd, 0.045);
    assert.equal(cost.longPrompt, false);
    assert.equal(cost.source, 'builtIn');
  });

  it('prices the writes as 5-minute ones when the API gave no TTL split', () => {
    const { cacheCreation5mInputTokens: _five, cacheCreation1hInputTokens: _hour, ...unsplit } = BOTH_TTLS;
    // 6,000 writes × $3.75 = $0.0225, instead of $0.0075 + $0.024.
    const cost = known(turnCost(unsplit, 'claude-sonnet-4-5'));
    assert.deepEqual(cost.parts, { input: 0.003, cacheWrite5m: 0.0225, cacheWrite1h: 0, cacheRead: 0.003, output: 0.0075 });
    assert.equal(cost.units, dollars('0.036'));
  });

  it('keeps the writes’ total when a record’s split disagrees with it, taking the 1-hour part from the split', () => {
    const cost = known(turnCost(usage({ cacheCreationInputTokens: 1000, cacheCreation5mInputTokens: 0, cacheCreation1hInputTokens: 400 }), 'claude-sonnet-4-5'));
    // 600 × $3.75 + 400 × $6 = $0.00225 + $0.0024
    assert.equal(cost.units, dollars('0.00465'));
  });

  it('is exact where the price has more decimals than a float holds cleanly (Haiku 5.5: $0.125 writes, $0.01 reads)', () => {
    const cost = known(turnCost(usage({ inputTokens: 7, cacheCreationInputTokens: 3, cacheCreation5mInputTokens: 3, cacheCreation1hInputTokens: 0, cacheReadInputTokens: 3, outputTokens: 3 }), 'claude-haiku-5-5'));
    // 7 × 0.10 + 3 × 0.125 + 3 × 0.01 + 3 × 0.50 = 0.7 + 0.375 + 0.03 + 1.5 = 2.605 millionths of a dollar
    assert.equal(cost.units, dollars('0.000002605'));
  });

  it('switches Haiku 5.5 to its long-prompt rates, for every token, only above 100,000 tokens of prompt', () => {
    // Exactly 100,000 (90,000 new + 10,000 read): 90,000 × $0.10 + 10,000 × $0.01 + 1,000 × $0.50 = $0.0096
    const atLimit = known(turnCost(usage({ inputTokens: 90_000, cacheReadInputTokens: 10_000, outputTokens: 1000 }), 'claude-haiku-5-5'));
    assert.equal(atLimit.units, dollars('0.0096'));
    assert.equal(atLimit.longPrompt, false);
    // 100,001: 90,001 × $0.50 + 10,000 × $0.05 + 1,000 × $2.50 = $0.0450005 + $0.0005 + $0.0025
    const over = known(turnCost(usage({ inputTokens: 90_001, cacheReadInputTokens: 10_000, outputTokens: 1000 }), 'claude-haiku-5-5'));
    assert.equal(over.units, dollars('0.0480005'));
    assert.equal(over.longPrompt, true);
    // Cache writes count towards the prompt too.
    assert.equal(known(turnCost(usage({ inputTokens: 90_000, cacheCreationInputTokens: 10_001 }), 'claude-haiku-5-5')).longPrompt, true);
  });

  it('costs a continued answer (both requests’ usage summed) exactly what its two requests cost', () => {
    // Opus 5.5: $4 input, $5 5-min writes, $8 1-h writes, $0.20 reads, $20 output.
    const first = usage({ inputTokens: 1200, cacheCreationInputTokens: 1200, cacheCreation5mInputTokens: 1200, cacheCreation1hInputTokens: 0, outputTokens: 8192 });
    const second = usage({ inputTokens: 10, cacheReadInputTokens: 1200, cacheCreationInputTokens: 8192, cacheCreation5mInputTokens: 0, cacheCreation1hInputTokens: 8192, outputTokens: 300 });
    // First: 1,200 × 4 + 1,200 × 5 + 8,192 × 20 = 174,640 millionths. Second: 10 × 4 + 1,200 × 0.2 + 8,192 × 8 + 300 × 20 = 71,816.
    const continued = known(turnCost(sumUsage([first, second]), 'claude-opus-5-5'));
    assert.equal(continued.units, dollars('0.246456'));
    assert.equal(continued.units, known(turnCost(first, 'claude-opus-5-5')).units + known(turnCost(second, 'claude-opus-5-5')).units);
  });

  it('is unknown, never guessed, for a model with no price, an answer with no model, or damaged counts', () => {
    assert.deepEqual(turnCost(BOTH_TTLS, 'claude-mythos-5-2'), { known: false, model: 'claude-mythos-5-2', reason: 'unpriced' });
    assert.deepEqual(turnCost(BOTH_TTLS, 'claude-opus-5-6'), { known: false, model: 'claude-opus-5-6', reason: 'unpriced' });
    assert.deepEqual(turnCost(BOTH_TTLS, undefined), { known: false, model: undefined, reason: 'unrecorded' });
    assert.deepEqual(turnCost(usage({ inputTokens: 1.5 }), 'claude-opus-5'), { known: false, model: 'claude-opus-5', reason: 'invalidUsage' });
    assert.deepEqual(turnCost(usage({ outputTokens: -3 }), 'claude-opus-5'), { known: false, model: 'claude-opus-5', reason: 'invalidUsage' });
  });

  it('uses the user’s prices over the built-in ones, and for models the table lacks', () => {
    const { overrides } = parsePriceOverrides({ 'claude-mythos-5-2': { input: 10, output: 50 }, 'claude-sonnet-4-5': { input: 1, output: 1, cacheWrite1h: 1 } });
    // Mythos 5.2 at $10 / $12.50 / $20 / $1 / $50: 0.01 + 0.025 + 0.08 + 0.01 + 0.025
    const mythos = known(turnCost(BOTH_TTLS, 'claude-mythos-5-2', overrides));
    assert.equal(mythos.units, dollars('0.15'));
    assert.equal(mythos.source, 'override');
    // Sonnet 4.5 at $1 / $1.25 / $1 / $0.10 / $1: 0.001 + 0.0025 + 0.004 + 0.001 + 0.0005
    assert.equal(known(turnCost(BOTH_TTLS, 'claude-sonnet-4-5-20250929', overrides)).units, dollars('0.009'));
  });
});

describe('messageCost', () => {
  it("prices a continued answer's requests one by one: two 60K-token prompts are not one 120K long prompt", () => {
    // Haiku 5.5: $0.10 input and $0.50 output per million up to 100,000 prompt tokens (5× above).
    const part = usage({ inputTokens: 60_000, outputTokens: 1_000 });
    const summed = sumUsage([part, part]);
    const cost = known(messageCost({ model: 'claude-haiku-5-5', usage: summed, usageParts: [part, part] })!);
    // Each: 60,000 × $0.10 + 1,000 × $0.50 per million = $0.0065; both: $0.013.
    assert.equal(cost.units, dollars('0.013'));
    assert.equal(cost.longPrompt, false);
    assert.equal(known(turnCost(summed, 'claude-haiku-5-5')).longPrompt, true, 'the summed usage alone would take the long-prompt rate');
  });

  it('is the turn cost of a single request, and undefined without usage', () => {
    assert.deepEqual(messageCost({ model: 'claude-sonnet-4-5', usage: BOTH_TTLS }), turnCost(BOTH_TTLS, 'claude-sonnet-4-5'));
    assert.equal(messageCost({ model: 'claude-sonnet-4-5' }), undefined);
  });
});

describe('conversationCost', () => {
  let clock = 0;
  function answer(parentId: string | null, model: string | undefined, counts: Usage | undefined, id = `a${++clock}`): ChatMessage {
    return { id, parentId, role: 'assistant', blocks: [], status: 'complete', createdAt: clock, model, ...(counts ? { usage: counts } : {}) };
  }
  function question(parentId: string | null, id = `q${++clock}`): ChatMessage {
    return { id, parentId, role: 'user', blocks: [], status: 'complete', createdAt: clock };
  }
  /** Sonnet 5.5, $0.10 each: 5,000 × $2 + 4,000 × $2.50 + 5,000 × $4 + 100,000 × $0.10 + 5,000 × $10 (per million). */
  const tenCents = usage({ inputTokens: 5000, cacheCreationInputTokens: 9000, cacheCreation5mInputTokens: 4000, cacheCreation1hInputTokens: 5000, cacheReadInputTokens: 100_000, outputTokens: 5000 });

  it('adds up ten answers exactly: ten $0.10 answers cost $1, where adding the floats gives 0.9999999999999999', () => {
    const messages: ChatMessage[] = [];
    let parent: string | null = null;
    for (let i = 0; i < 5; i++) {
      const q = question(parent);
      const a = answer(q.id, 'claude-sonnet-5-5', tenCents);
      messages.push(q, a);
      parent = a.id;
    }
    const perTurn = messages.filter((m) => m.usage).map((m) => known(turnCost(m.usage!, m.model)));
    assert.equal(perTurn[0].units, dollars('0.1'));
    // Five more answers on other branches (regenerated answers, an edited question's answers): each was billed.
    messages.push(answer(messages[0].id, 'claude-sonnet-5-5', tenCents), answer(messages[2].id, 'claude-sonnet-5-5-20260928', tenCents));
    const edited = question(messages[1].id);
    messages.push(edited, answer(edited.id, 'claude-sonnet-5-5', tenCents), answer(edited.id, 'claude-sonnet-5-5', tenCents), answer(edited.id, 'claude-sonnet-5-5', tenCents));
    const total = conversationCost(messages);
    assert.equal(total.turns, 10);
    assert.equal(total.units, dollars('1'));
    assert.equal(total.usd, 1);
    assert.notEqual(
      messages.filter((m) => m.usage).reduce((sum, m) => sum + known(turnCost(m.usage!, m.model)).usd, 0),
      1,
      'the float sum is off, which is why the ledger sums units',
    );
    assert.equal(formatUsd(total.usd), '$1.00');
    assert.equal(total.complete, true);
    assert.deepEqual(total.unknownModels, []);
  });

  it('equals the sum of its turns exactly, over several models and both TTLs, with the token totals of sumUsage', () => {
    const turns: [string, Usage][] = [
      ['claude-sonnet-4-5', BOTH_TTLS],
      ['claude-opus-5-5', usage({ inputTokens: 3, cacheReadInputTokens: 41_234, cacheCreationInputTokens: 777, cacheCreation5mInputTokens: 0, cacheCreation1hInputTokens: 777, outputTokens: 1234 })],
      ['claude-haiku-5-5', usage({ inputTokens: 99_999, outputTokens: 1 })],
      ['claude-haiku-5-5', usage({ inputTokens: 150_000, outputTokens: 7 })],
      ['claude-fable-5-1', usage({ inputTokens: 12, cacheReadInputTokens: 250_000, outputTokens: 3333 })],
      ['claude-opus-4-8', usage({ inputTokens: 1, cacheCreationInputTokens: 9, outputTokens: 1 })],
      ['claude-sonnet-5', usage({ inputTokens: 17, cacheReadInputTokens: 17, cacheCreationInputTokens: 17, cacheCreation5mInputTokens: 17, cacheCreation1hInputTokens: 0, outputTokens: 17 })],
      ['claude-fable-5-2', usage({ inputTokens: 5, cacheReadInputTokens: 5, outputTokens: 5 })],
      ['claude-opus-5', usage({ outputTokens: 999_999 })],
      ['claude-sonnet-5-5', tenCents],
    ];
    const messages = turns.flatMap(([model, counts], index) => [question(index === 0 ? null : `a${index}`, `q${index + 1}`), answer(`q${index + 1}`, model, counts, `a${index + 1}`)]);
    const total = conversationCost(messages);
    const sum = turns.reduce((units, [model, counts]) => units + known(turnCost(counts, model)).units, 0n);
    assert.equal(total.units, sum);
    // By hand, in millionths of a dollar: 45,000 + 39,154.8 + 10,000.4 + 75,017.5 + 229,270 + 86.25 + 249.9 + 241 + 24,999,975 + 100,000
    assert.equal(total.units, dollars('25.49899485'));
    assert.equal(formatUsd(total.usd), '$25.50');
    assert.deepEqual(total.usage, sumUsage(turns.map(([, counts]) => counts)));
    assert.equal(total.cacheHitRate, cacheHitRate(total.usage));
  });

  it('counts what it can price, and names the models it cannot', () => {
    const q = question(null);
    const messages = [
      q,
      answer(q.id, 'claude-sonnet-4-5', BOTH_TTLS),
      answer(q.id, 'claude-mythos-5-2', BOTH_TTLS),
      answer(q.id, 'claude-mythos-5-2', BOTH_TTLS),
      answer(q.id, 'a-gateway-model', BOTH_TTLS),
      answer(q.id, undefined, BOTH_TTLS),
      answer(q.id, 'claude-opus-5', undefined),
    ];
    const total = conversationCost(messages);
    assert.equal(total.units, dollars('0.045'));
    assert.equal(total.complete, false);
    assert.equal(total.turns, 5);
    assert.equal(total.unpricedTurns, 4);
    assert.deepEqual(total.unknownModels, ['a-gateway-model', 'claude-mythos-5-2']);
    assert.deepEqual(total.usage, sumUsage([BOTH_TTLS, BOTH_TTLS, BOTH_TTLS, BOTH_TTLS, BOTH_TTLS]));
    // With the user's price the same conversation is complete.
    const { overrides } = parsePriceOverrides({ 'claude-mythos-5-2': { input: 10, output: 50 }, 'a-gateway-model': { input: 0, output: 0 } });
    const priced = conversationCost(messages, overrides);
    assert.equal(priced.units, dollars('0.345'));
    assert.deepEqual(priced.unknownModels, []);
    assert.equal(priced.unpricedTurns, 1, 'the answer with no model stays unknown');
  });

  it('is zero for a conversation with no answers yet', () => {
    const total = conversationCost([question(null)]);
    assert.equal(total.units, 0n);
    assert.equal(total.turns, 0);
    assert.equal(total.complete, true);
    assert.equal(total.cacheHitRate, 0);
    assert.equal(formatUsd(total.usd), '$0.00');
  });
});

describe('formatUsd', () => {
  it('shows four decimals under a dollar and cents from a dollar up, with thousands separators', () => {
    assert.equal(formatUsd(0.0123), '$0.0123');
    assert.equal(formatUsd(0.5), '$0.5000');
    assert.equal(formatUsd(1.23), '$1.23');
    assert.equal(formatUsd(1234.5), '$1,234.50');
    assert.equal(formatUsd(1_234_567.891), '$1,234,567.89');
  });

  it('says <$0.0001 for a cost too small to show, and $0.00 only for none', () => {
    assert.equal(formatUsd(0), '$0.00');
    assert.equal(formatUsd(0.00001), '<$0.0001');
    assert.equal(formatUsd(0.0000999), '<$0.0001');
    assert.equal(formatUsd(0.0001), '$0.0001');
    assert.equal(formatCostUnits(1n), '<$0.0001');
  });

  it('rounds half up on the exact value, carrying into dollars', () => {
    // 0.01235 is stored as 0.012349999…: rounded on the double it would show $0.0123.
    assert.equal(formatCostUnits(dollars('0.01235')), '$0.0124');
    assert.equal(formatUsd(0.01235), '$0.0124');
    assert.equal(formatUsd(0.01234999), '$0.0123');
    assert.equal(formatUsd(0.99996), '$1.00');
    assert.equal(formatUsd(0.99994), '$0.9999');
    assert.equal(formatUsd(2.005), '$2.01');
  });
});
