import * as vscode from 'vscode';
import { resolveToolPath } from './workspacePath';
import { localFolders } from './workspaceTools';

/**
 * Opens the file a tool row's chip names, at the line it read from. The path comes from the page, so it is resolved
 * inside the workspace again, with the same rules as the tools; anything else is refused and logged.
 */
export async function openToolFile(path: string, line: number | undefined, log: vscode.LogOutputChannel): Promise<void> {
  const resolved = await resolveToolPath(path, await localFolders());
  if (!resolved.ok) {
    log.warn(`Did not open a tool row's file: ${resolved.reason}`);
    void vscode.window.showWarningMessage(`Claude Chat: cannot open ${path.slice(0, 200)}. ${resolved.reason}`);
    return;
  }
  const position = new vscode.Position(Math.max(0, (line ?? 1) - 1), 0);
  await vscode.window.showTextDocument(vscode.Uri.file(resolved.fsPath), { preview: true, selection: new vscode.Range(position, position) });
}
