import type * as vscode from 'vscode';
import type { ChatConnection } from './chatConnection';
import { configureChatWebview, type ChatPageRoots } from './html';

/** What the sidebar view and the editor tab have in common. */
export interface ChatWebviewHost {
  readonly webview: vscode.Webview;
  readonly visible: boolean;
  readonly onDidDispose: vscode.Event<void>;
}

/**
 * Puts the chat page into a webview and ties a connection to its life: hidden means the page is gone and must
 * ask for state again; disposed means the view was closed.
 */
export function attachChat(
  host: ChatWebviewHost,
  onDidChangeVisibility: vscode.Event<unknown>,
  roots: ChatPageRoots,
  connect: (webview: vscode.Webview) => ChatConnection,
  onClosed: () => void,
): ChatConnection {
  configureChatWebview(host.webview, roots);
  const connection = connect(host.webview);
  const visibility = onDidChangeVisibility(() => {
    if (!host.visible) connection.markNotReady();
  });
  host.onDidDispose(() => {
    visibility.dispose();
    connection.dispose();
    onClosed();
  });
  return connection;
}
