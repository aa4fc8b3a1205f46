import assert from 'node:assert/strict';
import { formatTokens } from '../../../src/shared/contextGauge';
import { BUILT_IN_MODELS, describeModel, findModel, modelStatus, type ModelInfo } from '../../../src/shared/modelInfo';

const info = (id: string, overrides: Partial<ModelInfo> = {}): ModelInfo => ({
  id,
  displayName: id,
  contextWindow: 200_000,
  maxOutputTokens: 64_000,
  capabilities: { image: false, pdf: false, thinking: false, adaptiveThinking: false, effort: [] },
  lifecycle: 'active',
  ...overrides,
});

describe('modelInfo: the built-in list, lookups and labels', () => {
  it('has the fallback list newest first, with claude-opus-5-5’s published limits and claude-sonnet-4-5 deprecated', () => {
    assert.deepEqual(BUILT_IN_MODELS.map((model) => model.id), [
      'claude-opus-5-5',
      'claude-sonnet-5-5',
      'claude-haiku-5-5',
      'claude-fable-5-2',
      'claude-fable-5-1',
      'claude-sonnet-5',
      'claude-opus-5',
      'claude-sonnet-4-5',
    ]);
    const opus = findModel(BUILT_IN_MODELS, 'claude-opus-5-5')!;
    assert.deepEqual([opus.contextWindow, opus.maxOutputTokens, opus.lifecycle], [1_000_000, 128_000, 'active']);
    const sonnet45 = findModel(BUILT_IN_MODELS, 'claude-sonnet-4-5')!;
    assert.deepEqual([sonnet45.lifecycle, sonnet45.retiresAt, sonnet45.capabilities.adaptiveThinking, sonnet45.capabilities.effort], ['deprecated', '2026-11-30T00:00:00Z', false, []]);
    for (const model of BUILT_IN_MODELS) {
      assert.ok(model.displayName.startsWith('Claude '), model.id);
      assert.ok(model.contextWindow >= 200_000 && model.maxOutputTokens >= 64_000 && model.maxOutputTokens < model.contextWindow, model.id);
    }
  });

  it('finds a model by id, a dated snapshot by its family, and a family by its dated entry', () => {
    const models = [info('claude-sonnet-5-5'), info('claude-haiku-4-5-20251001'), info('claude-opus-5')];
    assert.equal(findModel(models, 'claude-sonnet-5-5')?.id, 'claude-sonnet-5-5');
    assert.equal(findModel(models, ' claude-opus-5 ')?.id, 'claude-opus-5');
    assert.equal(findModel(models, 'claude-sonnet-5-5-20261104')?.id, 'claude-sonnet-5-5');
    assert.equal(findModel(models, 'claude-haiku-4-5')?.id, 'claude-haiku-4-5-20251001');
    assert.equal(findModel(models, 'claude-opus-5-5'), undefined, 'claude-opus-5 is not the family of claude-opus-5-5');
    assert.equal(findModel(models, 'claude-sonnet-5-5-2026'), undefined, 'a date has eight digits');
    assert.equal(findModel(models, 'claude-haiku-5-5'), undefined);
  });

  it('says where a model stands, and calls it missing only in a list read from the API', () => {
    const models = [info('a'), info('b', { lifecycle: 'deprecated' }), info('c', { lifecycle: 'retired' })];
    const api = { models, source: 'api' as const };
    assert.deepEqual(['a', 'b', 'c', 'gone', 'a-20260101'].map((id) => modelStatus(api, id)), ['listed', 'deprecated', 'retired', 'missing', 'listed']);
    assert.equal(modelStatus({ models, source: 'builtIn' }, 'gone'), 'listed', 'the built-in list does not know every model');
    assert.equal(modelStatus({ models, source: 'builtIn' }, 'b'), 'deprecated');
  });

  it('describes a model in one line: limits, then what it takes', () => {
    const full = info('x', { contextWindow: 1_000_000, maxOutputTokens: 128_000, capabilities: { image: true, pdf: true, thinking: true, adaptiveThinking: true, effort: ['low'] } });
    assert.equal(describeModel(full), '1M context · 128K out · thinking · images · PDFs');
    assert.equal(describeModel(info('y', { maxOutputTokens: 8_192 })), '200K context · 8.2K out');
    assert.equal(describeModel(info('z', { capabilities: { image: true, pdf: false, thinking: false, adaptiveThinking: false, effort: [] } })), '200K context · 64K out · images');
    assert.deepEqual([1_500_000, 999, 32_000].map(formatTokens), ['1.5M', '999', '32K']);
  });
});
