import * as vscode from 'vscode';
import { ApiKeyStore } from './auth/apiKeyStore';
import { ModelCapabilities } from './api/modelCapabilities';
import { AttachmentService } from './attachments/attachmentService';
import { ImageResizeBroker } from './attachments/imageResizeBroker';
import { WorkspaceFileIndex } from './attachments/workspaceFileIndex';
import { RedactingLog } from './auth/redactingLog';
import { allCommands } from './commands/allCommands';
import { COMMAND_IDS } from './commands/commandIds';
import { CodeCommandRunner } from './codeCommands/codeCommandRunner';
import { PromptFileSource } from './codeCommands/promptFileSource';
import { registerCommands, type CodeCommandServices, type CommandContext } from './commands/command';
import { fileDialogs, type FileDialogs } from './commands/exportImport';
import { EndpointApprovals } from './config/endpointApproval';
import { SettingsService } from './config/settings';
import { ChatSession } from './conversations/chatSession';
import { ConversationLibrary } from './conversations/conversationLibrary';
import { ConversationStore } from './conversations/store/conversationStore';
import { TitleGenerator } from './conversations/titleGenerator';
import type { ApiKeySource, CodeAction, WebviewAction } from './shared/protocol';
import { CodeActions } from './editor/codeActions';
import { DiffReview } from './editor/diffReview';
import { LastEditorTracker } from './editor/lastEditor';
import { ProblemsContextKey } from './editor/problemsContextKey';
import { ClaudeQuickFixes, QUICK_FIX_SELECTOR } from './editor/quickFixProvider';
import { ChatConnection } from './webview/chatConnection';
import { ChatPanelManager } from './webview/chatPanel';
import { CHAT_VIEW_ID, ChatViewProvider } from './webview/chatViewProvider';

const moduleLoadedAt = performance.now();

/** Writes every pending conversation change; set by activate for deactivate. */
let flushPendingSaves: (() => Promise<void>) | undefined;

/**
 * What `activate` returns when VS Code runs the extension for its tests (ExtensionMode.Test), and only then: it
 * reaches the session and the key store, so any other extension could read or spend the key through it.
 */
export interface ClaudeChatApi {
  readonly session: ChatSession;
  readonly library: ConversationLibrary;
  readonly codeActions: CodeActions;
  /** Reviews proposed edits (the diff of Refactor, Fix, Add Documentation, Optimize). */
  readonly diffReview: DiffReview;
  /** Turns files into the composer's attachments (tests watch its refusals). */
  readonly attachments: AttachmentService;
  /** Resolves when every title asked for so far has arrived or failed. */
  titlesSettled(): Promise<void>;
  storeApiKey(key: string): Promise<void>;
  apiKeySource(): Promise<ApiKeySource>;
  /** Where conversations are stored (globalStorageUri). */
  readonly storageDir: string;
  /** Milliseconds from this module's load to the end of `activate` (the host may run other extensions in between). */
  readonly activationMs: number;
  /** Milliseconds `activate` itself ran. */
  readonly activateRunMs: number;
  /** Where Export and Import ask for their file; tests answer these dialogs, which they cannot click. */
  readonly fileDialogs: FileDialogs;
  /** Approvals of workspace-chosen endpoints; tests answer the modal confirmation, which they cannot click. */
  readonly endpointApprovals: Pick<EndpointApprovals, 'setPromptForTests' | 'approved' | 'revoke'>;
}

