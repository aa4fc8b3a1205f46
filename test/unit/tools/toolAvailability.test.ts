import assert from 'node:assert/strict';
import { currentToolAvailability, toolAvailability } from '../../../src/tools/toolAvailability';
import { fake, Uri, workspace } from '../../fakes/vscode';

describe('toolAvailability', () => {
  const ready = { enabledSetting: true, trusted: true, folderSchemes: ['file'] };

  it('offers the tools in a trusted workspace of local folders with the setting on', () => {
    assert.deepEqual(toolAvailability(ready), { available: true });
    assert.deepEqual(toolAvailability({ ...ready, folderSchemes: ['file', 'file'] }), { available: true });
  });

  it('gives the first reason they are off: the setting, trust, no folder, a virtual folder', () => {
    assert.deepEqual(toolAvailability({ ...ready, enabledSetting: false, trusted: false }), { available: false, reason: 'Workspace tools are turned off (claudeChat.tools.enabled).' });
    assert.deepEqual(toolAvailability({ ...ready, trusted: false, folderSchemes: [] }), {
      available: false,
      reason: 'Workspace tools are off because this workspace is not trusted; trust it to let Claude read its files.',
    });
    assert.deepEqual(toolAvailability({ ...ready, folderSchemes: [] }), {
      available: false,
      reason: 'Workspace tools are off because there is no folder open; open a folder to let Claude read its files.',
    });
    assert.deepEqual(toolAvailability({ ...ready, folderSchemes: ['file', 'vscode-vfs'] }), {
      available: false,
      reason: 'Workspace tools are off because this is a virtual workspace (vscode-vfs:), whose files the tools cannot read; open a local folder instead.',
    });
  });

  describe('currentToolAvailability', () => {
    afterEach(() => fake.reset());

    it('reads trust and the folders from VS Code', () => {
      fake.reset();
      assert.equal(currentToolAvailability(true).available, false, 'no folder');
      workspace.workspaceFolders = [{ uri: Uri.file('/tmp/project'), name: 'project', index: 0 }];
      assert.deepEqual(currentToolAvailability(true), { available: true });
      assert.deepEqual(currentToolAvailability(false), { available: false, reason: 'Workspace tools are turned off (claudeChat.tools.enabled).' });
      fake.setTrusted(false);
      assert.match((currentToolAvailability(true) as { reason: string }).reason, /not trusted/);
      fake.setTrusted(true);
      workspace.workspaceFolders = [{ uri: Uri.parse('vscode-vfs://github/o/r'), name: 'r', index: 0 }];
      assert.match((currentToolAvailability(true) as { reason: string }).reason, /virtual workspace \(vscode-vfs:\)/);
    });
  });
});
