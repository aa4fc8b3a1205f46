import * as vscode from 'vscode';
import type { ApiKeyStore } from '../auth/apiKeyStore';
import type { ChatSession } from '../conversations/chatSession';
import type { ChatPanelManager } from '../webview/chatPanel';
import type { ChatViewProvider } from '../webview/chatViewProvider';
import type { CommandId } from './commandIds';

export interface Command {
  id: CommandId;
  run(...args: unknown[]): unknown;
}

/** What commands may use; handed to each command factory so commands stay small and testable. */
export interface CommandContext {
  session: ChatSession;
  keys: ApiKeyStore;
  view: ChatViewProvider;
  panels: ChatPanelManager;
  log: vscode.LogOutputChannel;
}

export function registerCommands(commands: readonly Command[]): vscode.Disposable {
  return vscode.Disposable.from(...commands.map((command) => vscode.commands.registerCommand(command.id, (...args: unknown[]) => command.run(...args))));
}
