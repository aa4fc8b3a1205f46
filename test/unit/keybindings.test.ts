import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  KEYBINDING_PLATFORMS,
  collisions,
  contributedKeyFor,
  normalizeKey,
  type ContributedKeybinding,
  type KeybindingEntry,
  type KeybindingPlatform,
} from '../helpers/keybindingCollisions';

const root = path.join(__dirname, '..', '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const contributed: ContributedKeybinding[] = manifest.contributes.keybindings ?? [];

function defaultsFor(platform: KeybindingPlatform): KeybindingEntry[] {
  return JSON.parse(fs.readFileSync(path.join(root, 'test', 'fixtures', 'defaultKeybindings', `${platform}.json`), 'utf8'));
}

const COMMAND_PALETTE: Record<KeybindingPlatform, string> = { linux: 'ctrl+shift+p', windows: 'ctrl+shift+p', macos: 'shift+cmd+p' };

describe('contributed keybindings', () => {
  it('bind Open Chat everywhere, Ask About Selection in a focused editor, Add Selection to Chat only with a selection', () => {
    const when = Object.fromEntries(contributed.map((binding) => [binding.command, binding.when ?? '']));
    assert.deepEqual(when, {
      'claudeChat.openChat': '',
      'claudeChat.askAboutSelection': 'editorTextFocus',
      'claudeChat.addSelectionToChat': 'editorTextFocus && editorHasSelection',
    });
  });

  for (const platform of KEYBINDING_PLATFORMS) {
    describe(`on ${platform}`, () => {
      const defaults = defaultsFor(platform);

      it('are checked against the whole default list', () => {
        assert.ok(defaults.length > 1000, `${defaults.length} defaults`);
        assert.ok(defaults.every((entry) => typeof entry.key === 'string' && typeof entry.command === 'string'));
        const palette = defaults.filter((entry) => entry.command === 'workbench.action.showCommands').map((entry) => entry.key);
        assert.ok(palette.includes(COMMAND_PALETTE[platform]), `the list is this platform’s: ${palette.join(', ')}`);
      });

      it('collide with no default keybinding', () => {
        assert.equal(contributed.length, 3);
        for (const binding of contributed) {
          const key = contributedKeyFor(binding, platform);
          assert.ok(key, `${binding.command} has a key on ${platform}`);
          const hits = collisions(key, defaults).map((entry) => `${entry.key} → ${entry.command}`);
          assert.deepEqual(hits, [], `${binding.command} (${key}) collides on ${platform}`);
        }
      });

      it('collide with each other neither', () => {
        const ours = contributed.map((binding) => ({ key: contributedKeyFor(binding, platform)!, command: binding.command }));
        for (const binding of ours) {
          const others = ours.filter((other) => other !== binding);
          assert.deepEqual(collisions(binding.key, others), [], `${binding.command} (${binding.key})`);
        }
      });
    });
  }
});

describe('keybinding collision check', () => {
  const linux = defaultsFor('linux');
  const macos = defaultsFor('macos');
  const commandsOf = (entries: KeybindingEntry[]) => [...new Set(entries.map((entry) => entry.command))];

  it('reads modifiers in any order and case, and cmd, win and meta as one key', () => {
    assert.deepEqual(normalizeKey('Shift+Ctrl+P'), ['ctrl+shift+p']);
    assert.deepEqual(normalizeKey('cmd+K  alt+CMD+c'), ['meta+k', 'alt+meta+c']);
    assert.deepEqual(normalizeKey('win+shift+a'), normalizeKey('shift+meta+a'));
    assert.deepEqual(normalizeKey('ctrl++'), ['ctrl++']);
    assert.ok(commandsOf(collisions('Shift+Ctrl+P', linux)).includes('workbench.action.showCommands'));
    assert.ok(commandsOf(collisions('cmd+shift+p', macos)).includes('workbench.action.showCommands'));
  });

  it('counts a single key that starts default chords as a collision (it would swallow them)', () => {
    assert.ok(collisions('ctrl+k', linux).some((entry) => entry.key === 'ctrl+k ctrl+c'));
  });

  it('lets a chord share a known prefix but not the whole chord', () => {
    assert.deepEqual(commandsOf(collisions('ctrl+k ctrl+c', linux)), ['editor.action.addCommentLine', 'notebook.cell.collapseCellInput', 'notebook.cell.expandCellInput']);
    assert.deepEqual(commandsOf(collisions('CTRL+K Z', linux)), ['workbench.action.toggleZenMode']);
  });

  it('counts a chord whose first key is bound on its own as a collision', () => {
    assert.ok(commandsOf(collisions('ctrl+p x', linux)).includes('workbench.action.quickOpen'));
    // macOS binds ctrl+k (delete to line end), so the Windows/Linux chords need a cmd+k `mac` key there.
    assert.ok(commandsOf(collisions('ctrl+k l', macos)).includes('deleteAllRight'));
  });
});
