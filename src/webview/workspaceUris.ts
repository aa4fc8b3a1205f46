import * as vscode from 'vscode';
import type { ChatError } from '../shared/chatError';

/**
 * URIs the chat page posted (a drop from the Explorer, an `@` mention), split into the workspace's files and the
 * rest. The page renders model output and is not trusted to name any file on the machine: only files of this
 * workspace are attached this way; Attach Files… (Browse…) is how a file from elsewhere is picked, by the user, in
 * VS Code's own dialog. The refusal names the others.
 */
export function workspaceUris(uris: readonly string[]): { inside: vscode.Uri[]; refusal?: ChatError } {
  const inside: vscode.Uri[] = [];
  const outside: string[] = [];
  for (const text of uris) {
    let uri: vscode.Uri | undefined;
    try {
      uri = vscode.Uri.parse(text, true);
    } catch {
      uri = undefined;
    }
    if (uri && (uri.scheme === 'file' || uri.scheme === 'vscode-remote') && vscode.workspace.getWorkspaceFolder(uri)) inside.push(uri);
    else outside.push(printable(text.slice(0, 200)));
  }
  if (outside.length === 0) return { inside };
  const one = outside.length === 1;
  return {
    inside,
    refusal: {
      kind: 'invalidRequest',
      title: `${one ? 'A file' : `${outside.length} files`} from outside the workspace ${one ? 'was' : 'were'} not attached.`,
      detail: `Use the attach button's Browse… to pick files outside the workspace. (${outside.join(', ')})`,
      actions: [],
    },
  };
}

/** A string from the page as one log line: control characters could otherwise forge lines. */
export function printable(text: string): string {
  return text.replace(/\p{Cc}/gu, '\ufffd');
}
