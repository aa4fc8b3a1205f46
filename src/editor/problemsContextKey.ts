import * as vscode from 'vscode';
import { Disposable } from '../util/disposable';

/** Context key for `when` clauses: the active editor's file has problems, so Fix has something to work from. */
export const PROBLEMS_CONTEXT_KEY = 'claudeChat.editorHasProblems';

/** Keeps PROBLEMS_CONTEXT_KEY true exactly while the active text editor's document has diagnostics. */
export class ProblemsContextKey extends Disposable {
  private current: boolean | undefined;

  constructor() {
    super();
    this._register(vscode.window.onDidChangeActiveTextEditor(() => this.update()));
    this._register(
      vscode.languages.onDidChangeDiagnostics((event) => {
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        if (active !== undefined && event.uris.some((uri) => uri.toString() === active)) this.update();
      }),
    );
    this.update();
  }

  private update(): void {
    const document = vscode.window.activeTextEditor?.document;
    // An editor losing focus to the chat or a panel keeps its value: the palette and menus act on the last editor.
    if (!document) return;
    const hasProblems = vscode.languages.getDiagnostics(document.uri).length > 0;
    if (hasProblems === this.current) return;
    this.current = hasProblems;
    void vscode.commands.executeCommand('setContext', PROBLEMS_CONTEXT_KEY, hasProblems);
  }
}
