import assert from 'node:assert/strict';
import { BUILT_IN_MODELS, type ModelInfo, type ModelList } from '../../../src/shared/modelInfo';
import { modelNotice } from '../../../src/shared/modelNotice';

const active = BUILT_IN_MODELS.find((model) => model.lifecycle === 'active')!;
const retired: ModelInfo = { ...active, id: 'claude-opus-4-1', lifecycle: 'retired', retiresAt: '2026-08-05T00:00:00Z' };
const deprecated: ModelInfo = { ...active, id: 'claude-sonnet-4-5', lifecycle: 'deprecated', retiresAt: '2026-11-30T00:00:00Z' };
const fromApi: ModelList = { models: [active, retired, deprecated], source: 'api', fetchedAt: 0 };

describe('modelNotice', () => {
  it('says when the endpoint no longer lists the model, or it is retired', () => {
    assert.match(modelNotice(fromApi, 'claude-gone-1') ?? '', /^claude-gone-1 is not among the models this endpoint offers/);
    assert.equal(modelNotice(fromApi, 'claude-opus-4-1'), 'claude-opus-4-1 was retired on 2026-08-05: pick another model for this conversation.');
  });

  it('says nothing for a listed or deprecated model, a fallback list, or no list yet', () => {
    assert.equal(modelNotice(fromApi, active.id), undefined);
    assert.equal(modelNotice(fromApi, `${active.id}-20261101`), undefined, 'a dated snapshot of a listed family');
    assert.equal(modelNotice(fromApi, 'claude-sonnet-4-5'), undefined);
    assert.equal(modelNotice({ ...fromApi, source: 'builtIn' }, 'claude-gone-1'), undefined);
    assert.equal(modelNotice(undefined, 'claude-gone-1'), undefined);
  });
});
