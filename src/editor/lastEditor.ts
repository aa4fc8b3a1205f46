import * as vscode from 'vscode';
import { Disposable } from '../util/disposable';

/**
 * The text editor the user worked in last. Clicking in the chat (an editor tab itself, when opened there) clears
 * `activeTextEditor`, but "insert at cursor" means the cursor the user left in their code.
 */
export class LastEditorTracker extends Disposable {
  private last: vscode.TextEditor | undefined = vscode.window.activeTextEditor;

  constructor() {
    super();
    this._register(
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor) this.last = editor;
      }),
    );
  }

  get editor(): vscode.TextEditor | undefined {
    const candidate = vscode.window.activeTextEditor ?? this.last;
    // A closed editor's document is gone: fall back to one still visible.
    if (candidate && !candidate.document.isClosed) return candidate;
    return vscode.window.visibleTextEditors[0];
  }
}
