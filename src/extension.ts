import * as vscode from 'vscode';
import { ApiKeyStore } from './auth/apiKeyStore';
import { allCommands } from './commands/allCommands';
import { COMMAND_IDS } from './commands/commandIds';
import { registerCommands, type CommandContext } from './commands/command';
import { SettingsService } from './config/settings';
import { ChatSession } from './conversations/chatSession';
import { ConversationLibrary } from './conversations/conversationLibrary';
import { ConversationStore } from './conversations/store/conversationStore';
import { TitleGenerator } from './conversations/titleGenerator';
import type { ApiKeySource, CodeAction, WebviewAction } from './shared/protocol';
import { CodeActions } from './editor/codeActions';
import { LastEditorTracker } from './editor/lastEditor';
import { ChatConnection } from './webview/chatConnection';
import { ChatPanelManager } from './webview/chatPanel';
import { CHAT_VIEW_ID, ChatViewProvider } from './webview/chatViewProvider';

const moduleLoadedAt = performance.now();

/** What `activate` returns: used by the integration tests, and stable enough for other extensions to script the chat. */
export interface ClaudeChatApi {
  readonly session: ChatSession;
  readonly library: ConversationLibrary;
  readonly codeActions: CodeActions;
  /** Resolves when every title asked for so far has arrived or failed. */
  titlesSettled(): Promise<void>;
  storeApiKey(key: string): Promise<void>;
  apiKeySource(): Promise<ApiKeySource>;
  /** Where conversations are stored (globalStorageUri). */
  readonly storageDir: string;
  /** Milliseconds from this module's load to the end of `activate`. */
  readonly activationMs: number;
}

export function activate(context: vscode.ExtensionContext): ClaudeChatApi {
  const log = vscode.window.createOutputChannel('Claude Chat', { log: true });
  context.subscriptions.push(log);
  const settings = new SettingsService(log);
  const keys = new ApiKeyStore(context.secrets, log);
  const session = new ChatSession(keys, () => settings.settings, log);
  const store = new ConversationStore({ dir: context.globalStorageUri.fsPath });
  const library = new ConversationLibrary(store, session, context.workspaceState, log);
  const titles = new TitleGenerator(session, library, keys, () => settings.settings, log);
  context.subscriptions.push(settings, keys, session, library, titles);
  void library.initialize().catch((error: unknown) => log.error(`Loading conversations failed: ${error instanceof Error ? error.message : String(error)}`));

  // New defaults apply to the chat on screen while nothing has been said in it yet.
  context.subscriptions.push(
    settings.onDidChange(({ model, systemPrompt }) => {
      if (session.snapshot.messages.length === 0) session.updateMeta({ model, systemPrompt });
    }),
  );

  const runAction = (action: WebviewAction) => {
    if (action === 'openSettings') void vscode.commands.executeCommand('workbench.action.openSettings', 'claudeChat');
    else void vscode.commands.executeCommand(COMMAND_IDS[action]);
  };
  const editors = new LastEditorTracker();
  const codeActions = new CodeActions(editors);
  context.subscriptions.push(editors, codeActions);
  const runCodeAction = (action: CodeAction, code: string, language: string) => codeActions.run(action, code, language);

  // Closing the last chat view (not hiding it) stops a streaming answer: nobody is left to see it arrive.
  let openViews = 0;
  const connect = (webview: vscode.Webview) => {
    const connection = new ChatConnection(webview, session, library, keys, settings, { runAction, runCodeAction }, log);
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

  const commandContext: CommandContext = { session, library, settings: () => settings.settings, keys, view, panels, log };
  context.subscriptions.push(registerCommands(allCommands(commandContext)));

  // Drives the Stop button in the view title and the palette's Stop entry.
  const setStreaming = (busy: boolean) => void vscode.commands.executeCommand('setContext', 'claudeChat.streaming', busy);
  context.subscriptions.push(session.onDidChangeBusy(setStreaming));
  setStreaming(false);

  const activationMs = performance.now() - moduleLoadedAt;
  log.info(`Activated in ${activationMs.toFixed(1)} ms`);
  return {
    session,
    library,
    codeActions,
    titlesSettled: () => titles.settled(),
    storageDir: context.globalStorageUri.fsPath,
    storeApiKey: (key) => keys.store(key),
    apiKeySource: () => keys.source(),
    activationMs,
  };
}

export function deactivate(): void {
  // Streams are aborted by ChatSession.dispose through context.subscriptions; what streamed so far was saved by the
  // throttled writes (at most a second of an answer can be missing after a crash).
}
