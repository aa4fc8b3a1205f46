import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { COMMAND_IDS } from '../../src/commands/commandIds';
import { WORKSPACE_RESTRICTED_SETTINGS } from '../../src/config/settingScopes';
import { defaultCodeCommandSettings } from '../../src/config/settingsSchema';
import { BUILT_IN_COMMANDS } from '../../src/shared/codeCommandCatalog';

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));

describe('package.json manifest', () => {
  it('contributes exactly the commands the extension registers', () => {
    const contributed = manifest.contributes.commands.map((command: { command: string }) => command.command).sort();
    assert.deepEqual(contributed, Object.values(COMMAND_IDS).sort());
  });

  it('activates after startup, never on * (which would delay the window), so quick fixes work before the chat opens', () => {
    assert.ok(!manifest.activationEvents.includes('*'));
    assert.ok(manifest.activationEvents.includes('onView:claudeChat.chatView'));
    assert.ok(manifest.activationEvents.includes('onStartupFinished'));
  });

  it('puts every menu entry on a contributed command or submenu, and hides what cannot apply', () => {
    const commands = new Set(Object.values(COMMAND_IDS) as string[]);
    const submenus = new Set((manifest.contributes.submenus as { id: string }[]).map((submenu) => submenu.id));
    const menus = manifest.contributes.menus as Record<string, { command?: string; submenu?: string; when?: string }[]>;
    for (const [menu, items] of Object.entries(menus)) {
      for (const item of items) assert.ok(item.command ? commands.has(item.command) : submenus.has(item.submenu ?? ''), `${menu}: ${item.command ?? item.submenu}`);
    }
    const when = (menu: string, command: string) => menus[menu].find((item) => item.command === command)?.when ?? '';
    for (const id of ['refactor', 'fix', 'optimize', 'addDocumentation']) {
      assert.match(when('claudeChat.editorMenu', `claudeChat.${id}`), /!editorReadonly/, `${id} is hidden on read-only editors`);
      assert.match(when('commandPalette', `claudeChat.${id}`), /editorIsOpen && !editorReadonly/, `${id} needs a writable editor in the palette`);
    }
    for (const id of ['explain', 'findBugs', 'writeTests', 'askAboutSelection', 'addSelectionToChat']) assert.match(when('commandPalette', `claudeChat.${id}`), /editorIsOpen/, id);
    assert.match(when('claudeChat.editorMenu', 'claudeChat.fix'), /claudeChat\.editorHasProblems/, 'Fix needs problems');
    assert.match(when('commandPalette', 'claudeChat.fix'), /claudeChat\.editorHasProblems/);
    assert.equal(when('terminal/context', 'claudeChat.explainTerminalSelection'), 'terminalTextSelected');
    assert.match(when('claudeChat.explorerMenu', 'claudeChat.addDocumentationToFile'), /!explorerResourceIsFolder && !listMultiSelection/);
    // Commands that need their menu's arguments stay out of the palette.
    for (const id of ['fixWithClaude', 'explainProblem', 'explainFile', 'findBugsInFile', 'writeTestsForFile', 'addDocumentationToFile', 'askAboutFile']) {
      assert.equal(when('commandPalette', `claudeChat.${id}`), 'false', id);
    }
    assert.ok(menus['editor/context'].some((item) => item.submenu === 'claudeChat.editorMenu'));
    assert.ok(menus['explorer/context'].some((item) => item.submenu === 'claudeChat.explorerMenu'));
  });

  it('declares each built-in code command prompt with the built-in default', () => {
    const properties = manifest.contributes.configuration.properties;
    for (const [name, definition] of Object.entries(BUILT_IN_COMMANDS)) {
      assert.equal(properties[`claudeChat.codeCommands.${name}.systemPrompt`]?.default, definition.defaults.systemPrompt, name);
      assert.equal(properties[`claudeChat.codeCommands.${name}.template`]?.default, definition.defaults.template, name);
    }
    const defaults = defaultCodeCommandSettings();
    assert.equal(properties['claudeChat.codeCommands.answerIn'].default, defaults.answerIn);
    assert.equal(properties['claudeChat.codeCommands.wholeFileMaxLines'].default, defaults.wholeFileMaxLines);
    assert.equal(properties['claudeChat.promptFiles.enabled'].default, defaults.promptFiles);
  });

  it('restricts in untrusted workspaces exactly the settings SettingsService restricts', () => {
    const restricted: string[] = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;
    assert.deepEqual([...restricted].sort(), WORKSPACE_RESTRICTED_SETTINGS.map((key) => `claudeChat.${key}`).sort());
    const description: string = manifest.capabilities.untrustedWorkspaces.description;
    for (const key of restricted) {
      // The per-command prompt settings are named once, as a pattern.
      const named = /^claudeChat\.codeCommands\.\w+\.(systemPrompt|template)$/.test(key) ? 'claudeChat.codeCommands.<command>.systemPrompt and .template' : key;
      assert.ok(description.includes(named), `the description names ${key}`);
    }
  });

  it('has no setting that could hold the API key', () => {
    const settings = Object.keys(manifest.contributes.configuration.properties);
    assert.ok(settings.every((name) => !/api.?key|secret|password|credential|auth/i.test(name)), settings.join(', '));
  });
});
