import assert from 'node:assert/strict';
import { budgetProblem, contextWindowFor, estimateTokens } from '../../../src/shared/contextBudget';

describe('estimateTokens', () => {
  it('counts conservatively: a token per three characters, rounded up', () => {
    assert.equal(estimateTokens(''), 0);
    assert.equal(estimateTokens('a'), 1);
    assert.equal(estimateTokens('abc'), 1);
    assert.equal(estimateTokens('abcd'), 2);
    assert.equal(estimateTokens('x'.repeat(300_000)), 100_000);
  });
});

describe('contextWindowFor', () => {
  it('knows Opus 5.5 has a million tokens, with its dated snapshots; everything else 200,000', () => {
    assert.equal(contextWindowFor('claude-opus-5-5'), 1_000_000);
    assert.equal(contextWindowFor('claude-opus-5-5-20261101'), 1_000_000);
    assert.equal(contextWindowFor('claude-sonnet-5-5'), 200_000);
    assert.equal(contextWindowFor('claude-opus-5'), 200_000);
    assert.equal(contextWindowFor('claude-opus-5-50'), 200_000);
    assert.equal(contextWindowFor(''), 200_000);
  });
});

describe('budgetProblem', () => {
  const sonnet = { model: 'claude-sonnet-5-5', maxTokens: 8192 };

  it('lets through what fits with room for the answer, up to the exact limit', () => {
    assert.equal(budgetProblem({ ...sonnet, promptChars: 30_000, historyChars: 10_000 }), undefined);
    const limitChars = (200_000 - 8192) * 3;
    assert.equal(budgetProblem({ ...sonnet, promptChars: limitChars, historyChars: 0 }), undefined);
    assert.ok(budgetProblem({ ...sonnet, promptChars: limitChars + 1, historyChars: 0 }));
  });

  it('refuses a selection that does not fit, naming the size in tokens and KB, the limit, and saying to select less', () => {
    const problem = budgetProblem({ ...sonnet, promptChars: 900_000, historyChars: 0 });
    assert.ok(problem);
    assert.equal(problem.estimatedTokens, 300_000);
    assert.equal(problem.limit, 191_808);
    assert.match(problem.detail, /about 300,000 tokens \(879 KB\)/);
    assert.match(problem.detail, /191,808 tokens claude-sonnet-5-5 can take/);
    assert.match(problem.detail, /200,000-token context window, less 8,192 kept for the answer/);
    assert.match(problem.detail, /Select less code/);
    assert.doesNotMatch(problem.detail, /new chat/);
  });

  it('counts the conversation too, and suggests a new chat when the code alone would fit', () => {
    const problem = budgetProblem({ ...sonnet, promptChars: 60_000, historyChars: 600_000 });
    assert.ok(problem);
    assert.equal(problem.estimatedTokens, 220_000);
    assert.match(problem.detail, /Start a new chat/);
  });

  it('uses the larger window for Opus 5.5', () => {
    assert.equal(budgetProblem({ model: 'claude-opus-5-5', maxTokens: 64_000, promptChars: 900_000, historyChars: 0 }), undefined);
    assert.equal(budgetProblem({ model: 'claude-opus-5-5', maxTokens: 64_000, promptChars: 4_000_000, historyChars: 0 })?.limit, 936_000);
  });

  it("takes the model's window from /v1/models when it is given", () => {
    assert.equal(budgetProblem({ model: 'claude-gateway-model', maxTokens: 8_000, promptChars: 1_500_000, historyChars: 0, contextWindow: 1_000_000 }), undefined);
    assert.equal(budgetProblem({ model: 'claude-opus-5-5', maxTokens: 8_000, promptChars: 300_000, historyChars: 0, contextWindow: 50_000 })?.limit, 42_000);
  });

  it('shows megabytes for very large requests and survives nonsense numbers', () => {
    assert.match(budgetProblem({ ...sonnet, promptChars: 5 * 1024 * 1024, historyChars: 0 })?.detail ?? '', /\(5\.0 MB\)/);
    assert.equal(budgetProblem({ model: 'x', maxTokens: Number.NaN, promptChars: -5, historyChars: Number.POSITIVE_INFINITY }), undefined);
    assert.equal(budgetProblem({ model: 'x', maxTokens: 10_000_000, promptChars: 3, historyChars: 0 })?.limit, 0);
  });
});
