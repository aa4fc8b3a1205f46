import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  collisions,
  contributedKeyFor,
  normalizeKey,
  parseKeybindingsText,
  whenTerms,
  type ContributedKeybinding,
  type KeybindingEntry,
} from '../helpers/keybindingCollisions';
import { waitFor } from '../helpers/waitFor';

const EXTENSION_ID = 'claude-chat-dev.claude-chat';

function isDefaultKeybindings(uri: vscode.Uri): boolean {
  return uri.scheme === 'vscode' && uri.path.endsWith('/keybindings.json');
}

// The fixtures in test/fixtures/defaultKeybindings are a snapshot; this reads the list of the VS Code actually running,
// so a binding a newer VS Code adds on Linux is caught here.
describe('Keybindings against the live default keybindings of VS Code', function () {
  this.timeout(60_000);
  let live: KeybindingEntry[] = [];
  let ours: ContributedKeybinding[] = [];

  before(async () => {
    ours = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON.contributes.keybindings ?? [];
    await vscode.commands.executeCommand('workbench.action.openDefaultKeybindingsFile');
    let document: vscode.TextDocument | undefined;
    await waitFor(() => (document = vscode.workspace.textDocuments.find((candidate) => isDefaultKeybindings(candidate.uri))) !== undefined, 'the default keybindings document');
    live = parseKeybindingsText(document!.getText());
    const tabs = vscode.window.tabGroups.all
      .flatMap((group) => group.tabs)
      .filter((tab) => tab.input instanceof vscode.TabInputText && isDefaultKeybindings(tab.input.uri));
    await vscode.window.tabGroups.close(tabs);
  });

  it('reads the whole Linux list of the running VS Code', () => {
    assert.ok(live.length > 1000, `${live.length} keybindings`);
    const palette = live.filter((entry) => entry.command === 'workbench.action.showCommands').map((entry) => entry.key);
    assert.ok(palette.includes('ctrl+shift+p'), `the Linux command palette key: ${palette.join(', ')}`);
  });

  it('contributes keys that collide with no default keybinding', () => {
    const defaults = live.filter((entry) => !entry.command.startsWith('claudeChat.'));
    assert.equal(ours.length, 3);
    for (const binding of ours) {
      const key = contributedKeyFor(binding, 'linux')!;
      const hits = collisions(key, defaults).map((entry) => `${entry.key} → ${entry.command}`);
      assert.deepEqual(hits, [], `${binding.command} (${key})`);
    }
    console.log(`      checked against ${defaults.length} default keybindings of VS Code ${vscode.version}`);
  });

  it('has VS Code resolve each contributed key and when clause as written', () => {
    // The default list includes extensions' keybindings as VS Code parsed them: a key string it could not read is absent.
    for (const binding of ours) {
      const resolved = live.filter((entry) => entry.command === binding.command);
      assert.deepEqual(
        resolved.map((entry) => ({ key: normalizeKey(entry.key), when: whenTerms(entry.when) })),
        [{ key: normalizeKey(contributedKeyFor(binding, 'linux')!), when: whenTerms(binding.when) }],
        binding.command,
      );
    }
  });
});
