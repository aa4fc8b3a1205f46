import assert from 'node:assert/strict';
import { readTerminalSelection, terminalSnippet } from '../../../src/editor/terminalSelection';
import { commands, env, fake } from '../../fakes/vscode';

/** A terminal whose copySelection command behaves like VS Code's: copies the selection if there is one. */
function terminalWithSelection(selection: string | undefined): void {
  commands.registerCommand('workbench.action.terminal.copySelection', async () => {
    if (selection !== undefined) await env.clipboard.writeText(selection);
  });
}

describe('readTerminalSelection', () => {
  beforeEach(() => fake.reset());

  it('returns the selected text and puts the clipboard back as it was', async () => {
    fake.clipboard = 'what the user copied';
    terminalWithSelection('npm ERR! code ELIFECYCLE\n');
    assert.equal(await readTerminalSelection(), 'npm ERR! code ELIFECYCLE\n');
    assert.equal(fake.clipboard, 'what the user copied');
    assert.ok(fake.executedCommands.some((call) => call.id === 'workbench.action.terminal.copySelection'));
  });

  it('returns undefined when nothing is selected, and the clipboard is unchanged', async () => {
    fake.clipboard = 'kept';
    terminalWithSelection(undefined);
    assert.equal(await readTerminalSelection(), undefined);
    assert.equal(fake.clipboard, 'kept');
  });

  it('tells a selection equal to the clipboard apart from no selection', async () => {
    fake.clipboard = 'same text';
    terminalWithSelection('same text');
    assert.equal(await readTerminalSelection(), 'same text');
  });

  it('returns undefined when the copy fails, still restoring the clipboard', async () => {
    fake.clipboard = 'kept';
    commands.registerCommand('workbench.action.terminal.copySelection', () => {
      throw new Error('no terminal');
    });
    assert.equal(await readTerminalSelection(), undefined);
    assert.equal(fake.clipboard, 'kept');
  });

  it('makes a terminal snippet without path, counting lines without a final newline', () => {
    assert.deepEqual(terminalSnippet('a\nb\n'), { path: '', language: 'plaintext', startLine: 1, endLine: 2, text: 'a\nb\n', origin: 'terminal', diagnostics: [] });
  });
});
