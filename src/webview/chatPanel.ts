import * as vscode from 'vscode';
import { Disposable } from '../util/disposable';
import type { ConnectionFactory } from './chatViewProvider';
import { attachChat } from './attachChat';
import { webviewResourceRoots, type ChatPageRoots } from './html';

export const CHAT_PANEL_TYPE = 'claudeChat.chatPanel';

/**
 * The same chat as an editor tab. One tab at a time (the command reveals it if open); it shares the host's session
 * with the sidebar, and VS Code restores it after a reload through the serializer.
 */
export class ChatPanelManager extends Disposable implements vscode.WebviewPanelSerializer {
  private panel: vscode.WebviewPanel | undefined;

  constructor(
    private readonly roots: ChatPageRoots,
    private readonly connect: ConnectionFactory,
  ) {
    super();
    this._register(vscode.window.registerWebviewPanelSerializer(CHAT_PANEL_TYPE, this));
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  show(): void {
    if (this.panel) {
      this.panel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(CHAT_PANEL_TYPE, 'Claude Chat', vscode.ViewColumn.Beside, {
      enableScripts: true,
      localResourceRoots: webviewResourceRoots(this.roots),
    });
    this.attach(panel);
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel): Promise<void> {
    if (this.panel) {
      panel.dispose();
      return;
    }
    this.attach(panel);
  }

  override dispose(): void {
    this.panel?.dispose();
    super.dispose();
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    panel.iconPath = vscode.Uri.joinPath(this.roots.extensionUri, 'media', 'icons', 'claude-chat.svg');
    attachChat(panel, panel.onDidChangeViewState, this.roots, this.connect, () => {
      if (this.panel === panel) this.panel = undefined;
    });
  }
}
