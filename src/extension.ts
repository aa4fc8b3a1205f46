import * as vscode from 'vscode';
import { ApiKeyStore } from './auth/apiKeyStore';
import { createAnthropicClient } from './api/clientFactory';
import { ExchangeLog } from './api/exchangeLog';
import { ConversationExchanges } from './api/exchangeLookup';
import { ModelCapabilities } from './api/modelCapabilities';
import { ModelCatalog } from './api/modelCatalog';
import { InspectorDocuments } from './inspector/inspectorDocuments';
import { conversationCost, formatUsd } from './shared/cost';
import { findModel } from './shared/modelInfo';
import { modelNotice } from './shared/modelNotice';
import { ToolCallBoard } from './tools/toolCallBoard';
import { openToolFile } from './tools/toolFileOpener';
import { createToolLoopServices } from './tools/toolLoopServices';
import { WorkspaceTools } from './tools/workspaceTools';
import { ChatStatusBar } from './statusBar/chatStatusBar';
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
import { createContextGauge } from './conversations/contextGaugeSetup';
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
  /** The endpoint's models (tests wait for the list before checking what answers were bounded by). */
  readonly models: ModelCatalog;
  /** The status bar item (tests read its text and tooltip). */
  readonly statusBar: ChatStatusBar;
  /** The tool calls' cards: tests decide them as the chat view's buttons do (protocol `tool/decide`). */
  readonly toolBoard: ToolCallBoard;
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
  // Gateway header values can be secrets too: scrubbed from every log line like the key.
  log.addSecrets(() => Object.values(settings.settings.extraHeaders.values));
  const store = new ConversationStore({ dir: context.globalStorageUri.fsPath });
  // The endpoint's models (GET /v1/models, every page, cached): the picker, the answers' limits, the context window.
  const models = new ModelCatalog(async () => {
    const lookup = await keys.resolveForRequest();
    if (!lookup.ok) return undefined;
    // A background read never asks for an approval: an unapproved workspace endpoint gets no key, and says so.
    const decision = endpointApprovals.decide(settings.settings);
    if (!decision.ok) throw new Error(decision.error.title);
    return createAnthropicClient({ apiKey: lookup.key.key, baseUrl: decision.baseUrl, extraHeaders: decision.extraHeaders, headersTimeoutMs: 10_000 });
  });
  const modelInfo = (model: string) => findModel(models.cached()?.models ?? [], model);
  const exchangeLog = new ExchangeLog();
  // The read-only workspace tools Claude may call; each call waits on its card in the chat (the board) unless approved.
  const toolBoard = new ToolCallBoard();
  const workspaceTools = new WorkspaceTools({ sensitivePatterns: () => settings.settings.tools.sensitiveFiles });
  context.subscriptions.push(toolBoard);
  const toolServices = createToolLoopServices({ settings: () => settings.settings.tools, runner: workspaceTools, board: toolBoard, log });
  const session = new ChatSession(keys, () => settings.settings, log, endpointApprovals, (attachment) => store.attachments.read(attachment), {
    modelLimits: modelInfo,
    // Never fails a send: an unreachable list leaves the limits unknown, and the API's own 400 is the backstop.
    // Only the first request waits for the list; later ones use what is known and refresh it in the background.
    loadModelLimits: async () => {
      const reading = models.list().then(
        () => undefined,
        () => undefined,
      );
      if (!models.cached()) await reading;
    },
    exchanges: exchangeLog,
    // The gauge (made just below, from the session) measures the next turn; the session asks it before sending.
    fitCheck: (text, attached) => gauge.checkTurn(text, attached),
    tools: toolServices,
  });
  const gauge = createContextGauge({
    session,
    settings: () => settings.settings,
    keys,
    endpoints: endpointApprovals,
    readAttachment: (attachment) => store.attachments.read(attachment),
    // Offered tools are part of every request, so part of its count; the gauge adds 'none' where history needs it.
    toolUse: () => toolServices.toolUse([]),
    modelInfo,
    models: () => models.cached()?.models ?? [],
    log,
    changes: [settings.onDidChange, (listener) => models.onDidChange(() => listener(undefined))],
  });
  const library = new ConversationLibrary(store, session, context.workspaceState, log);
  const titles = new TitleGenerator(session, library, keys, () => settings.settings, log, endpointApprovals);
  context.subscriptions.push(settings, keys, endpointApprovals, session, gauge, library, titles);
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
  const capabilities = new ModelCapabilities({ catalog: models });
  const attachments = new AttachmentService({ session, store: store.attachments, broker, capabilities, keys, endpoints: endpointApprovals, settings: () => settings.settings, log });
  context.subscriptions.push(broker, fileIndex, attachments);
  // Another key, endpoint or header may see other models (a gateway's list is its own): ask again.
  const forgetModels = () => {
    capabilities.invalidate();
    models.invalidate();
  };
  context.subscriptions.push(keys.onDidChange(forgetModels), settings.onDidChange(forgetModels));
  const attachmentsFolder = vscode.Uri.file(store.attachments.folder);
  const pickAttachments = () => void vscode.commands.executeCommand(COMMAND_IDS.attachFiles);

  // Closing the last chat view (not hiding it) stops a streaming answer: nobody is left to see it arrive.
  let openViews = 0;
  const onDidChangeModels: vscode.Event<unknown> = (listener) => models.onDidChange(() => listener(undefined));
  const connectionTools = { board: toolBoard, openFile: (path: string, line?: number) => openToolFile(path, line, log) };
  const connect = (webview: vscode.Webview) => {
    // The first view asks for the model list, so the picker and the answers' limits are ready when needed.
    void models.list().catch(() => undefined);
    gauge.service.update();
    const connection = new ChatConnection(webview, session, library, keys, settings, { runAction, runCodeAction, pickAttachments, modelNotice: (model) => modelNotice(models.cached(), model), onDidChangeModels, tools: connectionTools }, log, { service: attachments, broker, fileIndex, folder: attachmentsFolder }, gauge.service);
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

  const inspectorDocuments = new InspectorDocuments();
  const exchanges = new ConversationExchanges({
    conversation: () => session.snapshot,
    log: exchangeLog,
    readAttachment: (attachment) => store.attachments.read(attachment),
    // Where the key may go now: a workspace endpoint not approved (or refused) is never put into a copied snippet.
    baseUrl: () => {
      const decision = endpointApprovals.decide(settings.settings);
      return decision.ok ? decision.baseUrl : undefined;
    },
    extraHeaderNames: () => Object.keys(settings.settings.extraHeaders.values),
  });
  const conversationChangedApartFromDeltas: vscode.Event<unknown> = (listener) =>
    session.onDidChangeConversation((change) => {
      if (change.events.some((event) => event.type !== 'block/delta' && event.type !== 'block/start')) listener(undefined);
    });
  const spent = () => conversationCost(session.snapshot.messages, settings.settings.pricing);
  const statusBar = new ChatStatusBar({
    model: () => session.snapshot.model,
    modelName: (id) => modelInfo(id)?.displayName,
    keyStatus: () => keys.status(),
    endpoint: () => settings.settings,
    decide: (current) => endpointApprovals.decide(current),
    cost: () => {
      const cost = spent();
      return cost.turns === 0 ? undefined : `${cost.complete ? '' : '≥'}${formatUsd(cost.usd)}`;
    },
    usage: () => {
      const cost = spent();
      return cost.turns === 0 ? undefined : cost.usage;
    },
    // Not every streamed delta: a redraw reads the key store and prices the whole conversation.
    changes: [keys.onDidChange, settings.onDidChange, endpointApprovals.onDidChange, conversationChangedApartFromDeltas, session.onDidReplaceConversation, session.onDidFinishAnswer, onDidChangeModels],
  });
  context.subscriptions.push(inspectorDocuments, statusBar);
  const commandContext: CommandContext = {
    session,
    library,
    settings: () => settings.settings,
    keys,
    view,
    panels,
    log,
    attachmentStore: store.attachments,
    models,
    exchanges,
    inspectorDocuments,
  };
  const revealChat = async () => {
    if (panels.isOpen) panels.show();
    else await view.reveal();
  };
  const runner = new CodeCommandRunner({ session, settings: () => settings.settings, editors, diffReview, revealChat, log, contextWindow: (model) => modelInfo(model)?.contextWindow });
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
    models,
    statusBar,
    toolBoard,
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
