import * as vscode from 'vscode';
import type { CodeAction } from '../shared/protocol';
import { Disposable } from '../util/disposable';
import { fileExtensionFor } from './languageFiles';
import type { LastEditorTracker } from './lastEditor';

const PROPOSAL_SCHEME = 'claude-chat-proposal';

export interface CodeActionOptions {
  /** Asks whether to apply a shown diff; a test answers it directly. */
  confirm?: (question: string) => Promise<boolean>;
  /** Where Save as New File writes; a dialog asks when absent. */
  saveTo?: vscode.Uri;
}

/** Carries out a code block's toolbar action in the editor: copy, insert at the cursor, apply through a diff, save. */
export class CodeActions extends Disposable {
  private readonly proposals = new Map<string, string>();
  private proposalCounter = 0;

  constructor(private readonly editors: LastEditorTracker) {
    super();
    const provider: vscode.TextDocumentContentProvider = { provideTextDocumentContent: (uri) => this.proposals.get(uri.path) ?? '' };
    this._register(vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, provider));
  }

  async run(action: CodeAction, code: string, language: string, options: CodeActionOptions = {}): Promise<void> {
    switch (action) {
      case 'copy':
        await vscode.env.clipboard.writeText(code);
        vscode.window.setStatusBarMessage('$(check) Code copied', 2000);
        return;
      case 'insert':
        return this.insert(code);
      case 'apply':
        return this.apply(code, language, options);
      case 'save':
        return this.save(code, language, options);
    }
  }

  private async insert(code: string): Promise<void> {
    const editor = this.editors.editor;
    if (!editor) {
      void vscode.window.showInformationMessage('Claude Chat: open a file and place the cursor where the code should go.');
      return;
    }
    await vscode.window.showTextDocument(editor.document, editor.viewColumn);
    await editor.edit((edit) => {
      for (const selection of editor.selections) edit.replace(selection, code);
    });
  }

  /** Shows the change as a diff (the selection, or the whole file, replaced by the code) and applies it on accept. */
  private async apply(code: string, language: string, options: CodeActionOptions): Promise<void> {
    const editor = this.editors.editor;
    if (!editor) return this.save(code, language, options);
    const document = editor.document;
    const version = document.version;
    const range = editor.selection.isEmpty ? fullRange(document) : new vscode.Range(editor.selection.start, editor.selection.end);
    const proposed = document.getText(new vscode.Range(document.positionAt(0), range.start)) + code + document.getText(new vscode.Range(range.end, fullRange(document).end));
    const path = `/${++this.proposalCounter}/${document.uri.path.split('/').pop() ?? 'proposal'}`;
    this.proposals.set(path, proposed);
    const scope = editor.selection.isEmpty ? 'the whole file' : 'the selection';
    await vscode.commands.executeCommand('vscode.diff', document.uri, vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path }), `${vscode.workspace.asRelativePath(document.uri)} ↔ Claude's code (${scope})`);
    const confirm = options.confirm ?? ((question: string) => vscode.window.showInformationMessage(question, 'Apply', 'Discard').then((choice) => choice === 'Apply'));
    const accepted = await confirm(`Apply Claude's code to ${scope} of ${vscode.workspace.asRelativePath(document.uri)}?`);
    this.proposals.delete(path);
    if (!accepted) return;
    if (document.version !== version) {
      void vscode.window.showWarningMessage('Claude Chat: the file changed while the diff was open; nothing was applied. Apply again to see the new diff.');
      return;
    }
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, range, code);
    if (!(await vscode.workspace.applyEdit(edit))) void vscode.window.showErrorMessage('Claude Chat: the change could not be applied.');
  }

  private async save(code: string, language: string, options: CodeActionOptions): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `snippet.${fileExtensionFor(language)}`;
    const target = options.saveTo ?? (await vscode.window.showSaveDialog({ title: 'Save code as', defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined }));
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(code.endsWith('\n') ? code : `${code}\n`));
    await vscode.window.showTextDocument(target);
  }
}

function fullRange(document: vscode.TextDocument): vscode.Range {
  return new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
}
