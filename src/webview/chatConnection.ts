import * as vscode from 'vscode';
import { INSPECT_COMMAND_IDS } from '../commands/inspectExchange';
import { printable, workspaceUris } from './workspaceUris';
import type { ApiKeyStore } from '../auth/apiKeyStore';
import type { SettingsService } from '../config/settings';
import { customEndpointLabel } from '../config/settingsSchema';
import type { ContextGaugeService } from '../conversations/contextGaugeService';
import type { ChatSession, SendResult } from '../conversations/chatSession';
import type { ConversationLibrary } from '../conversations/conversationLibrary';
import { redactChatError } from '../shared/chatError';
import { assertNever, parseWebviewMessage, type AttachmentAcceptance, type CodeAction, type HostToWebview, type WebviewAction, type WebviewToHost } from '../shared/protocol';
import type { AttachmentService } from '../attachments/attachmentService';
import type { ImageResizeBroker } from '../attachments/imageResizeBroker';
import type { WorkspaceFileIndex } from '../attachments/workspaceFileIndex';
import type { ToolCallBoard } from '../tools/toolCallBoard';
import { EventBatcher } from './eventBatcher';
import { openableLink } from './linkPolicy';
import { Disposable } from '../util/disposable';

/** How long list changes gather before the shown history is listed again. */
const HISTORY_REFRESH_MS = 250;
/** Refused webview messages logged one by one; after that, one line per REJECTION_SUMMARY_EVERY. */
const MAX_LOGGED_REJECTIONS = 20;
const REJECTION_SUMMARY_EVERY = 1000;

export interface ConnectionActions {
  runAction(action: WebviewAction): void;
  runCodeAction(action: CodeAction, code: string, language: string): Promise<void>;
  /** The attach button: the picker (claudeChat.attachFiles). */
  pickAttachments(): void;
  /** What the header says about a model the endpoint no longer lists or has retired (src/shared/modelNotice.ts). */
  modelNotice?(model: string): string | undefined;
  /** The model list changed: the notice may have too. */
  onDidChangeModels?: vscode.Event<unknown>;
  /** The tool calls' cards (decisions come back to it) and a tool row's file chip. */
  tools?: { board: ToolCallBoard; openFile(path: string, line?: number): Promise<void> };
}

/** The attachment services a view talks to. */
export interface ConnectionAttachments {
  service: AttachmentService;
  broker: ImageResizeBroker;
  fileIndex: WorkspaceFileIndex;
  /** The attachment store's folder: the view loads stored images from it (it is one of its resource roots). */
  folder: vscode.Uri;
}

/**
 * One webview (the sidebar view or an editor tab) attached to the shared chat session. The view asks for state
 * with `webview/ready` (on first load and whenever it is rebuilt); until then nothing is posted, because the full
 * state it then receives already contains every change.
 */
export class ChatConnection extends Disposable {
  private ready = false;
  /** What the conversation's model takes, as last answered (assumed until then). */
  private knownAccepts: AttachmentAcceptance = { image: true, pdf: true, known: false };
  /** The prices the view last got (JSON), to tell a price change from any other settings change. */
  private sentPricing = '';
  private rejected = 0;
  private readonly batcher = new EventBatcher((message) => this.postNow(message));
  /** The history query the view last asked for; undefined until it opens the history. */
  private historyQuery: string | undefined;
  private historyTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly disposedEmitter = new vscode.EventEmitter<void>();
  /** The view this connection served was closed (not merely hidden). */
  readonly onDidDispose = this.disposedEmitter.event;

