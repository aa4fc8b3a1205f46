import * as vscode from 'vscode';
import type { ApiKeyStore } from '../auth/apiKeyStore';
import type { ChatSettings } from '../config/settingsSchema';
import type { ChatSession } from '../conversations/chatSession';
import type { ConversationLibrary } from '../conversations/conversationLibrary';
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
  library: ConversationLibrary;
  settings: () => ChatSettings;
  keys: ApiKeyStore;
  view: ChatViewProvider;
  panels: ChatPanelManager;
  log: vscode.LogOutputChannel;
}

export function registerCommands(commands: readonly Command[]): vscode.Disposable {
  return vscode.Disposable.from(...commands.map((command) => vscode.commands.registerCommand(command.id, (...args: unknown[]) => command.run(...args))));
}
