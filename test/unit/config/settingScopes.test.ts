import assert from 'node:assert/strict';
import { effectiveValue, isWorkspaceRestricted } from '../../../src/config/settingScopes';

describe('effectiveValue', () => {
  it('takes the most specific scope that sets a value, and says which', () => {
    assert.deepEqual(effectiveValue({ globalValue: 'g', workspaceValue: 'w', workspaceFolderValue: 'f' }, true), { value: 'f', scope: 'workspaceFolder' });
    assert.deepEqual(effectiveValue({ globalValue: 'g', workspaceValue: 'w' }, true), { value: 'w', scope: 'workspace' });
    assert.deepEqual(effectiveValue({ globalValue: 'g' }, true), { value: 'g', scope: 'user' });
    assert.deepEqual(effectiveValue({}, true), { value: undefined, scope: 'default' });
    assert.deepEqual(effectiveValue(undefined, true), { value: undefined, scope: 'default' });
  });

  it('skips workspace and folder values when they are not allowed', () => {
    assert.deepEqual(effectiveValue({ globalValue: 'g', workspaceValue: 'w', workspaceFolderValue: 'f' }, false), { value: 'g', scope: 'user' });
    assert.deepEqual(effectiveValue({ workspaceValue: 'w' }, false), { value: undefined, scope: 'default' });
  });

  it('keeps a value that is set but empty or false (the user chose it)', () => {
    assert.deepEqual(effectiveValue({ globalValue: 'g', workspaceValue: '' }, true), { value: '', scope: 'workspace' });
    assert.deepEqual(effectiveValue({ globalValue: false }, true), { value: false, scope: 'user' });
  });

  it('restricts what could leak the key, steer every chat or raise the bill', () => {
    for (const key of ['baseUrl', 'systemPrompt', 'model', 'maxTokens', 'titles.model']) assert.ok(isWorkspaceRestricted(key), key);
    for (const key of ['streamIdleTimeoutSeconds', 'titles.enabled']) assert.ok(!isWorkspaceRestricted(key), key);
  });
});
