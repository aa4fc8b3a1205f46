import * as vscode from 'vscode';
import { Disposable } from '../util/disposable';
import { ChatConnection } from './chatConnection';
import { configureChatWebview } from './html';

export const CHAT_VIEW_ID = 'claudeChat.chatView';

export type ConnectionFactory = (webview: vscode.Webview) => ChatConnection;

/** The chat in the sidebar. Its page is rebuilt from host state whenever VS Code re-creates it. */
export class ChatViewProvider extends Disposable implements vscode.WebviewViewProvider {
  private connection: ChatConnection | undefined;
  private view: vscode.WebviewView | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly connect: ConnectionFactory,
  ) {
    super();
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    // The new connection first, so the count of open views never drops to zero in between (that would stop an answer).
    const previous = this.connection;
    this.view = view;
    configureChatWebview(view.webview, this.extensionUri);
    const connection = this.connect(view.webview);
    this.connection = connection;
    previous?.dispose();
    const visibility = view.onDidChangeVisibility(() => {
      if (!view.visible) connection.markNotReady();
    });
    view.onDidDispose(() => {
      visibility.dispose();
      connection.dispose();
      if (this.connection === connection) this.connection = undefined;
      if (this.view === view) this.view = undefined;
    });
  }

  /** Shows the sidebar chat and puts the cursor in its composer. */
  async reveal(): Promise<void> {
    await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
    this.connection?.focusComposer();
  }

  override dispose(): void {
    this.connection?.dispose();
    super.dispose();
  }
}
