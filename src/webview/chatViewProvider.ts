import * as vscode from 'vscode';
import { Disposable } from '../util/disposable';
import type { ChatConnection } from './chatConnection';
import { attachChat } from './attachChat';
import type { ChatPageRoots } from './html';

export const CHAT_VIEW_ID = 'claudeChat.chatView';

export type ConnectionFactory = (webview: vscode.Webview) => ChatConnection;

/** The chat in the sidebar. Its page is rebuilt from host state whenever VS Code re-creates it. */
export class ChatViewProvider extends Disposable implements vscode.WebviewViewProvider {
  private connection: ChatConnection | undefined;

  constructor(
    private readonly roots: ChatPageRoots,
    private readonly connect: ConnectionFactory,
  ) {
    super();
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    // The new connection first, so the count of open views never drops to zero in between (that would stop an answer).
    const previous = this.connection;
    const connection = attachChat(view, view.onDidChangeVisibility, this.roots, this.connect, () => {
      if (this.connection === connection) this.connection = undefined;
    });
    this.connection = connection;
    previous?.dispose();
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
