import assert from 'node:assert/strict';
import { effectiveValue, isChosenByRepository, isWorkspaceRestricted, scopedValues, userScopeFor } from '../../../src/config/settingScopes';

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

  it('in a container a repository can configure, gives the user scope as the container’s', () => {
    assert.deepEqual(effectiveValue({ globalValue: 'g' }, true, 'container'), { value: 'g', scope: 'container' });
    for (const remoteName of ['dev-container', 'attached-container', 'k8s-container', 'codespaces']) assert.equal(userScopeFor(remoteName), 'container', remoteName);
    for (const remoteName of [undefined, 'ssh-remote', 'wsl', 'tunnel', '127.0.0.1:8080', 'localhost:8080']) assert.equal(userScopeFor(remoteName), 'user', remoteName);
    for (const scope of ['workspace', 'workspaceFolder', 'container'] as const) assert.ok(isChosenByRepository(scope), scope);
    for (const scope of ['default', 'user'] as const) assert.ok(!isChosenByRepository(scope), scope);
  });

  it('lists every scope that sets a value, most specific first, for a fallback past an unusable one', () => {
    assert.deepEqual(scopedValues({ globalValue: 'g', workspaceValue: '', workspaceFolderValue: 'f' }, true), [
      { value: 'f', scope: 'workspaceFolder' },
      { value: '', scope: 'workspace' },
      { value: 'g', scope: 'user' },
    ]);
    assert.deepEqual(scopedValues({ globalValue: 'g', workspaceValue: 'w' }, false, 'container'), [{ value: 'g', scope: 'container' }]);
    assert.deepEqual(scopedValues(undefined, true), []);
  });

  it('restricts what could leak the key, steer every chat or raise the bill', () => {
    for (const key of ['baseUrl', 'systemPrompt', 'model', 'maxTokens', 'titles.model']) assert.ok(isWorkspaceRestricted(key), key);
    for (const key of ['streamIdleTimeoutSeconds', 'titles.enabled']) assert.ok(!isWorkspaceRestricted(key), key);
  });
});
