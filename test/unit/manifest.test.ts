import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { COMMAND_IDS } from '../../src/commands/commandIds';
import { WORKSPACE_RESTRICTED_SETTINGS } from '../../src/config/settingScopes';

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));

describe('package.json manifest', () => {
  it('contributes exactly the commands the extension registers', () => {
    const contributed = manifest.contributes.commands.map((command: { command: string }) => command.command).sort();
    assert.deepEqual(contributed, Object.values(COMMAND_IDS).sort());
  });

  it('activates lazily, never on *', () => {
    assert.ok(!manifest.activationEvents.includes('*'));
    assert.ok(manifest.activationEvents.includes('onView:claudeChat.chatView'));
  });

  it('restricts in untrusted workspaces exactly the settings SettingsService restricts', () => {
    const restricted: string[] = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;
    assert.deepEqual([...restricted].sort(), WORKSPACE_RESTRICTED_SETTINGS.map((key) => `claudeChat.${key}`).sort());
    for (const key of restricted) assert.ok(manifest.capabilities.untrustedWorkspaces.description.includes(key), `the description names ${key}`);
  });

  it('has no setting that could hold the API key', () => {
    const settings = Object.keys(manifest.contributes.configuration.properties);
    assert.ok(settings.every((name) => !/api.?key|secret|password|credential|auth/i.test(name)), settings.join(', '));
  });
});
