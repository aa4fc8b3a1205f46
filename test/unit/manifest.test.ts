import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { COMMAND_IDS } from '../../src/commands/commandIds';

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

  it('restricts the base URL in untrusted workspaces', () => {
    assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, ['claudeChat.baseUrl']);
  });

  it('has no setting that could hold the API key', () => {
    const settings = Object.keys(manifest.contributes.configuration.properties);
    assert.ok(settings.every((name) => !/api.?key|secret|password|credential|auth/i.test(name)), settings.join(', '));
  });
});
