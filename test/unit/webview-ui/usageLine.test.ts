import assert from 'node:assert/strict';
import type { Usage } from '../../../src/shared/conversation';
import { turnCost } from '../../../src/shared/cost';
import { parsePriceOverrides } from '../../../src/shared/pricing';
import { cachedPercent, costBreakdown, costSummary, usageBreakdown, usageSummary } from '../../../src/webview-ui/usageLine';

function usage(counts: Partial<Usage>): Usage {
  return { inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0, cacheCreationInputTokens: 0, ...counts };
}

/** The example of the brief: 1,000 new + 11,000 read + 345 written = 12,345 in, all writes kept 5 minutes. */
const cachedTurn = usage({ inputTokens: 1000, cacheReadInputTokens: 11_000, cacheCreationInputTokens: 345, cacheCreation5mInputTokens: 345, cacheCreation1hInputTokens: 0, outputTokens: 678 });

describe('usageLine: an answer’s token counts in words', () => {
  describe('the short line', () => {
    it('counts all input (new, read and written) with thousands separators, the output, and the share read from the cache', () => {
      assert.equal(usageSummary(cachedTurn), '12,345 in · 678 out · 89% cached');
    });

    it('leaves out the cached part when nothing was read from the cache, even if something was written to it', () => {
      assert.equal(usageSummary(usage({ inputTokens: 2_500_000, cacheCreationInputTokens: 4000, outputTokens: 1 })), '2,504,000 in · 1 out');
    });

    it('shows a turn with no input at all as 0 in, with no percentage', () => {
      assert.equal(usageSummary(usage({ outputTokens: 12 })), '0 in · 12 out');
    });

    it('says <1% rather than 0% when the cache was read but floors to nothing', () => {
      assert.equal(usageSummary(usage({ inputTokens: 999, cacheReadInputTokens: 1, outputTokens: 5 })), '1,000 in · 5 out · <1% cached');
    });

    it('says 100% only when all of the input was read from the cache', () => {
      assert.equal(usageSummary(usage({ cacheReadInputTokens: 4096, outputTokens: 7 })), '4,096 in · 7 out · 100% cached');
      assert.equal(usageSummary(usage({ inputTokens: 4, cacheReadInputTokens: 996, outputTokens: 7 })), '1,000 in · 7 out · 99% cached');
    });
  });

  describe('the cached percentage', () => {
    it('rounds down: 99.6% is 99, 99.99% is 99', () => {
      assert.equal(cachedPercent(usage({ inputTokens: 4, cacheReadInputTokens: 996 })), 99);
      assert.equal(cachedPercent(usage({ cacheCreationInputTokens: 1, cacheReadInputTokens: 9999 })), 99);
      assert.equal(cachedPercent(usage({ inputTokens: 1, cacheReadInputTokens: 2 })), 66);
    });

    it('is exact where the rate is a whole percent that floating point would land just under (57 of 100)', () => {
      assert.equal(cachedPercent(usage({ inputTokens: 43, cacheReadInputTokens: 57 })), 57);
      assert.equal(cachedPercent(usage({ inputTokens: 71, cacheReadInputTokens: 29 })), 29);
    });

    it('is 100 when all input was read and 0 when there was no input', () => {
      assert.equal(cachedPercent(usage({ cacheReadInputTokens: 3 })), 100);
      assert.equal(cachedPercent(usage({})), 0);
    });
  });

  describe('the breakdown (tooltip and screen readers)', () => {
    it('names each kind of input and the cache writes per TTL when the API split them', () => {
      assert.equal(
        usageBreakdown(cachedTurn),
        'Input 12,345 tokens: 1,000 new, 11,000 read from the cache, 345 written to the cache (5 min: 345, 1 h: 0). Output 678 tokens.',
      );
    });

    it('leaves the TTL part out when the split is missing, rather than guessing one', () => {
      const { cacheCreation5mInputTokens: _five, cacheCreation1hInputTokens: _hour, ...unsplit } = cachedTurn;
      assert.equal(usageBreakdown(unsplit), 'Input 12,345 tokens: 1,000 new, 11,000 read from the cache, 345 written to the cache. Output 678 tokens.');
      assert.equal(usageBreakdown({ ...unsplit, cacheCreation1hInputTokens: 345 }), 'Input 12,345 tokens: 1,000 new, 11,000 read from the cache, 345 written to the cache. Output 678 tokens.');
    });

    it('reports 1-hour writes on their own', () => {
      const turn = usage({ inputTokens: 3, cacheCreationInputTokens: 1500, cacheCreation5mInputTokens: 500, cacheCreation1hInputTokens: 1000, outputTokens: 1 });
      assert.equal(usageBreakdown(turn), 'Input 1,503 tokens: 3 new, 0 read from the cache, 1,500 written to the cache (5 min: 500, 1 h: 1,000). Output 1 token.');
    });

    it('gives a turn with no input in the same words', () => {
      assert.equal(usageBreakdown(usage({ outputTokens: 2 })), 'Input 0 tokens: 0 new, 0 read from the cache, 0 written to the cache. Output 2 tokens.');
    });
  });

  describe('the cost', () => {
    it('ends the line with the turn’s cost: Sonnet 5.5, $0.002 + $0.0011 + $0.0008625 + $0.00678', () => {
      assert.equal(usageSummary(cachedTurn, turnCost(cachedTurn, 'claude-sonnet-5-5')), '12,345 in · 678 out · 89% cached · $0.0107');
      assert.equal(usageSummary(usage({ outputTokens: 1 }), turnCost(usage({ outputTokens: 1 }), 'claude-sonnet-5-5')), '0 in · 1 out · <$0.0001');
    });

    it('explains the cost part by part, and whose prices it used', () => {
      assert.equal(
        costBreakdown(turnCost(cachedTurn, 'claude-sonnet-5-5')),
        'Estimated cost $0.0107 at the built-in prices of 2026-11-10: input $0.0020, 5-min cache writes $0.0009, cache reads $0.0011, output $0.0068.',
      );
      const { overrides } = parsePriceOverrides({ 'claude-sonnet-5-5': { input: 3, output: 15 } });
      assert.match(costBreakdown(turnCost(cachedTurn, 'claude-sonnet-5-5', overrides)), /^Estimated cost \$0\.0178 at your prices \(claudeChat\.pricing\): /);
      const hourly = usage({ inputTokens: 100_001, cacheCreationInputTokens: 2, cacheCreation5mInputTokens: 0, cacheCreation1hInputTokens: 2, outputTokens: 10 });
      assert.equal(costBreakdown(turnCost(hourly, 'claude-haiku-5-5')), 'Estimated cost $0.0500 at the built-in prices of 2026-11-10, long-prompt rates: input $0.0500, 1-h cache writes <$0.0001, output <$0.0001.');
    });

    it('says “cost unknown” for a model with no price, and how to add one', () => {
      const cost = turnCost(cachedTurn, 'claude-mythos-5-2');
      assert.equal(usageSummary(cachedTurn, cost), '12,345 in · 678 out · 89% cached · cost unknown');
      assert.equal(costSummary(cost), 'cost unknown');
      assert.equal(
        costBreakdown(cost),
        'Cost unknown: no price is known for claude-mythos-5-2. Add its prices in USD per million tokens to the claudeChat.pricing setting, e.g. "claude-mythos-5-2": { "input": …, "output": … }.',
      );
      assert.equal(costBreakdown(turnCost(cachedTurn, undefined)), 'Cost unknown: the model of this answer was not recorded.');
    });

    it('adds the cost to the screen reader’s breakdown', () => {
      assert.equal(
        usageBreakdown(cachedTurn, turnCost(cachedTurn, 'claude-mythos-5-2')),
        'Input 12,345 tokens: 1,000 new, 11,000 read from the cache, 345 written to the cache (5 min: 345, 1 h: 0). Output 678 tokens. Cost unknown: no price is known for claude-mythos-5-2. Add its prices in USD per million tokens to the claudeChat.pricing setting, e.g. "claude-mythos-5-2": { "input": …, "output": … }.',
      );
    });
  });
});
