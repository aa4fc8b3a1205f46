import assert from 'node:assert/strict';
import { cleanStopSequences, describeParams, resolveParams, sanitizeConversationParams, type ModelLimits, type ParamDefaults } from '../../../src/shared/requestParams';

const DEFAULTS: ParamDefaults = { maxTokens: 8192, thinking: 'off', thinkingBudgetTokens: 4096, effort: undefined, stopSequences: [] };
const THINKER: ModelLimits = { maxOutputTokens: 64_000, capabilities: { thinking: true, adaptiveThinking: true, effort: ['low', 'medium', 'high'] } };
const PLAIN: ModelLimits = { maxOutputTokens: 8192, capabilities: { thinking: false, adaptiveThinking: false, effort: [] } };
const BUDGET_ONLY: ModelLimits = { maxOutputTokens: 32_000, capabilities: { thinking: true, adaptiveThinking: false, effort: [] } };

describe('resolveParams', () => {
  it('takes the settings when the conversation sets nothing, and sends nothing optional', () => {
    assert.deepEqual(resolveParams(undefined, DEFAULTS, THINKER), { maxTokens: 8192, notes: [] });
  });

  it("lowers max tokens to the model's limit and says so", () => {
    const resolved = resolveParams({ maxTokens: 100_000 }, DEFAULTS, THINKER);
    assert.equal(resolved.maxTokens, 64_000);
    assert.deepEqual(resolved.notes, ["Max tokens lowered to 64,000: the model's limit."]);
  });

  it('an unknown model bounds nothing', () => {
    assert.equal(resolveParams({ maxTokens: 100_000, thinking: 'adaptive', effort: 'max' }, DEFAULTS, undefined).maxTokens, 100_000);
    assert.deepEqual(resolveParams({ thinking: 'adaptive', effort: 'max' }, DEFAULTS, undefined).thinking, { type: 'adaptive' });
  });

  it('a thinking budget fits between 1,024 and max tokens', () => {
    assert.deepEqual(resolveParams({ thinking: 'budget', thinkingBudgetTokens: 2048 }, DEFAULTS, THINKER).thinking, { type: 'enabled', budgetTokens: 2048 });
    const squeezed = resolveParams({ thinking: 'budget', thinkingBudgetTokens: 20_000, maxTokens: 10_000 }, DEFAULTS, THINKER);
    assert.deepEqual(squeezed.thinking, { type: 'enabled', budgetTokens: 9_999 });
    assert.match(squeezed.notes[0], /Thinking budget set to 9,999/);
    const none = resolveParams({ thinking: 'budget', maxTokens: 1024 }, DEFAULTS, THINKER);
    assert.equal(none.thinking, undefined);
    assert.match(none.notes[0], /no room for the API's minimum budget of 1,024/);
  });

  it('thinking is left out for a model that does not think, and for a prefill', () => {
    const plain = resolveParams({ thinking: 'adaptive' }, DEFAULTS, PLAIN);
    assert.equal(plain.thinking, undefined);
    assert.deepEqual(plain.notes, ['Thinking left out: the model does not think.']);
    const prefilled = resolveParams({ thinking: 'budget' }, DEFAULTS, THINKER, { prefill: true });
    assert.equal(prefilled.thinking, undefined);
    assert.match(prefilled.notes[0], /prefill/);
  });

  it('adaptive thinking falls back to the budget where only a budget is taken', () => {
    const resolved = resolveParams({ thinking: 'adaptive' }, DEFAULTS, BUDGET_ONLY);
    assert.deepEqual(resolved.thinking, { type: 'enabled', budgetTokens: 4096 });
    assert.match(resolved.notes[0], /fixed budget/);
  });

  it('effort only where the model takes that level', () => {
    assert.equal(resolveParams({ effort: 'high' }, DEFAULTS, THINKER).effort, 'high');
    const refused = resolveParams({ effort: 'max' }, DEFAULTS, THINKER);
    assert.equal(refused.effort, undefined);
    assert.deepEqual(refused.notes, ['Effort "max" left out: the model does not support it.']);
    assert.equal(resolveParams(undefined, { ...DEFAULTS, effort: 'low' }, PLAIN).effort, undefined);
  });

  it("the conversation's stop sequences replace the settings', cleaned", () => {
    assert.deepEqual(resolveParams(undefined, { ...DEFAULTS, stopSequences: ['END'] }, THINKER).stopSequences, ['END']);
    assert.deepEqual(resolveParams({ stopSequences: [] }, { ...DEFAULTS, stopSequences: ['END'] }, THINKER).stopSequences, undefined);
    assert.deepEqual(cleanStopSequences(['', ' ', 'A', 'A', '\n\nHuman:']), ['A', '\n\nHuman:']);
  });

  it('describes what will be sent in one line', () => {
    assert.equal(describeParams({ maxTokens: 8192, thinking: { type: 'enabled', budgetTokens: 4096 }, effort: 'high', stopSequences: ['a', 'b'] }), '8,192 max tokens · thinking 4,096 · effort high · 2 stop sequences');
  });
});

describe('sanitizeConversationParams', () => {
  it('keeps well-formed fields and drops the rest', () => {
    assert.deepEqual(sanitizeConversationParams({ maxTokens: 2000, thinking: 'budget', thinkingBudgetTokens: 1500, effort: 'low', stopSequences: ['x', ''], temperature: 1 }), {
      maxTokens: 2000,
      thinking: 'budget',
      thinkingBudgetTokens: 1500,
      effort: 'low',
      stopSequences: ['x'],
    });
    assert.equal(sanitizeConversationParams({ maxTokens: -1, thinking: 'lots', thinkingBudgetTokens: 10, effort: 'extreme', stopSequences: [1] }), undefined);
    assert.equal(sanitizeConversationParams('nope'), undefined);
  });
});
