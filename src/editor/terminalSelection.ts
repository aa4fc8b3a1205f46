import * as vscode from 'vscode';
import type { CodeSnippet } from '../shared/codeContext';

/**
 * The active terminal's selected text, or undefined when nothing is selected. VS Code has no API for it
 * (microsoft/vscode#188173), so the terminal copies its selection to the clipboard and the user's clipboard text is
 * put back afterwards. A marker written first tells "nothing selected" apart from a selection equal to the clipboard.
 */
export async function readTerminalSelection(): Promise<string | undefined> {
  const clipboard = vscode.env.clipboard;
  const previous = await clipboard.readText();
  const marker = `claude-chat-no-terminal-selection-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  try {
    await clipboard.writeText(marker);
    await vscode.commands.executeCommand('workbench.action.terminal.copySelection');
    const copied = await clipboard.readText();
    return copied === marker || copied.length === 0 ? undefined : copied;
  } catch {
    // No terminal, or a clipboard the browser would not let us read: the same as nothing selected.
    return undefined;
  } finally {
    await clipboard.writeText(previous).then(undefined, () => undefined);
  }
}

/** Terminal text as a snippet: no path and no lines to point at, and output is not code in any one language. */
export function terminalSnippet(text: string): CodeSnippet {
  const lines = text.replace(/\n$/, '').split('\n').length;
  return { path: '', language: 'plaintext', startLine: 1, endLine: lines, text, origin: 'terminal', diagnostics: [] };
}
