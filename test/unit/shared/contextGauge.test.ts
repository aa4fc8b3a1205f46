import assert from 'node:assert/strict';
import { fitProblem, formatTokens, gaugeDescription, gaugeLevel, gaugeShare, type GaugeReading } from '../../../src/shared/contextGauge';

const reading = (usedTokens: number, extra: Partial<GaugeReading> = {}): GaugeReading => ({ usedTokens, contextWindow: 200_000, reservedOutputTokens: 8_000, source: 'counted', ...extra });

describe('formatTokens', () => {
  it('is short enough for a narrow header', () => {
    const cases: [number, string][] = [
      [0, '0'],
      [999, '999'],
      [999.6, '1K'],
      [1000, '1K'],
      [1234, '1.2K'],
      [12_400, '12.4K'],
      [12_449, '12.4K'],
      [99_940, '99.9K'],
      [99_960, '100K'],
      [136_000, '136K'],
      [200_000, '200K'],
      [999_499, '999K'],
      [999_500, '1M'],
      [1_000_000, '1M'],
      [1_500_000, '1.5M'],
      [-5, '0'],
      [Number.NaN, '0'],
    ];
    for (const [n, expected] of cases) assert.equal(formatTokens(n), expected, String(n));
  });
});

describe('gaugeLevel', () => {
  it('counts the answer’s room in how full the window is, and is over only when the input alone does not fit', () => {
    assert.equal(gaugeShare(reading(92_000)), 0.5);
    assert.equal(gaugeLevel(reading(0)), 'ok');
    assert.equal(gaugeLevel(reading(131_999)), 'ok');
    assert.equal(gaugeLevel(reading(132_000)), 'high', '70 % with the answer’s 8,000');
    assert.equal(gaugeLevel(reading(172_000)), 'full', '90 %');
    assert.equal(gaugeLevel(reading(196_000)), 'full', 'the answer may be cut short, but the API takes it');
    assert.equal(gaugeLevel(reading(200_000)), 'full', 'exactly the window');
    assert.equal(gaugeLevel(reading(200_001)), 'over', 'one token more than the API reads');
  });

  it('judges nothing against a window that is not known', () => {
    assert.equal(gaugeLevel(reading(500_000, { contextWindow: 0 })), 'ok');
    assert.equal(fitProblem(reading(500_000, { contextWindow: 0 }), { hasAttachments: false }), undefined);
  });
});

describe('fitProblem', () => {
  it('is undefined while the request fits', () => {
    assert.equal(fitProblem(reading(200_000), { hasAttachments: true }), undefined);
  });

  it('says how large, the limit and what to do: new chat, remove attachments, a larger model with its window', () => {
    const problem = fitProblem(reading(250_000), { model: 'claude-sonnet-5-5', hasAttachments: true, largerModel: { id: 'claude-opus-5-5', contextWindow: 1_000_000 } });
    assert.ok(problem);
    assert.equal(problem.kind, 'tooLarge');
    assert.match(problem.title, /claude-sonnet-5-5’s context window/);
    assert.match(problem.detail, /250,000 tokens, more than the 200,000 tokens claude-sonnet-5-5 can read \(its context window\), so the API would refuse it\./);
    assert.match(problem.detail, /Nothing was sent\./);
    assert.match(problem.detail, /start a new chat/);
    assert.match(problem.detail, /remove attachments/);
    assert.match(problem.detail, /claude-opus-5-5: 1M tokens/);
  });

  it('offers no attachment removal without attachments, names a larger model given by id, and says "about" for an estimate', () => {
    const problem = fitProblem(reading(250_000, { source: 'estimated' }), { hasAttachments: false, largerModel: 'claude-opus-5-5' });
    assert.ok(problem);
    assert.doesNotMatch(problem.detail, /attachments/);
    assert.match(problem.detail, /about 250,000 tokens/);
    assert.match(problem.detail, /\(claude-opus-5-5\)/);
    assert.match(problem.title, /the model’s context window/);
  });
});

describe('gaugeDescription', () => {
  it('gives the numbers behind the bar and where they come from', () => {
    assert.equal(gaugeDescription(reading(12_400)), "Next request: 12,400 tokens of the model's 200,000-token window (8,000 kept for the answer). Counted by the API.");
    assert.match(gaugeDescription(reading(12_400, { source: 'estimated' })), /Estimated\.$/);
    assert.match(gaugeDescription(reading(300_000)), /cannot fit: start a new chat, remove attachments, or pick a model with a larger window/);
    assert.match(gaugeDescription(reading(195_000)), /\nOnly 5,000 tokens are left for the answer: it may be cut short\.$/);
    assert.doesNotMatch(gaugeDescription(reading(192_000)), /left for the answer/);
  });
});
