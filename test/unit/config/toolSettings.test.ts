import assert from 'node:assert/strict';
import { DEFAULT_TOOL_SETTINGS, parseToolSettings, type ToolSettingValues } from '../../../src/config/toolSettings';

const none: ToolSettingValues = { enabled: [], autoApproveReads: [], maxRounds: [], sensitiveFiles: [] };

describe('parseToolSettings', () => {
  it('defaults: tools on, every call asks, 15 rounds, no extra sensitive files', () => {
    const problems: string[] = [];
    assert.deepEqual(parseToolSettings(none, problems), DEFAULT_TOOL_SETTINGS);
    assert.deepEqual(problems, []);
  });

  it('off in any scope is off: a workspace can turn tools off, and cannot turn them on over the user’s off', () => {
    assert.equal(parseToolSettings({ ...none, enabled: [{ value: false, scope: 'workspace' }, { value: true, scope: 'user' }] }, []).enabled, false);
    assert.equal(parseToolSettings({ ...none, enabled: [{ value: true, scope: 'workspace' }, { value: false, scope: 'user' }] }, []).enabled, false);
    assert.equal(parseToolSettings({ ...none, enabled: [{ value: true, scope: 'user' }] }, []).enabled, true);
  });

  it('auto-approval comes from the user’s settings only; a repository’s is ignored and said', () => {
    const problems: string[] = [];
    const fromRepo = parseToolSettings({ ...none, autoApproveReads: [{ value: true, scope: 'workspace' }] }, problems);
    assert.equal(fromRepo.autoApproveReads, false);
    assert.match(problems.join(' '), /ignored in workspace settings/);
    const container = parseToolSettings({ ...none, autoApproveReads: [{ value: true, scope: 'container' }] }, []);
    assert.equal(container.autoApproveReads, false, 'a devcontainer.json is the repository’s too');
    assert.equal(parseToolSettings({ ...none, autoApproveReads: [{ value: false, scope: 'workspaceFolder' }, { value: true, scope: 'user' }] }, []).autoApproveReads, true);
  });

  it('bounds the rounds and reports a bad value', () => {
    assert.equal(parseToolSettings({ ...none, maxRounds: [{ value: 3, scope: 'user' }] }, []).maxRounds, 3);
    for (const bad of [0, 101, 2.5, '4']) {
      const problems: string[] = [];
      assert.equal(parseToolSettings({ ...none, maxRounds: [{ value: bad, scope: 'user' }] }, problems).maxRounds, 15, String(bad));
      assert.equal(problems.length, 1);
    }
  });

  it('sensitive files add up over every scope, trimmed and without duplicates; a bad value is reported', () => {
    const problems: string[] = [];
    const settings = parseToolSettings(
      { ...none, sensitiveFiles: [{ value: ['config/secret/**', ' config/secret/** ', ''], scope: 'workspace' }, { value: ['*.vault'], scope: 'user' }, { value: 'oops', scope: 'workspaceFolder' }] },
      problems,
    );
    assert.deepEqual(settings.sensitiveFiles, ['config/secret/**', '*.vault']);
    assert.equal(problems.length, 1);
  });
});