export function activate(context: vscode.ExtensionContext): ClaudeChatApi | undefined {
  const activateStarted = performance.now();
  // Every line is scrubbed of keys on its way to the output channel (error texts can quote one).
  const log = new RedactingLog(vscode.window.createOutputChannel('Claude Chat', { log: true }));
  context.subscriptions.push(log);
  const settings = new SettingsService(log);
  const keys = new ApiKeyStore(context.secrets, log);
  log.addSecrets(() => keys.knownSecrets());
  const endpointApprovals = new EndpointApprovals(context.workspaceState, log);
  const store = new ConversationStore({ dir: context.globalStorageUri.fsPath });
  const session = new ChatSession(keys, () => settings.settings, log, endpointApprovals, (attachment) => store.attachments.read(attachment));
  const library = new ConversationLibrary(store, session, context.workspaceState, log);
  const titles = new TitleGenerator(session, library, keys, () => settings.settings, log, endpointApprovals);
  context.subscriptions.push(settings, keys, endpointApprovals, session, library, titles);
  void library.initialize().catch((error: unknown) => log.error(`Loading conversations failed: ${error instanceof Error ? error.message : String(error)}`));
  // Then the store gives back this window's streaming lease, so other windows show an unfinished answer as
  // interrupted at once rather than after the lease goes stale.
  flushPendingSaves = () => library.flush().finally(() => store.dispose());

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
  // One review for every proposed edit, so the diff's Accept and Reject buttons reach each of them.
  const diffReview = new DiffReview();
  const codeActions = new CodeActions(editors, diffReview);
  context.subscriptions.push(editors, diffReview, codeActions);
  const runCodeAction = (action: CodeAction, code: string, language: string) => codeActions.run(action, code, language);

  const broker = new ImageResizeBroker();
  const fileIndex = new WorkspaceFileIndex();
  const capabilities = new ModelCapabilities();
  const attachments = new AttachmentService({ session, store: store.attachments, broker, capabilities, keys, endpoints: endpointApprovals, settings: () => settings.settings, log });
  context.subscriptions.push(broker, fileIndex, attachments);
  // Another key or endpoint may see other models (a gateway's list is its own): ask again.
  context.subscriptions.push(keys.onDidChange(() => capabilities.invalidate()), settings.onDidChange(() => capabilities.invalidate()));
  const attachmentsFolder = vscode.Uri.file(store.attachments.folder);
  const pickAttachments = () => void vscode.commands.executeCommand(COMMAND_IDS.attachFiles);

  // Closing the last chat view (not hiding it) stops a streaming answer: nobody is left to see it arrive.
  let openViews = 0;
  const connect = (webview: vscode.Webview) => {
    const connection = new ChatConnection(webview, session, library, keys, settings, { runAction, runCodeAction, pickAttachments }, log, { service: attachments, broker, fileIndex, folder: attachmentsFolder });
    openViews++;
    connection.onDidDispose(() => {
      if (--openViews === 0) session.stop();
    });
    return connection;
  };
  const roots = { extensionUri: context.extensionUri, attachments: attachmentsFolder };
  const view = new ChatViewProvider(roots, connect);
  const panels = new ChatPanelManager(roots, connect);
  context.subscriptions.push(
    view,
    panels,
    vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, view),
  );

  const commandContext: CommandContext = { session, library, settings: () => settings.settings, keys, view, panels, log, attachmentStore: store.attachments };
  const revealChat = async () => {
    if (panels.isOpen) panels.show();
    else await view.reveal();
  };
  const runner = new CodeCommandRunner({ session, settings: () => settings.settings, editors, diffReview, revealChat, log });
  const promptFiles = new PromptFileSource(() => settings.settings.codeCommands.promptFiles, log);
  const codeServices: CodeCommandServices = { runner, diffReview, editors, promptFiles, revealChat };
  context.subscriptions.push(
    registerCommands(allCommands(commandContext, endpointApprovals, codeServices, { attachments, fileIndex })),
    vscode.languages.registerCodeActionsProvider(QUICK_FIX_SELECTOR, new ClaudeQuickFixes(), ClaudeQuickFixes.metadata),
    new ProblemsContextKey(),
  );

  // Drives the Stop button in the view title and the palette's Stop entry.
  const setStreaming = (busy: boolean) => void vscode.commands.executeCommand('setContext', 'claudeChat.streaming', busy);
  context.subscriptions.push(session.onDidChangeBusy(setStreaming));
  setStreaming(false);

  const activationMs = performance.now() - moduleLoadedAt;
  const activateRunMs = performance.now() - activateStarted;
  log.info(`Activated: activate ran ${activateRunMs.toFixed(1)} ms, ${activationMs.toFixed(1)} ms after the module loaded`);
  // Another extension cannot make the mode Test: in every real use, nothing is exported.
  if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
  return {
    session,
    library,
    codeActions,
    diffReview,
    attachments,
    titlesSettled: () => titles.settled(),
    storageDir: context.globalStorageUri.fsPath,
    storeApiKey: (key) => keys.store(key),
    apiKeySource: () => keys.source(),
    activationMs,
    activateRunMs,
    fileDialogs,
    endpointApprovals,
  };
}

/**
 * VS Code calls this, disposes context.subscriptions right after (without waiting), and then waits for the returned
 * promise. So the writes start here, synchronously, before the library and its timers are disposed; disposing the
 * session then aborts a streaming answer, whose text so far is in these writes.
 */
export function deactivate(): Promise<void> | undefined {
  const flush = flushPendingSaves;
  flushPendingSaves = undefined;
  return flush?.();
}
