import * as vscode from 'vscode';
import { buildCsp, createNonce } from './csp';

/** Where the chat page's files come from. */
export interface ChatPageRoots {
  extensionUri: vscode.Uri;
  /** The attachment store's folder: stored images are shown from there, read by VS Code from disk. */
  attachments?: vscode.Uri;
}

/** Folders the webview may load from: the built bundles, static media and stored attachments, nothing else. */
export function webviewResourceRoots(roots: ChatPageRoots): vscode.Uri[] {
  const folders = [vscode.Uri.joinPath(roots.extensionUri, 'dist'), vscode.Uri.joinPath(roots.extensionUri, 'media')];
  if (roots.attachments) folders.push(roots.attachments);
  return folders;
}

export function configureChatWebview(webview: vscode.Webview, roots: ChatPageRoots): void {
  webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: webviewResourceRoots(roots) };
  webview.html = chatHtml(webview, roots.extensionUri);
}

function chatHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = createNonce();
  const asset = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', file)).toString();
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${buildCsp(webview.cspSource, nonce)}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${asset('webview-style.css')}">
  <title>Claude Chat</title>
</head>
<body>
  <div id="app" class="app"></div>
  <script nonce="${nonce}" src="${asset('webview.js')}"></script>
</body>
</html>`;
}