  constructor(
    private readonly webview: vscode.Webview,
    private readonly session: ChatSession,
    private readonly library: ConversationLibrary,
    private readonly keys: ApiKeyStore,
    private readonly settings: SettingsService,
    private readonly actions: ConnectionActions,
    private readonly log: vscode.LogOutputChannel,
    private readonly attachments?: ConnectionAttachments,
    /** The context gauge: its readings go to the header; a draft change is measured again. */
    private readonly gauge?: ContextGaugeService,
  ) {
    super();
    if (gauge) this._register(gauge.onDidChange((reading) => this.post({ type: 'context/gauge', reading })));
    this._register(session.attachments.onDidChange((items) => this.post({ type: 'composer/attachments', attachments: [...items] })));
    if (attachments) {
      this._register(attachments.service.onDidRefuse((error) => this.post({ type: 'composer/notice', error })));
      this._register({ dispose: () => attachments.broker.removeView(this.resizer) });
    }
    this._register(webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)));
    this._register(
      session.onDidChangeConversation((change) => {
        if (change.conversation === session.snapshot && this.ready) this.batcher.push(change.conversation.id, change.events);
        // Another model may take other kinds of files: the composer offers what this one takes.
        if (change.conversation === session.snapshot && change.events.some((event) => event.type === 'conversation/meta' && event.patch.model !== undefined)) {
          void this.sendAccepts();
          void this.sendSettings();
        }
      }),
    );
    this._register(
      session.onDidReplaceConversation(() => {
        void this.sendFullState();
        // The conversation now on screen may use another model.
        void this.sendAccepts();
      }),
    );
    this._register(session.onDidChangeBusy((busy) => this.post({ type: 'busy/changed', busy })));
    const board = actions.tools?.board;
    if (board) this._register(board.onDidChange((id) => id === session.snapshot.id && this.post({ type: 'tools/calls', conversationId: id, calls: board.calls(id) })));
    this._register(session.onDidAppendToDraft((text) => this.post({ type: 'composer/append', text })));
    this._register(session.onDidScheduleRetry((change) => this.post({ type: 'request/retrying', ...change })));
    this._register(keys.onDidChange(() => void this.sendSettings()));
    if (actions.onDidChangeModels) this._register(actions.onDidChangeModels(() => void this.sendSettings()));
    this._register(library.onDidChangeList(() => this.historyChanged()));
    this._register(
      settings.onDidChange((next) => {
        // New prices change every footer's cost: redraw them all; anything else is a header update.
        if (JSON.stringify(next.pricing) !== this.sentPricing) void this.sendFullState();
        else void this.sendSettings();
      }),
    );
  }

  /** The view was hidden and its page torn down: stop posting until it says ready again. */
  markNotReady(): void {
    this.ready = false;
    this.batcher.reset();
    this.attachments?.broker.removeView(this.resizer);
  }

  /** This view as the broker's image resizer: jobs go straight to the page. */
  private readonly resizer = { post: (message: HostToWebview) => this.post(message) };

  focusComposer(): void {
    this.post({ type: 'composer/focus' });
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this.batcher.reset();
    if (this.historyTimer) clearTimeout(this.historyTimer);
    super.dispose();
    this.disposedEmitter.fire();
    this.disposedEmitter.dispose();
  }

  private receive(raw: unknown): void {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      this.logRejected(parsed.reason);
      return;
    }
    void this.handle(parsed.message).catch((error: unknown) => {
      this.log.error(`Handling ${parsed.message.type} failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  /**
   * A page that posts what the guard refuses is broken or compromised: each refusal is logged, up to a bound, so a
   * page posting in a loop cannot flood the log.
   */
  private logRejected(reason: string): void {
    this.rejected++;
    if (this.rejected <= MAX_LOGGED_REJECTIONS) this.log.warn(`Ignored a message from the chat view: ${reason}`);
    if (this.rejected === MAX_LOGGED_REJECTIONS) this.log.warn('Further messages the chat view posts that are refused are counted, not each logged.');
    else if (this.rejected % REJECTION_SUMMARY_EVERY === 0) this.log.warn(`Ignored ${this.rejected} messages from the chat view so far; the last: ${reason}`);
  }

  private async handle(message: WebviewToHost): Promise<void> {
    switch (message.type) {
      case 'webview/ready':
        this.ready = true;
        await this.sendFullState();
        this.attachments?.broker.addView(this.resizer);
        void this.sendAccepts();
        if (this.gauge) this.post({ type: 'context/gauge', reading: this.gauge.latest() });
        return;
      case 'attach/pick':
        this.actions.pickAttachments();
        return;
      case 'attach/uris':
        await this.attachUris(message.uris);
        return;
      case 'attach/bytes':
        // The guard bounded the length; the service checks what the bytes are.
        if (!this.attachments) return;
        await this.attachments.service.attachBytes(message.name, Buffer.from(message.data, 'base64'));
        return;
      case 'attach/remove':
        this.session.attachments.remove(message.id);
        return;
      case 'attachment/open':
        await this.attachments?.service.open(message.sha256);
        return;
      case 'files/query':
        if (!this.attachments) return;
        this.post({ type: 'files/suggestions', query: message.query, items: await this.attachments.fileIndex.suggest(message.query) });
        return;
      case 'image/resized':
        this.attachments?.broker.settle(message.jobId, message);
        return;
      case 'chat/send': {
        const result = await this.session.send(message.text, { prefill: message.prefill });
        if (result.ok) this.post({ type: 'send/accepted', requestId: message.requestId });
        else this.post({ type: 'send/rejected', requestId: message.requestId, error: result.error });
        return;
      }
      case 'chat/retry':
        return this.report(await this.session.regenerate());
      case 'message/edit':
        return this.report(await this.session.editAndResend(message.messageId, message.text));
      case 'message/regenerate':
        return this.report(await this.session.regenerate(message.messageId));
      case 'message/continue':
        return this.report(await this.session.continueAnswer(message.messageId));
      case 'message/resumeTools':
        return this.report(await this.session.resumeTools(message.messageId));
      case 'tool/decide':
        if (!this.actions.tools?.board.decide(message.toolUseId, message.decision)) this.log.info(`No tool call waits for a decision with id ${printable(message.toolUseId)}`);
        return;
      case 'tool/openFile':
        await this.actions.tools?.openFile(message.path, message.line);
        return;
      case 'message/deletePair':
        this.session.deletePair(message.messageId);
        return;
      case 'branch/select':
        this.session.selectBranch(message.parentId, message.childId);
        return;
      case 'history/request':
        this.historyQuery = message.query;
        await this.sendHistory();
        return;
      case 'history/close':
        this.historyQuery = undefined;
        return;
      case 'conversation/open':
        await this.library.open(message.id);
        return;
      case 'conversation/rename':
        await this.library.rename(message.id, message.title.trim());
        return;
      case 'conversation/pin':
        await this.library.pin(message.id, message.pinned);
        return;
      case 'conversation/delete': {
        const title = await this.library.delete(message.id);
        this.post({ type: 'history/deleted', id: message.id, title });
        return;
      }
      case 'conversation/restore':
        await this.library.restore(message.id);
        return;
      case 'link/open': {
        const link = openableLink(message.href);
        if (!link) {
          this.log.warn(`Refused to open a link that is not http(s): ${printable(message.href.slice(0, 100))}`);
          return;
        }
        if (link.confirmation === 'host' && !(await confirmLocalLink(link.url))) {
          this.log.info(`Did not open ${printable(link.url.slice(0, 100))}: not confirmed`);
          return;
        }
        // Every other link is confirmed by VS Code's own link protection (its "open the external website?" prompt).
        await vscode.env.openExternal(vscode.Uri.parse(link.url, true));
        return;
      }
      case 'code/action':
        await this.actions.runCodeAction(message.action, message.code, message.language);
        return;
      case 'chat/stop':
        this.session.stop();
        return;
      case 'chat/new':
        this.session.newChat();
        return;
      case 'draft/changed':
        this.session.draft = message.text;
        this.gauge?.update();
        return;
      case 'action/run':
        this.actions.runAction(message.action);
        return;
      case 'message/inspect':
        // The inspector's commands check the id against the conversation on screen.
        void vscode.commands.executeCommand(INSPECT_COMMAND_IDS[message.view], message.messageId);
        return;
      default:
        assertNever(message);
    }
  }

  private async sendFullState(): Promise<void> {
    if (!this.ready) return;
    const apiKeySource = await this.keys.viewSource();
    if (!this.ready) return;
    // The state below holds every change so far: pending ones are dropped, and the view starts with no streaming block.
    this.batcher.reset();
    const snapshot = this.session.snapshot;
    const settings = this.settings.settings;
    this.sentPricing = JSON.stringify(settings.pricing);
    this.postNow({
      type: 'state/full',
      state: {
        conversation: snapshot,
        busy: this.session.busy,
        apiKeySource,
        model: settings.model,
        customEndpoint: customEndpointLabel(settings),
        draft: this.session.draft,
        attachments: [...this.session.attachments.all],
        // What was last known: the state goes out without waiting for the network, and the answer follows.
        accepts: this.knownAccepts,
        attachmentBaseUri: this.attachments ? this.webview.asWebviewUri(this.attachments.folder).toString() : '',
        priceOverrides: settings.pricing,
        modelNotice: this.actions.modelNotice?.(snapshot.model),
        toolCalls: this.actions.tools?.board.calls(snapshot.id) ?? [],
      },
    });
  }

  /** Asks /v1/models what the conversation's model takes (cached there) and tells the composer. */
  private async sendAccepts(): Promise<void> {
    if (!this.attachments) return;
    this.knownAccepts = await this.attachments.service.acceptance();
    this.post({ type: 'composer/accepts', accepts: this.knownAccepts });
  }

  /** URIs the page posted (a drop, a mention): only the workspace's files are attached; the others are named. */
  private async attachUris(uris: readonly string[]): Promise<void> {
    if (!this.attachments) return;
    const { inside, refusal } = workspaceUris(uris);
    if (refusal) this.post({ type: 'composer/notice', error: refusal });
    if (inside.length > 0) await this.attachments.service.attachUris(inside);
  }

  private async sendSettings(): Promise<void> {
    const settings = this.settings.settings;
    const apiKeySource = await this.keys.viewSource();
    const modelNotice = this.actions.modelNotice?.(this.session.snapshot.model);
    this.post({ type: 'settings/changed', apiKeySource, model: settings.model, customEndpoint: customEndpointLabel(settings), ...(modelNotice ? { modelNotice } : {}) });
  }

  /**
   * Saves (once a second while an answer streams) change the list: it is listed again only while the view shows it,
   * and once per burst.
   */
  private historyChanged(): void {
    if (this.historyQuery === undefined || this.historyTimer) return;
    this.historyTimer = setTimeout(() => {
      this.historyTimer = undefined;
      void this.sendHistory();
    }, HISTORY_REFRESH_MS);
  }

  private async sendHistory(): Promise<void> {
    const query = this.historyQuery;
    if (query === undefined || !this.ready) return;
    this.post({ type: 'history/list', query, items: await this.library.list(query) });
  }

  /** A refused request (busy, no key, nothing to do) is said where the user is looking. */
  private report(result: SendResult): void {
    if (result.ok) return;
    const { title, detail, actions } = redactChatError(result.error, this.keys.knownSecrets());
    const choices: { label: string; action: WebviewAction }[] = [];
    if (actions.includes('setApiKey')) choices.push({ label: 'Set API Key', action: 'setApiKey' });
    if (actions.includes('pickModel')) choices.push({ label: 'Pick Model', action: 'changeModel' });
    void vscode.window.showWarningMessage(`Claude Chat: ${title} ${detail}`, ...choices.map((choice) => choice.label)).then((picked) => {
      const chosen = choices.find((choice) => choice.label === picked);
      if (chosen) this.actions.runAction(chosen.action);
    });
  }

  private post(message: HostToWebview): void {
    if (!this.ready || this.isDisposed) return;
    // Nothing may overtake the changes gathered before it.
    this.batcher.flush();
    this.postNow(message);
  }

  private postNow(message: HostToWebview): void {
    if (!this.ready || this.isDisposed) return;
    void this.webview.postMessage(message);
  }
}

/**
 * VS Code opens links to this machine (localhost, 127.0.0.1, [::1]) without its usual prompt; a link in an answer
 * gets the same confirmation as any other, naming the URL.
 */
async function confirmLocalLink(url: string): Promise<boolean> {
  const choice = await vscode.window.showWarningMessage(
    `Open ${url}?`,
    { modal: true, detail: 'This link from the chat points to a server on your own computer. Opening it lets that page act with whatever access your browser has there.' },
    'Open',
  );
  return choice === 'Open';
}
