import * as vscode from 'vscode';
import { ApiKeyStore } from './auth/apiKeyStore';
import { allCommands } from './commands/allCommands';
import { COMMAND_IDS } from './commands/commandIds';
import { registerCommands, type CommandContext } from './commands/command';
import { SettingsService } from './config/settings';
import { ChatSession } from './conversations/chatSession';
import type { ApiKeySource, WebviewAction } from './shared/protocol';
import { ChatConnection } from './webview/chatConnection';
import { ChatPanelManager } from './webview/chatPanel';
import { CHAT_VIEW_ID, ChatViewProvider } from './webview/chatViewProvider';

const moduleLoadedAt = performance.now();

/** What `activate` returns: used by the integration tests, and stable enough for other extensions to script the chat. */
export interface ClaudeChatApi {
  readonly session: ChatSession;
  storeApiKey(key: string): Promise<void>;
  apiKeySource(): Promise<ApiKeySource>;
  /** Milliseconds from this module's load to the end of `activate`. */
  readonly activationMs: number;
}

export function activate(context: vscode.ExtensionContext): ClaudeChatApi {
  const log = vscode.window.createOutputChannel('Claude Chat', { log: true });
  context.subscriptions.push(log);
  const settings = new SettingsService(log);
  const keys = new ApiKeyStore(context.secrets, log);
  const session = new ChatSession(keys, () => settings.settings, log);
  context.subscriptions.push(settings, keys, session);

  const runAction = (action: WebviewAction) => {
    if (action === 'setApiKey') void vscode.commands.executeCommand(COMMAND_IDS.setApiKey);
    else void vscode.commands.executeCommand('workbench.action.openSettings', 'claudeChat');
  };
  // Closing the last chat view (not hiding it) stops a streaming answer: nobody is left to see it arrive.
  let openViews = 0;
  const connect = (webview: vscode.Webview) => {
    const connection = new ChatConnection(webview, session, keys, settings, { runAction }, log);
    openViews++;
    connection.onDidDispose(() => {
      if (--openViews === 0) session.stop();
    });
    return connection;
  };
  const view = new ChatViewProvider(context.extensionUri, connect);
  const panels = new ChatPanelManager(context.extensionUri, connect);
  context.subscriptions.push(
    view,
    panels,
    vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, view),
  );

  const commandContext: CommandContext = { session, keys, view, panels, log };
  context.subscriptions.push(registerCommands(allCommands(commandContext)));

  // Drives the Stop button in the view title and the palette's Stop entry.
  const setStreaming = (busy: boolean) => void vscode.commands.executeCommand('setContext', 'claudeChat.streaming', busy);
  context.subscriptions.push(session.onDidChangeBusy(setStreaming));
  setStreaming(false);

  const activationMs = performance.now() - moduleLoadedAt;
  log.info(`Activated in ${activationMs.toFixed(1)} ms`);
  return {
    session,
    storeApiKey: (key) => keys.store(key),
    apiKeySource: () => keys.source(),
    activationMs,
  };
}

export function deactivate(): void {
  // Streams are aborted by ChatSession.dispose through context.subscriptions.
}
