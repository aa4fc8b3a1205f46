import * as vscode from 'vscode';
import { Disposable } from '../util/disposable';

/** The scheme of the inspector's documents; only this provider serves it, so they open read-only. */
export const INSPECT_SCHEME = 'claude-chat-inspect';

/**
 * How many documents are held. Each is a whole request (a long conversation's text), so the map is bounded; the
 * oldest goes first, and an editor still showing it keeps the text it already has.
 */
export const MAX_INSPECTOR_DOCUMENTS = 20;

/** What a document no longer held shows if VS Code asks for it again (after a window reload, say). */
export const EVICTED_DOCUMENT_TEXT = `${JSON.stringify({ note: 'Claude Chat no longer holds this document: open it again from the answer’s Inspect menu.' }, null, 2)}\n`;

/**
 * Read-only JSON documents of the API inspector (Show Request, Show Response), served from memory by a
 * TextDocumentContentProvider: nothing is written to disk, and VS Code offers no way to edit or save over them.
 */
export class InspectorDocuments extends Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = this._register(new vscode.EventEmitter<vscode.Uri>());

  constructor() {
    super();
    this._register(
      vscode.workspace.registerTextDocumentContentProvider(INSPECT_SCHEME, {
        onDidChange: this.changed.event,
        provideTextDocumentContent: (uri) => this.contents.get(uri.toString()) ?? EVICTED_DOCUMENT_TEXT,
      }),
    );
  }

  /** The document's address: its name is the editor tab's title, e.g. `request-msg_1.json`. */
  static uriFor(name: string): vscode.Uri {
    return vscode.Uri.from({ scheme: INSPECT_SCHEME, path: `/${name}` });
  }

  /** What the document named `name` holds now, if it is still held. */
  contentOf(name: string): string | undefined {
    return this.contents.get(InspectorDocuments.uriFor(name).toString());
  }

  /** Opens (or refreshes and shows) the JSON document `name` with `content`, in a preview editor. */
  async show(name: string, content: string): Promise<vscode.TextEditor> {
    const uri = InspectorDocuments.uriFor(name);
    const key = uri.toString();
    const previous = this.contents.get(key);
    // Re-inserted, so the map's order is least recently shown first: that is the one evicted.
    this.contents.delete(key);
    this.contents.set(key, content);
    while (this.contents.size > MAX_INSPECTOR_DOCUMENTS) this.contents.delete(this.contents.keys().next().value as string);
    // A document already open (the response arrived since it was shown) shows the new text.
    if (previous !== undefined && previous !== content) this.changed.fire(uri);
    let document = await vscode.workspace.openTextDocument(uri);
    if (document.languageId !== 'json') document = await vscode.languages.setTextDocumentLanguage(document, 'json');
    return vscode.window.showTextDocument(document, { preview: true });
  }
}
