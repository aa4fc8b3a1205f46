import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { ClaudeChatApi } from '../../src/extension';

describe('code-block actions in a real VS Code extension host', function () {
  this.timeout(30_000);
  let api: ClaudeChatApi;
  let scratch: string;

  before(async () => {
    api = await vscode.extensions.getExtension<ClaudeChatApi>('claude-chat-dev.claude-chat')!.activate();
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-chat-code-'));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // The workbench may still be writing into it (a file just saved and opened): retried on ENOTEMPTY and the like.
    fs.rmSync(scratch, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  });

  async function editorWith(text: string, file = `f${Date.now()}.py`): Promise<vscode.TextEditor> {
    const uri = vscode.Uri.file(path.join(scratch, file));
    fs.writeFileSync(uri.fsPath, text);
    return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  }

  it('copies through the host clipboard', async () => {
    await api.codeActions.run('copy', 'print("copied")', 'python');
    assert.equal(await vscode.env.clipboard.readText(), 'print("copied")');
  });

  it('inserts at the cursor of the editor the user was in', async () => {
    const editor = await editorWith('a = 1\nb = 2\n');
    editor.selection = new vscode.Selection(1, 0, 1, 0);
    await api.codeActions.run('insert', 'inserted = True\n', 'python');
    assert.equal(editor.document.getText(), 'a = 1\ninserted = True\nb = 2\n');
  });

  it('applies to the selection through a diff, on accept', async () => {
    const editor = await editorWith('def f():\n    return 1\n');
    editor.selection = new vscode.Selection(1, 4, 1, 12);
    const asked: string[] = [];
    let diffShown = false;
    await api.codeActions.run('apply', 'return 2', 'python', {
      confirm: async (question) => {
        asked.push(question);
        // Asked while the diff is open (it closes once the user decides).
        diffShown = vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((tab) => tab.input instanceof vscode.TabInputTextDiff);
        return true;
      },
    });
    assert.equal(editor.document.getText(), 'def f():\n    return 2\n');
    assert.match(asked[0], /the selection/);
    assert.ok(diffShown, 'the change was shown as a diff first');
  });

  it('replaces the whole file when nothing is selected, and changes nothing when declined', async () => {
    const editor = await editorWith('old content\n');
    await api.codeActions.run('apply', 'new content\n', 'text', { confirm: async () => false });
    assert.equal(editor.document.getText(), 'old content\n');
    await vscode.window.showTextDocument(editor.document);
    await api.codeActions.run('apply', 'new content\n', 'text', { confirm: async () => true });
    assert.equal(editor.document.getText(), 'new content\n');
  });

  it('does not apply over changes made while the diff was open', async () => {
    const editor = await editorWith('x = 1\n');
    await api.codeActions.run('apply', 'x = 2\n', 'python', {
      confirm: async () => {
        // The user types in the file while the diff is open.
        const edit = new vscode.WorkspaceEdit();
        edit.insert(editor.document.uri, new vscode.Position(0, 0), '# user edit\n');
        await vscode.workspace.applyEdit(edit);
        return true;
      },
    });
    assert.equal(editor.document.getText(), '# user edit\nx = 1\n');
  });

  it('saves as a new file and opens it', async () => {
    const target = vscode.Uri.file(path.join(scratch, 'snippet.ts'));
    await api.codeActions.run('save', 'export const answer = 42;', 'ts', { saveTo: target });
    assert.equal(fs.readFileSync(target.fsPath, 'utf8'), 'export const answer = 42;\n');
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, target.fsPath);
  });
});
