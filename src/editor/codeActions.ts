import * as vscode from 'vscode';
import type { CodeAction } from '../shared/protocol';
import { Disposable } from '../util/disposable';
import { DiffReview, REVIEW_CHOICES } from './diffReview';
import { fileExtensionFor } from './languageFiles';
import type { LastEditorTracker } from './lastEditor';

export interface CodeActionOptions {
  /** Asks whether to apply a shown diff; a test answers it directly. */
  confirm?: (question: string) => Promise<boolean>;
  /** Where Save as New File writes; a dialog asks when absent. */
  saveTo?: vscode.Uri;
}

/** Carries out a code block's toolbar action in the editor: copy, insert at the cursor, apply through a diff, save. */
export class CodeActions extends Disposable {
  private readonly review: DiffReview;

  /** `review` is the extension's one DiffReview, so the diff's Accept and Reject buttons reach these proposals too. */
  constructor(
    private readonly editors: LastEditorTracker,
    review?: DiffReview,
  ) {
    super();
    this.review = review ?? this._register(new DiffReview());
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
    const wholeDocument = editor.selection.isEmpty;
    const range = wholeDocument ? fullRange(document) : new vscode.Range(editor.selection.start, editor.selection.end);
    const proposal = { uri: document.uri, range, originalText: document.getText(range), version: document.version, proposedText: code, commandTitle: 'Code block', wholeDocument };
    const { confirm } = options;
    if (!confirm) {
      await this.review.review(proposal);
      return;
    }
    const question = `Apply Claude's code to ${wholeDocument ? 'the whole file' : 'the selection'} of ${vscode.workspace.asRelativePath(document.uri)}?`;
    // confirm answers only whether to apply; anything else the review asks is left unanswered, which declines it.
    const ask = async (_message: string, ...items: string[]) =>
      items.includes(REVIEW_CHOICES.accept) ? ((await confirm(question)) ? REVIEW_CHOICES.accept : REVIEW_CHOICES.reject) : undefined;
    await this.review.review(proposal, { ask });
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
